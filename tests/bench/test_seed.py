"""The benchmark seed writes rows directly, so it must leave exactly what the services would:
counters that match the rows they count, answers inside their own topic, ids the database
keeps handing out after it."""

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, F, Max, Q

from bench import texts
from bench.bulk import Inserter
from bench.seed import HUNDRED, MEASURED_SLUG, PASSWORD, Scale, login_email, seed
from practica.accounts.models import Profile, User
from practica.communities.models import Community, Membership
from practica.core.models import Tag
from practica.discussions.models import Post, Topic
from practica.discussions.services import post_create, topic_create

TINY = Scale(members=30, communities=3, topics=60, posts=400)


@pytest.fixture
def seeded(db):
    seed(TINY, seed=7, progress=False)


def test_counts_match_the_scale(seeded):
    assert User.objects.count() == TINY.members
    assert Community.objects.count() == TINY.communities
    assert Topic.objects.count() == TINY.topics
    assert Post.objects.count() == TINY.posts


def test_topic_counters_match_their_posts(seeded):
    topics = Topic.objects.annotate(posts_n=Count("posts"), newest=Max("posts__created_at"))
    for topic in topics:
        assert topic.reply_count == topic.posts_n
        assert topic.last_activity_at == (topic.newest or topic.created_at)
        assert topic.body_html
    answers_elsewhere = Topic.objects.filter(answer__isnull=False).exclude(answer__topic=F("pk"))
    assert not answers_elsewhere.exists()


def test_member_and_thanks_counters_match(seeded):
    active = Count("memberships", filter=Q(memberships__status="active"))
    for community in Community.objects.annotate(active=active):
        assert community.member_count == community.active > 0
    wrong = Post.objects.annotate(n=Count("thanks")).exclude(thanks_count=F("n"))
    assert not wrong.exists()
    assert Post.objects.filter(thanks_count__gt=0).exists()


def test_measured_community_has_a_topic_with_exactly_100_posts(seeded):
    community = Community.objects.get(slug=MEASURED_SLUG)
    topic = Topic.objects.get(community=community, reply_count=HUNDRED)
    assert topic.posts.count() == HUNDRED


def test_markdown_is_rendered_once_per_text_and_reused(seeded):
    assert Post.objects.values("body").distinct().count() <= len(texts.POST_BODIES)
    assert not Post.objects.filter(body_html="").exists()
    for body, html in Post.objects.values_list("body", "body_html").distinct()[:5]:
        assert Post.objects.filter(body=body).exclude(body_html=html).count() == 0


def test_profiles_carry_tags_and_the_login_is_a_plain_member(seeded):
    assert not Profile.objects.filter(interests__isnull=True).exists()
    user = authenticate(username=login_email(0), password=PASSWORD)
    assert user is not None
    membership = Membership.objects.get(user=user, community__slug=MEASURED_SLUG)
    assert membership.is_active and not membership.is_steward


def test_services_keep_working_after_the_seed(seeded):
    """Explicit ids must not collide with the ones the database hands out next."""
    user = User.objects.get(email=login_email(0))
    community = Community.objects.get(slug=MEASURED_SLUG)
    topic = topic_create(user, community, kind="idea", title="After the seed", body="Still fine.")
    post = post_create(user, topic.pk, body="And replies too.")
    assert topic.pk > TINY.topics and post.pk > TINY.posts


def test_inserter_refuses_a_row_that_names_other_fields(db):
    tags = Inserter(Tag)
    tags.add(name="first")
    with pytest.raises(ValueError):
        tags.add(id=99, name="second")
    tags.flush()
    assert Tag.objects.filter(name="first").exists()


def test_search_documents_are_what_the_services_would_write(seeded):
    """The seed fills the search index around the services; rebuilding it from the rows
    (practica reindex) must give exactly the same documents, and the index must find them."""
    from practica.core.models import SearchDocument
    from practica.knowledge.search import reindex_all, search

    fields = ("kind", "object_id", "community_id", "author_id", "title", "body", "tags",
              "members_text", "created_at")  # fmt: skip
    seeded_rows = set(SearchDocument.objects.values_list(*fields))
    visible_posts = Post.objects.filter(topic__is_hidden=False).count()
    assert len(seeded_rows) == Topic.objects.filter(is_hidden=False).count() + visible_posts + (
        TINY.members
    )
    reindex_all(progress=False)
    rebuilt = set(SearchDocument.objects.values_list(*fields))
    assert rebuilt == seeded_rows
    word = texts.POST_BODIES[1].split()[3]  # "problem." → "problem"
    assert search(User.objects.get(email=login_email(0)), word.strip(".")).count > 0
