"""Gathering what the health indicators need, with a few aggregate queries per window.

Everything here reads the database and hands plain data to the pure modules
(``metrics.WindowInputs``, ``metrics.TopicFacts``); nothing walks the activity stream row by
row. The rows that come back are aggregates: one per contributor (their counts and first and
last dates), one per topic opened in the window (its first reply by someone else), one per
pair of sectors, one per day or hour for the rhythm charts.

Time: a window ends at ``end``, an aware datetime that is excluded; the services turn "as of
2026-03-31" into the first instant of 2026-04-01 in the community's time zone. Anything dated
at or after ``end`` is left out, so a past ``end`` shows the community as it was then, with
these approximations (documented in docs/health.md):

- Members at ``end``: memberships that began before it and are active now, or that were left
  at or after it — ``updated_at`` of a membership that was left is taken as the moment of
  leaving (nothing else changes a left membership). Someone who left and came back counts
  from when they first joined.
- Sectors and organisations are people's current ones, where they let the community see them
  (``everyone`` or ``communities``); they are only ever used in counts, never shown per person.
- Hidden (moderated) topics are not judged for first response, and hidden replies are not a
  response; hiding is today's state, not the state at ``end``.
- Article counts use each article's current status.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import (
    CharField,
    Count,
    Func,
    Min,
    Q,
    Sum,
)

from practica.accounts.models import Audience, Profile
from practica.communities.models import Activity, Community, Membership, MembershipStatus
from practica.discussions.models import Topic, TopicKind
from practica.knowledge.models import Article, ArticleStatus

from . import metrics, rollup
from .metrics import TopicFacts, WindowInputs, week_of
from .models import ActivityHour, ContributionDay, SectorReplyDay, StageAssessment

# Profile fields count in the community's aggregates when their owner shows them to everyone
# or to the members of their communities.
SHOWN_TO_COMMUNITY = [Audience.EVERYONE, Audience.COMMUNITIES]
MONTHS_OBSERVED = 12


def community_tz(community: Community):
    try:
        return ZoneInfo(community.timezone or "UTC")
    except (ValueError, KeyError):  # an unknown zone name: fall back, never fail
        return ZoneInfo("UTC")


def local_today(community: Community, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(community_tz(community)).date()


def end_of_day(community: Community, day: date) -> datetime:
    """The first instant after ``day`` in the community's time zone: the end of a window
    "as of" that day."""
    nxt = day + timedelta(days=1)
    return datetime(nxt.year, nxt.month, nxt.day, tzinfo=community_tz(community))


def community_start(community: Community) -> datetime:
    """When the community began: its creation, or its first recorded act if that is earlier
    (an imported archive starts with its first message)."""
    first = Activity.objects.filter(community=community).aggregate(first=Min("created_at"))
    found = first["first"]
    return min(community.created_at, found) if found else community.created_at


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) - months
    return date(index // 12, index % 12 + 1, 1)


def months_span(community: Community, start_of_life: datetime, end: datetime):
    """(first instant of the months observed, number of months observed): the 12 calendar
    months that end with the window's last day, or fewer for a younger community."""
    tz = community_tz(community)
    last_day = (end - timedelta(microseconds=1)).astimezone(tz).date()
    first_month = _months_back(last_day, MONTHS_OBSERVED - 1)
    born = start_of_life.astimezone(tz).date()
    born_month = date(born.year, born.month, 1)
    if born_month > first_month:
        observed = (last_day.year - born.year) * 12 + (last_day.month - born.month) + 1
        first_month = born_month
    else:
        observed = MONTHS_OBSERVED
    observed = max(1, min(MONTHS_OBSERVED, observed))
    since = datetime(first_month.year, first_month.month, 1, tzinfo=tz)
    return since, observed


def members_at(community: Community, end: datetime) -> frozenset:
    rows = Membership.objects.filter(community=community, joined_at__lt=end).filter(
        Q(status=MembershipStatus.ACTIVE) | Q(status=MembershipStatus.LEFT, updated_at__gte=end)
    )
    return frozenset(rows.values_list("user_id", flat=True))


# --- contributors, from the day tallies --------------------------------------------------------


def _window_edges(community, ends, days, born):
    """For each window end: (start, end, first instant of the months observed, how many), and
    every edge any of them compares a contribution with — starts, ends, the previous windows'
    starts (newcomer retention), ``end - τ`` (inactive contributors) — and the earliest first
    month, from which on contributions are read per month (months are told apart by their
    index, so the other windows' first months need not cut the days)."""
    found, edges = [], set()
    for end in ends:
        start = end - timedelta(days=days)
        since, observed = months_span(community, born, end)
        found.append((start, end, since, observed))
        edges.update((start, end, start - timedelta(days=days)))
        edges.add(end - timedelta(days=metrics.INACTIVE_AFTER_DAYS))
    edges.add(min(since for _, _, since, _ in found))
    return found, sorted(edges)


def contributors_by_window(
    community: Community, ends: list[datetime], days: int, born: datetime
) -> dict[datetime, tuple[rollup.Contributors, int]]:
    """Each window's contributors (``rollup.Contributors``, stretches turned back into the
    moments their edges stand for) and its number of months observed, for every end in
    ``ends``: a query per stretch between two edges, and one for the people who contributed
    before them all."""
    tz = community_tz(community)
    windows, edges = _window_edges(community, ends, days, born)
    local = [e.astimezone(tz).date() for e in edges]
    # One query per stretch: grouping a short range is much cheaper on SQLite than grouping
    # the whole range by an expression (a small temporary tree instead of a large one).
    rows = []
    for i in range(len(local) - 1):
        found = (
            ContributionDay.objects.filter(
                community=community, day__gte=local[i], day__lt=local[i + 1]
            )
            .values("person", "month")
            .annotate(n=Sum("contributions"))
            .values_list("person", "month", "n")
            .order_by()
        )
        rows.extend((person, month, i, n) for person, month, n in found)
    before = (
        ContributionDay.objects.filter(community=community, day__lt=local[0])
        .values_list("person", flat=True)
        .distinct()
        .order_by()
    )
    index = {e: i for i, e in enumerate(edges)}
    spans = [
        rollup.Span(index[start], index[end], rollup.month_index(since.astimezone(tz).date()))
        for start, end, since, _ in windows
    ]
    found = rollup.contributors_by_window(rows, before, spans)
    moment = {**dict(enumerate(edges)), rollup.BEFORE: edges[0] - timedelta(days=1)}
    result = {}
    for (_, end, _, observed), people in zip(windows, found, strict=True):
        people.firsts = {p: moment[s] for p, s in people.firsts.items()}
        people.lasts = {p: moment[s] for p, s in people.lasts.items()}
        result[end] = (people, observed)
    return result


# --- topics and replies ------------------------------------------------------------------------


class _Moment(Func):
    """A moment as the database hands it over fastest: on SQLite its stored UTC text, read
    back without Django's per-value conversion (``_utc``); elsewhere unchanged."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} || '')", params

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])


def _utc(value) -> datetime:
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")  # stored as UTC text
    return value


def topic_facts(community: Community, start: datetime, end: datetime) -> list[TopicFacts]:
    """Topics opened in ``[start, end)`` with their first reply by someone else before ``end``
    (``Topic.first_response_at``, kept by discussions): one range of one covering index."""
    rows = (
        Topic.objects.filter(
            community=community,
            created_at__gte=start,
            created_at__lt=end,
            is_hidden=False,
            author__isnull=False,
        )
        .annotate(opened=_Moment("created_at"), answered=_Moment("first_response_at"))
        .order_by()
        .values_list("author_id", "opened", "answered", "kind")
    )
    question = TopicKind.QUESTION
    facts = []
    add = facts.append
    end = end.astimezone(UTC)  # the same instant; compared with UTC times, fast
    for author, opened, answered, kind in rows:
        answered = _utc(answered) if answered is not None else None
        if answered is not None and answered >= end:
            answered = None
        add(TopicFacts(author, _utc(opened), answered, kind == question))
    return facts


def reply_sectors(community: Community, start: datetime, end: datetime) -> dict[tuple, int]:
    """Replies in the window to someone else's topic per (topic author's sector, replier's
    sector), ``None`` where not known or not shown — from the sector tallies."""
    tz = community_tz(community)
    rows = (
        SectorReplyDay.objects.filter(
            community=community,
            day__gte=start.astimezone(tz).date(),
            day__lt=end.astimezone(tz).date(),
        )
        .values("author_sector", "replier_sector")
        .annotate(n=Sum("replies"))
        .values_list("author_sector", "replier_sector", "n")
        .order_by()
    )
    pairs: Counter = Counter()
    for author, replier, n in rows:
        pairs[(author or None, replier or None)] += n
    return dict(pairs)


ORGANISATION_BATCH = 500


def organisations_of(people) -> dict:
    """Organisation of each of ``people`` where shown to the community; used only for the
    elephant factor."""
    people = sorted(people)
    found: dict = {}
    for i in range(0, len(people), ORGANISATION_BATCH):
        rows = Profile.objects.filter(
            user_id__in=people[i : i + ORGANISATION_BATCH],
            organisation_audience__in=SHOWN_TO_COMMUNITY,
        ).exclude(organisation="")
        found.update(rows.values_list("user_id", "organisation"))
    return found


def window_inputs_many(
    community: Community,
    ends: list[datetime],
    window_days: int,
    born: datetime | None = None,
    *,
    full=None,
) -> dict[datetime, WindowInputs]:
    """Everything the indicators of each window ending in ``ends`` need. Windows not in
    ``full`` (all by default) get their people only — enough to be the previous window of a
    level flow. The tallies must be built (``tallies.tallies_ready``)."""
    if not ends:
        return {}
    born = born or community_start(community)
    full = set(ends) if full is None else set(full)
    people = contributors_by_window(community, ends, window_days, born)
    organisations = organisations_of(
        {p for end in ends if end in full for p in people[end][0].counts}
    )
    result = {}
    for end in ends:
        found, observed = people[end]
        start = end - timedelta(days=window_days)
        whole = end in full
        result[end] = WindowInputs(
            as_of=end,
            window_days=window_days,
            members=members_at(community, end),
            contributions=found.counts,
            months_active=found.months,
            months_observed=observed,
            first_contribution=found.firsts,
            last_contribution=found.lasts,
            topics=topic_facts(community, start, end) if whole else (),
            reply_sectors=reply_sectors(community, start, end) if whole else {},
            organisations={p: organisations[p] for p in found.counts if p in organisations}
            if whole
            else {},
        )
    return result


def window_inputs(
    community: Community, end: datetime, window_days: int, born: datetime | None = None
) -> WindowInputs:
    """One window's inputs (``window_inputs_many``)."""
    return window_inputs_many(community, [end], window_days, born)[end]


def hour_counts(community: Community, lo: datetime, hi: datetime) -> list[tuple[date, int, int]]:
    """(local day, local hour, contributions) for the days of ``[lo, hi)``: the rhythm
    charts' one query, from the hour tallies."""
    tz = community_tz(community)
    return list(
        ActivityHour.objects.filter(
            community=community,
            day__gte=lo.astimezone(tz).date(),
            day__lt=hi.astimezone(tz).date(),
        ).values_list("day", "hour", "contributions")
    )


# --- facts beside the indicators ---------------------------------------------------------------


def article_counts(community: Community, start: datetime, end: datetime) -> tuple[int, int]:
    """(articles not archived created before ``end``, those created in the window)."""
    found = (
        Article.objects.filter(community=community, created_at__lt=end)
        .exclude(status=ArticleStatus.ARCHIVED)
        .aggregate(total=Count("id"), new=Count("id", filter=Q(created_at__gte=start)))
    )
    return found["total"], found["new"]


def answered_undocumented(community: Community, end: datetime) -> int:
    """Questions with an accepted answer before ``end`` that no article documents yet."""
    return Topic.objects.filter(
        community=community,
        kind=TopicKind.QUESTION,
        is_hidden=False,
        answer__isnull=False,
        answered_at__lt=end,
        articles__isnull=True,
    ).count()


def latest_assessment(community: Community, end: datetime) -> StageAssessment | None:
    return (
        StageAssessment.objects.filter(community=community, recorded_at__lt=end)
        .select_related("recorded_by__profile")
        .order_by("-recorded_at", "-id")
        .first()
    )


def weeks_start(community: Community, end: datetime, weeks: int) -> datetime:
    """The first instant of the Monday ``weeks - 1`` weeks before the week of the window's
    last day, in the community's time zone."""
    tz = community_tz(community)
    last_day = (end - timedelta(microseconds=1)).astimezone(tz).date()
    first = week_of(last_day) - timedelta(weeks=weeks - 1)
    return datetime(first.year, first.month, first.day, tzinfo=tz)
