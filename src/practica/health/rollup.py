"""Folding day tallies into windows.

Health reads the community's contributions as tallies per person and local day
(``models.ContributionDay``). Every window, its previous window, the τ days of "inactive" and
the months observed begin and end on local midnights, so the days can be cut at those
*edges* once, and each window's facts read off the stretches between them: a person's
contributions in a window are the sum of the stretches inside it; their first and last
contribution before its end are the first and last stretch they contributed in (the
indicators only ever compare those moments with edges, so the stretch is as good as the day);
their active months are the months they contributed in before the end.

Pure: plain data in, plain data out; no Django.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .metrics import MemberId

#: The stretch before the first edge (people known to have contributed before any window).
BEFORE = -1


@dataclass(frozen=True)
class Span:
    """A window among the edges: it covers stretches ``start`` to ``end - 1``; the months it
    observes begin with month ``first_month`` (``year * 12 + month - 1``)."""

    start: int
    end: int
    first_month: int


@dataclass
class Contributors:
    """One window's people: contributions in the window, first and last stretch contributed
    in before its end (``BEFORE`` for earlier than every edge), and active months observed."""

    counts: dict[MemberId, int] = field(default_factory=dict)
    firsts: dict[MemberId, int] = field(default_factory=dict)
    lasts: dict[MemberId, int] = field(default_factory=dict)
    months: dict[MemberId, int] = field(default_factory=dict)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def contributors_by_window(
    rows: Iterable[tuple[MemberId, int, int, int]], before: Iterable[MemberId], spans: list[Span]
) -> list[Contributors]:
    """``rows``: (person, month, stretch, contributions) — what a person gave in one month
    within one stretch (stretch i lies between edge i and edge i + 1). ``before``: people who
    contributed before the first edge. ``spans``: windows whose first months do not go back
    as their ends go forward (windows of one length always). One ``Contributors`` per span,
    in the order given.

    Linear in the rows: per person, running sums over the stretches give any window's count
    at once, and each (person, month) adds to the run of windows that observe it — those
    ending after the month's first stretch and observing from that month or earlier."""
    order = sorted(range(len(spans)), key=lambda w: spans[w].end)
    ordered = [spans[w] for w in order]
    if any(a.first_month > b.first_month for a, b in zip(ordered, ordered[1:], strict=False)):
        raise ValueError("a later window may not observe from an earlier month")
    stretches = max([s.end for s in spans], default=0)
    # after[s]: the first window (in end order) that ends after stretch s.
    after = [bisect_right([sp.end for sp in ordered], s) for s in range(stretches + 1)]
    first_months = [sp.first_month for sp in ordered]

    earlier = set(before)
    sums: dict[MemberId, list[int]] = {}
    month_first: dict[MemberId, dict[int, int]] = defaultdict(dict)
    for person, month, stretch, n in rows:
        if not n:
            continue
        line = sums.get(person)
        if line is None:
            line = sums[person] = [0] * (stretches + 1)
        line[stretch] += n
        seen = month_first[person]
        if month not in seen or stretch < seen[month]:
            seen[month] = stretch

    found = [Contributors() for _ in spans]
    in_order = [found[w] for w in order]
    for person in earlier - sums.keys():
        for result in found:
            result.firsts[person] = result.lasts[person] = BEFORE
    windows = len(ordered)
    for person, line in sums.items():
        running, total, last, lasts = [0], 0, BEFORE, []
        for stretch, n in enumerate(line):
            total += n
            running.append(total)
            if n:
                last = stretch
            lasts.append(last)  # the last stretch contributed in, up to this one
        first = BEFORE if person in earlier else next(s for s, n in enumerate(line) if n)
        runs = [0] * (windows + 1)
        for month, stretch in month_first[person].items():
            lo, hi = after[stretch], bisect_right(first_months, month)
            if lo < hi:
                runs[lo] += 1
                runs[hi] -= 1
        months = 0
        for w, (span, result) in enumerate(zip(ordered, in_order, strict=True)):
            months += runs[w]
            if first >= span.end:
                continue  # nothing before this window's end
            count = running[span.end] - running[span.start]
            if count:
                result.counts[person] = count
            if months:
                result.months[person] = months
            result.firsts[person] = first
            result.lasts[person] = max(BEFORE, lasts[span.end - 1]) if span.end else BEFORE
    return found


def fold_hours(
    rows: Iterable[tuple[date, int, int]], start: date
) -> tuple[dict[date, int], list[int]]:
    """(day, local hour, contributions) rows → (contributions per day, contributions per
    hour of the day 0–23 over the days from ``start`` on)."""
    days: Counter = Counter()
    hours = [0] * 24
    for day, hour, n in rows:
        days[day] += n
        if day >= start:
            hours[hour] += n
    return dict(days), hours
