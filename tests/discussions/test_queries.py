"""Viewer-bounded reads of discussions: hidden topics listed only for stewards, hidden posts
shown only to stewards and their authors, thanks, open questions and filters."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from practica.accounts.models import User
from practica.communities.services import community_join
from practica.core.errors import NotFound
from practica.discussions.models import Topic
from practica.discussions.queries import (
    latest_topics,
    post_for_viewer,
    post_page_number,
    topic_for_viewer,
    topic_posts,
    topics_by_author,
    topics_for_viewer,
    unanswered_questions,
)
from practica.discussions.services import (
    post_create,
    post_hide,
    post_thank,
    topic_create,
    topic_hide,
    topic_lock,
    topic_mark_answered,
    topic_pin,
)


def fresh(user):
    return User.objects.get(pk=user.pk)


def titles(rows) -> list[str]:
    return [t.title for t in getattr(rows, "items", rows)]


def make_topic(actor, community, title, kind="discussion", tags=None, age_minutes=0):
    """A topic whose creation and last activity lie ``age_minutes`` in the past, so that
    ordering does not depend on how fast the test runs."""
    topic = topic_create(actor, community, kind=kind, title=title, body="Body", tags=tags)
    when = timezone.now() - timedelta(minutes=age_minutes)
    Topic.objects.filter(pk=topic.pk).update(created_at=when, last_activity_at=when)
    topic.refresh_from_db()
    return topic


@pytest.fixture
def third(make_user, community):
    user = make_user("Ana Lima")
    community_join(user, community, acknowledge_charter=True)
    return user


# --- listing ----------------------------------------------------------------------------------


def test_topics_pinned_first_then_latest_activity(community, member, steward):
    old = make_topic(member, community, "Old", age_minutes=30)
    make_topic(member, community, "Middle", age_minutes=20)
    make_topic(member, community, "New", age_minutes=10)
    topic_pin(steward, old.pk)
    assert titles(topics_for_viewer(None, community)) == ["Old", "New", "Middle"]


def test_reply_brings_a_topic_up(community, member, steward):
    old = make_topic(member, community, "Old", age_minutes=30)
    make_topic(member, community, "New", age_minutes=10)
    post_create(steward, old.pk, body="Bump")
    assert titles(topics_for_viewer(None, community)) == ["Old", "New"]
    assert titles(latest_topics(None, community)) == ["Old", "New"]


def test_hidden_topics_are_listed_only_for_stewards(community, member, steward, third):
    make_topic(member, community, "Visible", age_minutes=2)
    bad = make_topic(member, community, "Hidden", age_minutes=1)
    topic_hide(steward, bad.pk, reason="Rule 1")
    assert titles(topics_for_viewer(fresh(steward), community)) == ["Hidden", "Visible"]
    for viewer in (fresh(member), fresh(third), None, AnonymousUser()):
        assert titles(topics_for_viewer(viewer, community)) == ["Visible"]
        assert titles(latest_topics(viewer, community)) == ["Visible"]
    # The topic itself can still be opened, so people can read why it was hidden.
    assert topic_for_viewer(fresh(member), bad.pk).hidden_reason == "Rule 1"
    assert topics_by_author(None, member.pk) == [Topic.objects.get(title="Visible")]


def test_kind_filter(community, member):
    make_topic(member, community, "Q", kind="question", age_minutes=3)
    make_topic(member, community, "I", kind="idea", age_minutes=2)
    make_topic(member, community, "P", kind="practice", age_minutes=1)
    assert titles(topics_for_viewer(None, community, kind="idea")) == ["I"]
    assert titles(topics_for_viewer(None, community, kind="question")) == ["Q"]
    assert titles(topics_for_viewer(None, community, kind="rant")) == []
    assert len(topics_for_viewer(None, community, kind="").items) == 3


def test_tag_filter_is_normalised(community, member):
    make_topic(member, community, "Tagged", tags="Open Science, evaluation", age_minutes=2)
    make_topic(member, community, "Other", tags="ecology", age_minutes=1)
    assert titles(topics_for_viewer(None, community, tag="Open Science")) == ["Tagged"]
    assert titles(topics_for_viewer(None, community, tag="#open-science")) == ["Tagged"]
    assert titles(topics_for_viewer(None, community, tag="knitting")) == []


def test_kind_and_tag_filters_combine(community, member):
    make_topic(member, community, "Tagged question", kind="question", tags="a", age_minutes=2)
    make_topic(member, community, "Tagged idea", kind="idea", tags="a", age_minutes=1)
    found = topics_for_viewer(None, community, kind="question", tag="a")
    assert titles(found) == ["Tagged question"]


def test_unanswered_filter(community, member, steward):
    open_q = make_topic(member, community, "Open question", kind="question", age_minutes=3)
    done_q = make_topic(member, community, "Done question", kind="question", age_minutes=2)
    make_topic(member, community, "Talk", age_minutes=1)
    topic_mark_answered(member, done_q.pk, post_create(steward, done_q.pk, body="A").pk)
    assert titles(topics_for_viewer(None, community, unanswered=True)) == [open_q.title]


def test_topic_list_is_paginated(community, member):
    for n in range(5):
        make_topic(member, community, f"T{n}", age_minutes=10 - n)
    first = topics_for_viewer(None, community, size=2)
    last = topics_for_viewer(None, community, page=3, size=2)
    assert first.total == 5 and first.pages == 3
    assert titles(first) == ["T4", "T3"] and titles(last) == ["T0"]
    assert titles(topics_for_viewer(None, community, page="junk", size=2)) == ["T4", "T3"]


def test_private_topics_are_not_found_for_outsiders(private_community, member, outsider):
    secret = make_topic(member, private_community, "Secret")
    post = post_create(fresh(member), secret.pk, body="Shh")
    for viewer in (outsider, AnonymousUser(), None):
        with pytest.raises(NotFound):
            topics_for_viewer(viewer, private_community)
        with pytest.raises(NotFound):
            topic_for_viewer(viewer, secret.pk)
        with pytest.raises(NotFound):
            post_for_viewer(viewer, post.pk)
        with pytest.raises(NotFound):
            unanswered_questions(viewer, private_community)
        assert topics_by_author(viewer, member.pk) == []
    assert titles(topics_by_author(fresh(member), member.pk)) == ["Secret"]


@pytest.mark.parametrize("bad_id", [999_999, "abc", None, -1, 2**70, float("inf")])
def test_unknown_topic_or_post_is_not_found(db, bad_id):
    with pytest.raises(NotFound):
        topic_for_viewer(None, bad_id)
    with pytest.raises(NotFound):
        post_for_viewer(None, bad_id)


def test_topic_list_runs_a_bounded_number_of_queries(
    community, member, django_assert_max_num_queries
):
    for n in range(12):
        make_topic(member, community, f"T{n}", tags="a, b")
    viewer = fresh(member)
    with django_assert_max_num_queries(6):
        page = topics_for_viewer(viewer, community)
        for topic in page.items:
            str(topic.author.profile)
            list(topic.tags.all())


# --- unanswered questions ---------------------------------------------------------------------


def test_unanswered_questions_oldest_first(community, member, steward):
    newer = make_topic(member, community, "Newer", kind="question", age_minutes=5)
    older = make_topic(member, community, "Older", kind="question", age_minutes=50)
    answered = make_topic(member, community, "Answered", kind="question", age_minutes=60)
    locked = make_topic(member, community, "Locked", kind="question", age_minutes=70)
    hidden = make_topic(member, community, "Hidden", kind="question", age_minutes=80)
    make_topic(member, community, "Not a question", age_minutes=90)
    topic_mark_answered(member, answered.pk, post_create(steward, answered.pk, body="A").pk)
    topic_lock(steward, locked.pk)
    topic_hide(steward, hidden.pk, reason="Rule 1")
    # A reply does not change the order: waiting time counts from when it was asked.
    post_create(steward, older.pk, body="Not an answer yet")
    assert titles(unanswered_questions(fresh(member), community)) == [older.title, newer.title]
    assert titles(unanswered_questions(fresh(member), community, limit=1)) == [older.title]
    assert "Hidden" in titles(unanswered_questions(fresh(steward), community))


# --- posts ------------------------------------------------------------------------------------


@pytest.fixture
def thread(community, member, steward, third):
    topic = make_topic(member, community, "Check-ins")
    first = post_create(steward, topic.pk, body="Round the circle.")
    second = post_create(third, topic.pk, body="Rude words.", reply_to=first.pk)
    post_hide(steward, second.pk, reason="Personal attack")
    post_thank(member, first.pk)
    return topic, first, second


def test_posts_in_order_with_thanks(thread, member, steward, third):
    topic, first, second = thread
    page = topic_posts(fresh(member), topic)
    assert [p.pk for p in page.items] == [first.pk, second.pk]
    by_id = {p.pk: p for p in page.items}
    assert by_id[first.pk].thanked_by_viewer is True
    assert by_id[first.pk].thanker_names == ["Mo Member"]
    assert by_id[second.pk].thanked_by_viewer is False
    assert by_id[second.pk].reply_to_id == first.pk
    assert topic_posts(fresh(third), topic).items[0].thanked_by_viewer is False
    assert topic_posts(None, topic).items[0].thanked_by_viewer is False


def test_hidden_post_body_shown_only_to_stewards_and_author(thread, member, steward, third):
    topic, first, second = thread

    def shown(viewer):
        return {p.pk: p.show_body for p in topic_posts(viewer, topic).items}

    assert shown(fresh(steward)) == {first.pk: True, second.pk: True}
    assert shown(fresh(third)) == {first.pk: True, second.pk: True}  # the author
    assert shown(fresh(member)) == {first.pk: True, second.pk: False}
    assert shown(None) == {first.pk: True, second.pk: False}
    assert shown(AnonymousUser()) == {first.pk: True, second.pk: False}


def test_posts_are_paginated_and_located(community, member, steward):
    topic = make_topic(member, community, "Long")
    posts = [post_create(steward, topic.pk, body=f"Reply {n}") for n in range(5)]
    page = topic_posts(None, topic, page=2, size=2)
    assert [p.pk for p in page.items] == [posts[2].pk, posts[3].pk]
    assert [post_page_number(p, size=2) for p in posts] == [1, 1, 2, 2, 3]


def test_topic_posts_runs_a_bounded_number_of_queries(
    thread, community, member, make_user, django_assert_max_num_queries
):
    topic, first, _second = thread
    for n in range(8):
        person = make_user(f"Helper {n}")
        community_join(person, community, acknowledge_charter=True)
        post_thank(person, first.pk)
        post_create(person, topic.pk, body=f"Me too {n}", reply_to=first.pk)
    viewer = fresh(member)
    with django_assert_max_num_queries(6):
        page = topic_posts(viewer, topic)
        for post in page.items:
            str(post.author.profile)
            if post.reply_to:
                str(post.reply_to.author.profile)
    assert len(page.items) == 10
