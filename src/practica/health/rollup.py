"""Window inputs in two parts: the finished days and today.

A window that ends tonight changes with every new post, but all of it except today is
history: the aggregates over the days before today can be gathered once a day and kept, and
only today's rows read again after each write. Every aggregate the indicators need can be
split that way and put back together — counts add up, first and last contributions take the
earlier and the later, active months unite, a topic's first reply is the earliest of the two
parts' — so ``merge(before, today)`` equals gathering the whole window at once (tested).

Pure: plain data in, plain data out; no Django.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo

from .metrics import MemberId, TopicFacts, WindowInputs, local_hour_counts

SectorPair = tuple[str | None, str | None]


@dataclass(frozen=True)
class WindowPart:
    """Aggregates of one window over the rows of a span of time ``[lo, hi)``.

    ``counts``: contributions per person inside both the window and the span. ``firsts`` /
    ``lasts``: each person's first and last contribution in the span. ``months``: the calendar
    months in which each person contributed among the months observed, as bits (bit i: the
    i-th month observed; both parts of a window observe the same months).
    ``topics``: topics opened in the window and the span, by id, with their first reply by
    someone else before ``hi``. ``late_replies``: for topics opened in the window *before* the
    span, their first reply by someone else inside it. ``sector_pairs``: replies in the window
    and span per (topic author's sector, replier's sector).
    """

    counts: dict[MemberId, int] = field(default_factory=dict)
    firsts: dict[MemberId, datetime] = field(default_factory=dict)
    lasts: dict[MemberId, datetime] = field(default_factory=dict)
    months: dict[MemberId, int] = field(default_factory=dict)
    topics: dict[int, TopicFacts] = field(default_factory=dict)
    late_replies: dict[int, datetime] = field(default_factory=dict)
    sector_pairs: dict[SectorPair, int] = field(default_factory=dict)


def merge(before: WindowPart, after: WindowPart) -> WindowPart:
    """One part from two adjacent ones, ``before`` ending where ``after`` begins."""
    counts = Counter(before.counts)
    counts.update(after.counts)
    firsts = dict(after.firsts)
    firsts.update(before.firsts)  # the earlier part's first is the earlier one
    lasts = dict(before.lasts)
    lasts.update(after.lasts)  # the later part's last is the later one
    months = dict(before.months)
    for person, found in after.months.items():
        months[person] = months.get(person, 0) | found
    topics = dict(before.topics)
    for topic_id, reply_at in after.late_replies.items():
        known = topics.get(topic_id)
        if known is not None and known.first_reply_at is None:
            topics[topic_id] = replace(known, first_reply_at=reply_at)
    topics.update(after.topics)
    late = dict(after.late_replies)
    late.update(before.late_replies)  # replies in the earlier part came first
    pairs = Counter(before.sector_pairs)
    pairs.update(after.sector_pairs)
    return WindowPart(
        counts={k: v for k, v in counts.items() if v},
        firsts=firsts,
        lasts=lasts,
        months=months,
        topics=topics,
        late_replies=late,
        sector_pairs=dict(pairs),
    )


def to_inputs(
    part: WindowPart,
    *,
    as_of: datetime,
    window_days: int,
    members: frozenset,
    months_observed: int,
    organisations: dict,
) -> WindowInputs:
    """The inputs of the window whose part covers everything before ``as_of``."""
    pairs: list[SectorPair] = []
    for pair, n in sorted(part.sector_pairs.items(), key=lambda item: repr(item[0])):
        pairs.extend([pair] * n)
    return WindowInputs(
        as_of=as_of,
        window_days=window_days,
        members=members,
        contributions=dict(part.counts),
        months_active={p: m.bit_count() for p, m in part.months.items() if m},
        months_observed=months_observed,
        first_contribution=dict(part.firsts),
        last_contribution=dict(part.lasts),
        topics=[part.topics[k] for k in sorted(part.topics)],
        reply_sectors=pairs,
        organisations=organisations,
    )


def fold_slots(
    slots: dict[datetime, int], tz: tzinfo, start: datetime | None = None
) -> tuple[dict[date, int], list[int]]:
    """Counts per quarter hour (UTC) → (counts per local day, counts per local hour 0–23 of
    the slots from ``start`` on). Local days and hours begin on a quarter hour in every time
    zone, so the folding is exact."""
    days: Counter = Counter()
    for moment, n in slots.items():
        days[moment.astimezone(tz).date()] += n
    in_window = {m: n for m, n in slots.items() if start is None or m >= start}
    return dict(days), local_hour_counts(in_window, tz)


def add_counts(*parts: dict) -> dict:
    total: Counter = Counter()
    for part in parts:
        total.update(part)
    return dict(total)
