"""API for appreciation notes (docs/stewardship-appreciation.md).

``GET/POST /communities/{slug}/appreciations`` — the wall, for members (404 to outsiders of a
private community, 403 to non-members of a public one) and writing a note;
``PATCH /appreciations/{id}`` — the recipient shows a note on their profile or not;
``DELETE /appreciations/{id}`` — its author deletes it, or a steward removes it with a
``reason`` (audited).
"""

from datetime import datetime
from typing import Annotated

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from practica.communities.visibility import community_for_viewer
from practica.core.schemas import ERRORS, JsonObject, PageOut, PersonRef, page_out, person_ref

from ..queries import appreciation as queries
from ..services import appreciation as services
from ..services.appreciation import BODY_MAX, REASON_MAX

router = Router(tags=["stewardship"])


class TargetOut(Schema):
    kind: str
    id: int
    # Title and link only while the viewer may still see what the note is for.
    title: str | None
    url: str | None


class AppreciationOut(Schema):
    id: int
    community: str
    author: PersonRef | None
    recipient: PersonRef
    body: str
    body_html: str
    target: TargetOut | None
    on_profile: bool
    created_at: datetime


class AppreciationIn(JsonObject):
    recipient_id: int
    body: Annotated[str, Field(max_length=BODY_MAX)]
    # What it is for: ``target_kind`` ("post", "topic", "article", "time") with ``target_id``,
    # or a pasted Practica link in ``target``.
    target_kind: Annotated[str, Field(max_length=20)] | None = None
    target_id: int | None = None
    target: Annotated[str, Field(max_length=500)] | None = None


class AppreciationPatchIn(JsonObject):
    on_profile: bool


def _out(note) -> dict:
    target = None
    if note.target_type_id and note.target_id:
        info = getattr(note, "target_info", None)
        target = {
            "kind": getattr(note, "target_kind", None) or "",
            "id": note.target_id,
            "title": info.title if info else None,
            "url": (info.url or None) if info else None,
        }
    return {
        "id": note.pk,
        "community": note.community.slug,
        "author": person_ref(note.author),
        "recipient": person_ref(note.recipient),
        "body": note.body,
        "body_html": note.body_html,
        "target": target,
        "on_profile": note.on_profile,
        "created_at": note.created_at,
    }


@router.get("/communities/{slug}/appreciations", response={200: PageOut[AppreciationOut], **ERRORS})
def appreciation_list(request, slug: str, to_me: bool = False, page: int = 1):
    """The community's appreciation wall, newest first (members only); ``to_me=true`` lists
    the notes addressed to the caller."""
    community = community_for_viewer(request.user, slug)
    result = queries.appreciation_wall(request.user, community, to_me=to_me, page=page)
    return page_out(result, [_out(note) for note in result.items])


@router.post("/communities/{slug}/appreciations", response={201: AppreciationOut, **ERRORS})
def appreciation_create(request, slug: str, payload: AppreciationIn):
    """Write a note to a fellow member (members only; at most 20 a day). The recipient is
    notified."""
    community = community_for_viewer(request.user, slug)
    kind, target_id = payload.target_kind, payload.target_id
    if payload.target and kind is None and target_id is None:
        parsed = queries.parse_target(payload.target)
        kind, target_id = parsed if parsed else (None, None)
    note = services.appreciation_create(
        request.user,
        community,
        recipient=payload.recipient_id,
        body=payload.body,
        target_kind=kind,
        target_id=target_id,
    )
    return Status(201, _out(queries.appreciation_for_viewer(request.user, note.pk)))


@router.patch("/appreciations/{note_id}", response={200: AppreciationOut, **ERRORS})
def appreciation_patch(request, note_id: int, payload: AppreciationPatchIn):
    """The recipient shows the note on their profile (``on_profile``), or hides it again."""
    note = services.appreciation_set_on_profile(request.user, note_id, payload.on_profile)
    return _out(queries.appreciation_for_viewer(request.user, note.pk))


@router.delete("/appreciations/{note_id}", response={204: None, **ERRORS})
def appreciation_delete(request, note_id: int, reason: str = Query("", max_length=REASON_MAX)):
    """Its author deletes the note; a steward removes it, saying in ``reason`` which part of
    the charter it breaks (in the audit trail)."""
    services.appreciation_delete(request.user, note_id, reason=reason)
    return HttpResponse(status=204)
