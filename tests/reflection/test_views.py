"""Reflection pages: the rounds list, a round (answering, results), the retrospective, the
settings, closing, goal review; refusals; the tab; a bounded number of queries."""

import pytest
from django.urls import reverse

from practica.communities.services import goal_create
from practica.reflection.models import CheckInAnswer, CheckInRound, GoalReview, ReflectionSettings

from .helpers import add_members, answer, expire, open_round


def rounds_url(community):
    return reverse("reflection:rounds", kwargs={"slug": community.slug})


def round_url(round, name="round"):
    return reverse(
        f"reflection:{name}", kwargs={"slug": round.community.slug, "round_id": round.pk}
    )


def test_the_tab_and_the_empty_rounds_page(community, member, client_for):
    response = client_for(member).get(rounds_url(community))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-current="page">Reflection</a>' in body
    assert "No reflection rounds yet" in body
    assert "Open the round" not in body  # only stewards, by default


def test_a_steward_opens_a_round_from_the_page(community, steward, client_for):
    from practica.reflection.services import local_today

    client = client_for(steward)
    closes = local_today(community).toordinal() + 5
    from datetime import date

    response = client.post(
        rounds_url(community),
        {"title": "Spring", "prompt": "How are we?", "closes_on": date.fromordinal(closes)},
    )
    round = CheckInRound.objects.get()
    assert response.status_code == 302 and response["Location"] == round_url(round)
    assert client.get(rounds_url(community)).content.decode().count("Spring") >= 1


@pytest.mark.parametrize(
    "data", [{}, {"title": "X", "closes_on": "2001-01-01"}, {"title": "", "closes_on": "x"}]
)
def test_a_bad_round_is_shown_again_with_errors(community, steward, client_for, data):
    response = client_for(steward).post(rounds_url(community), data)
    assert response.status_code == 400
    assert not CheckInRound.objects.exists()


def test_a_member_may_not_open_a_round_unless_allowed(community, steward, member, client_for):
    client = client_for(member)
    response = client.post(rounds_url(community), {"title": "Mine", "closes_on": "2099-01-01"})
    assert response.status_code == 403
    steward_client = client_for(steward)
    assert (
        client.post(
            reverse("reflection:settings", args=[community.slug]), {"members_may_open": "on"}
        ).status_code
        == 403
    )
    response = steward_client.post(
        reverse("reflection:settings", args=[community.slug]), {"members_may_open": "on"}
    )
    assert response.status_code == 302
    assert ReflectionSettings.objects.get().members_may_open
    assert "Open the round" in client.get(rounds_url(community)).content.decode()


def test_outsiders_and_anonymous_visitors(
    community, private_community, steward, outsider, client_for
):
    public_round = open_round(steward, community)
    private_round = open_round(steward, private_community)
    assert client_for(outsider).get(rounds_url(community)).status_code == 403
    assert client_for(outsider).get(round_url(public_round)).status_code == 403
    assert client_for(outsider).get(round_url(private_round)).status_code == 404
    assert client_for(None).get(round_url(private_round)).status_code == 404
    anonymous = client_for(None).get(round_url(public_round))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # A round asked for under another community's address is not found.
    wrong = reverse("reflection:round", args=[community.slug, private_round.pk])
    assert client_for(steward).get(wrong).status_code == 404


def test_answering_and_changing_an_answer(community, steward, member, client_for):
    round = open_round(steward, community)
    client = client_for(member)
    page = client.get(round_url(round)).content.decode()
    assert "Send my answer" in page
    data = {
        "worthwhile": "4",
        "capacity_hours": "5",
        "story": "Met a mentor",
        "cycles": ["immediate", "applied"],
        "sharing": "named",
        "should_change": "More",
    }
    assert client.post(round_url(round), data).status_code == 302
    assert CheckInAnswer.objects.get().cycles == ["immediate", "applied"]
    page = client.get(round_url(round)).content.decode()
    assert "Save my changes" in page and "Met a mentor" in page  # one's own answer
    client.post(round_url(round), {**data, "worthwhile": "2"})
    assert CheckInAnswer.objects.get().worthwhile == 2
    assert CheckInAnswer.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"worthwhile": "9"},
        {"worthwhile": "3", "capacity_hours": "-4"},
        {"worthwhile": "3", "sharing": "world"},
        {"worthwhile": "3", "cycles": "x"},
    ],
)
def test_bad_answers_are_refused_on_the_page(community, steward, member, client_for, data):
    round = open_round(steward, community)
    response = client_for(member).post(round_url(round), data)
    assert response.status_code == 400
    assert not CheckInAnswer.objects.exists()


def test_results_appear_only_after_closing_with_enough_answers(
    community, steward, member, make_user, client_for
):
    others = add_members(make_user, community, 4)
    round = open_round(steward, community)
    answer(member, round, 5, capacity_hours=4)
    answer(others[0], round, 3, capacity_hours=8)
    client = client_for(steward)
    page = client.get(round_url(round)).content.decode()
    assert "2 answers so far" in page and "mean" not in page
    answer(others[1], round, 1, capacity_hours=10)
    answer(others[2], round, 3, capacity_hours=2)
    answer(others[3], round, 3, capacity_hours=6)
    assert "mean 3" not in client.get(round_url(round)).content.decode()  # still open
    client.post(round_url(round, "close"))
    page = client.get(round_url(round)).content.decode()
    assert "mean 3, median 3" in page
    assert "30 hours a month in all" in page
    assert "median 6" not in page  # no median of capacity: it would give answers away


def test_a_small_round_shows_only_its_count(community, steward, member, client_for):
    round = open_round(steward, community)
    answer(member, round, 5)
    expire(round)
    page = client_for(steward).get(round_url(round, "retrospective")).content.decode()
    assert "1 answer." in page and "fewer than 5 answers" in page
    assert "Worthwhile: mean" not in page and "Answers by score" not in page


def test_the_retrospective_ties_results_stories_goals_and_health(
    community, steward, member, make_user, client_for
):
    named, anonymous, private, *more = add_members(make_user, community, 5)
    goal = goal_create(member, community, title="Monthly calls")
    round = open_round(steward, community)
    answer(named, round, 4, story="Named story here", sharing="named", cycles=["applied"])
    answer(anonymous, round, 5, story="Anonymous story here", sharing="anonymous")
    answer(private, round, 2, story="Private story here", should_change="Secret wish")
    for person in more:
        answer(person, round, 3)
    client = client_for(steward)
    client.post(
        reverse("reflection:goal_review", args=[community.slug, round.pk]),
        {"goal_id": goal.pk, "decision": "achieve", "note": "Done in spring"},
    )
    assert GoalReview.objects.get().decision == "achieve"
    expire(round)
    response = client.get(round_url(round, "retrospective"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Named story here" in page and named.display_name in page
    assert "Anonymous story here" in page and anonymous.display_name not in page
    assert "Private story here" not in page and "Secret wish" not in page
    assert "Done in spring" in page and "Monthly calls" in page
    assert "Health at the round" in page and "Active members" in page
    assert "Applied value" in page


def test_the_goal_review_form_is_for_stewards_and_the_opener(
    community, steward, member, client_for
):
    goal = goal_create(member, community, title="Monthly calls")
    round = open_round(steward, community)
    assert "Record the decision" in client_for(steward).get(round_url(round)).content.decode()
    assert "Record the decision" not in client_for(member).get(round_url(round)).content.decode()
    response = client_for(member).post(
        reverse("reflection:goal_review", args=[community.slug, round.pk]),
        {"goal_id": goal.pk, "decision": "retire"},
    )
    assert response.status_code == 403
    response = client_for(steward).post(
        reverse("reflection:goal_review", args=[community.slug, round.pk]),
        {"goal_id": goal.pk, "decision": "revise"},
    )
    assert response.status_code == 400 and not GoalReview.objects.exists()


def test_closing_twice_is_told_not_failed(community, steward, client_for):
    round = open_round(steward, community)
    client = client_for(steward)
    assert client.post(round_url(round, "close")).status_code == 302
    assert client.post(round_url(round, "close")).status_code == 302
    assert client.get(round_url(round, "close"))["Location"] == round_url(round)


def test_pages_run_a_bounded_number_of_queries(
    community, steward, member, make_user, client_for, django_assert_max_num_queries
):
    people = add_members(make_user, community, 6)
    for i in range(3):
        round = open_round(steward, community, title=f"Round {i}")
        for person in people:
            answer(person, round, 1 + i, story=f"s{i}", sharing="named")
        goal = goal_create(member, community, title=f"Goal {i}")
        from practica.reflection.services import goal_review

        goal_review(steward, round.pk, goal_id=goal.pk, decision="keep")
        expire(round)
    client = client_for(steward)
    client.get(rounds_url(community))
    with django_assert_max_num_queries(30):
        assert client.get(rounds_url(community)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(round_url(round)).status_code == 200
    # Health indicators included, their tallies built on this first reading: bounded by the
    # number of windows, not by the data.
    with django_assert_max_num_queries(75):
        assert client.get(round_url(round, "retrospective")).status_code == 200
