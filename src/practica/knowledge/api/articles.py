"""API for the knowledge repository: articles with their revisions, the difference between two
revisions, restoring, endorsing, marking reviewed, and "Document this" from a topic.

Reads go through ``queries`` (a private community's articles, and any draft to a non-member,
answer 404), writes through ``services``. An article's text comes back twice: ``body`` as
written (Markdown) and ``body_html`` rendered and sanitised.
"""

from datetime import datetime
from typing import Annotated

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from practica.accounts.api import optional_auth
from practica.communities.visibility import community_for_viewer
from practica.core.errors import InvalidInput
from practica.core.models import TAG_MAX_LENGTH
from practica.core.schemas import ERRORS, JsonObject, PageOut, PersonRef, page_out, person_ref
from practica.core.tags import MAX_TAGS

from .. import queries, services
from ..models import Article, ArticleKind, ArticleRevision, ArticleStatus

router = Router(tags=["knowledge"])

TagName = Annotated[str, Field(max_length=TAG_MAX_LENGTH)]
TagList = Annotated[list[TagName], Field(max_length=MAX_TAGS)]
Title = Annotated[str, Field(max_length=settings.MAX_TITLE_LENGTH)]
Body = Annotated[str, Field(max_length=settings.MAX_BODY_LENGTH)]
Url = Annotated[str, Field(max_length=services.URL_MAX)]
Summary = Annotated[str, Field(max_length=services.SUMMARY_MAX)]
Number = Annotated[int, Field(ge=1, le=2**31)]


# --- schemas ----------------------------------------------------------------------------------


class ArticleIn(JsonObject):
    kind: ArticleKind
    title: Title
    body: Body
    tags: TagList = []
    url: Url = ""
    status: ArticleStatus = ArticleStatus.DRAFT
    summary: Summary = ""


class ArticlePatchIn(JsonObject):
    """Any of the content fields (a new revision), and/or ``status``."""

    kind: ArticleKind | None = None
    title: Title | None = None
    body: Body | None = None
    tags: TagList | None = None
    url: Url | None = None
    summary: Summary = ""
    status: ArticleStatus | None = None


class RestoreIn(JsonObject):
    number: Number
    summary: Summary = ""


class ArticleSummaryOut(Schema):
    id: int
    community: str
    kind: str
    title: str
    url: str
    status: str
    tags: list[str]
    created_by: PersonRef | None
    created_at: datetime
    updated_at: datetime
    reviewed_at: datetime
    revision_count: int
    endorsement_count: int
    source_topic_id: int | None


class CreditOut(Schema):
    user_id: int
    name: str
    roles: list[str]


class EndorsementOut(Schema):
    count: int
    names: list[str]
    endorsed_by_me: bool


class ArticleOut(ArticleSummaryOut):
    body: str
    body_html: str
    reviewed_by: PersonRef | None
    needs_review: bool
    credits: list[CreditOut]
    endorsements: EndorsementOut


class RevisionOut(Schema):
    number: int
    kind: str
    title: str
    url: str
    status: str
    tags: list[str]
    author: PersonRef | None
    summary: str
    restored_from: int | None
    created_at: datetime


class DiffPart(Schema):
    op: str
    text: str


class DiffRow(Schema):
    """``kind`` is same, add, del, change (with ``old``/``new`` word parts) or skip (with
    ``count`` unchanged lines folded away)."""

    kind: str
    text: str | None = None
    old: list[DiffPart] | None = None
    new: list[DiffPart] | None = None
    count: int | None = None


class TitleChange(Schema):
    old: str
    new: str


class TagChanges(Schema):
    added: list[str]
    removed: list[str]


class DiffOut(Schema):
    article_id: int
    from_number: int = Field(..., alias="from")
    to_number: int = Field(..., alias="to")
    changed: bool
    title: TitleChange | None
    kind: TitleChange | None
    url: TitleChange | None
    tags: TagChanges
    body: list[DiffRow]


ArticlePageOut = PageOut[ArticleSummaryOut]
RevisionPageOut = PageOut[RevisionOut]


# --- turning rows into response bodies --------------------------------------------------------


def _summary(article: Article, slug: str) -> dict:
    return {
        "id": article.pk,
        "community": slug,
        "kind": article.kind,
        "title": article.title,
        "url": article.url,
        "status": article.status,
        "tags": [t.name for t in article.tags.all()],
        "created_by": person_ref(article.created_by),
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "reviewed_at": article.reviewed_at,
        "revision_count": article.revision_count,
        "endorsement_count": article.endorsement_count,
        "source_topic_id": article.source_topic_id,
    }


def _article_response(viewer, article_id) -> dict:
    article = queries.article_for_viewer(viewer, article_id)
    endorsement = queries.endorsers(viewer, article)
    return {
        **_summary(article, article.community.slug),
        "body": article.body,
        "body_html": article.body_html,
        "reviewed_by": person_ref(article.reviewed_by),
        "needs_review": (
            article.status == ArticleStatus.PUBLISHED
            and article.reviewed_at < queries.review_cutoff(article.community)
        ),
        "credits": [
            {"user_id": c["user_id"], "name": c["name"], "roles": c["roles"]}
            for c in queries.article_credits(viewer, article)
        ],
        "endorsements": {
            "count": endorsement["count"],
            "names": endorsement["names"],
            "endorsed_by_me": endorsement["by_viewer"],
        },
    }


def _revision(revision: ArticleRevision) -> dict:
    return {
        "number": revision.number,
        "kind": revision.kind,
        "title": revision.title,
        "url": revision.url,
        "status": revision.status,
        "tags": [t for t in revision.tags.split(",") if t],
        "author": person_ref(revision.author),
        "summary": revision.summary,
        "restored_from": revision.restored_from,
        "created_at": revision.created_at,
    }


# --- articles ---------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/articles",
    auth=optional_auth,
    response={200: ArticlePageOut, **ERRORS},
)
def article_list(
    request,
    slug: str,
    kind: ArticleKind | None = None,
    tag: str = Query("", max_length=TAG_MAX_LENGTH),
    status: ArticleStatus | None = None,
    page: int = 1,
):
    """The community's articles, most recently changed first: published ones by default;
    ``status=draft`` lists drafts (members only; empty for anyone else), ``status=archived``
    the archive."""
    community = community_for_viewer(request.user, slug)
    result = queries.visible_articles(
        request.user, community, kind=kind, tag=tag or None, status=status, page=page
    )
    return page_out(result, [_summary(a, community.slug) for a in result.items])


@router.post("/communities/{slug}/articles", response={201: ArticleOut, **ERRORS})
def article_create(request, slug: str, payload: ArticleIn):
    """Write an article (members only), as a draft unless ``status`` is "published"."""
    community = community_for_viewer(request.user, slug)
    article = services.article_create(
        request.user,
        community,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
        url=payload.url,
        status=payload.status,
        summary=payload.summary,
    )
    return Status(201, _article_response(request.user, article.pk))


@router.get("/articles/{article_id}", auth=optional_auth, response={200: ArticleOut, **ERRORS})
def article_detail(request, article_id: int):
    """The article with its credits and endorsements."""
    return _article_response(request.user, article_id)


@router.patch("/articles/{article_id}", response={200: ArticleOut, **ERRORS})
def article_edit(request, article_id: int, payload: ArticlePatchIn):
    """Change the content (a new revision, with ``summary`` for the history) and/or the
    status. Any member may edit, publish or take back to draft; archiving is for stewards.
    A change that changes nothing is refused (400)."""
    content = {
        name: getattr(payload, name)
        for name in ("kind", "title", "body", "tags", "url")
        if getattr(payload, name) is not None
    }
    if not content and payload.status is None:
        queries.article_for_viewer(request.user, article_id)  # hidden ones stay 404
        raise InvalidInput(_("Send at least one of kind, title, body, tags, url or status."))
    with transaction.atomic():  # both or neither
        if content:
            services.article_edit(request.user, article_id, summary=payload.summary, **content)
        if payload.status is not None:
            services.article_set_status(request.user, article_id, payload.status)
    return _article_response(request.user, article_id)


@router.get(
    "/articles/{article_id}/revisions",
    auth=optional_auth,
    response={200: RevisionPageOut, **ERRORS},
)
def article_revisions(request, article_id: int, page: int = 1):
    """The article's revisions, newest first (30 a page), without their text."""
    result = queries.article_revisions(request.user, article_id, page=page)
    return page_out(result, [_revision(r) for r in result.items])


@router.get(
    "/articles/{article_id}/diff",
    auth=optional_auth,
    response={200: DiffOut, **ERRORS},
    by_alias=True,
)
def article_diff(
    request,
    article_id: int,
    from_: int | None = Query(None, alias="from"),
    to: int | None = None,
):
    """What changed from revision ``from`` to revision ``to`` of this article (by default
    the one before the latest, and the latest). Lines come as rows; a changed line carries
    its old and new words. Numbers that name no revision of this article answer 404."""
    article = queries.article_for_viewer(request.user, article_id)
    latest = article.revision_count
    first = from_ if from_ is not None else max(1, latest - 1)
    second = to if to is not None else latest
    result = queries.article_diff(request.user, article, first, second)
    diff = result["diff"]
    title = diff["title"]
    return {
        "article_id": article.pk,
        "from": first,
        "to": second,
        "changed": diff["changed"],
        "title": {"old": title["old"], "new": title["new"]} if title else None,
        "kind": diff["kind"],
        "url": diff["url"],
        "tags": diff["tags"],
        "body": diff["body"],
    }


@router.post("/articles/{article_id}/restore", response={200: ArticleOut, **ERRORS})
def article_restore(request, article_id: int, payload: RestoreIn):
    """Copy an old revision's content into a new revision."""
    services.article_restore(request.user, article_id, payload.number, summary=payload.summary)
    return _article_response(request.user, article_id)


@router.post("/articles/{article_id}/endorse", response={200: EndorsementOut, **ERRORS})
def article_endorse(request, article_id: int):
    """Say the article reflects your practice (members; published articles). Twice changes
    nothing."""
    services.article_endorse(request.user, article_id, endorsed=True)
    return _endorsement(request.user, article_id)


@router.delete("/articles/{article_id}/endorse", response={200: EndorsementOut, **ERRORS})
def article_unendorse(request, article_id: int):
    services.article_endorse(request.user, article_id, endorsed=False)
    return _endorsement(request.user, article_id)


def _endorsement(viewer, article_id) -> dict:
    found = queries.endorsers(viewer, queries.article_for_viewer(viewer, article_id))
    return {"count": found["count"], "names": found["names"], "endorsed_by_me": found["by_viewer"]}


@router.post("/articles/{article_id}/reviewed", response={200: ArticleOut, **ERRORS})
def article_reviewed(request, article_id: int):
    """Confirm the article still holds; it leaves the "needs review" list."""
    services.article_mark_reviewed(request.user, article_id)
    return _article_response(request.user, article_id)


@router.post("/topics/{topic_id}/document", response={201: ArticleOut, **ERRORS})
def topic_document(request, topic_id: int):
    """Turn a discussion into a draft article that links back to it and credits everyone
    whose posts went in. 409 if the topic is already documented."""
    article = services.topic_document(request.user, topic_id)
    return Status(201, _article_response(request.user, article.pk))
