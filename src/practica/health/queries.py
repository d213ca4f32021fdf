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

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Max, Min, Q, Value
from django.db.models.functions import TruncDate, TruncHour

from practica.accounts.models import Audience, Profile
from practica.communities.models import Activity, Community, Membership, MembershipStatus
from practica.discussions.models import Post, Topic, TopicKind
from practica.knowledge.models import Article, ArticleStatus

from .metrics import CONTRIBUTION_VERBS, TopicFacts, WindowInputs, week_of
from .models import StageAssessment

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


def contributions(community: Community):
    """The community's contributions: acts of giving by a person (docs/health.md)."""
    return Activity.objects.filter(
        community=community, verb__in=CONTRIBUTION_VERBS, actor__isnull=False
    )


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


# Grouping by ``actor_id + 0`` rather than the column: on SQLite, grouping by the column makes
# the planner walk the (actor, created_at) index across every community's rows and look each
# one up; the expression keeps it on the (community, verb, created_at) range (2x faster at a
# million events). PostgreSQL plans both alike.
_GROUP_BY_ACTOR = ExpressionWrapper(F("actor_id") + Value(0), output_field=IntegerField())


def contributor_facts(community: Community, start: datetime, end: datetime, months_since):
    """Two aggregates over the stream before ``end``: per contributor, their contributions in
    the window, their first and last contribution, and their months with contributions since
    ``months_since`` (calendar months in the community's time zone). A month is counted with
    plain comparisons against its edges, worked out here: no date function runs per row."""
    edges = month_starts(community, months_since, end)
    per_month = {
        f"m{i}": Count("id", filter=Q(created_at__gte=lo, created_at__lt=hi))
        for i, (lo, hi) in enumerate(pairwise(edges))
    }
    rows = (
        contributions(community)
        .filter(created_at__lt=end)
        .annotate(who=_GROUP_BY_ACTOR)
        .values("who")
        .annotate(
            n=Count("id", filter=Q(created_at__gte=start)),
            first=Min("created_at"),
            last=Max("created_at"),
        )
        .values_list("who", "n", "first", "last")
    )
    counts, firsts, lasts = {}, {}, {}
    for actor, n, first, last in rows:
        if n:
            counts[actor] = n
        firsts[actor] = first
        lasts[actor] = last
    # The months observed in a second query that reads only their rows (an index range).
    recent = (
        contributions(community)
        .filter(created_at__gte=edges[0], created_at__lt=end)
        .annotate(who=_GROUP_BY_ACTOR)
        .values("who")
        .annotate(**per_month)
        .values_list("who", *per_month)
    )
    months = {}
    for actor, *in_months in recent:
        active_months = sum(1 for c in in_months if c)
        if active_months:
            months[actor] = active_months
    return counts, firsts, lasts, months


def topic_facts(community: Community, start: datetime, end: datetime) -> list[TopicFacts]:
    """Topics opened in the window, each with its first reply by someone other than its
    author before ``end``: one aggregate query, a row per topic."""
    by_someone_else = Q(
        posts__created_at__lt=end, posts__is_hidden=False, posts__author__isnull=False
    ) & ~Q(posts__author_id=F("author_id"))
    rows = (
        Topic.objects.filter(
            community=community,
            created_at__gte=start,
            created_at__lt=end,
            is_hidden=False,
            author__isnull=False,
        )
        .annotate(first_reply=Min("posts__created_at", filter=by_someone_else))
        .values_list("author_id", "created_at", "first_reply", "kind")
    )
    return [
        TopicFacts(author=a, created_at=c, first_reply_at=r, is_question=k == TopicKind.QUESTION)
        for a, c, r, k in rows
    ]


def reply_sector_pairs(community: Community, start: datetime, end: datetime) -> list:
    """(topic author's sector, replier's sector) for every reply in the window by someone
    other than the topic's author, a sector being ``None`` where not known or not shown to the
    community. Counted in SQL per pair of sectors; the pairs are repeated from the counts."""
    rows = (
        Post.objects.filter(
            topic__community=community,
            created_at__gte=start,
            created_at__lt=end,
            is_hidden=False,
            author__isnull=False,
            topic__author__isnull=False,
        )
        .exclude(author_id=F("topic__author_id"))
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
    pairs: list[tuple[str | None, str | None]] = []
    for a_sector, a_audience, r_sector, r_audience, n in rows:
        a = a_sector if a_sector and a_audience in SHOWN_TO_COMMUNITY else None
        r = r_sector if r_sector and r_audience in SHOWN_TO_COMMUNITY else None
        pairs.extend([(a, r)] * n)
    return pairs


def organisations_of_contributors(community: Community, start: datetime, end: datetime) -> dict:
    """Organisation of each person who contributed in the window, where shown to the
    community; used only for the elephant factor."""
    active = contributions(community).filter(created_at__gte=start, created_at__lt=end)
    rows = Profile.objects.filter(
        user_id__in=active.values("actor_id"),
        organisation_audience__in=SHOWN_TO_COMMUNITY,
    ).exclude(organisation="")
    return dict(rows.values_list("user_id", "organisation"))


def window_inputs(
    community: Community, end: datetime, window_days: int, start_of_life: datetime | None = None
) -> WindowInputs:
    """Everything one window's indicators need, in six aggregate queries."""
    start = end - timedelta(days=window_days)
    born = start_of_life or community_start(community)
    months_since, observed = months_span(community, born, end)
    counts, firsts, lasts, months = contributor_facts(community, start, end, months_since)
    return WindowInputs(
        as_of=end,
        window_days=window_days,
        members=members_at(community, end),
        contributions=counts,
        months_active=months,
        months_observed=observed,
        first_contribution=firsts,
        last_contribution=lasts,
        topics=topic_facts(community, start, end),
        reply_sectors=reply_sector_pairs(community, start, end),
        organisations=organisations_of_contributors(community, start, end),
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


def daily_counts(community: Community, start: datetime, end: datetime) -> dict[date, int]:
    """Contributions per local day in ``[start, end)``."""
    day = TruncDate("created_at", tzinfo=community_tz(community))
    rows = (
        contributions(community)
        .filter(created_at__gte=start, created_at__lt=end)
        .annotate(day=day)
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return dict(rows)


def utc_hour_counts(community: Community, start: datetime, end: datetime) -> dict[datetime, int]:
    """Contributions per UTC hour in ``[start, end)``; ``metrics.local_hour_counts`` folds them
    into the community's local hours, daylight saving time included."""
    rows = (
        contributions(community)
        .filter(created_at__gte=start, created_at__lt=end)
        .annotate(hour=TruncHour("created_at", tzinfo=UTC))
        .values("hour")
        .annotate(n=Count("id"))
        .values_list("hour", "n")
    )
    return {hour: n for hour, n in rows if hour is not None}


def weeks_start(community: Community, end: datetime, weeks: int) -> datetime:
    """The first instant of the Monday ``weeks - 1`` weeks before the week of the window's
    last day, in the community's time zone."""
    tz = community_tz(community)
    last_day = (end - timedelta(microseconds=1)).astimezone(tz).date()
    first = week_of(last_day) - timedelta(weeks=weeks - 1)
    return datetime(first.year, first.month, first.day, tzinfo=tz)
