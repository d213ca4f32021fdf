"""Every write about discussions: topics, replies, edits, thanks, answers, and the stewards'
housekeeping (pin, lock, hide) — DESIGN rule 1."""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.models import Profile
from practica.communities.activity import (
    activity_record,
    audit_record,
    notify,
    require_not_concluded,
)
from practica.communities.models import Community, MembershipStatus
from practica.communities.visibility import require_member, require_steward, require_viewable
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.core.markdown import render_markdown
from practica.core.tags import parse_tags, tags_get_or_create
from practica.core.text import clean_body, clean_choice, clean_title

from .indexing import post_index, topic_index, topic_reindex, topic_unindex
from .mentions import MAX_MENTIONS, mention_candidates
from .models import Post, Thanks, Topic, TopicKind


def _clean_title(title) -> str:
    return clean_title(title, empty_message=_("Give the topic a title."))


def _clean_body(body, *, label=None) -> str:
    return clean_body(body, empty_message=label or _("Write something first."))


def _clean_kind(kind) -> str:
    return clean_choice(kind, TopicKind.values, field="kind")


def _mentioned_members(community: Community, text: str, exclude: set[int]) -> list[int]:
    names = mention_candidates(text)
    if not names:
        return []
    ids = (
        Profile.objects.annotate(lname=Lower("display_name"))
        .filter(
            lname__in=names,
            user__memberships__community=community,
            user__memberships__status=MembershipStatus.ACTIVE,
        )
        .values_list("user_id", flat=True)[:MAX_MENTIONS]
    )
    return [uid for uid in ids if uid not in exclude]


def _topic_url(topic: Topic, post: Post | None = None) -> str:
    """The link a notification carries. Posts are shown a page at a time and a post's page
    changes as others are hidden, so the link names the post (?post=) and the topic page
    redirects to wherever it is shown now; the anchor scrolls to it there."""
    url = reverse("discussions:topic", args=[topic.pk])
    return f"{url}?post={post.pk}#post-{post.pk}" if post is not None else url


def _topic_for_write(actor, topic_id) -> Topic:
    try:
        topic_id = int(topic_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such topic."))
    topic = Topic.objects.select_related("community").filter(pk=topic_id).first()
    if topic is None:
        raise NotFound(_("No such topic."))
    require_viewable(actor, topic.community)
    return topic


def _post_for_write(actor, post_id) -> Post:
    try:
        post_id = int(post_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such post."))
    post = Post.objects.select_related("topic__community").filter(pk=post_id).first()
    if post is None:
        raise NotFound(_("No such post."))
    require_viewable(actor, post.topic.community)
    return post


def topic_create(actor, community: Community, *, kind, title, body, tags=None) -> Topic:
    require_member(actor, community)
    require_not_concluded(community)
    kind = _clean_kind(kind)
    title = _clean_title(title)
    body = _clean_body(body)
    tag_names = parse_tags(tags)
    with transaction.atomic():
        topic = Topic.objects.create(
            community=community,
            author=actor,
            kind=kind,
            title=title,
            body=body,
            body_html=render_markdown(body),
        )
        if tag_names:
            topic.tags.set(tags_get_or_create(tag_names))
        topic_index(topic)
        activity_record(actor, community, f"{kind}_started", topic)
        notify(
            _mentioned_members(community, body, {actor.pk}),
            actor=actor,
            community=community,
            kind="mention",
            text=_("%(who)s mentioned you in “%(t)s”") % {"who": actor, "t": title},
            url=_topic_url(topic),
        )
    return topic


def topic_edit(actor, topic_id, *, title=None, body=None, tags=None) -> Topic:
    """The author edits their topic; an "edited" mark shows that it changed."""
    topic = _topic_for_write(actor, topic_id)
    require_member(actor, topic.community)
    require_not_concluded(topic.community)
    if topic.author_id != actor.pk:
        raise NotAllowed(_("Only the author can edit this topic."))
    if topic.is_locked:
        raise Conflict(_("This topic is locked; it can no longer change."))
    title = _clean_title(title) if title is not None else topic.title
    body = _clean_body(body) if body is not None else topic.body
    tag_names = parse_tags(tags) if tags is not None else None
    with transaction.atomic():
        topic.title, topic.body = title, body
        topic.body_html = render_markdown(body)
        topic.edited_at = timezone.now()
        # Only what the edit changes: counters and first response are kept elsewhere.
        topic.save(update_fields=["title", "body", "body_html", "edited_at"])
        if tag_names is not None:
            topic.tags.set(tags_get_or_create(tag_names))
        # Posts carry the topic's title and tags in the index.
        topic_reindex(topic)
        activity_record(actor, topic.community, "topic_edited", topic)
    return topic


def post_create(actor, topic_id, *, body, reply_to=None) -> Post:
    """Reply to a topic (optionally "in reply to" one of its posts) and tell those concerned:
    the topic's author (as an answer when it is a question), the person replied to, and
    anyone @mentioned."""
    topic = _topic_for_write(actor, topic_id)
    community = topic.community
    require_member(actor, community)
    require_not_concluded(community)
    body = _clean_body(body, label=_("Write your reply first."))
    if topic.is_locked:
        raise Conflict(_("This topic is locked; it no longer takes replies."))
    if topic.is_hidden:
        raise Conflict(_("This topic was hidden by a steward and takes no replies."))
    parent = None
    if reply_to not in (None, ""):
        try:
            parent = Post.objects.filter(pk=int(reply_to), topic=topic).first()
        except (TypeError, ValueError, OverflowError):
            parent = None
        if parent is None:
            raise InvalidInput(_("You can only reply to a post in this topic."), field="reply_to")
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            topic=topic,
            author=actor,
            body=body,
            body_html=render_markdown(body),
            reply_to=parent,
            created_at=now,
        )
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=now
        )
        post_index(post, topic)
        activity_record(actor, community, "replied", post)
        told = {actor.pk}
        url = _topic_url(topic, post)
        if topic.author_id and topic.author_id not in told:
            is_q = topic.kind == TopicKind.QUESTION
            notify(
                [topic.author_id],
                actor=actor,
                community=community,
                kind="answer" if is_q else "reply",
                text=(
                    _("%(who)s answered your question “%(t)s”")
                    if is_q
                    else _("%(who)s replied to “%(t)s”")
                )
                % {"who": actor, "t": topic.title},
                url=url,
            )
            told.add(topic.author_id)
        if parent is not None and parent.author_id and parent.author_id not in told:
            notify(
                [parent.author_id],
                actor=actor,
                community=community,
                kind="reply",
                text=_("%(who)s replied to your post in “%(t)s”")
                % {"who": actor, "t": topic.title},
                url=url,
            )
            told.add(parent.author_id)
        notify(
            _mentioned_members(community, body, told),
            actor=actor,
            community=community,
            kind="mention",
            text=_("%(who)s mentioned you in “%(t)s”") % {"who": actor, "t": topic.title},
            url=url,
        )
    topic.refresh_from_db(fields=["reply_count", "last_activity_at"])
    return post


def post_edit(actor, post_id, *, body) -> Post:
    post = _post_for_write(actor, post_id)
    require_member(actor, post.topic.community)
    require_not_concluded(post.topic.community)
    if post.author_id != actor.pk:
        raise NotAllowed(_("Only the author can edit this post."))
    if post.topic.is_locked:
        raise Conflict(_("This topic is locked; its posts can no longer change."))
    body = _clean_body(body)
    with transaction.atomic():
        post.body = body
        post.body_html = render_markdown(body)
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "body_html", "edited_at"])
        post_index(post)
        activity_record(actor, post.topic.community, "post_edited", post)
    return post


def post_thank(actor, post_id) -> Post:
    """Say thanks for a post. Thanking twice changes nothing; one's own post cannot be thanked."""
    post = _post_for_write(actor, post_id)
    require_member(actor, post.topic.community)
    require_not_concluded(post.topic.community)
    if post.author_id == actor.pk:
        raise InvalidInput(_("You cannot thank yourself — but others can!"))
    if post.is_hidden:
        raise Conflict(_("This post was hidden by a steward."))
    with transaction.atomic():
        _thanks, created = Thanks.objects.get_or_create(post=post, user=actor)
        if created:
            Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") + 1)
            activity_record(actor, post.topic.community, "thanked", post)
            notify(
                [post.author_id] if post.author_id else [],
                actor=actor,
                community=post.topic.community,
                kind="thanks",
                text=_("%(who)s thanked you for your post in “%(t)s”")
                % {"who": actor, "t": post.topic.title},
                url=_topic_url(post.topic, post),
            )
    post.refresh_from_db(fields=["thanks_count"])
    return post


def post_unthank(actor, post_id) -> Post:
    post = _post_for_write(actor, post_id)
    require_member(actor, post.topic.community)
    require_not_concluded(post.topic.community)
    with transaction.atomic():
        deleted, _rows = Thanks.objects.filter(post=post, user=actor).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") - 1)
            activity_record(actor, post.topic.community, "thanks_withdrawn", post)
    post.refresh_from_db(fields=["thanks_count"])
    return post


def topic_mark_answered(actor, topic_id, post_id) -> Topic:
    """The asker points at the reply that answered their question."""
    topic = _topic_for_write(actor, topic_id)
    require_member(actor, topic.community)
    require_not_concluded(topic.community)
    if topic.kind != TopicKind.QUESTION:
        raise InvalidInput(_("Only questions can be marked answered."))
    if topic.author_id != actor.pk:
        raise NotAllowed(_("Only the person who asked can mark the answer."))
    try:
        post = Post.objects.filter(pk=int(post_id), topic=topic, is_hidden=False).first()
    except (TypeError, ValueError, OverflowError):
        post = None
    if post is None:
        raise InvalidInput(_("Choose a reply in this topic as the answer."), field="post_id")
    with transaction.atomic():
        topic.answer = post
        topic.answered_at = timezone.now()
        topic.save(update_fields=["answer", "answered_at"])
        activity_record(actor, topic.community, "answer_accepted", post)
        if post.author_id:
            notify(
                [post.author_id],
                actor=actor,
                community=topic.community,
                kind="answer_accepted",
                text=_("%(who)s marked your reply as the answer to “%(t)s”")
                % {"who": actor, "t": topic.title},
                url=_topic_url(topic, post),
            )
    return topic


def topic_unmark_answered(actor, topic_id) -> Topic:
    topic = _topic_for_write(actor, topic_id)
    require_member(actor, topic.community)
    require_not_concluded(topic.community)
    if topic.author_id != actor.pk:
        raise NotAllowed(_("Only the person who asked can change the answer."))
    with transaction.atomic():
        topic.answer = None
        topic.answered_at = None
        topic.save(update_fields=["answer", "answered_at"])
        activity_record(actor, topic.community, "answer_unaccepted", topic)
    return topic


def _steward_flag(actor, topic_id, field: str, value: bool, action: str, summary: str) -> Topic:
    topic = _topic_for_write(actor, topic_id)
    require_steward(actor, topic.community)
    require_not_concluded(topic.community)
    if getattr(topic, field) == value:
        return topic
    with transaction.atomic():
        setattr(topic, field, value)
        topic.save(update_fields=[field])
        audit_record(actor, topic.community, action, summary % {"t": topic.title})
    return topic


def topic_pin(actor, topic_id, pinned: bool = True) -> Topic:
    return _steward_flag(
        actor,
        topic_id,
        "is_pinned",
        bool(pinned),
        "topic_pinned" if pinned else "topic_unpinned",
        _("Pinned “%(t)s”") if pinned else _("Unpinned “%(t)s”"),
    )


def topic_lock(actor, topic_id, locked: bool = True) -> Topic:
    return _steward_flag(
        actor,
        topic_id,
        "is_locked",
        bool(locked),
        "topic_locked" if locked else "topic_unlocked",
        _("Locked “%(t)s”") if locked else _("Unlocked “%(t)s”"),
    )


def _clean_reason(reason) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput(
            _("Say which part of the charter this breaks, so everyone can see why."),
            field="reason",
        )
    if len(reason) > 300:
        raise InvalidInput(_("Keep the reason under 300 characters."), field="reason")
    return reason.strip()


def topic_hide(actor, topic_id, *, reason, hidden: bool = True) -> Topic:
    """A steward hides a topic that breaks the charter, with a reason everyone can read."""
    topic = _topic_for_write(actor, topic_id)
    require_steward(actor, topic.community)
    require_not_concluded(topic.community)
    reason = _clean_reason(reason) if hidden else ""
    with transaction.atomic():
        topic.is_hidden, topic.hidden_reason = hidden, reason
        topic.save(update_fields=["is_hidden", "hidden_reason"])
        if hidden:
            topic_unindex(topic)
        else:
            topic_reindex(topic)
        audit_record(
            actor,
            topic.community,
            "topic_hidden" if hidden else "topic_unhidden",
            (_("Hid “%(t)s”: %(r)s") if hidden else _("Restored “%(t)s”%(r)s"))
            % {"t": topic.title, "r": reason},
        )
    return topic


def post_hide(actor, post_id, *, reason, hidden: bool = True) -> Post:
    post = _post_for_write(actor, post_id)
    require_steward(actor, post.topic.community)
    require_not_concluded(post.topic.community)
    reason = _clean_reason(reason) if hidden else ""
    with transaction.atomic():
        post.is_hidden, post.hidden_reason = hidden, reason
        post.save(update_fields=["is_hidden", "hidden_reason"])
        post_index(post)
        audit_record(
            actor,
            post.topic.community,
            "post_hidden" if hidden else "post_unhidden",
            (
                _("Hid a post by %(who)s in “%(t)s”: %(r)s")
                if hidden
                else _("Restored a post by %(who)s in “%(t)s”%(r)s")
            )
            % {"who": post.author, "t": post.topic.title, "r": reason},
        )
    return post
