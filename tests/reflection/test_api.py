"""Reflection API: rounds, aggregates, one's own answer (once; changed while open), goal
reviews — same permission rules as the pages."""

from datetime import timedelta

import pytest

from practica.communities.services import goal_create
from practica.reflection.models import CheckInAnswer, CheckInRound
from practica.reflection.services import local_today

from .helpers import add_members, answer, expire, open_round


def _closes(community, days=7):
    return (local_today(community) + timedelta(days=days)).isoformat()


def test_a_steward_opens_and_lists_rounds(community, steward, member, api_for):
    status, body = api_for(steward).post(
        f"/communities/{community.slug}/reflections",
        {"title": "Spring", "prompt": "Hi", "closes_on": _closes(community)},
    )
    assert status == 201 and body["is_open"] and body["results"]["suppressed"]
    status, listing = api_for(member).get(f"/communities/{community.slug}/reflections")
    assert status == 200 and listing["total"] == 1
    assert listing["items"][0]["answered"] is False


@pytest.mark.parametrize(
    "payload",
    [{"title": "X"}, {"title": "X", "closes_on": "2001-01-01"}, {"title": "", "closes_on": "x"}],
)
def test_bad_rounds_are_refused(community, steward, api_for, payload):
    status, body = api_for(steward).post(f"/communities/{community.slug}/reflections", payload)
    assert status in (400, 422) and body["detail"]
    assert not CheckInRound.objects.exists()


def test_members_open_rounds_only_when_allowed(community, steward, member, api_for):
    payload = {"title": "Mine", "closes_on": _closes(community)}
    assert api_for(member).post(f"/communities/{community.slug}/reflections", payload)[0] == 403
    path = f"/communities/{community.slug}/reflection-settings"
    assert api_for(member).call("put", path, {"members_may_open": True})[0] == 403
    assert api_for(steward).call("put", path, {"members_may_open": True}) == (
        200,
        {"members_may_open": True},
    )
    assert api_for(member).post(f"/communities/{community.slug}/reflections", payload)[0] == 201


def test_answer_once_read_only_mine_and_change_while_open(community, steward, member, api_for):
    round = open_round(steward, community)
    path = f"/reflections/{round.pk}/answers"
    assert api_for(member).get(path)[0] == 404  # not answered yet
    status, body = api_for(member).post(
        path, {"worthwhile": 4, "cycles": ["applied"], "story": "Learned", "sharing": "anonymous"}
    )
    assert status == 201 and body["worthwhile"] == 4 and body["cycles"] == ["applied"]
    status, body = api_for(member).post(path, {"worthwhile": 1})
    assert status == 409 and "already answered" in body["detail"]
    status, body = api_for(member).patch(path, {"worthwhile": 2, "capacity_hours": 3})
    assert status == 200 and (body["worthwhile"], body["story"], body["capacity_hours"]) == (
        2,
        "Learned",
        3,
    )
    assert api_for(member).get(path)[1]["worthwhile"] == 2
    # The steward reads their own answer only: they have none.
    assert api_for(steward).get(path)[0] == 404
    expire(round)
    assert api_for(member).patch(path, {"worthwhile": 5})[0] == 409
    assert CheckInAnswer.objects.get().worthwhile == 2


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"worthwhile": 0},
        {"worthwhile": 6},
        {"worthwhile": 3, "capacity_hours": -1},
        {"worthwhile": 3, "cycles": ["nope"]},
        {"worthwhile": 3, "sharing": "world"},
        {"worthwhile": 3, "story": "x" * 5000},
    ],
)
def test_bad_answers_are_refused(community, steward, member, api_for, payload):
    round = open_round(steward, community)
    status, _body = api_for(member).post(f"/reflections/{round.pk}/answers", payload)
    assert status == 422
    assert not CheckInAnswer.objects.exists()


def test_the_round_shows_aggregates_once_closed_with_enough_answers(
    community, steward, member, make_user, api_for
):
    others = add_members(make_user, community, 4)
    round = open_round(steward, community)
    for person, score in zip([member, *others], [5, 4, 3, 4, 4], strict=True):
        answer(person, round, score, capacity_hours=score, cycles=["immediate"])
    status, body = api_for(member).get(f"/reflections/{round.pk}")
    assert status == 200 and body["results"] == {
        "count": 5,
        "suppressed": True,
        "open": True,
        "worthwhile": None,
        "capacity": None,
        "cycles": None,
    }
    assert api_for(steward).post(f"/reflections/{round.pk}/close")[0] == 200
    body = api_for(member).get(f"/reflections/{round.pk}")[1]
    results = body["results"]
    assert results["worthwhile"]["mean"] == 4 and results["worthwhile"]["distribution"]["5"] == 1
    assert results["capacity"]["total"] == 20 and results["cycles"]["immediate"] == 5
    assert "median" not in results["capacity"]


def test_goal_reviews_through_the_api(community, steward, member, api_for):
    goal = goal_create(member, community, title="Monthly calls")
    round = open_round(steward, community)
    path = f"/reflections/{round.pk}/goal-reviews"
    assert api_for(member).post(path, {"goal_id": goal.pk, "decision": "retire"})[0] == 403
    status, body = api_for(steward).post(
        path, {"goal_id": goal.pk, "decision": "revise", "title": "Fortnightly calls"}
    )
    assert status == 201 and body["goal_title"] == "Fortnightly calls"
    assert api_for(steward).post(path, {"goal_id": goal.pk, "decision": "keep"})[0] == 409
    assert api_for(member).get(f"/reflections/{round.pk}")[1]["goal_reviews"][0]["decision"] == (
        "revise"
    )


def test_outsiders_get_404_for_a_private_round(private_community, steward, outsider, api_for):
    round = open_round(steward, private_community)
    for method, path in [
        ("get", f"/communities/{private_community.slug}/reflections"),
        ("get", f"/reflections/{round.pk}"),
        ("get", f"/reflections/{round.pk}/answers"),
        ("post", f"/reflections/{round.pk}/close"),
    ]:
        assert api_for(outsider).call(method, path)[0] == 404
        assert api_for(None).call(method, path)[0] in (401, 404)
    status, _ = api_for(outsider).post(f"/reflections/{round.pk}/answers", {"worthwhile": 3})
    assert status == 404
    assert not CheckInAnswer.objects.exists()
