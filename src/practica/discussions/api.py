"""API for discussions: topics of four kinds, replies, edits, thanks, answers, and the
stewards' housekeeping (pin, lock, hide).

Reads go through ``queries`` (a private community's topics answer 404 to outsiders), writes
through ``services``. Every text comes back twice: ``body`` as written (Markdown) and
``body_html`` rendered and sanitised. A hidden topic or post shows its reason instead of its
text to everyone but stewards and its author.
"""

import json
from datetime import datetime
from typing import Annotated

from django.conf import settings
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder, Status

from practica.accounts.api import optional_auth
from practica.communities.visibility import community_for_viewer, is_steward
from practica.core.cache import remembered, versions
from practica.core.models import TAG_MAX_LENGTH
from practica.core.pagination import parse_page
from practica.core.schemas import ERRORS, JsonObject, PageOut, PersonRef, page_out, person_ref
from practica.core.tags import MAX_TAGS

from . import queries, services
from .models import Post, Topic, TopicKind

router = Router(tags=["discussions"])

HIDE_REASON_MAX = 300

TagName = Annotated[str, Field(max_length=TAG_MAX_LENGTH)]
TagList = Annotated[list[TagName], Field(max_length=MAX_TAGS)]
Title = Annotated[str, Field(max_length=settings.MAX_TITLE_LENGTH)]
Body = Annotated[str, Field(max_length=settings.MAX_BODY_LENGTH)]


# --- schemas ----------------------------------------------------------------------------------


class TopicIn(JsonObject):
    kind: TopicKind
    title: Title
    body: Body
    tags: TagList = []


class TopicPatchIn(JsonObject):
    title: Title | None = None
    body: Body | None = None
    tags: TagList | None = None


class TopicSummaryOut(Schema):
    id: int
    community: str
    kind: str
    title: str
    author: PersonRef | None
    tags: list[str]
    created_at: datetime
    edited_at: datetime | None
    last_activity_at: datetime
    reply_count: int
    is_pinned: bool
    is_locked: bool
    is_hidden: bool
    answer_post_id: int | None


TopicPageOut = PageOut[TopicSummaryOut]
JSON_CONTENT_TYPE = f"{JSONRenderer.media_type}; charset={JSONRenderer.charset}"


class TopicOut(TopicSummaryOut):
    body: str
    body_html: str
    hidden_reason: str


class PostOut(Schema):
    id: int
    topic_id: int
    author: PersonRef | None
    body: str
    body_html: str
    reply_to: int | None
    created_at: datetime
    edited_at: datetime | None
    is_hidden: bool
    hidden_reason: str
    is_answer: bool
    thanks_count: int
    thanked_by_me: bool
    thanked_by: list[str]


class TopicDetailOut(TopicOut):
    posts: PageOut[PostOut]


class PostIn(JsonObject):
    body: Body
    reply_to: int | None = None


class PostPatchIn(JsonObject):
    body: Body


class ThanksOut(Schema):
    thanks_count: int
    thanked: bool


class AnswerIn(JsonObject):
    """The reply that answered the question; ``null`` un-marks the answer."""

    post_id: int | None


class FlagIn(JsonObject):
    value: bool


class HideIn(JsonObject):
    hidden: bool = True
    reason: str = Field("", max_length=HIDE_REASON_MAX)


# --- turning rows into response bodies --------------------------------------------------------


def _topic_summary(topic: Topic, slug: str) -> dict:
    return {
        "id": topic.pk,
        "community": slug,
        "kind": topic.kind,
        "title": topic.title,
        "author": person_ref(topic.author),
        "tags": [t.name for t in topic.tags.all()],
        "created_at": topic.created_at,
        "edited_at": topic.edited_at,
        "last_activity_at": topic.last_activity_at,
        "reply_count": topic.reply_count,
        "is_pinned": topic.is_pinned,
        "is_locked": topic.is_locked,
        "is_hidden": topic.is_hidden,
        "answer_post_id": topic.answer_id,
    }


def _topic(viewer, topic: Topic) -> dict:
    shows_body = (
        not topic.is_hidden
        or topic.author_id == getattr(viewer, "pk", None)
        or is_steward(viewer, topic.community)
    )
    return {
        **_topic_summary(topic, topic.community.slug),
        "body": topic.body if shows_body else "",
        "body_html": topic.body_html if shows_body else "",
        "hidden_reason": topic.hidden_reason,
    }


def _post(post: Post, answer_id: int | None) -> dict:
    """A post from ``queries.topic_posts`` (or ``_with_thanks``), which set ``show_body``,
    ``thanked_by_viewer`` and ``thanker_names``."""
    return {
        "id": post.pk,
        "topic_id": post.topic_id,
        "author": person_ref(post.author),
        "body": post.body if post.show_body else "",
        "body_html": post.body_html if post.show_body else "",
        "reply_to": post.reply_to_id,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "is_hidden": post.is_hidden,
        "hidden_reason": post.hidden_reason,
        "is_answer": answer_id is not None and post.pk == answer_id,
        "thanks_count": post.thanks_count,
        "thanked_by_me": post.thanked_by_viewer,
        "thanked_by": post.thanker_names,
    }


def _with_thanks(viewer, post: Post) -> Post:
    """Give one post read outside a page the attributes ``queries.topic_posts`` sets."""
    thanks = list(post.thanks.select_related("user__profile").order_by("created_at"))
    viewer_id = getattr(viewer, "pk", None)
    post.thanked_by_viewer = any(t.user_id == viewer_id for t in thanks)
    post.thanker_names = [str(t.user) for t in thanks]
    post.show_body = (
        not post.is_hidden
        or post.author_id == viewer_id
        or is_steward(viewer, post.topic.community)
    )
    return post


def _post_response(viewer, post_id: int) -> dict:
    post = _with_thanks(viewer, queries.post_for_viewer(viewer, post_id))
    return _post(post, post.topic.answer_id)


def _topic_response(viewer, topic_id: int) -> dict:
    return _topic(viewer, queries.topic_for_viewer(viewer, topic_id))


# --- topics -----------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/topics",
    auth=optional_auth,
    response={200: TopicPageOut, **ERRORS},
)
def topic_list(
    request,
    slug: str,
    kind: TopicKind | None = None,
    tag: str = Query("", max_length=TAG_MAX_LENGTH),
    unanswered: bool = False,
    page: int = 1,
):
    """Pinned topics first, then by latest activity. ``unanswered=true`` lists questions
    still waiting for an answer."""
    community = community_for_viewer(request.user, slug)
    steward = is_steward(request.user, community)  # stewards' pages list hidden topics too

    def serialised() -> bytes:
        result = queries.topics_for_viewer(
            request.user, community, kind=kind, tag=tag, unanswered=unanswered, page=page
        )
        body = page_out(result, [_topic_summary(t, community.slug) for t in result.items])
        # Validated and encoded as ninja would do it for the declared response.
        data = TopicPageOut.model_validate(body).model_dump()
        return json.dumps(data, cls=NinjaJSONEncoder).encode()

    # The page as JSON is kept until something in the community or someone's name changes
    # (practica.core.cache): everyone but stewards gets the same body, and validating and
    # encoding 20 topics costs more than all the rest of the request.
    filters = (kind, tag, bool(unanswered), parse_page(page))
    parts = (community.pk, versions(community.pk), steward, filters)
    content = remembered("api-topic-list", parts, serialised)
    return HttpResponse(content, content_type=JSON_CONTENT_TYPE)


@router.post("/communities/{slug}/topics", response={201: TopicOut, **ERRORS})
def topic_create(request, slug: str, payload: TopicIn):
    """Start a discussion, question, practice or idea (members only)."""
    community = community_for_viewer(request.user, slug)
    topic = services.topic_create(
        request.user,
        community,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
    )
    return Status(201, _topic_response(request.user, topic.pk))


@router.get("/topics/{topic_id}", auth=optional_auth, response={200: TopicDetailOut, **ERRORS})
def topic_detail(request, topic_id: int, page: int = 1):
    """The topic and one page of its replies (50 a page), oldest first."""
    topic = queries.topic_for_viewer(request.user, topic_id)
    result = queries.topic_posts(request.user, topic, page=page)
    posts = [_post(p, topic.answer_id) for p in result.items]
    return {**_topic(request.user, topic), "posts": page_out(result, posts)}


@router.patch("/topics/{topic_id}", response={200: TopicOut, **ERRORS})
def topic_edit(request, topic_id: int, payload: TopicPatchIn):
    """The author changes the title, text or tags; the topic then shows when it was edited."""
    services.topic_edit(
        request.user, topic_id, title=payload.title, body=payload.body, tags=payload.tags
    )
    return _topic_response(request.user, topic_id)


@router.post("/topics/{topic_id}/answer", response={200: TopicOut, **ERRORS})
def topic_answer(request, topic_id: int, payload: AnswerIn):
    """The asker marks which reply answered their question (or un-marks it with null)."""
    if payload.post_id is None:
        services.topic_unmark_answered(request.user, topic_id)
    else:
        services.topic_mark_answered(request.user, topic_id, payload.post_id)
    return _topic_response(request.user, topic_id)


@router.post("/topics/{topic_id}/pin", response={200: TopicOut, **ERRORS})
def topic_pin(request, topic_id: int, payload: FlagIn):
    """Stewards pin a topic to the top of the list, or unpin it."""
    services.topic_pin(request.user, topic_id, payload.value)
    return _topic_response(request.user, topic_id)


@router.post("/topics/{topic_id}/lock", response={200: TopicOut, **ERRORS})
def topic_lock(request, topic_id: int, payload: FlagIn):
    """Stewards lock a topic (no more replies or edits), or unlock it."""
    services.topic_lock(request.user, topic_id, payload.value)
    return _topic_response(request.user, topic_id)


@router.post("/topics/{topic_id}/hide", response={200: TopicOut, **ERRORS})
def topic_hide(request, topic_id: int, payload: HideIn):
    """Stewards hide a topic that breaks the charter, saying why; ``hidden: false`` restores."""
    services.topic_hide(request.user, topic_id, reason=payload.reason, hidden=payload.hidden)
    return _topic_response(request.user, topic_id)


# --- posts ------------------------------------------------------------------------------------


@router.post("/topics/{topic_id}/posts", response={201: PostOut, **ERRORS})
def post_create(request, topic_id: int, payload: PostIn):
    """Reply to a topic, optionally in reply to one of its posts. 409 when it is locked."""
    post = services.post_create(
        request.user, topic_id, body=payload.body, reply_to=payload.reply_to
    )
    return Status(201, _post_response(request.user, post.pk))


@router.patch("/posts/{post_id}", response={200: PostOut, **ERRORS})
def post_edit(request, post_id: int, payload: PostPatchIn):
    """The author changes their post; it then shows when it was edited."""
    services.post_edit(request.user, post_id, body=payload.body)
    return _post_response(request.user, post_id)


@router.post("/posts/{post_id}/thanks", response={200: ThanksOut, **ERRORS})
def post_thank(request, post_id: int):
    """Say thanks for a post. Thanking twice changes nothing."""
    post = services.post_thank(request.user, post_id)
    return {"thanks_count": post.thanks_count, "thanked": True}


@router.delete("/posts/{post_id}/thanks", response={200: ThanksOut, **ERRORS})
def post_unthank(request, post_id: int):
    post = services.post_unthank(request.user, post_id)
    return {"thanks_count": post.thanks_count, "thanked": False}


@router.post("/posts/{post_id}/hide", response={200: PostOut, **ERRORS})
def post_hide(request, post_id: int, payload: HideIn):
    """Stewards hide a post that breaks the charter, saying why; ``hidden: false`` restores."""
    services.post_hide(request.user, post_id, reason=payload.reason, hidden=payload.hidden)
    return _post_response(request.user, post_id)
