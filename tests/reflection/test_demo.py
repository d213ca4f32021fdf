"""The demo's reflection rounds: closed rounds with aggregates and shared stories, a goal
review, and an open round ana.lima has yet to answer — all dated in the past."""

import pytest
from django.urls import reverse

from practica.accounts.models import User
from practica.communities.models import Community
from practica.demo.accounts import demo_email
from practica.reflection.models import CheckInAnswer, CheckInRound, GoalReview

SLUG = "community-health-practice"


@pytest.fixture
def demo(demo_loaded, db):
    return None


def test_rounds_are_dated_in_the_past_and_one_is_open(demo):
    community = Community.objects.get(slug=SLUG)
    rounds = list(CheckInRound.objects.filter(community=community).order_by("opened_at"))
    assert len(rounds) == 4
    assert [r.is_open for r in rounds] == [False, False, False, True]
    for round in rounds[:3]:
        assert round.closed_at == round.closes_at
        assert CheckInAnswer.objects.filter(round=round).count() >= 3
    assert GoalReview.objects.filter(round=rounds[2]).exists()
    ana = User.objects.get(email=demo_email("ana.lima"))
    assert not CheckInAnswer.objects.filter(round=rounds[3], person=ana).exists()


def test_ana_sees_results_stories_and_the_trend(demo, client):
    ana = User.objects.get(email=demo_email("ana.lima"))
    client.force_login(ana)
    page = client.get(reverse("reflection:rounds", args=[SLUG])).content.decode()
    assert "Summer check-in" in page and "Answer" in page
    closed = CheckInRound.objects.filter(community__slug=SLUG, closed_at__isnull=False).last()
    page = client.get(reverse("reflection:retrospective", args=[SLUG, closed.pk])).content.decode()
    assert "Worthwhile: mean" in page
    assert "Health at the round" in page
