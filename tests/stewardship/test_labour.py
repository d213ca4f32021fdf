"""The pure measures of how labour is shared (stewardship/labour.py)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from practica.stewardship import labour

HOURS = st.lists(
    st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False),
    max_size=40,
)


@given(HOURS)
def test_shares_are_fractions_and_grow_with_k(hours):
    c = labour.concentration(hours)
    positive = [h for h in hours if h > 0]
    assert c.contributors == len(positive)
    assert c.total == sum(positive, Decimal(0))
    if c.total == 0:
        assert c.top1_share is None and c.top3_share is None and c.absence_factor == 0
        return
    assert 0 < c.top1_share <= c.top3_share <= 1
    assert 1 <= c.absence_factor <= c.contributors
    if c.contributors <= 3:
        assert c.top3_share == 1


@given(HOURS)
def test_the_absence_factor_is_the_smallest_group_carrying_half(hours):
    n = labour.absence_factor(hours)
    values = sorted((h for h in hours if h > 0), reverse=True)
    total = sum(values, Decimal(0))
    if not values:
        assert n == 0
        return
    assert sum(values[:n]) * 2 >= total
    assert sum(values[: n - 1]) * 2 < total


@given(HOURS)
def test_order_does_not_matter(hours):
    assert labour.concentration(hours) == labour.concentration(list(reversed(hours)))


def test_known_values():
    c = labour.concentration([10, 10, 10, 10])
    assert c.top1_share == 0.25 and c.top3_share == 0.75 and c.absence_factor == 2
    assert labour.concentration([90, 5, 5]).absence_factor == 1


def test_warnings_follow_the_documented_thresholds():
    few_carry = labour.concentration([30, 30, 30, 5, 5, 5])  # top 3: 90/105
    assert labour.WARN_TOP3 in labour.warnings(few_carry, 0)
    too_few_people = labour.concentration([30, 30, 30, 5, 5])
    assert labour.WARN_TOP3 not in labour.warnings(too_few_people, 0)
    one_carries = labour.concentration([50, 20, 20])
    assert labour.warnings(one_carries, 0) == [labour.WARN_SINGLE_CARRIER]
    assert labour.warnings(labour.concentration([50, 50]), 0) == []
    even = labour.concentration([10] * 10)
    assert labour.warnings(even, 2) == [labour.WARN_OVER_CAPACITY]


@given(
    st.dictionaries(
        st.sampled_from(labour.month_keys((2024, 1), (2025, 12))),
        st.decimals(min_value=0, max_value=500, places=2),
    ),
    st.one_of(st.none(), st.integers(min_value=0, max_value=300)),
)
def test_over_capacity_months_are_exactly_those_above_the_limit(given_hours, capacity):
    found = labour.over_capacity_months(given_hours, capacity)
    if capacity is None:
        assert found == []
        return
    assert [m for m, _h in found] == sorted(m for m, h in given_hours.items() if h > capacity)


def test_month_keys_cross_the_year():
    assert labour.month_keys((2024, 11), (2025, 2)) == ["2024-11", "2024-12", "2025-01", "2025-02"]
