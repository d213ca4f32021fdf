"""Discussions services: topics, replies and who is told about them, edits, thanks, answers,
and the stewards' housekeeping (pin, lock, hide) with its audit trail."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import Activity, AuditEntry, Membership, Notification
from practica.communities.services import community_join, community_leave
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.core.models import Tag
from practica.discussions.models import Post, Thanks, Topic, TopicKind
from practica.discussions.services import (
    post_create,
    post_edit,
    post_hide,
    post_thank,
    post_unthank,
    topic_create,
    topic_edit,
    topic_hide,
    topic_lock,
    topic_mark_answered,
    topic_pin,
    topic_unmark_answered,
)


def fresh(user):
    return User.objects.get(pk=user.pk)


def notes(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("id"))


def kinds(user) -> list[str]:
    return [n.kind for n in notes(user)]


def verbs(community) -> list[str]:
    return list(Activity.objects.filter(community=community).values_list("verb", flat=True))


@pytest.fixture
def third(make_user, community):
    """A third member, Ana Lima, for replies and mentions."""
    user = make_user("Ana Lima")
    community_join(user, community, acknowledge_charter=True)
    return user


@pytest.fixture
def topic(community, member):
    return topic_create(
        member, community, kind="discussion", title="Check-in rounds", body="How do you run them?"
    )


@pytest.fixture
def question(community, member):
    return topic_create(
        member, community, kind="question", title="Which survey tool?", body="For evaluation."
    )


# --- topic_create -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TopicKind.values)
def test_topic_kinds(community, member, kind):
    t = topic_create(member, community, kind=kind, title="  A   title ", body=" *Body* ")
    assert (t.kind, t.title, t.body) == (kind, "A title", "*Body*")
    assert t.body_html == "<p><em>Body</em></p>\n"
    assert t.author == member and t.reply_count == 0
    assert f"{kind}_started" in verbs(community)


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"kind": "rant"}, "kind"),
        ({"kind": None}, "kind"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": None}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": ""}, "body"),
        ({"body": 5}, "body"),
        ({"body": "x" * 50_001}, "body"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"tags": [1]}, "tags"),
        ({"tags": 5}, "tags"),
    ],
)
def test_topic_create_validates(community, member, kwargs, field):
    kwargs = {"kind": "discussion", "title": "Title", "body": "Body", **kwargs}
    with pytest.raises(InvalidInput) as exc:
        topic_create(member, community, **kwargs)
    assert exc.value.field == field
    assert not Topic.objects.exists()


def test_topic_tags_are_normalised_and_shared(community, member, steward):
    a = topic_create(
        member, community, kind="idea", title="A", body="B", tags="Open Science, #evaluation"
    )
    b = topic_create(steward, community, kind="idea", title="C", body="D", tags=["open science"])
    assert sorted(a.tags.values_list("name", flat=True)) == ["evaluation", "open-science"]
    assert list(b.tags.values_list("name", flat=True)) == ["open-science"]
    assert Tag.objects.filter(name="open-science").count() == 1


def test_topic_body_is_sanitised(community, member):
    t = topic_create(
        member, community, kind="idea", title="X", body="<script>x</script>[a](javascript:x)"
    )
    assert "<script" not in t.body_html and 'href="javascript' not in t.body_html


def test_topic_mentions_notify_members_only(community, member, steward, third, outsider):
    topic_create(
        member,
        community,
        kind="discussion",
        title="Rounds",
        body="What do @Stella Steward and @ana-lima think? And @Otto Outsider? And @Mo Member?",
    )
    assert kinds(steward) == ["mention"] and kinds(third) == ["mention"]
    assert notes(outsider) == []
    assert notes(member) == []  # mentioning yourself tells nobody
    note = notes(steward)[0]
    assert note.actor == member and "Rounds" in note.text and note.url.startswith("/t/")


def test_only_members_start_topics(community, private_community, outsider):
    with pytest.raises(NotAllowed):
        topic_create(outsider, community, kind="idea", title="T", body="B")
    with pytest.raises(NotFound):
        topic_create(outsider, private_community, kind="idea", title="T", body="B")
    with pytest.raises(NotAllowed):
        topic_create(AnonymousUser(), community, kind="idea", title="T", body="B")
    assert not Topic.objects.exists()


# --- topic_edit -------------------------------------------------------------------------------


def test_author_edits_topic(topic, member):
    edited = topic_edit(member, topic.pk, title="New title", body="**New**", tags="x")
    assert (edited.title, edited.body) == ("New title", "**New**")
    assert "<strong>New</strong>" in edited.body_html and edited.edited_at is not None
    assert list(edited.tags.values_list("name", flat=True)) == ["x"]


def test_only_author_edits_topic(topic, steward, outsider):
    with pytest.raises(NotAllowed):
        topic_edit(steward, topic.pk, title="Mine")
    with pytest.raises(NotAllowed):
        topic_edit(outsider, topic.pk, title="Mine")
    assert Topic.objects.get(pk=topic.pk).title == "Check-in rounds"


# --- post_create ------------------------------------------------------------------------------


def test_reply_updates_counters_and_activity(topic, steward):
    before = Topic.objects.get(pk=topic.pk).last_activity_at
    post = post_create(steward, topic.pk, body=" We go round the circle. ")
    t = Topic.objects.get(pk=topic.pk)
    assert post.body == "We go round the circle." and post.topic_id == topic.pk
    assert t.reply_count == 1 and t.last_activity_at >= before
    assert t.last_activity_at == post.created_at
    post_create(steward, str(topic.pk), body="And again.")
    assert Topic.objects.get(pk=topic.pk).reply_count == 2
    assert verbs(topic.community).count("replied") == 2


def test_reply_tells_the_topic_author(topic, steward, member):
    post = post_create(steward, topic.pk, body="Round the circle.")
    (note,) = notes(member)
    assert note.kind == "reply" and note.actor == steward
    # The post's page can change, so the link names the post and the topic page finds it.
    topic_url = reverse("discussions:topic", args=[topic.pk])
    assert note.url == f"{topic_url}?post={post.pk}#post-{post.pk}"


def test_reply_to_a_question_is_an_answer(question, steward, member):
    post_create(steward, question.pk, body="Try LimeSurvey.")
    assert kinds(member) == ["answer"]


def test_reply_tells_the_person_replied_to(topic, steward, member, third):
    first = post_create(steward, topic.pk, body="Round the circle.")
    post_create(third, topic.pk, body="Good idea!", reply_to=first.pk)
    assert kinds(steward) == ["reply"]
    assert kinds(member) == ["reply", "reply"]


def test_replying_to_your_own_topic_tells_nobody(topic, member):
    mine = post_create(member, topic.pk, body="Adding a detail.")
    post_create(member, topic.pk, body="And another, @Mo Member.", reply_to=mine.pk)
    assert Notification.objects.count() == 0


def test_mentions_in_replies(topic, member, steward, third, outsider):
    post_create(steward, topic.pk, body="@Ana Lima @otto-outsider @Mo Member have a look")
    assert kinds(third) == ["mention"]
    assert notes(outsider) == []
    assert kinds(member) == ["reply"]  # told once, as the author, not again as mentioned


def test_mention_of_a_former_member_tells_nobody(topic, steward, third):
    community_leave(fresh(third), topic.community)
    post_create(steward, topic.pk, body="@Ana Lima?")
    assert notes(third) == []


def test_reply_to_must_be_in_the_same_topic(topic, question, steward, member):
    elsewhere = post_create(steward, question.pk, body="Elsewhere.")
    for bad in (elsewhere.pk, 999_999, "abc"):
        with pytest.raises(InvalidInput) as exc:
            post_create(steward, topic.pk, body="Hi", reply_to=bad)
        assert exc.value.field == "reply_to"
    assert Topic.objects.get(pk=topic.pk).reply_count == 0
    assert post_create(steward, topic.pk, body="Hi", reply_to="").reply_to is None


@pytest.mark.parametrize("body", ["", "   ", None, "x" * 50_001])
def test_reply_needs_text(topic, steward, body):
    with pytest.raises(InvalidInput):
        post_create(steward, topic.pk, body=body)
    assert not Post.objects.exists()


def test_locked_topic_takes_no_replies(topic, steward, member):
    topic_lock(steward, topic.pk)
    with pytest.raises(Conflict):
        post_create(member, topic.pk, body="Hello?")
    assert not Post.objects.exists()


def test_hidden_topic_takes_no_replies(topic, steward, member):
    topic_hide(steward, topic.pk, reason="Breaks rule 1")
    with pytest.raises(Conflict):
        post_create(steward, topic.pk, body="Hello?")
    assert not Post.objects.exists()


def test_non_member_cannot_reply(topic, outsider):
    with pytest.raises(NotAllowed):
        post_create(outsider, topic.pk, body="Let me in")
    with pytest.raises(NotAllowed):
        post_create(AnonymousUser(), topic.pk, body="Let me in")


def test_outsider_of_private_community_cannot_find_topic(private_community, member, outsider):
    secret = topic_create(member, private_community, kind="idea", title="Secret", body="Shh")
    with pytest.raises(NotFound):
        post_create(outsider, secret.pk, body="Peek")
    with pytest.raises(NotFound):
        post_create(AnonymousUser(), secret.pk, body="Peek")


@pytest.mark.parametrize("bad_id", [999_999, "abc", None, -1, 2**70, float("inf")])
def test_reply_to_unknown_topic_is_not_found(db, member, bad_id):
    with pytest.raises(NotFound):
        post_create(member, bad_id, body="Hello")


# --- post_edit --------------------------------------------------------------------------------


def test_author_edits_post(topic, steward):
    post = post_create(steward, topic.pk, body="Frist")
    assert post.edited_at is None
    edited = post_edit(steward, post.pk, body="First *really*")
    assert edited.body == "First *really*" and "<em>really</em>" in edited.body_html
    assert edited.edited_at is not None
    assert "post_edited" in verbs(topic.community)


def test_only_author_edits_post(topic, steward, member, outsider):
    post = post_create(steward, topic.pk, body="Mine")
    with pytest.raises(NotAllowed):
        post_edit(member, post.pk, body="Now mine")
    with pytest.raises(NotAllowed):
        post_edit(outsider, post.pk, body="Now mine")
    assert Post.objects.get(pk=post.pk).body == "Mine"


def test_post_in_locked_topic_cannot_change(topic, steward):
    post = post_create(steward, topic.pk, body="Mine")
    topic_lock(steward, topic.pk)
    with pytest.raises(Conflict):
        post_edit(steward, post.pk, body="Changed")


def test_post_edit_validates(topic, steward):
    post = post_create(steward, topic.pk, body="Mine")
    with pytest.raises(InvalidInput):
        post_edit(steward, post.pk, body="  ")
    assert Post.objects.get(pk=post.pk).edited_at is None


# --- thanks -----------------------------------------------------------------------------------


@pytest.fixture
def reply(topic, steward):
    return post_create(steward, topic.pk, body="Round the circle.")


def test_thanks_once_per_person(reply, member, third, steward):
    assert post_thank(member, reply.pk).thanks_count == 1
    assert post_thank(member, reply.pk).thanks_count == 1
    assert post_thank(third, reply.pk).thanks_count == 2
    assert Thanks.objects.filter(post=reply).count() == 2
    assert kinds(steward) == ["thanks", "thanks"]
    assert verbs(reply.topic.community).count("thanked") == 2


def test_cannot_thank_own_post(reply, steward):
    with pytest.raises(InvalidInput):
        post_thank(steward, reply.pk)
    assert Post.objects.get(pk=reply.pk).thanks_count == 0


def test_unthank(reply, member):
    post_thank(member, reply.pk)
    assert post_unthank(member, reply.pk).thanks_count == 0
    assert post_unthank(member, reply.pk).thanks_count == 0  # twice changes nothing
    assert not Thanks.objects.exists()


def test_cannot_thank_hidden_post(reply, steward, member):
    post_hide(steward, reply.pk, reason="Rule 2")
    with pytest.raises(Conflict):
        post_thank(member, reply.pk)


def test_non_member_cannot_thank(reply, outsider):
    with pytest.raises(NotAllowed):
        post_thank(outsider, reply.pk)
    with pytest.raises(NotAllowed):
        post_unthank(outsider, reply.pk)
    assert Post.objects.get(pk=reply.pk).thanks_count == 0


@pytest.mark.parametrize("bad_id", [999_999, "abc", None, -1, 2**70, float("inf")])
def test_thank_unknown_post_is_not_found(db, member, bad_id):
    with pytest.raises(NotFound):
        post_thank(member, bad_id)


# --- answers ----------------------------------------------------------------------------------


def test_asker_marks_the_answer(question, steward, member):
    answer = post_create(steward, question.pk, body="LimeSurvey.")
    t = topic_mark_answered(member, question.pk, answer.pk)
    assert t.answer == answer and t.answered_at is not None and t.is_answered
    assert kinds(steward) == ["answer_accepted"]
    assert "answer_accepted" in verbs(question.community)
    t = topic_unmark_answered(member, question.pk)
    assert t.answer is None and t.answered_at is None


def test_only_asker_marks_the_answer(question, steward, third):
    answer = post_create(steward, question.pk, body="LimeSurvey.")
    for actor in (steward, third):
        with pytest.raises(NotAllowed):
            topic_mark_answered(actor, question.pk, answer.pk)
    topic_mark_answered(fresh(question.author), question.pk, answer.pk)
    with pytest.raises(NotAllowed):
        topic_unmark_answered(steward, question.pk)
    assert Topic.objects.get(pk=question.pk).answer_id == answer.pk


def test_only_questions_have_answers(topic, steward, member):
    post = post_create(steward, topic.pk, body="A reply")
    with pytest.raises(InvalidInput):
        topic_mark_answered(member, topic.pk, post.pk)
    assert Topic.objects.get(pk=topic.pk).answer_id is None


def test_answer_must_be_a_visible_post_in_the_topic(question, topic, steward, member):
    elsewhere = post_create(steward, topic.pk, body="Elsewhere")
    hidden = post_create(steward, question.pk, body="Hidden")
    post_hide(steward, hidden.pk, reason="Rule 2")
    for bad in (elsewhere.pk, hidden.pk, 999_999, "abc", None):
        with pytest.raises(InvalidInput):
            topic_mark_answered(member, question.pk, bad)
    assert Topic.objects.get(pk=question.pk).answer_id is None


def test_outsider_cannot_mark_answers(question, steward, outsider):
    answer = post_create(steward, question.pk, body="LimeSurvey.")
    with pytest.raises(NotAllowed):
        topic_mark_answered(outsider, question.pk, answer.pk)


# --- steward housekeeping ---------------------------------------------------------------------


def audit(community) -> list[tuple[str, str]]:
    return list(
        AuditEntry.objects.filter(community=community)
        .exclude(action="created")
        .order_by("id")
        .values_list("action", "summary")
    )


def test_pin_and_unpin(topic, steward):
    assert topic_pin(steward, topic.pk).is_pinned
    assert topic_pin(steward, topic.pk).is_pinned  # no change, no second entry
    assert not topic_pin(steward, topic.pk, pinned=False).is_pinned
    assert [a for a, _ in audit(topic.community)] == ["topic_pinned", "topic_unpinned"]
    assert "Check-in rounds" in audit(topic.community)[0][1]


def test_lock_and_unlock(topic, steward, member):
    assert topic_lock(steward, topic.pk).is_locked
    assert not topic_lock(steward, topic.pk, locked=False).is_locked
    assert [a for a, _ in audit(topic.community)] == ["topic_locked", "topic_unlocked"]
    assert post_create(member, topic.pk, body="Open again").pk


def test_hide_topic_with_reason(topic, steward):
    t = topic_hide(steward, topic.pk, reason=" Breaks rule 1 ")
    assert t.is_hidden and t.hidden_reason == "Breaks rule 1"
    t = topic_hide(steward, topic.pk, reason="", hidden=False)
    assert not t.is_hidden and t.hidden_reason == ""
    entries = audit(topic.community)
    assert [a for a, _ in entries] == ["topic_hidden", "topic_unhidden"]
    assert "Breaks rule 1" in entries[0][1]


def test_hide_post_with_reason(reply, steward):
    p = post_hide(steward, reply.pk, reason="Personal attack")
    assert p.is_hidden and p.hidden_reason == "Personal attack"
    assert not post_hide(steward, reply.pk, reason=None, hidden=False).is_hidden
    entries = audit(reply.topic.community)
    assert [a for a, _ in entries] == ["post_hidden", "post_unhidden"]
    assert "Personal attack" in entries[0][1] and "Stella Steward" in entries[0][1]


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 301])
def test_hiding_needs_a_short_reason(topic, reply, steward, reason):
    with pytest.raises(InvalidInput):
        topic_hide(steward, topic.pk, reason=reason)
    with pytest.raises(InvalidInput):
        post_hide(steward, reply.pk, reason=reason)
    assert not Topic.objects.get(pk=topic.pk).is_hidden
    assert not Post.objects.get(pk=reply.pk).is_hidden
    assert audit(topic.community) == []


@pytest.mark.parametrize("who", ["member", "author", "outsider"])
def test_housekeeping_is_steward_only(topic, reply, member, outsider, third, who):
    actor = {"member": third, "author": member, "outsider": outsider}[who]
    for action in (
        lambda: topic_pin(actor, topic.pk),
        lambda: topic_lock(actor, topic.pk),
        lambda: topic_hide(actor, topic.pk, reason="Because"),
        lambda: post_hide(actor, reply.pk, reason="Because"),
    ):
        with pytest.raises(NotAllowed):
            action()
    t = Topic.objects.get(pk=topic.pk)
    assert not (t.is_pinned or t.is_locked or t.is_hidden)
    assert not Post.objects.get(pk=reply.pk).is_hidden
    assert audit(topic.community) == []


def test_expired_steward_cannot_moderate(topic, steward):
    Membership.objects.filter(user=steward).update(
        steward_term_ends=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(NotAllowed):
        topic_pin(fresh(steward), topic.pk)


def test_housekeeping_in_private_community_is_not_found_for_outsiders(
    private_community, steward, outsider
):
    secret = topic_create(steward, private_community, kind="idea", title="Secret", body="Shh")
    with pytest.raises(NotFound):
        topic_pin(outsider, secret.pk)
    with pytest.raises(NotFound):
        topic_hide(outsider, secret.pk, reason="Because")


def test_a_locked_topic_cannot_be_edited_by_its_author(db, community, steward, member):
    from practica.core.errors import Conflict
    from practica.discussions.services import topic_create, topic_edit, topic_lock

    topic = topic_create(member, community, kind="idea", title="Rotate hosts", body="Idea")
    topic_lock(steward, topic.pk, True)
    with pytest.raises(Conflict):
        topic_edit(member, topic.pk, title="Changed")
    topic.refresh_from_db()
    assert topic.title == "Rotate hosts"
