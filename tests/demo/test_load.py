"""The demo is loaded through the services, so these tests check what a visitor would see:
enough people and conversation to explore, a believable history, privacy kept, and a second
load that changes nothing.

The demo is loaded once for the module, inside a transaction rolled back at the end; each
test runs in its own savepoint on top of it (the ``db`` fixture), so tests that change data
leave nothing behind for the next one.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Max
from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import (
    Activity,
    CharterProposal,
    Community,
    Goal,
    Membership,
    Notification,
)
from practica.communities.visibility import community_for_viewer, visible_communities
from practica.core.errors import NotFound
from practica.demo.content import COMMUNITIES, RESEARCH, TEACHERS
from practica.demo.load import DEMO_PASSWORD, MAIN_LOGIN, load_demo
from practica.discussions.models import Post, Thanks, Topic


@pytest.fixture
def demo(demo_loaded, db):
    return demo_loaded


def _counts() -> dict[str, int]:
    models = (User, Community, Membership, Topic, Post, Thanks, Notification, Activity)
    return {model.__name__: model.objects.count() for model in models}


def test_loads_enough_to_explore_quickly(demo):
    assert demo < 60
    assert Community.objects.count() >= 3
    members = User.objects.filter(memberships__status="active").distinct().count()
    assert members >= 40
    assert Topic.objects.count() + Post.objects.count() >= 250
    assert set(Topic.objects.values_list("kind", flat=True)) == {
        "discussion",
        "question",
        "practice",
        "idea",
    }
    assert Topic.objects.filter(answer__isnull=False).count() >= 10
    assert Thanks.objects.count() >= 50
    assert Notification.objects.filter(kind="mention").exists()


def test_second_load_creates_nothing(demo):
    before = _counts()
    assert load_demo(progress=False) is False
    assert load_demo(if_empty=True, progress=False) is False
    assert _counts() == before


def test_a_missing_demo_community_is_restored_without_duplicating_people(demo):
    people = User.objects.count()
    Community.objects.get(slug=TEACHERS.slug).delete()
    assert load_demo(progress=False) is True
    assert Community.objects.filter(slug=TEACHERS.slug).count() == 1
    assert User.objects.count() == people


def test_private_community_stays_private(demo, client):
    circle = Community.objects.get(slug=TEACHERS.slug)
    assert circle.visibility == "private" and circle.join_policy == "invitation"
    outsider = User.objects.get(email="mei.tanaka@demo.practica.example")
    assert not Membership.objects.filter(user=outsider, community=circle).exists()
    for viewer in (AnonymousUser(), outsider):
        with pytest.raises(NotFound):
            community_for_viewer(viewer, circle.slug)
        assert circle not in visible_communities(viewer)
    assert client.get(f"/c/{circle.slug}/").status_code == 404
    ana = User.objects.get(email=MAIN_LOGIN)
    assert community_for_viewer(ana, circle.slug) == circle


def test_every_text_is_rendered(demo):
    assert not Topic.objects.filter(body_html="").exists()
    assert not Post.objects.filter(body_html="").exists()
    assert not Community.objects.filter(purpose_html="").exists()


def test_history_is_spread_over_time_and_consistent(demo):
    now = timezone.now()
    created = list(Community.objects.values_list("created_at", flat=True))
    assert len(set(created)) == len(COMMUNITIES)
    assert max(now - c for c in created) > timedelta(days=600)
    for model, field in ((Topic, "created_at"), (Post, "created_at"), (Activity, "created_at")):
        assert not model.objects.filter(**{f"{field}__gt": now}).exists()
    oldest = Post.objects.order_by("created_at").first().created_at
    assert now - oldest > timedelta(days=365)
    topics = Topic.objects.annotate(n=Count("posts"), newest=Max("posts__created_at"))
    for topic in topics:
        assert topic.reply_count == topic.n
        assert topic.last_activity_at == (topic.newest or topic.created_at)
    assert not Post.objects.filter(created_at__lt=F("topic__created_at")).exists()
    assert not Topic.objects.exclude(answer__isnull=True).exclude(answer__topic=F("pk")).exists()


def test_charters_and_goals_carry_their_history(demo):
    health = Community.objects.get(slug="community-health-practice")
    statuses = list(
        CharterProposal.objects.filter(community=health).values_list("status", "version")
    )
    assert sum(1 for s, _v in statuses if s == "adopted") >= 3
    assert ("not_adopted", None) in statuses
    open_proposal = CharterProposal.objects.get(community__slug=RESEARCH.slug, status="open")
    assert open_proposal.review_ends_at > timezone.now()
    positions = set(open_proposal.responses.values_list("position", flat=True))
    assert {"consent", "concern"} <= positions
    goal_statuses = set(Goal.objects.values_list("status", flat=True))
    assert {"active", "achieved", "retired"} <= goal_statuses
    assert Goal.objects.annotate(n=Count("revisions")).filter(n__gte=2).count() >= 5


def test_main_login_works_and_has_something_waiting(demo):
    ana = authenticate(username=MAIN_LOGIN, password=DEMO_PASSWORD)
    assert ana is not None
    assert Membership.objects.filter(user=ana, status="active").count() == len(COMMUNITIES)
    unread = Notification.objects.filter(recipient=ana, read_at__isnull=True)
    assert unread.filter(kind="join_request").exists()
    assert unread.count() >= 3
    assert Membership.objects.filter(status="pending").exists()
