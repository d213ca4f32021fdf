"""The discussions API: topics, replies, edits, thanks, answers and stewards' housekeeping."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practica.discussions.models import Post, Thanks, Topic
from practica.discussions.services import (
    post_create,
    post_thank,
    topic_create,
    topic_lock,
    topic_mark_answered,
)


@pytest.fixture
def question(community, member):
    return topic_create(
        member, community, kind="question", title="How do you run check-ins?", body="Tips?"
    )


def _new_topic(**changes):
    payload = {"kind": "practice", "title": "Walking meetings", "body": "We *walk*.", "tags": []}
    payload.update(changes)
    return payload


# --- topics -----------------------------------------------------------------------------------


def test_create_topic(api_for, community, member):
    status, topic = api_for(member).post(
        f"/communities/{community.slug}/topics",
        _new_topic(body="We *walk*. <script>alert(1)</script>", tags=["Outdoors", "Health"]),
    )
    assert status == 201
    assert topic["kind"] == "practice" and topic["community"] == community.slug
    assert topic["body"] == "We *walk*. <script>alert(1)</script>"
    assert "<em>walk</em>" in topic["body_html"] and "<script>" not in topic["body_html"]
    assert sorted(topic["tags"]) == ["health", "outdoors"]
    assert topic["author"] == {"id": member.pk, "display_name": "Mo Member"}
    assert topic["answer_post_id"] is None and topic["reply_count"] == 0


def test_create_topic_needs_auth_and_membership(api_for, community, outsider):
    path = f"/communities/{community.slug}/topics"
    status, body = api_for().post(path, _new_topic())
    assert status == 401 and body["detail"]
    status, body = api_for(outsider).post(path, _new_topic())
    assert status == 403 and "members" in body["detail"]
    assert not Topic.objects.exists()


@pytest.mark.parametrize(
    "changes, status, mentions",
    [
        ({"title": "x" * 201}, 422, "title"),
        ({"body": "x" * 50_001}, 422, "body"),
        ({"kind": "rant"}, 422, "kind"),
        ({"kind": None}, 422, "kind"),
        ({"title": ["a list"]}, 422, "title"),
        ({"tags": "not-a-list"}, 422, "tags"),
        ({"tags": ["x" * 51]}, 422, "tags"),
        ({"title": "   "}, 400, "title"),
        ({"body": ""}, 400, "write"),
    ],
)
def test_create_topic_rejects_bad_input(api_for, community, member, changes, status, mentions):
    got, body = api_for(member).post(f"/communities/{community.slug}/topics", _new_topic(**changes))
    assert got == status, body
    assert mentions in body["detail"].lower()
    assert not Topic.objects.exists()


def test_create_topic_missing_fields(api_for, community, member):
    status, body = api_for(member).post(f"/communities/{community.slug}/topics", {"kind": "idea"})
    assert status == 422
    assert "title" in body["detail"] and "body" in body["detail"]


def test_topic_list_filters_and_paginates(api_for, community, member, steward, settings):
    settings.PAGE_SIZE = 2
    topic_create(member, community, kind="idea", title="Idea", body="b", tags=["future"])
    answered = topic_create(member, community, kind="question", title="Answered", body="b")
    open_q = topic_create(member, community, kind="question", title="Open", body="b")
    reply = post_create(steward, answered.pk, body="This")
    topic_mark_answered(member, answered.pk, reply.pk)
    api = api_for()
    path = f"/communities/{community.slug}/topics"

    status, body = api.get(path)
    assert status == 200 and (body["total"], body["pages"]) == (3, 2)
    assert api.get(f"{path}?page=2")[1]["items"][0]["title"] == "Idea"
    assert [t["title"] for t in api.get(f"{path}?kind=idea")[1]["items"]] == ["Idea"]
    assert [t["title"] for t in api.get(f"{path}?tag=Future")[1]["items"]] == ["Idea"]
    assert [t["id"] for t in api.get(f"{path}?unanswered=true")[1]["items"]] == [open_q.pk]
    items = {t["id"]: t for t in api.get(f"{path}?kind=question")[1]["items"]}
    assert items[answered.pk]["answer_post_id"] == reply.pk
    assert items[answered.pk]["reply_count"] == 1 and items[open_q.pk]["reply_count"] == 0
    status, body = api.get(f"{path}?kind=rant")
    assert status == 422 and "kind" in body["detail"]


def test_topic_detail_with_posts(api_for, question, member, steward):
    first = post_create(steward, question.pk, body="Try a **round**")
    second = post_create(member, question.pk, body="Thanks!", reply_to=first.pk)
    post_thank(member, first.pk)
    topic_mark_answered(member, question.pk, first.pk)

    status, topic = api_for(member).get(f"/topics/{question.pk}")
    assert status == 200
    assert topic["title"] == "How do you run check-ins?" and topic["body"] == "Tips?"
    assert topic["answer_post_id"] == first.pk
    posts = topic["posts"]
    assert (posts["page"], posts["pages"], posts["total"]) == (1, 1, 2)
    one, two = posts["items"]
    assert one["id"] == first.pk and one["body"] == "Try a **round**"
    assert "<strong>round</strong>" in one["body_html"]
    assert one["author"] == {"id": steward.pk, "display_name": "Stella Steward"}
    assert one["thanks_count"] == 1 and one["thanked_by_me"] is True
    assert one["thanked_by"] == ["Mo Member"] and one["is_answer"] is True
    assert two["id"] == second.pk and two["reply_to"] == first.pk
    assert two["thanked_by_me"] is False
    assert two["edited_at"] is None

    status, topic = api_for().get(f"/topics/{question.pk}")
    assert status == 200 and topic["posts"]["items"][0]["thanked_by_me"] is False


def test_topic_posts_paginate_fifty_a_page_in_bounded_queries(api_for, question, steward, member):
    api = api_for(member)
    for n in range(3):
        post_create(steward, question.pk, body=f"Reply {n}")
    api.get(f"/topics/{question.pk}")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        api.get(f"/topics/{question.pk}")
    for n in range(3, 51):
        post = post_create(steward, question.pk, body=f"Reply {n}")
        post_thank(member, post.pk)
    with CaptureQueriesContext(connection) as many:
        status, topic = api.get(f"/topics/{question.pk}")
    assert len(many) == len(few)
    assert (topic["posts"]["pages"], topic["posts"]["total"]) == (2, 51)
    assert len(topic["posts"]["items"]) == 50
    status, topic = api.get(f"/topics/{question.pk}?page=2")
    assert [p["body"] for p in topic["posts"]["items"]] == ["Reply 50"]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_topics_are_not_found(api_for, private_community, member, outsider, who):
    topic = topic_create(member, private_community, kind="idea", title="Hidden idea", body="b")
    post = post_create(member, topic.pk, body="Hidden reply")
    api = api_for(outsider if who == "outsider" else None)
    status, body = api.get(f"/topics/{topic.pk}")
    assert status == 404 and "Hidden" not in str(body)
    status, body = api.get(f"/communities/{private_community.slug}/topics")
    assert status == 404
    if who == "outsider":
        assert api.post(f"/topics/{topic.pk}/posts", {"body": "Let me in"})[0] == 404
        assert api.patch(f"/posts/{post.pk}", {"body": "Changed"})[0] == 404
        assert api.post(f"/posts/{post.pk}/thanks")[0] == 404
    assert Post.objects.count() == 1 and not Thanks.objects.exists()


def test_author_edits_topic(api_for, question, member, steward):
    status, topic = api_for(member).patch(
        f"/topics/{question.pk}", {"title": "How do you open meetings?", "tags": ["meetings"]}
    )
    assert status == 200
    assert topic["title"] == "How do you open meetings?" and topic["body"] == "Tips?"
    assert topic["tags"] == ["meetings"] and topic["edited_at"] is not None
    status, body = api_for(steward).patch(f"/topics/{question.pk}", {"title": "Mine"})
    assert status == 403
    status, body = api_for(member).patch(f"/topics/{question.pk}", {"title": "x" * 201})
    assert status == 422
    question.refresh_from_db()
    assert question.title == "How do you open meetings?"


# --- posts ------------------------------------------------------------------------------------


def test_reply_and_edit(api_for, question, member, steward):
    status, post = api_for(steward).post(f"/topics/{question.pk}/posts", {"body": "Go *round*"})
    assert status == 201
    assert post["topic_id"] == question.pk and "<em>round</em>" in post["body_html"]
    assert post["thanks_count"] == 0 and post["reply_to"] is None
    status, reply = api_for(member).post(
        f"/topics/{question.pk}/posts", {"body": "Why?", "reply_to": post["id"]}
    )
    assert status == 201 and reply["reply_to"] == post["id"]

    status, edited = api_for(steward).patch(f"/posts/{post['id']}", {"body": "Go around"})
    assert status == 200
    assert edited["body"] == "Go around" and edited["edited_at"] is not None
    status, body = api_for(member).patch(f"/posts/{post['id']}", {"body": "Hijack"})
    assert status == 403
    status, body = api_for(steward).patch(f"/posts/{post['id']}", {"body": "x" * 50_001})
    assert status == 422
    assert Post.objects.get(pk=post["id"]).body == "Go around"


def test_reply_rejections(api_for, community, question, member, steward):
    other = topic_create(member, community, kind="idea", title="Other", body="b")
    elsewhere = post_create(steward, other.pk, body="Elsewhere")
    api = api_for(member)
    path = f"/topics/{question.pk}/posts"
    status, body = api.post(path, {"body": "Hi", "reply_to": elsewhere.pk})
    assert status == 400 and "this topic" in body["detail"]
    status, body = api.post(path, {"body": "Hi", "reply_to": "first"})
    assert status == 422
    status, body = api.post(path, {})
    assert status == 422 and "body" in body["detail"]
    status, body = api.post(path, {"body": "   "})
    assert status == 400
    assert api_for().post(path, {"body": "Hi"})[0] == 401
    assert api.post("/topics/999999/posts", {"body": "Hi"})[0] == 404
    topic_lock(steward, question.pk, True)
    status, body = api.post(path, {"body": "Hi"})
    assert status == 409 and "locked" in body["detail"]
    assert question.posts.count() == 0


def test_thanks(api_for, question, member, steward, outsider):
    post = post_create(steward, question.pk, body="Helpful")
    api = api_for(member)
    assert api.post(f"/posts/{post.pk}/thanks") == (200, {"thanks_count": 1, "thanked": True})
    assert api.post(f"/posts/{post.pk}/thanks") == (200, {"thanks_count": 1, "thanked": True})
    assert api.delete(f"/posts/{post.pk}/thanks") == (200, {"thanks_count": 0, "thanked": False})
    status, body = api_for(steward).post(f"/posts/{post.pk}/thanks")
    assert status == 400 and "yourself" in body["detail"]
    assert api_for(outsider).post(f"/posts/{post.pk}/thanks")[0] == 403
    assert not Thanks.objects.exists()


def test_mark_answer(api_for, community, question, member, steward):
    reply = post_create(steward, question.pk, body="Use a round")
    other = topic_create(member, community, kind="idea", title="Other", body="b")
    elsewhere = post_create(steward, other.pk, body="Elsewhere")
    path = f"/topics/{question.pk}/answer"

    status, body = api_for(member).post(path, {"post_id": elsewhere.pk})
    assert status == 400 and "this topic" in body["detail"]
    status, body = api_for(steward).post(path, {"post_id": reply.pk})
    assert status == 403
    status, body = api_for(member).post(path, {})
    assert status == 422
    question.refresh_from_db()
    assert question.answer_id is None

    status, topic = api_for(member).post(path, {"post_id": reply.pk})
    assert status == 200 and topic["answer_post_id"] == reply.pk
    status, topic = api_for(member).post(path, {"post_id": None})
    assert status == 200 and topic["answer_post_id"] is None


# --- stewards' housekeeping -------------------------------------------------------------------


@pytest.mark.parametrize("flag, field", [("pin", "is_pinned"), ("lock", "is_locked")])
def test_pin_and_lock_are_for_stewards(api_for, question, member, steward, flag, field):
    path = f"/topics/{question.pk}/{flag}"
    status, body = api_for(member).post(path, {"value": True})
    assert status == 403 and "steward" in body["detail"]
    status, body = api_for(steward).post(path, {"value": "sometimes"})
    assert status == 422
    question.refresh_from_db()
    assert getattr(question, field) is False

    status, topic = api_for(steward).post(path, {"value": True})
    assert status == 200 and topic[field] is True
    status, topic = api_for(steward).post(path, {"value": False})
    assert status == 200 and topic[field] is False


def test_hide_topic(api_for, community, question, member, steward, make_user):
    reader = make_user("Rita Reader")
    from practica.communities.services import community_join

    community_join(reader, community, acknowledge_charter=True)
    path = f"/topics/{question.pk}/hide"
    assert api_for(member).post(path, {"hidden": True, "reason": "Off topic"})[0] == 403
    status, body = api_for(steward).post(path, {"hidden": True})
    assert status == 400 and "charter" in body["detail"]
    status, body = api_for(steward).post(path, {"hidden": True, "reason": "x" * 301})
    assert status == 422
    question.refresh_from_db()
    assert question.is_hidden is False

    status, topic = api_for(steward).post(path, {"hidden": True, "reason": "Breaks rule 2"})
    assert status == 200 and topic["is_hidden"] and topic["body"] == "Tips?"
    listing = api_for(reader).get(f"/communities/{community.slug}/topics")[1]
    assert question.pk not in [t["id"] for t in listing["items"]]
    status, seen = api_for(reader).get(f"/topics/{question.pk}")
    assert status == 200
    assert seen["body"] == "" and seen["body_html"] == ""
    assert seen["hidden_reason"] == "Breaks rule 2"
    assert api_for(member).get(f"/topics/{question.pk}")[1]["body"] == "Tips?"  # the author

    status, topic = api_for(steward).post(path, {"hidden": False})
    assert status == 200 and topic["is_hidden"] is False


def test_hide_post(api_for, question, member, steward):
    post = post_create(member, question.pk, body="Rude words")
    path = f"/posts/{post.pk}/hide"
    assert api_for(member).post(path, {"reason": "x"})[0] == 403
    status, hidden = api_for(steward).post(path, {"hidden": True, "reason": "Be kind"})
    assert status == 200 and hidden["is_hidden"] and hidden["hidden_reason"] == "Be kind"
    status, topic = api_for().get(f"/topics/{question.pk}")
    shown = topic["posts"]["items"][0]
    assert shown["is_hidden"] and shown["body"] == "" and shown["body_html"] == ""
    status, topic = api_for(member).get(f"/topics/{question.pk}")
    assert topic["posts"]["items"][0]["body"] == "Rude words"
