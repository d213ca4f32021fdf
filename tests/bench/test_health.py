"""The health community of the benchmark: a stream of exactly the events asked for, with the
topics, replies and thanks behind them as the services would leave them, and a report that
times the three situations a page meets."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Sum

from bench import health
from bench.seed import Scale, seed
from practica.communities.models import Activity, Community, Membership
from practica.discussions.first_response import first_responses_refresh
from practica.discussions.models import Post, Thanks, Topic
from practica.health.metrics import CONTRIBUTION_VERBS
from practica.health.models import ContributionDay, TallyState
from practica.health.services import community_health

EVENTS = 3_000


@pytest.fixture
def seeded(db):
    seed(Scale(members=40, communities=2, topics=10, posts=40), seed=3, progress=False)
    return health.seed_health_community(EVENTS, seed=3, progress=False)


def test_the_stream_holds_exactly_the_events_asked_for(seeded):
    community = Community.objects.get(pk=seeded)
    assert community.slug == health.SLUG
    stream = Activity.objects.filter(community=community)
    assert stream.count() == EVENTS
    members = Membership.objects.filter(community=community, status="active")
    assert community.member_count == members.count() == stream.filter(verb="joined").count()
    posts = Post.objects.filter(topic__community=community)
    assert stream.filter(verb="replied").count() == posts.count()
    assert (
        stream.filter(verb="thanked").count()
        == Thanks.objects.filter(post__topic__community=community).count()
    )
    assert (
        stream.filter(verb__endswith="_started").count()
        == Topic.objects.filter(community=community).count()
    )


def test_topics_and_replies_are_consistent(seeded):
    topics = Topic.objects.filter(community_id=seeded).annotate(
        n=Count("posts"), newest=Max("posts__created_at")
    )
    for topic in topics:
        assert topic.reply_count == topic.n
        assert topic.last_activity_at == (topic.newest or topic.created_at)
        if topic.answer_id:
            assert topic.answer.topic_id == topic.pk
    # Every reply's act carries the reply's own time (health reads either).
    for post in Post.objects.filter(topic__community_id=seeded)[:50]:
        act = Activity.objects.get(community_id=seeded, verb="replied", target_id=post.pk)
        assert act.created_at == post.created_at and act.actor_id == post.author_id


def test_topics_know_their_first_response_and_the_tallies_are_built(seeded):
    topics = Topic.objects.filter(community_id=seeded)
    seeded_first = dict(topics.values_list("pk", "first_response_at"))
    assert any(seeded_first.values())
    first_responses_refresh(community_id=seeded)
    assert dict(topics.values_list("pk", "first_response_at")) == seeded_first
    assert TallyState.objects.filter(community_id=seeded).exists()
    contributions = Activity.objects.filter(
        community_id=seeded, verb__in=CONTRIBUTION_VERBS, actor__isnull=False
    ).count()
    tallied = ContributionDay.objects.filter(community_id=seeded).aggregate(n=Sum("contributions"))
    assert tallied["n"] == contributions


def test_the_report_times_every_case_and_health_reads_the_community(seeded):
    community = Community.objects.get(pk=seeded)
    result = community_health(AnonymousUser(), community, window_days=90)
    assert result["active_members"] > 0 and result["contributions"] > 0
    report = health.run(rounds=1)
    assert report["events"] == EVENTS
    for days in (90, 30):
        for case in ("cold", "after_write", "cached"):
            assert report[f"window_{days}"][case]["samples"] >= 1
    assert report["verdict"] in {"PASS", "FAIL"}


def test_without_the_community_the_report_says_so(db):
    assert health.run(rounds=1)["verdict"] == "UNAVAILABLE"
