"""Stage rules, momentum, the decline alert and suggestions; no database.

Each stage has a synthetic community typical of it, run through the same path the health
page uses: window inputs → metrics.compute_indicators → lifecycle.estimate_stage."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practica.health import lifecycle as lc
from practica.health import metrics as m

AS_OF = datetime(2026, 3, 1, tzinfo=UTC)
D = timedelta(days=1)


def community_stage(
    *,
    members,
    current,
    previous,
    age_days,
    months=None,
    new_now=(),
    new_before=(),
    articles=0,
    new_articles=0,
    window=90,
    months_observed=12,
    concluded=False,
):
    """A synthetic community: ``current``/``previous`` are contributions per member id in
    this and the previous window; everyone else among ``range(members)`` is a silent member."""
    start = AS_OF - window * D
    firsts = {i: AS_OF - 2000 * D for i in set(current) | set(previous)}
    firsts |= {i: AS_OF - 5 * D for i in new_now}
    firsts |= {i: start - 5 * D for i in new_before}
    lasts = {i: (AS_OF - D if i in current else start - D) for i in firsts}
    months = months if months is not None else {i: 8 for i in set(current) | set(previous)}
    people = frozenset(range(members))

    def window_inputs(as_of, contributions):
        return m.WindowInputs(
            as_of=as_of,
            window_days=window,
            members=people,
            contributions=contributions,
            months_active=months,
            months_observed=months_observed,
            first_contribution=firsts,
            last_contribution=lasts,
        )

    indicators = m.compute_indicators(window_inputs(AS_OF, current), window_inputs(start, previous))
    inputs = lc.stage_inputs_from(
        indicators,
        age_days=age_days,
        article_count=articles,
        new_articles=new_articles,
        contributors_ever=len(firsts),
        concluded=concluded,
    )
    return lc.estimate_stage(inputs)


def codes(estimate):
    return [r.code for r in estimate.reasons]


def test_potential_stage_for_a_handful_of_people():
    estimate = community_stage(
        members=3, current={0: 2}, previous={}, age_days=20, new_now={0}, months_observed=1
    )
    assert estimate.stage == lc.POTENTIAL
    assert codes(estimate) == ["few_members", "few_active"]
    assert "members so far: 3" in estimate.summary()


def test_coalescing_stage_for_a_young_community_gathering_people():
    estimate = community_stage(
        members=15,
        current={0: 20, 1: 15, 2: 5, 3: 3, 4: 2, 5: 1, 6: 1, 7: 1},
        previous={0: 10, 1: 8, 2: 2},
        new_now={3, 4, 5, 6, 7},
        months={0: 4, 1: 4, 2: 3, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1},
        months_observed=4,
        age_days=120,
        articles=2,
    )
    assert estimate.stage == lc.COALESCING
    assert codes(estimate) == ["young", "new_contributors", "core_stable", "articles_few"]
    assert estimate.summary() == (
        "months since the community began: 4; new contributors in the last 90 days: 5; "
        "core group: 2, 100% of the previous core still in it; "
        "articles so far: 2, the first ones are appearing → coalescing"
    )


def test_maturing_stage_for_an_established_growing_community():
    current = {i: 10 - i % 7 for i in range(15)}
    previous = {i: 8 - i % 5 for i in range(12)}
    estimate = community_stage(
        members=40,
        current=current,
        previous=previous,
        new_now={12, 13, 14},
        age_days=500,
        articles=20,
        new_articles=3,
    )
    assert estimate.stage == lc.MATURING
    assert codes(estimate)[0] == "articles_many"
    assert estimate.reasons[0].params == {"n": 20, "days": 90, "new": 3}


def test_stewardship_stage_for_an_old_steady_community():
    current = {i: 20 if i < 3 else 2 for i in range(12)}
    previous = {i: 18 if i < 3 else 2 for i in range(12)}
    estimate = community_stage(
        members=60,
        current=current,
        previous=previous,
        new_now=set(),
        age_days=1000,
        articles=40,
        new_articles=1,
    )
    assert estimate.stage == lc.STEWARDSHIP
    assert codes(estimate) == ["established", "articles_many", "core_stable", "plateau"]


def test_transformation_stage_when_activity_halves():
    estimate = community_stage(
        members=30,
        current={0: 3, 1: 2, 2: 1},
        previous={i: 5 for i in range(10)},
        age_days=900,
        articles=30,
    )
    assert estimate.stage == lc.TRANSFORMATION
    assert codes(estimate) == ["active_halved"]
    assert estimate.reasons[0].params == {"before": 10, "after": 3}


def test_transformation_stage_when_concluded_or_dormant():
    concluded = community_stage(
        members=30, current={0: 5, 1: 5, 2: 5}, previous={0: 5}, age_days=900, concluded=True
    )
    assert (concluded.stage, codes(concluded)) == (lc.TRANSFORMATION, ["concluded"])
    dormant = community_stage(
        members=30, current={}, previous={0: 1, 1: 1, 2: 1}, age_days=400, articles=5
    )
    assert (dormant.stage, codes(dormant)) == (lc.TRANSFORMATION, ["dormant"])
    # The same silence in a community only a month old is not an ending.
    new = community_stage(members=30, current={}, previous={0: 1, 1: 1, 2: 1}, age_days=30)
    assert new.stage == lc.POTENTIAL


stage_inputs = st.builds(
    lc.StageInputs,
    window_days=st.sampled_from([30, 90]),
    age_days=st.integers(min_value=0, max_value=10_000),
    member_count=st.integers(min_value=0, max_value=100_000),
    active_members=st.integers(min_value=0, max_value=100_000),
    previous_active_members=st.integers(min_value=0, max_value=100_000),
    new_contributors=st.integers(min_value=0, max_value=100_000),
    core_size=st.integers(min_value=0, max_value=100_000),
    core_stability=st.none() | st.floats(min_value=0, max_value=1),
    article_count=st.integers(min_value=0, max_value=100_000),
    new_articles=st.integers(min_value=0, max_value=1000),
    contributors_ever=st.integers(min_value=0, max_value=100_000),
    concluded=st.booleans(),
)


@given(stage_inputs)
def test_stage_rules_are_total(inputs):
    estimate = lc.estimate_stage(inputs)
    assert estimate.stage in lc.STAGES
    assert len(estimate.reasons) >= 1
    assert all(r.code in lc.MESSAGES for r in estimate.reasons)
    summary = estimate.summary()
    assert summary.endswith("→ " + estimate.stage)
    out = estimate.as_dict()
    assert out["estimate"] == estimate.stage and len(out["reasons"]) == len(estimate.reasons)
    if inputs.concluded:
        assert estimate.stage == lc.TRANSFORMATION


def test_words_go_through_the_translate_function():
    estimate = lc.estimate_stage(
        lc.StageInputs(
            window_days=30,
            age_days=10,
            member_count=2,
            active_members=1,
            previous_active_members=0,
            new_contributors=1,
            core_size=0,
        )
    )
    translated = estimate.as_dict(translate=lambda s: "»" + s)
    assert translated["label"] == "»potential"
    assert translated["reasons"][0] == {
        "code": "few_members",
        "params": {"n": 2},
        "text": "»members so far: 2",
    }


# --- momentum ----------------------------------------------------------------------------------


def test_momentum_directions():
    rising = lc.momentum([10, 12, 15, 19], [100, 120, 150, 190])
    assert rising["direction"] == lc.RISING
    assert rising["active_members"]["change"] == pytest.approx(4 / 15)
    assert rising["active_members"]["slope"] == pytest.approx(3.0)
    falling = lc.momentum([20, 15, 11, 8], [200, 200, 200, 200])
    assert falling["direction"] == lc.FALLING
    assert falling["contributions"]["direction"] == lc.STEADY
    steady = lc.momentum([10, 10, 11, 10], [100, 140, 180, 220])
    assert steady["active_members"]["direction"] == lc.STEADY
    assert steady["direction"] == lc.RISING  # people steady, so volume decides
    assert lc.momentum([5], [5])["direction"] == lc.STEADY
    assert lc.trend([0, 0, 0])["direction"] == lc.STEADY
    assert lc.trend([0, 4])["change"] is None


# --- decline alert -----------------------------------------------------------------------------

W = lc.WindowSummary


def test_decline_alert_fires_on_two_falls_with_fewer_newcomers():
    alert = lc.decline_alert([W(10, 5, 4.0), W(7, 4, 4.0), W(5, 3, 4.0)])
    assert alert is not None and alert.code == "decline"
    assert alert.params["fewer_newcomers"] and not alert.params["slower_response"]
    text = alert.render()
    assert "(10, 7, 5)" in text and "fewer newcomers (5, then 3)" in text


def test_decline_alert_fires_on_two_falls_with_slower_first_response():
    alert = lc.decline_alert([W(50, 5, 3.0), W(30, 5, None), W(20, 6, 12.0)])
    assert alert is not None and alert.params["slower_response"]
    assert "first replies take longer (3 h, then 12 h)" in alert.render()


@pytest.mark.parametrize(
    "windows",
    [
        [W(10, 5, 1.0), W(7, 4, 2.0)],  # only two windows known
        [W(10, 5, 1.0), W(10, 4, 2.0), W(5, 3, 3.0)],  # one fall only
        [W(10, 5, 1.0), W(8, 4, 2.0), W(6, 3, 3.0)],  # 10 → 8 is exactly 20 %, not more
        [W(10, 5, 4.0), W(7, 5, 4.0), W(5, 5, 4.0)],  # newcomers and response unchanged
        [W(10, 5, None), W(7, 9, 4.0), W(5, 6, 9.0)],  # response rise not comparable
        [W(0, 0, None), W(0, 0, None), W(0, 0, None)],  # nothing to fall from
    ],
)
def test_decline_alert_stays_quiet(windows):
    assert lc.decline_alert(windows) is None
    assert lc.alerts(windows) == []


def test_alert_reads_the_last_three_windows_of_indicator_dicts():
    history = [
        {"active_members": 40, "new_contributors": 9, "median_first_response_hours": 2.0},
        {"active_members": 20, "new_contributors": 6, "median_first_response_hours": 3.0},
        {"active_members": 15, "new_contributors": 5, "median_first_response_hours": 3.0},
        {"active_members": 11, "new_contributors": 5, "median_first_response_hours": 3.0},
    ]
    found = lc.alerts([lc.summary_from(h) for h in history])
    assert [a.code for a in found] == ["decline"]
    assert found[0].params["a0"] == 20


# --- suggestions -------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", lc.STAGES)
def test_every_stage_has_suggestions_linked_to_features(stage):
    found = lc.suggestions(stage)
    assert found
    assert {s.feature for s in found} <= set(lc.FEATURES)
    for s in found:
        assert s.as_dict()["text"]


def test_suggestions_follow_the_stage_and_the_signals():
    assert lc.suggestions(lc.COALESCING)[0].feature == "unanswered_questions"
    waiting = lc.suggestions(lc.COALESCING, newcomers_waiting=3)[0].as_dict()
    assert waiting["params"] == {"n": 3} and "3" in waiting["text"]
    maturing = lc.suggestions(lc.MATURING, answered_undocumented=3)
    assert maturing[0].feature == "document_answers" and maturing[0].message.params["n"] == 3
    declining = lc.suggestions(lc.MATURING, declining=True, unanswered_rate=0.4)
    assert [s.feature for s in declining[:2]] == ["reflection_checkin", "unanswered_questions"]
    transformation = lc.suggestions(lc.TRANSFORMATION, declining=True)
    assert [s.feature for s in transformation].count("reflection_checkin") == 1
    assert "archive_export" in {s.feature for s in transformation}
    with pytest.raises(ValueError):
        lc.suggestions("unknown")
