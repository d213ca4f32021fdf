"""The health indicators on hand-made cases and as hypothesis properties; no database."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practica.health import metrics as m

AS_OF = datetime(2026, 3, 1, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)

counts_lists = st.lists(st.integers(min_value=0, max_value=10_000), max_size=60)
people_ids = st.integers(min_value=0, max_value=40)


# --- Gini --------------------------------------------------------------------------------------


def _gini_by_mean_difference(values):
    """The same coefficient by its other definition, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ)."""
    n = len(values)
    total = sum(values)
    if n <= 1 or total == 0:
        return 0.0
    diff = sum(abs(a - b) for a in values for b in values)
    return diff / (2 * n * total)


@given(counts_lists)
def test_gini_is_in_unit_interval_and_matches_mean_difference_definition(values):
    g = m.gini(values)
    assert 0.0 <= g <= 1.0
    if values:
        assert g <= (len(values) - 1) / len(values) + 1e-12
    assert g == pytest.approx(_gini_by_mean_difference(values), abs=1e-9)


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=50))
def test_gini_is_zero_for_equal_shares(value, n):
    assert m.gini([value] * n) == 0.0


@given(st.data(), counts_lists, st.integers(min_value=1, max_value=1000))
def test_gini_is_invariant_to_permutation_and_scaling(data, values, factor):
    shuffled = data.draw(st.permutations(values))
    assert m.gini(shuffled) == m.gini(values)
    assert m.gini([v * factor for v in values]) == m.gini(values)


def test_gini_hand_made_cases():
    assert m.gini([]) == 0.0
    assert m.gini([7]) == 0.0
    assert m.gini([0, 0, 0]) == 0.0
    assert m.gini([0, 0, 0, 10]) == pytest.approx(0.75)  # one gives all: (n-1)/n
    assert m.gini([1, 2, 3, 4]) == pytest.approx(0.25)
    with pytest.raises(ValueError):
        m.gini([1, -1])


# --- absence and elephant factors ---------------------------------------------------------------


@given(counts_lists)
def test_absence_factor_is_the_smallest_group_making_half(values):
    k = m.absence_factor(values)
    positive = sorted((v for v in values if v > 0), reverse=True)
    total = sum(positive)
    assert 0 <= k <= len(values)
    if total == 0:
        assert k == 0
        return
    assert 1 <= k <= len(positive)
    assert 2 * sum(positive[:k]) >= total
    assert 2 * sum(positive[: k - 1]) < total


def test_absence_factor_hand_made():
    assert m.absence_factor([]) == 0
    assert m.absence_factor([0, 0]) == 0
    assert m.absence_factor([10, 1, 1, 1]) == 1
    assert m.absence_factor([5, 5, 5, 5]) == 2
    assert m.absence_factor([3, 3, 3]) == 2


def test_elephant_factor_groups_organisations_and_keeps_unknowns_apart():
    contributions = {1: 10, 2: 10, 3: 5, 4: 5, 5: 5, 6: 5}
    organisations = {1: "ACME", 2: " acme ", 3: "Uni", 4: None, 5: ""}
    # ACME makes 20 of 40 on its own.
    assert m.elephant_factor(contributions, organisations) == 1
    # Without the shared organisation, it takes two people.
    assert m.elephant_factor(contributions, {}) == 2
    # Unknown organisations are not lumped together into one "unknown" elephant.
    unknown = {1: 4, 2: 4, 3: 4, 4: 4}
    assert m.elephant_factor(unknown, {}) == 2
    assert m.elephant_factor({}, {}) == 0


# --- participation levels -----------------------------------------------------------------------

level_inputs = st.tuples(
    st.sets(people_ids, max_size=30),
    st.dictionaries(people_ids, st.integers(min_value=0, max_value=500), max_size=30),
    st.dictionaries(people_ids, st.integers(min_value=0, max_value=12), max_size=30),
    st.integers(min_value=1, max_value=12),
)


@given(level_inputs)
def test_levels_partition_the_population(case):
    members, contributions, months, observed = case
    people = m.population(members, contributions)
    levels = m.participation_levels(people, contributions, months, observed)
    assert set(levels) == set(people)
    assert set(levels.values()) <= set(m.LEVELS)
    counts = m.level_counts(levels)
    assert sum(counts.values()) == len(people)
    top = m.top_contributors(contributions)
    core_months, _active_months = m.level_thresholds(observed)
    for person, level in levels.items():
        if level == m.CORE:
            assert person in top and months.get(person, 0) >= core_months
        if level in (m.CORE, m.ACTIVE):
            assert contributions.get(person, 0) > 0
        if level == m.PERIPHERAL:
            assert not contributions.get(person) and not months.get(person)


@given(st.dictionaries(people_ids, st.integers(min_value=0, max_value=500)))
def test_top_contributors_make_at_least_half_and_ignore_order(contributions):
    top = m.top_contributors(contributions)
    total = sum(contributions.values())
    assert 2 * sum(contributions[p] for p in top) >= total
    assert len(top) >= m.absence_factor(contributions.values())
    reordered = dict(reversed(list(contributions.items())))
    assert m.top_contributors(reordered) == top


def test_levels_rule_hand_made():
    contributions = {"ana": 30, "ben": 12, "cy": 4, "dee": 1, "eve": 0, "fay": 0}
    months = {"ana": 10, "ben": 2, "cy": 5, "dee": 1, "eve": 2, "fay": 0}
    levels = m.participation_levels(contributions, contributions, months)
    assert levels == {
        "ana": m.CORE,  # top half of contributions, active 10 of 12 months
        "ben": m.OCCASIONAL,  # not top (ana alone makes ≥ half) and active 2 < 3 months
        "cy": m.ACTIVE,  # contributes, 5 months ≥ 3
        "dee": m.OCCASIONAL,  # contributes, 1 month
        "eve": m.OCCASIONAL,  # nothing this window, but 2 months of the last 12
        "fay": m.PERIPHERAL,
    }


def test_young_community_can_have_a_core():
    levels = m.participation_levels({1, 2}, {1: 5, 2: 1}, {1: 1, 2: 1}, months_observed=1)
    assert levels == {1: m.CORE, 2: m.ACTIVE}


def test_level_distribution_against_wenger():
    levels = {i: m.PERIPHERAL for i in range(20)} | {0: m.CORE, 1: m.CORE, 2: m.ACTIVE}
    dist = m.level_distribution(levels)
    assert dist["counts"] == {"core": 2, "active": 1, "occasional": 0, "peripheral": 17}
    assert dist["shares"]["core"] == pytest.approx(0.10)
    assert dist["position"] == {"core": "within", "active": "below"}
    assert m.level_distribution({})["position"] == {"core": None, "active": None}


level_maps = st.dictionaries(people_ids, st.sampled_from(m.LEVELS), max_size=30)


@given(level_maps, level_maps)
def test_level_flow_matrix_sums(previous, current):
    flow = m.level_flow(previous, current)
    matrix = flow["matrix"]
    assert sum(sum(row.values()) for row in matrix.values()) == len(set(previous) | set(current))
    prev_counts = m.level_counts(previous)
    cur_counts = m.level_counts(current)
    for level in m.LEVELS:
        assert sum(matrix[level].values()) == prev_counts[level]
        assert sum(row[level] for row in matrix.values()) == cur_counts[level]
    both = len(set(previous) & set(current))
    assert flow["inward"] + flow["outward"] + flow["unchanged"] == both
    assert flow["entered"] == len(set(current) - set(previous))
    assert flow["exited"] == len(set(previous) - set(current))
    if prev_counts[m.CORE]:
        assert 0.0 <= flow["core_stability"] <= 1.0
    else:
        assert flow["core_stability"] is None


def test_level_flow_hand_made():
    previous = {1: m.CORE, 2: m.CORE, 3: m.PERIPHERAL, 4: m.ACTIVE}
    current = {1: m.CORE, 2: m.ACTIVE, 3: m.OCCASIONAL, 5: m.PERIPHERAL}
    flow = m.level_flow(previous, current)
    assert flow["core_stability"] == 0.5
    assert (flow["inward"], flow["outward"], flow["unchanged"]) == (1, 1, 1)
    assert flow["matrix"][m.ACTIVE][m.ABSENT] == 1
    assert flow["matrix"][m.ABSENT][m.PERIPHERAL] == 1


# --- newcomers, inactive contributors -----------------------------------------------------------


def test_new_contributors_and_retention():
    firsts = {
        "old": AS_OF - 400 * D,
        "kept": AS_OF - 100 * D,  # new in the previous 90-day window
        "gone": AS_OF - 120 * D,  # new in the previous window too
        "fresh": AS_OF - 5 * D,  # new in this window
        "edge": AS_OF - 90 * D,  # first instant of this window: new now
    }
    contributions = {"old": 3, "kept": 1, "fresh": 2, "edge": 1}
    start = m.window_start(AS_OF, 90)
    assert m.new_contributors(firsts, start, AS_OF) == {"fresh", "edge"}
    assert m.newcomer_retention(firsts, contributions, AS_OF, 90) == 0.5
    assert m.newcomer_retention({"old": AS_OF - 400 * D}, contributions, AS_OF, 90) is None


def test_inactive_contributors_use_tau():
    lasts = {1: AS_OF - 91 * D, 2: AS_OF - 90 * D, 3: AS_OF - D, 4: AS_OF + D}
    assert m.inactive_contributors(lasts, AS_OF) == 1
    assert m.inactive_contributors(lasts, AS_OF, tau_days=30) == 2


def test_active_members_and_ratio():
    contributions = {1: 2, 2: 0, 9: 1}  # 9 contributed and has since left
    people = m.population({1, 2, 3}, contributions)
    assert people == {1, 2, 3, 9}
    assert m.active_members(contributions) == 2
    assert m.active_ratio(2, len(people)) == 0.5
    assert m.active_ratio(0, 0) is None


# --- first response and unanswered ---------------------------------------------------------------


def _topic(opened_ago, reply_after=None, author=1, question=False):
    created = AS_OF - opened_ago
    reply = created + reply_after if reply_after is not None else None
    return m.TopicFacts(author, created, reply, question)


def test_first_response_median_and_48h_share():
    topics = [
        _topic(20 * D, 1 * H),
        _topic(20 * D, 3 * H),
        _topic(20 * D, 50 * H),  # answered, but late
        _topic(10 * D),  # never answered, old enough: counts as not in time
        _topic(10 * H),  # young and unanswered: not judged yet
        _topic(10 * H, 2 * H),  # young and answered: in the median, not in the share
        _topic(3 * D, 4 * D),  # the reply comes after as_of: not known then
        _topic(100 * D, 1 * H),  # before the window
    ]
    stats = m.first_response(topics, AS_OF, 90)
    assert stats.answered == 4
    assert stats.median_hours == pytest.approx(2.5)  # of 1, 2, 3, 50
    assert stats.judged == 5
    assert stats.within_share == pytest.approx(2 / 5)
    empty = m.first_response([], AS_OF, 90)
    assert (empty.median_hours, empty.within_share) == (None, None)


def test_unanswered_rate_only_judges_topics_a_week_old():
    topics = [
        _topic(30 * D, 1 * H, question=True),
        _topic(30 * D, 8 * D, question=True),  # replied only after 7 days: unanswered
        _topic(20 * D),  # never
        _topic(6 * D),  # too young to judge
    ]
    assert m.unanswered_rate(topics, AS_OF, 90) == pytest.approx(2 / 3)
    assert m.unanswered_rate(topics, AS_OF, 90, questions_only=True) == pytest.approx(1 / 2)
    assert m.unanswered_rate([_topic(2 * D)], AS_OF, 90) is None


# --- rhythm and cross-sector ---------------------------------------------------------------------


def test_weekly_series_fills_empty_weeks():
    counts = {date(2026, 1, 6): 2, date(2026, 1, 8): 1, date(2026, 1, 22): 4, date(2025, 1, 1): 9}
    series = m.weekly_series(counts, date(2026, 1, 7), date(2026, 1, 28))
    assert series == [
        (date(2026, 1, 5), 3),
        (date(2026, 1, 12), 0),
        (date(2026, 1, 19), 4),
        (date(2026, 1, 26), 0),
    ]


def test_hour_of_day_buckets():
    assert m.hour_of_day({10: 2, 11: 3, 1: 1}) == [0, 1] + [0] * 8 + [2, 3] + [0] * 12
    with pytest.raises(ValueError):
        m.hour_of_day({24: 1})


def test_cross_sector_reply_share():
    pairs = [
        ("academia", "health"),
        ("academia", "academia"),
        ("public", None),
        (None, "health"),
        ("private", "public"),
    ]
    assert m.cross_sector_reply_share(pairs) == pytest.approx(2 / 3)
    assert m.cross_sector_reply_share([("public", "")]) is None


# --- all together --------------------------------------------------------------------------------

API_KEYS = {
    "window_days",
    "as_of",
    "active_members",
    "active_ratio",
    "new_contributors",
    "newcomer_retention",
    "inactive_contributors",
    "median_first_response_hours",
    "answered_within_48h_share",
    "unanswered_rate",
    "absence_factor",
    "elephant_factor",
    "gini",
    "levels",
    "level_flow",
    "cross_sector_reply_share",
    "previous",
}


def test_compute_indicators_gives_the_api_keys_for_both_windows():
    start = m.window_start(AS_OF, 30)
    previous = m.WindowInputs(
        as_of=start,
        window_days=30,
        members=frozenset({1, 2, 3}),
        contributions={1: 4},
        months_active={1: 6},
        first_contribution={1: start - 200 * D},
        last_contribution={1: start - D},
    )
    current = m.WindowInputs(
        as_of=AS_OF,
        window_days=30,
        members=frozenset({1, 2, 3, 4}),
        contributions={1: 3, 4: 1},
        months_active={1: 7, 4: 1},
        first_contribution={1: start - 200 * D, 4: AS_OF - 2 * D - H},
        last_contribution={1: AS_OF - D, 4: AS_OF - 2 * D},
        topics=[m.TopicFacts(4, AS_OF - 2 * D - H, AS_OF - 2 * D)],
        reply_sectors=[("health", "academia")],
        organisations={1: "Uni", 4: "Uni"},
    )
    result = m.compute_indicators(current, previous)
    assert API_KEYS <= set(result)
    assert set(result["previous"]) >= API_KEYS - {"previous"}
    assert result["active_members"] == 2 and result["previous"]["active_members"] == 1
    assert result["new_contributors"] == 1
    assert result["newcomers_median_first_response_hours"] == pytest.approx(1.0)
    assert result["elephant_factor"] == 1 and result["absence_factor"] == 1
    # 4 gave 1 of 4 in their first month: occasional; 2 and 3 gave nothing: peripheral.
    assert result["levels"] == {"core": 1, "active": 0, "occasional": 1, "peripheral": 2}
    assert result["level_flow"]["core_stability"] == 1.0
    assert result["previous"]["level_flow"] is None
    assert result["cross_sector_reply_share"] == 1.0
    assert result["gini"] == pytest.approx(m.gini([3, 1, 0, 0]))
    assert result["as_of"] == AS_OF.isoformat()


def test_contribution_verbs_exclude_reactions_and_housekeeping():
    assert {"replied", "question_started", "article_edited"} <= m.CONTRIBUTION_VERBS
    assert not {"joined", "thanked", "article_endorsed", "topic_edited"} & m.CONTRIBUTION_VERBS
