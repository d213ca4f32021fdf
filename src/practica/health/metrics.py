"""Health indicators of a community, as plain functions on plain data.

Why pure: the numbers a community sees about itself must be exactly the ones documented in
docs/health.md, testable with hypothesis and timeable without a database. The layer above
gathers small aggregates with SQL (counts per member, first/last contribution dates, topics
with their first reply by someone else, …) and hands them here; nothing in this module walks
the activity stream or imports Django.

Conventions used throughout:

* A window is the half-open interval ``[as_of - window_days, as_of)``; ``as_of`` is an aware
  datetime that is *excluded*, so the caller turns "as of 2026-03-31" into the first instant
  of 2026-04-01 in the community's time zone. Windows placed end to end never overlap.
* Members are identified by any hashable id (the user's primary key in practice).
* A ratio whose denominator is empty is ``None`` ("no data"), never 0, so that a quiet
  community is not shown a misleading 0 % or 100 %. Counts, the Gini coefficient and the
  absence factor are always numbers.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

MemberId = Hashable

# --- what counts -------------------------------------------------------------------------------

#: Activity verbs that are contributions: acts that give the community something others can
#: read or build on. Reactions (thanks, endorsements), edits of one's own posts, joining,
#: housekeeping and steward actions are recorded too but are not contributions. The gathering
#: layer filters the activity stream with this set; docs/health.md explains each choice.
CONTRIBUTION_VERBS: frozenset[str] = frozenset(
    {
        "discussion_started",
        "question_started",
        "practice_started",
        "idea_started",
        "replied",
        "article_created",
        "topic_documented",
        "article_edited",
        "article_restored",
        "article_reviewed",
        "charter_proposed",
        "charter_responded",
        "goal_set",
        "goal_revised",
        "time_logged",
        "appreciated",
        "checkin_opened",
        "goal_reviewed",
    }
)

# --- participation levels ----------------------------------------------------------------------

CORE = "core"
ACTIVE = "active"
OCCASIONAL = "occasional"
PERIPHERAL = "peripheral"
#: From the centre of the community to its edge; a smaller index is more central.
LEVELS: tuple[str, ...] = (CORE, ACTIVE, OCCASIONAL, PERIPHERAL)
#: Used in the level flow for someone who was not part of the community in one of the windows.
ABSENT = "absent"

#: Wenger, McDermott & Snyder (2002): a core of about 10–15 % and an active group of about
#: 15–20 % of the membership; everyone else participates from the periphery.
WENGER_REFERENCE: dict[str, tuple[float, float]] = {CORE: (0.10, 0.15), ACTIVE: (0.15, 0.20)}

#: Default τ for inactive contributors (CHAOSS "Inactive Contributors").
INACTIVE_AFTER_DAYS = 90
#: Share answered within this many hours (time to first response).
ANSWER_WITHIN_HOURS = 48
#: A topic still without a reply by someone else this many days after it was opened is
#: unanswered.
UNANSWERED_AFTER_DAYS = 7


class TopicFacts(NamedTuple):
    """One topic opened in the window: who opened it, when, and when someone *other than its
    author* first replied (``None`` if nobody has). Replies at or after ``as_of`` are ignored,
    so a past ``as_of`` shows the community as it was then. A named tuple: a window holds
    thousands, made quickly."""

    author: MemberId
    created_at: datetime
    first_reply_at: datetime | None = None
    is_question: bool = False


@dataclass(frozen=True)
class WindowInputs:
    """Everything the indicators of one window need, each an aggregate SQL can produce.

    ``members``: the community's members at ``as_of``. ``contributions``: contributions per
    member inside the window. ``months_active``: for each member, the number of distinct
    calendar months with at least one contribution among the ``months_observed`` months that
    end with the window (12, or fewer when the community is younger). ``first_contribution`` /
    ``last_contribution``: each contributor's first and last contribution before ``as_of``
    (any moment between the same two window edges will do: the indicators only compare them
    with the edges of windows). ``topics``: topics opened in the window. ``reply_sectors``: for
    each reply in the window by someone other than the topic's author, the (topic author's
    sector, replier's sector), each ``None`` where not known or not visible — or a mapping of
    such pairs to their number. ``organisations``: each member's organisation where visible to
    the community, else absent or ``None``.
    """

    as_of: datetime
    window_days: int
    members: frozenset[MemberId] = frozenset()
    contributions: Mapping[MemberId, int] = field(default_factory=dict)
    months_active: Mapping[MemberId, int] = field(default_factory=dict)
    months_observed: int = 12
    first_contribution: Mapping[MemberId, datetime] = field(default_factory=dict)
    last_contribution: Mapping[MemberId, datetime] = field(default_factory=dict)
    topics: Sequence[TopicFacts] = ()
    reply_sectors: Sequence[tuple[str | None, str | None]] | Mapping[tuple, int] = ()
    organisations: Mapping[MemberId, str | None] = field(default_factory=dict)
    inactive_after_days: int = INACTIVE_AFTER_DAYS

    @property
    def start(self) -> datetime:
        return window_start(self.as_of, self.window_days)


def window_start(as_of: datetime, window_days: int) -> datetime:
    """First instant of the window ``[as_of - window_days, as_of)``."""
    if window_days <= 0:
        raise ValueError("window_days must be positive")
    return as_of - timedelta(days=window_days)


def _positive(counts: Mapping[MemberId, int]) -> dict[MemberId, int]:
    return {m: int(c) for m, c in counts.items() if c and c > 0}


# --- 1. active members -------------------------------------------------------------------------


def population(members: Iterable[MemberId], contributions: Mapping[MemberId, int]) -> frozenset:
    """Everyone the window is about: the members at ``as_of`` plus anyone who contributed in
    the window and has since left — they were part of the community while they gave."""
    return frozenset(members) | frozenset(_positive(contributions))


def active_members(contributions: Mapping[MemberId, int]) -> int:
    """Number of people with at least one contribution in the window (CHAOSS "Active
    Contributors")."""
    return len(_positive(contributions))


def active_ratio(active: int, population_size: int) -> float | None:
    """Active members / population; ``None`` for an empty community."""
    if population_size <= 0:
        return None
    return min(1.0, active / population_size)


# --- 2. new contributors and newcomer retention ------------------------------------------------


def new_contributors(
    first_contribution: Mapping[MemberId, datetime], start: datetime, end: datetime
) -> frozenset:
    """People whose first contribution ever falls in ``[start, end)`` (CHAOSS "New
    Contributors")."""
    return frozenset(m for m, first in first_contribution.items() if start <= first < end)


def newcomer_retention(
    first_contribution: Mapping[MemberId, datetime],
    contributions: Mapping[MemberId, int],
    as_of: datetime,
    window_days: int,
) -> float | None:
    """Share of the previous window's new contributors who contributed again in this window.

    ``None`` when the previous window had no new contributors (nothing to retain)."""
    start = window_start(as_of, window_days)
    previous_new = new_contributors(first_contribution, start - timedelta(days=window_days), start)
    if not previous_new:
        return None
    active = _positive(contributions)
    return sum(1 for m in previous_new if m in active) / len(previous_new)


# --- 3. inactive contributors ------------------------------------------------------------------


def inactive_contributors(
    last_contribution: Mapping[MemberId, datetime],
    as_of: datetime,
    tau_days: int = INACTIVE_AFTER_DAYS,
) -> int:
    """Contributors whose last contribution before ``as_of`` is older than τ days (CHAOSS
    "Inactive Contributors"): ``last < as_of - τ``. People who never contributed are not
    contributors and are not counted."""
    limit = as_of - timedelta(days=tau_days)
    return sum(1 for last in last_contribution.values() if last < as_of and last < limit)


# --- 4. time to first response -----------------------------------------------------------------


@dataclass(frozen=True)
class ResponseStats:
    """``median_hours``: median hours from opening to the first reply by someone else, over
    the topics that got one before ``as_of``. ``within_share``: of the topics at least 48 h old
    at ``as_of`` (old enough to know), the share whose first reply came within 48 h — topics
    with no reply count as not answered in time. ``answered``/``judged``: the two
    denominators, so a page can say "of 12 topics"."""

    median_hours: float | None
    within_share: float | None
    answered: int
    judged: int


def _reply_delay_hours(topic: TopicFacts, as_of: datetime) -> float | None:
    reply = topic.first_reply_at
    if reply is None or reply >= as_of or reply < topic.created_at:
        return None
    return (reply - topic.created_at).total_seconds() / 3600


def _in_window(topics: Iterable[TopicFacts], as_of: datetime, window_days: int) -> list:
    start, end = window_start(as_of, window_days).astimezone(UTC), as_of.astimezone(UTC)
    return [t for t in topics if start <= t.created_at < end]


def first_response(
    topics: Iterable[TopicFacts],
    as_of: datetime,
    window_days: int,
    *,
    within_hours: float = ANSWER_WITHIN_HOURS,
) -> ResponseStats:
    """Time to first response (CHAOSS "Time to First Response") for topics opened in the
    window. Topics that never got a reply are left out of the median (their time is not known)
    but count against the 48 h share once they are 48 h old."""
    mine = _in_window(topics, as_of, window_days)
    as_of = as_of.astimezone(UTC)  # the same instant; compared with UTC times, fast
    delays = [d for t in mine if (d := _reply_delay_hours(t, as_of)) is not None]
    judged = [t for t in mine if t.created_at <= as_of - timedelta(hours=within_hours)]
    in_time = 0
    for t in judged:
        d = _reply_delay_hours(t, as_of)
        if d is not None and d <= within_hours:
            in_time += 1
    return ResponseStats(
        median_hours=statistics.median(delays) if delays else None,
        within_share=in_time / len(judged) if judged else None,
        answered=len(delays),
        judged=len(judged),
    )


# --- 5. unanswered rate ------------------------------------------------------------------------


def unanswered_rate(
    topics: Iterable[TopicFacts],
    as_of: datetime,
    window_days: int,
    *,
    after_days: int = UNANSWERED_AFTER_DAYS,
    questions_only: bool = False,
) -> float | None:
    """Share of the topics opened in the window and at least ``after_days`` old at ``as_of``
    that had no reply by someone else within ``after_days`` of being opened. Younger topics
    are left out: they may still be answered. ``None`` when no topic is old enough."""
    wait = timedelta(days=after_days)
    mine = _in_window(topics, as_of, window_days)
    as_of = as_of.astimezone(UTC)  # the same instant; compared with UTC times, fast
    judged = [
        t for t in mine if t.created_at <= as_of - wait and (t.is_question or not questions_only)
    ]
    if not judged:
        return None
    unanswered = 0
    for t in judged:
        d = _reply_delay_hours(t, as_of)
        if d is None or d > after_days * 24:
            unanswered += 1
    return unanswered / len(judged)


# --- 6. absence factor and elephant factor -----------------------------------------------------


def absence_factor(values: Iterable[int]) -> int:
    """Smallest number of contributors whose contributions together make at least half of all
    contributions (CHAOSS "Contributor Absence Factor", a.k.a. bus factor); 0 when there are
    no contributions."""
    ordered = sorted((int(v) for v in values if v and v > 0), reverse=True)
    total = sum(ordered)
    running = 0
    for k, v in enumerate(ordered, start=1):
        running += v
        if 2 * running >= total:
            return k
    return 0


def _organisation_key(member: MemberId, organisation: str | None) -> tuple:
    name = " ".join((organisation or "").split()).casefold()
    return ("org", name) if name else ("person", member)


def elephant_factor(
    contributions: Mapping[MemberId, int], organisations: Mapping[MemberId, str | None]
) -> int:
    """Absence factor over organisations (CHAOSS "Elephant Factor"): the smallest number of
    organisations whose members make at least half of all contributions. Organisation names
    are compared ignoring case and spacing. A member whose organisation is unknown or not
    visible counts as an organisation of their own: lumping all of them into one "unknown"
    would invent a dominant organisation that does not exist."""
    totals: Counter = Counter()
    for member, count in _positive(contributions).items():
        totals[_organisation_key(member, organisations.get(member))] += count
    return absence_factor(totals.values())


# --- 7. contribution equity --------------------------------------------------------------------


def gini(values: Iterable[int]) -> float:
    """Gini coefficient of contributions, zero-contribution members included.

    Standard formula on values sorted ascending, x₁ ≤ … ≤ xₙ:
    G = (2·Σ i·xᵢ) / (n·Σ xᵢ) − (n + 1) / n. It is 0 when everyone gives the same (or nobody
    gives anything, or n ≤ 1) and at most (n − 1)/n when one person gives everything, so a
    community of 4 cannot exceed 0.75. Computed in integers, with one division at the end, so
    the result is exactly the same under permutation and scaling.
    """
    ordered = sorted(int(v) for v in values)
    if ordered and ordered[0] < 0:
        raise ValueError("contributions cannot be negative")
    n = len(ordered)
    total = sum(ordered)
    if n <= 1 or total == 0:
        return 0.0
    weighted = sum(i * x for i, x in enumerate(ordered, start=1))
    g = (2 * weighted - (n + 1) * total) / (n * total)
    return min(1.0, max(0.0, g))


# --- 8. participation levels -------------------------------------------------------------------


def level_thresholds(months_observed: int) -> tuple[int, int]:
    """Months with contributions needed for core and for active: half and a quarter of the
    months observed (6 and 3 of 12), rounded up, at least 1 — so a community younger than a
    year can already have a core."""
    months = max(1, min(12, int(months_observed)))
    return max(1, math.ceil(months / 2)), max(1, math.ceil(months / 4))


def top_contributors(contributions: Mapping[MemberId, int]) -> frozenset:
    """The people who, from the most giving down, make the first half of the window's
    contributions: a contributor is in it when everyone who gave strictly more than they did
    makes less than half of the total. Ties are treated alike, so the result does not depend
    on the order members are listed in."""
    positive = _positive(contributions)
    total = sum(positive.values())
    above: dict[int, int] = {}
    running = 0
    how_many = Counter(positive.values())
    for value in sorted(how_many, reverse=True):
        above[value] = running
        running += value * how_many[value]
    return frozenset(m for m, c in positive.items() if 2 * above[c] < total)


def participation_levels(
    people: Iterable[MemberId],
    contributions: Mapping[MemberId, int],
    months_active: Mapping[MemberId, int],
    months_observed: int = 12,
) -> dict[MemberId, str]:
    """Each person's level, a partition of ``people`` (Lave & Wenger 1991; Wenger et al. 2002):

    * core — among the top contributors of the window (see ``top_contributors``) and active in
      at least half of the months observed (6 of 12);
    * active — contributed in the window and either active in at least a quarter of the months
      observed (3 of 12) or among the top contributors;
    * occasional — any other contribution in the window or the months observed;
    * peripheral — no contribution in the months observed: reading, attending, watching.
    """
    core_months, active_months = level_thresholds(months_observed)
    top = top_contributors(contributions)
    levels: dict[MemberId, str] = {}
    for person in people:
        count = contributions.get(person, 0) or 0
        months = months_active.get(person, 0) or 0
        if person in top and months >= core_months:
            levels[person] = CORE
        elif count > 0 and (months >= active_months or person in top):
            levels[person] = ACTIVE
        elif count > 0 or months > 0:
            levels[person] = OCCASIONAL
        else:
            levels[person] = PERIPHERAL
    return levels


def level_counts(levels: Mapping[MemberId, str]) -> dict[str, int]:
    """Number of people at each level, every level present."""
    counts = Counter(levels.values())
    return {level: counts.get(level, 0) for level in LEVELS}


def level_distribution(levels: Mapping[MemberId, str]) -> dict[str, Any]:
    """Counts and shares per level beside Wenger's rule of thumb (core 10–15 %, active
    15–20 %), with "below"/"within"/"above" for the two levels the rule speaks of."""
    counts = level_counts(levels)
    total = sum(counts.values())
    shares = {lv: (counts[lv] / total if total else None) for lv in LEVELS}
    position: dict[str, str | None] = {}
    for lv, (low, high) in WENGER_REFERENCE.items():
        share = shares[lv]
        if share is None:
            position[lv] = None
        elif share < low:
            position[lv] = "below"
        elif share > high:
            position[lv] = "above"
        else:
            position[lv] = "within"
    return {
        "counts": counts,
        "shares": shares,
        "reference": {lv: list(r) for lv, r in WENGER_REFERENCE.items()},
        "position": position,
    }


def level_flow(previous: Mapping[MemberId, str], current: Mapping[MemberId, str]) -> dict[str, Any]:
    """How people moved between levels from the previous window to this one.

    ``matrix[from][to]`` counts people; ``absent`` stands for not being part of the community
    in that window, so the matrix sums to everyone in either window. ``inward`` counts moves
    toward the core (peripheral → occasional, active → core, …), ``outward`` moves away from
    it, ``unchanged`` those who kept their level. ``core_stability`` is the share of the
    previous core still core (``None`` without a previous core)."""
    names = (*LEVELS, ABSENT)
    matrix = {a: dict.fromkeys(names, 0) for a in names}
    inward = outward = unchanged = 0
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    for person in set(previous) | set(current):
        before = previous.get(person, ABSENT)
        after = current.get(person, ABSENT)
        matrix[before][after] += 1
        if before == ABSENT or after == ABSENT:
            continue
        if rank[after] < rank[before]:
            inward += 1
        elif rank[after] > rank[before]:
            outward += 1
        else:
            unchanged += 1
    previous_core = sum(matrix[CORE].values())
    return {
        "matrix": matrix,
        "inward": inward,
        "outward": outward,
        "unchanged": unchanged,
        "entered": sum(matrix[ABSENT][lv] for lv in LEVELS),
        "exited": sum(matrix[lv][ABSENT] for lv in LEVELS),
        "core_stability": matrix[CORE][CORE] / previous_core if previous_core else None,
    }


# --- 9. rhythm ---------------------------------------------------------------------------------


def week_of(day: date) -> date:
    """The Monday starting the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


def weekly_series(counts: Mapping[date, int], start: date, end: date) -> list[tuple[date, int]]:
    """Contributions per week from the week of ``start`` to the week of ``end`` inclusive,
    weeks starting on Monday, empty weeks filled with 0 so a chart shows silence as silence.
    ``counts`` may be keyed by any day (it is summed into its week); days outside are
    ignored."""
    first, last = week_of(start), week_of(end)
    totals: Counter = Counter()
    for day, n in counts.items():
        week = week_of(day)
        if first <= week <= last:
            totals[week] += int(n)
    series = []
    week = first
    while week <= last:
        series.append((week, totals.get(week, 0)))
        week += timedelta(days=7)
    return series


def hour_of_day(counts: Mapping[int, int]) -> list[int]:
    """24 buckets of contributions by local hour (0–23), missing hours as 0."""
    buckets = [0] * 24
    for hour, n in counts.items():
        if not 0 <= int(hour) <= 23:
            raise ValueError(f"hour out of range: {hour}")
        buckets[int(hour)] += int(n)
    return buckets


# --- 10. cross-sector exchange -----------------------------------------------------------------


def cross_sector_reply_share(
    pairs: Iterable[tuple[str | None, str | None]] | Mapping[tuple, int],
) -> float | None:
    """Share of replies that cross sectors: among replies where both the topic author's and
    the replier's sector are known, those where they differ. ``pairs``: one (author's sector,
    replier's sector) per reply, or a mapping of such a pair to its number of replies.
    ``None`` when no such reply."""
    counted = pairs.items() if isinstance(pairs, Mapping) else ((p, 1) for p in pairs)
    known = crossing = 0
    for (author_sector, replier_sector), n in counted:
        if not author_sector or not replier_sector:
            continue
        known += n
        if author_sector != replier_sector:
            crossing += n
    return crossing / known if known else None


# --- all together ------------------------------------------------------------------------------


def levels_for(inputs: WindowInputs) -> dict[MemberId, str]:
    """Participation level of everyone in the window's population."""
    return participation_levels(
        population(inputs.members, inputs.contributions),
        inputs.contributions,
        inputs.months_active,
        inputs.months_observed,
    )


def window_indicators(inputs: WindowInputs, previous: WindowInputs | None = None) -> dict[str, Any]:
    """Indicators 1–10 for one window, keyed as the API names them. ``level_flow`` needs the
    previous window and is ``None`` without it. Rhythm series are left to the caller, which
    chooses the span a chart shows (``weekly_series``, ``hour_of_day``)."""
    as_of, days = inputs.as_of, inputs.window_days
    people = population(inputs.members, inputs.contributions)
    active = active_members(inputs.contributions)
    firsts = {m: d for m, d in inputs.first_contribution.items() if d < as_of}
    lasts = {m: d for m, d in inputs.last_contribution.items() if d < as_of}
    newcomers = new_contributors(firsts, inputs.start, as_of)
    response = first_response(inputs.topics, as_of, days)
    newcomer_topics = [t for t in inputs.topics if t.author in newcomers]
    newcomer_response = first_response(newcomer_topics, as_of, days)
    levels = levels_for(inputs)
    counts = [inputs.contributions.get(p, 0) or 0 for p in people]
    return {
        "window_days": days,
        "as_of": as_of.isoformat(),
        "member_count": len(people),
        "contributions": sum(_positive(inputs.contributions).values()),
        "active_members": active,
        "active_ratio": active_ratio(active, len(people)),
        "new_contributors": len(newcomers),
        "newcomer_retention": newcomer_retention(firsts, inputs.contributions, as_of, days),
        "inactive_contributors": inactive_contributors(lasts, as_of, inputs.inactive_after_days),
        "median_first_response_hours": response.median_hours,
        "answered_within_48h_share": response.within_share,
        "newcomers_median_first_response_hours": newcomer_response.median_hours,
        "newcomers_answered_within_48h_share": newcomer_response.within_share,
        "unanswered_rate": unanswered_rate(inputs.topics, as_of, days),
        "unanswered_question_rate": unanswered_rate(
            inputs.topics, as_of, days, questions_only=True
        ),
        "absence_factor": absence_factor(counts),
        "elephant_factor": elephant_factor(inputs.contributions, inputs.organisations),
        "gini": gini(counts),
        "levels": level_counts(levels),
        "level_distribution": level_distribution(levels),
        "level_flow": level_flow(levels_for(previous), levels) if previous else None,
        "cross_sector_reply_share": cross_sector_reply_share(inputs.reply_sectors),
    }


def compute_indicators(
    current: WindowInputs,
    previous: WindowInputs | None = None,
    before_previous: WindowInputs | None = None,
) -> dict[str, Any]:
    """The current window's indicators with ``previous`` (the same indicators for the window
    before, whose own ``level_flow`` needs ``before_previous``). Stage, momentum and alerts
    are added by ``practica.health.lifecycle``."""
    result = window_indicators(current, previous)
    result["previous"] = window_indicators(previous, before_previous) if previous else None
    return result
