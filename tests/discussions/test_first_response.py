"""``Topic.first_response_at``: the earliest reply by someone other than the author that is not
hidden, kept however posts are written, hidden, shown again or deleted."""

from datetime import timedelta

from practica.communities.services import community_join
from practica.discussions.first_response import first_responses_refresh
from practica.discussions.models import Post, Topic
from practica.discussions.services import post_create, post_hide, topic_create, topic_edit


def first_response(topic):
    return Topic.objects.values_list("first_response_at", flat=True).get(pk=topic.pk)


def test_the_first_reply_by_someone_else_is_kept(community, member, steward, make_user):
    topic = topic_create(member, community, kind="question", title="Where?", body="…")
    assert first_response(topic) is None
    post_create(member, topic.pk, body="More detail.")  # the author's own
    assert first_response(topic) is None
    answer = post_create(steward, topic.pk, body="Here.")
    assert first_response(topic) == answer.created_at
    post_create(member, topic.pk, body="Thanks!")
    assert first_response(topic) == answer.created_at
    # An imported message dated earlier is the first response from then on.
    older = Post.objects.create(
        topic=topic,
        author=make_user("Old"),
        body="…",
        created_at=answer.created_at - timedelta(days=1),
    )
    assert first_response(topic) == older.created_at


def test_hiding_showing_and_deleting_a_reply(community, member, steward, make_user):
    topic = topic_create(member, community, kind="discussion", title="Ideas", body="…")
    first = post_create(steward, topic.pk, body="One.")
    sam = make_user("Sam")
    community_join(sam, community, acknowledge_charter=True)
    second = post_create(sam, topic.pk, body="Two.")
    post_hide(steward, first.pk, reason="Spam")
    assert first_response(topic) == second.created_at
    post_hide(steward, first.pk, reason="", hidden=False)
    assert first_response(topic) == first.created_at
    Post.objects.get(pk=first.pk).delete()
    assert first_response(topic) == second.created_at


def test_editing_the_topic_keeps_the_first_response(community, member, steward):
    topic = topic_create(member, community, kind="discussion", title="Ideas", body="…")
    stale = Topic.objects.get(pk=topic.pk)
    answer = post_create(steward, topic.pk, body="One.")
    topic_edit(member, stale.pk, title="Better ideas")
    assert first_response(topic) == answer.created_at


def test_refresh_works_it_out_from_the_posts(community, member, steward):
    topic = topic_create(member, community, kind="discussion", title="Ideas", body="…")
    answer = post_create(steward, topic.pk, body="One.")
    Topic.objects.filter(pk=topic.pk).update(first_response_at=None)  # as after an update()
    assert first_responses_refresh(community_id=community.pk) == 1
    assert first_response(topic) == answer.created_at
    Post.objects.filter(pk=answer.pk).update(author=member)  # now the author's own
    first_responses_refresh(topic_ids=[topic.pk])
    assert first_response(topic) is None
