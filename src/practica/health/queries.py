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

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
)

from practica.accounts.models import Audience, Profile
from practica.communities.models import Activity, Community, Membership, MembershipStatus
from practica.discussions.models import Post, Topic, TopicKind
from practica.knowledge.models import Article, ArticleStatus

from .metrics import CONTRIBUTION_VERBS, TopicFacts, WindowInputs, week_of
from .models import StageAssessment
from .rollup import WindowPart, to_inputs

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


def month_starts(community: Community, since: datetime, end: datetime) -> list[datetime]:
    """First instants of the calendar months from ``since`` (a month's start) to ``end``, in
    the community's time zone, with ``end`` last: the edges of the months observed."""
    tz = community_tz(community)
    edges, day = [], since.astimezone(tz).date()
    while True:
        edge = datetime(day.year, day.month, 1, tzinfo=tz)
        if edge >= end:
            break
        edges.append(edge)
        day = _months_back(day, -1)
    return edges + [end]


# Grouping by ``actor_id + 0`` rather than the column, where the rows are a range of time: on
# SQLite, grouping by the column makes the planner walk the (community, actor, created_at, verb)
# index over all the community's history in person order; the expression keeps it on the
# (community, verb, created_at, actor) range of the span. Over the whole history the column is
# what we want: that index is read in person order and nothing is sorted. PostgreSQL plans both
# alike. The rows are not filtered on ``actor IS NOT NULL`` either, for the same reason: acts of
# deleted accounts (NULL) form their own group, dropped here.
_GROUP_BY_ACTOR = ExpressionWrapper(F("actor_id") + Value(0), output_field=IntegerField())


def _stream(community: Community, lo: datetime | None, hi: datetime):
    """The community's contributions, deleted accounts' included, in ``[lo, hi)`` (``lo``
    None: from the beginning)."""
    rows = Activity.objects.filter(community=community, verb__in=CONTRIBUTION_VERBS)
    rows = rows.filter(created_at__lt=hi)
    return rows if lo is None else rows.filter(created_at__gte=lo)


def _month_of(edges: list[datetime]):
    """The index of the month a row falls in, edges being the months' first instants and the
    end: one CASE evaluated in SQL, no date function per row."""
    whens = [When(created_at__lt=edge, then=Value(i)) for i, edge in enumerate(edges[1:-1])]
    return Case(*whens, default=Value(len(edges) - 2), output_field=IntegerField())


def contributor_part(
    community: Community, start: datetime, lo: datetime | None, hi: datetime, edges: list
) -> tuple[dict, dict, dict, dict]:
    """Two aggregates over the contributions in ``[lo, hi)``: per person, their contributions
    in the window (from ``start``), their first and last contribution; and the calendar months
    among ``edges`` (``month_starts``) in which they contributed, as bits (bit i: the i-th)."""
    rows = _stream(community, lo, hi)
    in_window = Q() if lo is not None and lo >= start else Q(created_at__gte=start)
    grouped = rows.values("actor") if lo is None else rows.annotate(actor_=_GROUP_BY_ACTOR)
    if lo is not None:
        grouped = grouped.values("actor_")
    found = grouped.annotate(
        n=Count("id", filter=in_window), first=Min("created_at"), last=Max("created_at")
    ).values_list("actor" if lo is None else "actor_", "n", "first", "last")
    counts, firsts, lasts = {}, {}, {}
    for actor, n, first, last in found:
        if actor is None:
            continue
        if n:
            counts[actor] = n
        firsts[actor] = first
        lasts[actor] = last
    months: dict[int, int] = {}
    since = edges[0] if lo is None else max(lo, edges[0])
    if since < hi:
        by_month = (
            _stream(community, since, hi)
            .annotate(actor_=_GROUP_BY_ACTOR, month=_month_of(edges))
            .values("actor_", "month")
            .annotate(n=Count("id"))
            .values_list("actor_", "month")
        )
        for actor, month in by_month:
            if actor is not None:
                months[actor] = months.get(actor, 0) | (1 << month)
    return counts, firsts, lasts, months


def _replies_in(community: Community, lo: datetime, hi: datetime):
    """Ids of the replies made in ``[lo, hi)``, read from the stream's ``replied`` rows: a
    short range of one index, where the posts table has no time index per community."""
    return Activity.objects.filter(
        community=community,
        verb="replied",
        created_at__gte=lo,
        created_at__lt=hi,
        target_type=ContentType.objects.get_for_model(Post),
    ).values("target_id")


def topic_part(
    community: Community, start: datetime, lo: datetime | None, hi: datetime
) -> tuple[dict[int, TopicFacts], dict[int, datetime]]:
    """Topics opened in the window and ``[lo, hi)``, each with its first reply by someone
    other than its author before ``hi`` (one aggregate query, a row per topic); and, when the
    span starts after the window does, the first such reply inside the span to topics opened
    earlier in the window."""
    by_someone_else = Q(
        posts__created_at__lt=hi, posts__is_hidden=False, posts__author__isnull=False
    ) & ~Q(posts__author_id=F("author_id"))
    opened_from = start if lo is None else max(start, lo)
    rows = (
        Topic.objects.filter(
            community=community,
            created_at__gte=opened_from,
            created_at__lt=hi,
            is_hidden=False,
            author__isnull=False,
        )
        .annotate(first_reply=Min("posts__created_at", filter=by_someone_else))
        .values_list("id", "author_id", "created_at", "first_reply", "kind")
    )
    topics = {
        pk: TopicFacts(a, created_at=c, first_reply_at=r, is_question=k == TopicKind.QUESTION)
        for pk, a, c, r, k in rows
    }
    late: dict[int, datetime] = {}
    if lo is not None and lo > start:
        replies = (
            Post.objects.filter(
                pk__in=_replies_in(community, lo, hi),
                created_at__gte=lo,
                created_at__lt=hi,
                is_hidden=False,
                author__isnull=False,
                topic__community=community,
                topic__created_at__gte=start,
                topic__created_at__lt=lo,
                topic__is_hidden=False,
                topic__author__isnull=False,
            )
            .exclude(author_id=F("topic__author_id"))
            .values("topic_id")
            .annotate(first=Min("created_at"))
            .values_list("topic_id", "first")
        )
        late = dict(replies)
    return topics, late


def sector_part(
    community: Community, start: datetime, lo: datetime | None, hi: datetime
) -> dict[tuple, int]:
    """Replies in the window and ``[lo, hi)`` by someone other than the topic's author, per
    (topic author's sector, replier's sector), a sector being ``None`` where not known or not
    shown to the community. Counted in SQL per pair of sectors."""
    posts = Post.objects.filter(
        topic__community=community,
        created_at__gte=start if lo is None else max(start, lo),
        created_at__lt=hi,
        is_hidden=False,
        author__isnull=False,
        topic__author__isnull=False,
    )
    if lo is not None:
        posts = posts.filter(pk__in=_replies_in(community, lo, hi))
    rows = (
        posts.exclude(author_id=F("topic__author_id"))
        .values(
            "topic__author__profile__sector",
            "topic__author__profile__sector_audience",
            "author__profile__sector",
            "author__profile__sector_audience",
        )
        .annotate(n=Count("id"))
        .values_list(
            "topic__author__profile__sector",
            "topic__author__profile__sector_audience",
            "author__profile__sector",
            "author__profile__sector_audience",
            "n",
        )
    )
    pairs: Counter = Counter()
    for a_sector, a_audience, r_sector, r_audience, n in rows:
        a = a_sector if a_sector and a_audience in SHOWN_TO_COMMUNITY else None
        r = r_sector if r_sector and r_audience in SHOWN_TO_COMMUNITY else None
        pairs[(a, r)] += n
    return dict(pairs)


def window_part(
    community: Community, start: datetime, lo: datetime | None, hi: datetime, edges: list
) -> WindowPart:
    """The aggregates of the window beginning at ``start`` over ``[lo, hi)``
    (``rollup.WindowPart``): the whole window when ``lo`` is None and ``hi`` its end."""
    counts, firsts, lasts, months = contributor_part(community, start, lo, hi, edges)
    topics, late = topic_part(community, start, lo, hi)
    return WindowPart(
        counts=counts,
        firsts=firsts,
        lasts=lasts,
        months=months,
        topics=topics,
        late_replies=late,
        sector_pairs=sector_part(community, start, lo, hi),
    )


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


def window_inputs_from(
    community: Community, part: WindowPart, end: datetime, window_days: int, observed: int
) -> WindowInputs:
    return to_inputs(
        part,
        as_of=end,
        window_days=window_days,
        members=members_at(community, end),
        months_observed=observed,
        organisations=organisations_of(part.counts),
    )


def window_months(community: Community, start_of_life: datetime, end: datetime):
    """(edges of the months observed for the window ending at ``end``, how many)."""
    since, observed = months_span(community, start_of_life, end)
    return month_starts(community, since, end), observed


def window_inputs(
    community: Community, end: datetime, window_days: int, start_of_life: datetime | None = None
) -> WindowInputs:
    """Everything one window's indicators need, gathered at once with a few aggregate
    queries (the services gather today's window in two parts: ``rollup``)."""
    start = end - timedelta(days=window_days)
    edges, observed = window_months(community, start_of_life or community_start(community), end)
    part = window_part(community, start, None, end, edges)
    return window_inputs_from(community, part, end, window_days, observed)


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


class QuarterHour(Func):
    """The quarter hour (UTC) a moment falls in, in SQL that is native on each engine: SQLite
    stores moments as UTC text, cut and rounded here; PostgreSQL truncates. Local days and
    hours of every time zone begin on a quarter hour, so counts per quarter hour fold exactly
    into them (``rollup.fold_slots``)."""

    output_field = DateTimeField()

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        minute = f"printf('%%02d', (CAST(substr({sql}, 15, 2) AS INTEGER) / 15) * 15)"
        return f"(substr({sql}, 1, 14) || {minute} || ':00')", [*params, *params, *params]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(date_trunc('hour', {sql}) + "
            f"floor(extract(minute from {sql}) / 15) * interval '15 minutes')",
            [*params, *params],
        )


def slot_counts(community: Community, lo: datetime, hi: datetime) -> dict[datetime, int]:
    """Contributions per quarter hour (UTC) in ``[lo, hi)``: the rhythm charts' one query."""
    rows = (
        _stream(community, lo, hi)
        .annotate(slot=QuarterHour("created_at"))
        .values("slot")
        .annotate(n=Count("actor"))  # acts of deleted accounts (NULL) are not counted
        .values_list("slot", "n")
    )
    return {slot: n for slot, n in rows if slot is not None and n}


def weeks_start(community: Community, end: datetime, weeks: int) -> datetime:
    """The first instant of the Monday ``weeks - 1`` weeks before the week of the window's
    last day, in the community's time zone."""
    tz = community_tz(community)
    last_day = (end - timedelta(microseconds=1)).astimezone(tz).date()
    first = week_of(last_day) - timedelta(weeks=weeks - 1)
    return datetime(first.year, first.month, first.day, tzinfo=tz)
