"""The pure aggregates: distribution, mean, median, small-group suppression, trend."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practica.reflection import aggregates as agg

SCORES = st.lists(st.integers(1, 5), max_size=60)
ANSWERS = st.lists(
    st.fixed_dictionaries(
        {
            "worthwhile": st.integers(1, 5),
            "capacity_hours": st.one_of(st.none(), st.integers(0, 744)),
            "cycles": st.lists(st.sampled_from(agg.CYCLES), max_size=5),
        }
    ),
    max_size=40,
)


@given(SCORES)
def test_distribution_counts_every_answer_once(scores):
    dist = agg.distribution(scores)
    assert list(dist) == [1, 2, 3, 4, 5]
    assert sum(dist.values()) == len(scores)
    for score, n in dist.items():
        assert n == scores.count(score)


def test_a_score_off_the_scale_is_refused():
    with pytest.raises(ValueError):
        agg.distribution([3, 6])


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=50))
def test_mean_and_median_agree_with_the_statistics_module(values):
    assert agg.mean(values) == pytest.approx(statistics.fmean(values))
    assert agg.median(values) == statistics.median(values)
    assert min(values) <= agg.mean(values) <= max(values)


def test_no_values_have_no_mean_or_median():
    assert agg.mean([]) is None
    assert agg.median([]) is None


@given(ANSWERS)
def test_summary_shows_nothing_but_the_count_below_the_minimum_group(answers):
    result = agg.summarise(answers)
    assert result["count"] == len(answers)
    if len(answers) < agg.MIN_GROUP:
        assert result == {"count": len(answers), "suppressed": True}
        return
    assert not result["suppressed"]
    assert sum(result["worthwhile"]["distribution"].values()) == len(answers)
    hours = [a["capacity_hours"] for a in answers if a["capacity_hours"] is not None]
    capacity = result["capacity"]
    assert capacity["answered"] == len(hours)
    if len(hours) < agg.MIN_GROUP:
        assert capacity["suppressed"] and capacity["total"] is None
    else:
        assert capacity["total"] == sum(hours)
        assert "median" not in capacity  # it would give single answers away
    for cycle, n in result["cycles"].items():
        assert n == sum(1 for a in answers if cycle in a["cycles"])
        assert n <= len(answers)


def test_an_answer_naming_a_cycle_twice_counts_once():
    answers = [{"worthwhile": 4, "capacity_hours": None, "cycles": ["applied", "applied"]}] * 5
    assert agg.summarise(answers)["cycles"]["applied"] == 5


@given(st.lists(SCORES, max_size=10))
def test_trend_hides_the_mean_of_small_rounds_and_measures_change_between_shown_ones(rounds):
    items = [{"id": i, "title": f"R{i}", "closes_at": i, "scores": s} for i, s in enumerate(rounds)]
    points = agg.trend(items)
    assert [p["count"] for p in points] == [len(s) for s in rounds]
    last = None
    for point, scores in zip(points, rounds, strict=True):
        if len(scores) < agg.MIN_GROUP:
            assert point["mean"] is None and point["change"] is None
            continue
        assert point["mean"] == pytest.approx(sum(scores) / len(scores))
        if last is None:
            assert point["change"] is None
        else:
            assert point["change"] == pytest.approx(point["mean"] - last)
        last = point["mean"]
