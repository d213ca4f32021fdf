"""Folding day tallies into windows (``health.rollup``): the same facts as counting each
window's days one by one."""

from bisect import bisect_right
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practica.health import rollup

MONTH = 30  # days in a month of these tests: any split of days into consecutive months works


def _brute(days, window, count, end):
    """Each window's facts straight from (person, day, contributions): counts in the window,
    first and last day before its end, active months among the 12 observed."""
    found = []
    for k in range(count):
        e = end - k * window
        s = e - window
        first_month = max(0, (e - 1) // MONTH - 11)
        counts, firsts, lasts, months = {}, {}, {}, {}
        for person, day, n in days:
            if day >= e or not n:
                continue
            if day >= s:
                counts[person] = counts.get(person, 0) + n
            firsts[person] = min(firsts.get(person, day), day)
            lasts[person] = max(lasts.get(person, day), day)
            if day // MONTH >= first_month:
                months.setdefault(person, set()).add(day // MONTH)
        found.append(
            (s, e, first_month, counts, firsts, lasts, {p: len(m) for p, m in months.items()})
        )
    return found


@settings(max_examples=200, deadline=None)
@given(
    days=st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 799), st.integers(0, 3)), max_size=60
    ),
    window=st.sampled_from([30, 90]),
    count=st.integers(1, 4),
)
def test_windows_from_stretches_equal_counting_days(days, window, count):
    end = 800
    expected = _brute(days, window, count, end)
    # The edges queries._window_edges cuts at: starts, ends, previous starts, end - τ, and
    # only the earliest first month observed.
    edges = sorted(
        {x for s, e, *_ in expected for x in (s, e, s - window, e - 90)}
        | {min(fm for _, _, fm, *_ in expected) * MONTH}
    )
    spans = [rollup.Span(edges.index(s), edges.index(e), fm) for s, e, fm, *_ in expected]
    rows = [
        (person, day // MONTH, bisect_right(edges, day) - 1, n)
        for person, day, n in days
        if edges[0] <= day < edges[-1]
    ]
    before = {person for person, day, n in days if day < edges[0] and n}
    found = rollup.contributors_by_window(rows, before, spans)

    def stretch(day):
        return max(rollup.BEFORE, bisect_right(edges, day) - 1)

    for (*_, counts, firsts, lasts, months), got in zip(expected, found, strict=True):
        assert got.counts == counts
        assert got.months == months
        assert got.firsts == {p: stretch(d) for p, d in firsts.items()}
        assert got.lasts == {p: stretch(d) for p, d in lasts.items()}


def test_windows_must_not_observe_from_later_months_as_they_end_earlier():
    spans = [rollup.Span(1, 2, first_month=5), rollup.Span(0, 1, first_month=6)]
    with pytest.raises(ValueError):
        rollup.contributors_by_window([], [], spans)


def test_hours_fold_into_days_and_hours_from_a_start():
    rows = [(date(2025, 6, 1), 23, 2), (date(2025, 6, 2), 0, 1), (date(2025, 6, 2), 23, 4)]
    days, hours = rollup.fold_hours(rows, date(2025, 6, 2))
    assert days == {date(2025, 6, 1): 2, date(2025, 6, 2): 5}
    assert hours[0] == 1 and hours[23] == 4 and sum(hours) == 5


def test_month_index_orders_months():
    assert rollup.month_index(date(2025, 12, 31)) + 1 == rollup.month_index(date(2026, 1, 1))
