"""API for communities: the community and its settings, membership, the member directory and
people's profiles, invitations, the audit trail, the charter's consent process, goals and
notifications.

Reads go through ``queries`` (and so through the visibility gate: a private community answers
404 to anyone outside it); writes go through ``services``. Schemas carry the same length
limits as the services, so an oversized field is refused (422) before anything runs.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Count
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from practica.accounts.api import optional_auth
from practica.core.models import TAG_MAX_LENGTH
from practica.core.schemas import (
    ERRORS,
    JsonObject,
    PageOut,
    PersonRef,
    page_out,
    person_ref,
    require_object_body,
)

from . import queries, services
from .models import (
    CharterProposal,
    CharterResponse,
    Community,
    GoalStatus,
    JoinPolicy,
    Membership,
    Position,
    Visibility,
)
from .visibility import community_for_viewer, membership_of

router = Router(tags=["communities"])

TIMEZONE_MAX = 64
EMAIL_MAX = 254
JOIN_MESSAGE_MAX = 1000
DECLINE_REASON_MAX = 500
RATIONALE_MAX = 4000
RESPONSE_REASON_MAX = 4000
GOAL_TITLE_MAX = 200
GOAL_DESCRIPTION_MAX = 5000
GOAL_NOTE_MAX = 500
SEARCH_MAX = 100
MAX_NOTIFICATION_IDS = 1000


# --- schemas: communities and membership ------------------------------------------------------


class CommunityIn(JsonObject):
    name: str = Field(max_length=services.NAME_MAX)
    purpose: str = Field(max_length=services.PURPOSE_MAX)
    values: str = Field("", max_length=services.VALUES_MAX)
    visibility: Visibility
    join_policy: JoinPolicy
    slug: str | None = Field(None, max_length=services.SLUG_MAX)
    charter: str = Field("", max_length=settings.MAX_BODY_LENGTH)
    timezone: str = Field("UTC", max_length=TIMEZONE_MAX)


class CommunityPatchIn(JsonObject):
    name: str | None = Field(None, max_length=services.NAME_MAX)
    purpose: str | None = Field(None, max_length=services.PURPOSE_MAX)
    values: str | None = Field(None, max_length=services.VALUES_MAX)
    visibility: Visibility | None = None
    join_policy: JoinPolicy | None = None
    timezone: str | None = Field(None, max_length=TIMEZONE_MAX)


class CommunitySummaryOut(Schema):
    slug: str
    name: str
    purpose: str
    purpose_html: str
    visibility: str
    join_policy: str
    member_count: int
    created_at: datetime


class ViewerMembershipOut(Schema):
    status: str
    role: str
    is_steward: bool


class CommunityOut(CommunitySummaryOut):
    values: str
    values_html: str
    timezone: str
    charter_version: int | None
    membership: ViewerMembershipOut | None


class MembershipOut(Schema):
    id: int
    community: str
    user: PersonRef
    status: str
    role: str
    is_steward: bool
    joined_at: datetime


class JoinIn(JsonObject):
    acknowledge_charter: bool = False
    message: str = Field("", max_length=JOIN_MESSAGE_MAX)


class DeclineIn(JsonObject):
    reason: str = Field("", max_length=DECLINE_REASON_MAX)


class JoinRequestOut(Schema):
    id: int
    user: PersonRef
    message: str
    requested_at: datetime


class InvitationIn(JsonObject):
    email: str = Field(max_length=EMAIL_MAX)


class InvitationOut(Schema):
    id: int
    community: str
    email: str
    expires_at: datetime


class AuditEntryOut(Schema):
    id: int
    actor: PersonRef | None
    action: str
    summary: str
    created_at: datetime


# --- schemas: people --------------------------------------------------------------------------


class VisibleProfileOut(Schema):
    """A profile as one viewer may see it: fields its owner hid from them are left out."""

    user_id: int
    display_name: str
    pronouns: str | None = None
    bio: str | None = None
    bio_html: str | None = None
    sector: str | None = None
    sector_label: str | None = None
    discipline: str | None = None
    organisation: str | None = None
    location: str | None = None
    timezone: str | None = None
    interests: list[str] | None = None
    expertise: list[str] | None = None
    needs: list[str] | None = None
    hours_per_month: int | None = None


class CommunityRef(Schema):
    slug: str
    name: str


class PersonOut(VisibleProfileOut):
    communities: list[CommunityRef]


class MemberOut(VisibleProfileOut):
    role: str
    is_steward: bool
    joined_at: datetime


# --- schemas: charter -------------------------------------------------------------------------


class ResponseCounts(Schema):
    consent: int
    concern: int
    objection: int


class CharterVersionOut(Schema):
    id: int
    version: int
    body: str
    body_html: str
    rationale: str
    proposed_by: PersonRef | None
    adopted_at: datetime | None


class ProposalOut(Schema):
    id: int
    community: str
    status: str
    body: str
    body_html: str
    rationale: str
    proposed_by: PersonRef | None
    created_at: datetime
    review_ends_at: datetime
    decided_at: datetime | None
    version: int | None
    counts: ResponseCounts


class CharterOut(Schema):
    """``versions`` and the closed ``proposals`` are one page of the history (newest first);
    ``page``, ``pages`` and ``total`` count that history. Open proposals come first, on
    every page."""

    current: CharterVersionOut | None
    versions: list[CharterVersionOut]
    proposals: list[ProposalOut]
    page: int
    pages: int
    total: int


class CharterResponseOut(Schema):
    proposal_id: int
    member: PersonRef
    position: str
    reason: str
    created_at: datetime
    updated_at: datetime


class ProposalDetailOut(ProposalOut):
    responses: PageOut[CharterResponseOut]
    my_position: str | None
    previous_version: int | None


class ProposalIn(JsonObject):
    body: str = Field(max_length=settings.MAX_BODY_LENGTH)
    rationale: str = Field("", max_length=RATIONALE_MAX)


class CharterRespondIn(JsonObject):
    position: Position
    reason: str = Field("", max_length=RESPONSE_REASON_MAX)


# --- schemas: goals and notifications ---------------------------------------------------------


class GoalIn(JsonObject):
    title: str = Field(max_length=GOAL_TITLE_MAX)
    description: str = Field("", max_length=GOAL_DESCRIPTION_MAX)


class GoalPatchIn(JsonObject):
    title: str | None = Field(None, max_length=GOAL_TITLE_MAX)
    description: str | None = Field(None, max_length=GOAL_DESCRIPTION_MAX)
    status: GoalStatus | None = None
    note: str = Field("", max_length=GOAL_NOTE_MAX)


class GoalOut(Schema):
    id: int
    community: str
    title: str
    description: str
    description_html: str
    status: str
    created_at: datetime
    updated_at: datetime


class GoalRevisionOut(Schema):
    title: str
    description: str
    status: str
    note: str
    changed_by: PersonRef | None
    changed_at: datetime


class GoalDetailOut(GoalOut):
    history: list[GoalRevisionOut]


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    community: str | None
    actor: PersonRef | None
    created_at: datetime
    read_at: datetime | None


class NotificationPageOut(PageOut[NotificationOut]):
    unread: int


class NotificationsReadIn(JsonObject):
    ids: list[int] | None = Field(None, max_length=MAX_NOTIFICATION_IDS)


class NotificationsReadOut(Schema):
    marked: int
    unread: int


# --- turning rows into response bodies --------------------------------------------------------


def _community_summary(c: Community) -> dict:
    return {
        "slug": c.slug,
        "name": c.name,
        "purpose": c.purpose,
        "purpose_html": c.purpose_html,
        "visibility": c.visibility,
        "join_policy": c.join_policy,
        "member_count": c.member_count,
        "created_at": c.created_at,
    }


def _community_detail(viewer, c: Community) -> dict:
    charter = services.current_charter(c)
    m = membership_of(viewer, c)
    return {
        **_community_summary(c),
        "values": c.values,
        "values_html": c.values_html,
        "timezone": c.timezone,
        "charter_version": charter.version if charter else None,
        "membership": (
            {"status": m.status, "role": m.role, "is_steward": m.is_steward} if m else None
        ),
    }


def _membership(m: Membership, community: Community) -> dict:
    return {
        "id": m.pk,
        "community": community.slug,
        "user": person_ref(m.user),
        "status": m.status,
        "role": m.role,
        "is_steward": m.is_steward,
        "joined_at": m.joined_at,
    }


def _response_counts(proposal_ids: list[int]) -> dict[int, dict]:
    """Consent / concern / objection counts of many proposals in one query."""
    counts = {pid: {"consent": 0, "concern": 0, "objection": 0} for pid in proposal_ids}
    if proposal_ids:
        rows = (
            CharterResponse.objects.filter(proposal_id__in=proposal_ids)
            .values("proposal_id", "position")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["proposal_id"]][row["position"]] = row["n"]
    return counts


def _version(p: CharterProposal) -> dict:
    return {
        "id": p.pk,
        "version": p.version,
        "body": p.body,
        "body_html": p.body_html,
        "rationale": p.rationale,
        "proposed_by": person_ref(p.proposed_by),
        "adopted_at": p.decided_at,
    }


def _proposal(p: CharterProposal, slug: str, counts: dict) -> dict:
    return {
        "id": p.pk,
        "community": slug,
        "status": p.status,
        "body": p.body,
        "body_html": p.body_html,
        "rationale": p.rationale,
        "proposed_by": person_ref(p.proposed_by),
        "created_at": p.created_at,
        "review_ends_at": p.review_ends_at,
        "decided_at": p.decided_at,
        "version": p.version,
        "counts": counts,
    }


def _charter_response(r: CharterResponse) -> dict:
    return {
        "proposal_id": r.proposal_id,
        "member": person_ref(r.member),
        "position": r.position,
        "reason": r.reason,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def _goal(goal, slug: str, with_history: bool = False) -> dict:
    data = {
        "id": goal.pk,
        "community": slug,
        "title": goal.title,
        "description": goal.description,
        "description_html": goal.description_html,
        "status": goal.status,
        "created_at": goal.created_at,
        "updated_at": goal.updated_at,
    }
    if with_history:
        data["history"] = [
            {
                "title": r.title,
                "description": r.description,
                "status": r.status,
                "note": r.note,
                "changed_by": person_ref(r.changed_by),
                "changed_at": r.changed_at,
            }
            for r in goal.revisions.all()
        ]
    return data


# --- communities ------------------------------------------------------------------------------


@router.get(
    "/communities", auth=optional_auth, response={200: PageOut[CommunitySummaryOut], **ERRORS}
)
def community_list(request, q: str = Query("", max_length=SEARCH_MAX), page: int = 1):
    """Communities this viewer may see (private ones only to their members), biggest first;
    ``q`` matches name or purpose."""
    result = queries.communities_for_viewer(request.user, q=q, page=page)
    return page_out(result, [_community_summary(c) for c in result.items])


@router.post("/communities", response={201: CommunityOut, **ERRORS})
def community_create(request, payload: CommunityIn):
    """Create a community; its creator becomes its first steward. A charter given here is
    adopted as version 1."""
    community = services.community_create(
        request.user,
        name=payload.name,
        purpose=payload.purpose,
        values=payload.values,
        visibility=payload.visibility,
        join_policy=payload.join_policy,
        slug=payload.slug or None,
        charter=payload.charter,
        community_timezone=payload.timezone,
    )
    return Status(201, _community_detail(request.user, community))


@router.get("/communities/{slug}", auth=optional_auth, response={200: CommunityOut, **ERRORS})
def community_detail(request, slug: str):
    community = community_for_viewer(request.user, slug)
    return _community_detail(request.user, community)


@router.patch("/communities/{slug}", response={200: CommunityOut, **ERRORS})
def community_update(request, slug: str, payload: CommunityPatchIn):
    """Stewards change settings; each change is written to the audit trail."""
    community = community_for_viewer(request.user, slug)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    community = services.community_update(request.user, community, **changes)
    return _community_detail(request.user, community)


@router.post("/communities/{slug}/join", response={201: MembershipOut, **ERRORS})
def community_join(request, slug: str, payload: JoinIn | None = None):
    """Join an open community, or ask to join one that needs approval (status ``pending``).
    Where the community has a charter, ``acknowledge_charter`` must be true."""
    require_object_body(request)
    payload = payload or JoinIn()
    community = community_for_viewer(request.user, slug)
    membership = services.community_join(
        request.user,
        community,
        acknowledge_charter=payload.acknowledge_charter,
        message=payload.message,
    )
    return Status(201, _membership(membership, community))


@router.post("/communities/{slug}/leave", response={200: MembershipOut, **ERRORS})
def community_leave(request, slug: str):
    community = community_for_viewer(request.user, slug)
    membership = services.community_leave(request.user, community)
    return _membership(membership, community)


@router.get(
    "/communities/{slug}/members",
    auth=optional_auth,
    response={200: PageOut[MemberOut], **ERRORS},
    exclude_unset=True,
)
def member_directory(
    request,
    slug: str,
    interest: str = Query("", max_length=TAG_MAX_LENGTH),
    expertise: str = Query("", max_length=TAG_MAX_LENGTH),
    need: str = Query("", max_length=TAG_MAX_LENGTH),
    sector: str = Query("", max_length=20),
    page: int = 1,
):
    """Members with what each lets this viewer see. Filters only match people who show that
    field to the viewer, so a filter never reveals a hidden value."""
    community = community_for_viewer(request.user, slug)
    filters = {"interest": interest, "expertise": expertise, "need": need, "sector": sector}
    result = queries.member_directory(request.user, community, filters=filters, page=page)
    return page_out(result, result.items)


@router.get("/communities/{slug}/requests", response={200: PageOut[JoinRequestOut], **ERRORS})
def join_requests(request, slug: str, page: int = 1):
    """Pending requests to join, oldest first (stewards only)."""
    community = community_for_viewer(request.user, slug)
    result = queries.join_requests(request.user, community, page=page)
    items = [
        {
            "id": m.pk,
            "user": person_ref(m.user),
            "message": m.request_message,
            "requested_at": m.updated_at,
        }
        for m in result.items
    ]
    return page_out(result, items)


@router.post(
    "/communities/{slug}/requests/{membership_id}/approve",
    response={200: MembershipOut, **ERRORS},
)
def join_request_approve(request, slug: str, membership_id: int):
    community = community_for_viewer(request.user, slug)
    membership = services.membership_approve(request.user, community, membership_id)
    return _membership(membership, community)


@router.post(
    "/communities/{slug}/requests/{membership_id}/decline",
    response={200: MembershipOut, **ERRORS},
)
def join_request_decline(request, slug: str, membership_id: int, payload: DeclineIn | None = None):
    require_object_body(request)
    payload = payload or DeclineIn()
    community = community_for_viewer(request.user, slug)
    membership = services.membership_decline(
        request.user, community, membership_id, reason=payload.reason
    )
    return _membership(membership, community)


@router.post("/communities/{slug}/invitations", response={201: InvitationOut, **ERRORS})
def invitation_create(request, slug: str, payload: InvitationIn):
    """Any member invites someone by email; the link is mailed to them, not returned here."""
    community = community_for_viewer(request.user, slug)
    invitation = services.invitation_create(request.user, community, payload.email)
    return Status(
        201,
        {
            "id": invitation.pk,
            "community": community.slug,
            "email": invitation.email,
            "expires_at": invitation.expires_at,
        },
    )


@router.get("/communities/{slug}/audit", response={200: PageOut[AuditEntryOut], **ERRORS})
def audit_trail(request, slug: str, page: int = 1):
    """Every steward action, readable by every member."""
    community = community_for_viewer(request.user, slug)
    result = queries.audit_trail(request.user, community, page=page)
    items = [
        {
            "id": e.pk,
            "actor": person_ref(e.actor),
            "action": e.action,
            "summary": e.summary,
            "created_at": e.created_at,
        }
        for e in result.items
    ]
    return page_out(result, items)


# --- people -----------------------------------------------------------------------------------


@router.get(
    "/people/{user_id}",
    auth=optional_auth,
    response={200: PersonOut, **ERRORS},
    exclude_unset=True,
)
def person(request, user_id: int):
    """Someone's profile as this viewer may see it, and the communities of theirs the viewer
    can see. Fields the person hid from this viewer are left out."""
    data = queries.profile_for_viewer(request.user, user_id)
    data["communities"] = [{"slug": c.slug, "name": c.name} for c in data["communities"]]
    return data


# --- charter ----------------------------------------------------------------------------------


@router.get("/communities/{slug}/charter", auth=optional_auth, response={200: CharterOut, **ERRORS})
def charter(request, slug: str, page: int = 1):
    """The current charter, the open proposals, and a page of the history: adopted versions
    and the proposals that were not adopted."""
    community = community_for_viewer(request.user, slug)
    services.charter_settle_due(community)
    history = queries.charter_history(request.user, community, page=page)
    overview = queries.charter_overview(request.user, community, history=history)
    proposals = overview["open"] + overview["closed"]
    counts = _response_counts([p.pk for p in proposals])
    current = overview["current"]
    return {
        "current": _version(current) if current else None,
        "versions": [_version(p) for p in overview["versions"]],
        "proposals": [_proposal(p, community.slug, counts[p.pk]) for p in proposals],
        "page": history.number,
        "pages": history.pages,
        "total": history.total,
    }


@router.post("/communities/{slug}/charter/proposals", response={201: ProposalOut, **ERRORS})
def charter_propose(request, slug: str, payload: ProposalIn):
    """Any member proposes a new charter text, open for responses during the review window
    (adopted at once when the proposer is the only member)."""
    community = community_for_viewer(request.user, slug)
    proposal = services.charter_propose(
        request.user, community, body=payload.body, rationale=payload.rationale
    )
    counts = _response_counts([proposal.pk])[proposal.pk]
    return Status(201, _proposal(proposal, community.slug, counts))


@router.get(
    "/charter/proposals/{proposal_id}",
    auth=optional_auth,
    response={200: ProposalDetailOut, **ERRORS},
)
def charter_proposal(request, proposal_id: int, page: int = 1):
    """A proposal with the counts of every position and a page of its responses."""
    proposal = services.charter_proposal_for_viewer(request.user, proposal_id)
    proposal = services.charter_settle(proposal)
    detail = queries.proposal_detail(request.user, proposal, page=page)
    mine, previous, responses = detail["mine"], detail["previous"], detail["responses"]
    return {
        **_proposal(proposal, proposal.community.slug, detail["counts"]),
        "responses": page_out(responses, [_charter_response(r) for r in responses.items]),
        "my_position": mine.position if mine else None,
        "previous_version": previous.version if previous else None,
    }


@router.post(
    "/charter/proposals/{proposal_id}/responses",
    response={200: CharterResponseOut, 201: CharterResponseOut, **ERRORS},
)
def charter_respond(request, proposal_id: int, payload: CharterRespondIn):
    """Consent, raise a concern or object (the last two with a reason). 201 for a first
    response, 200 when changing one's earlier response."""
    proposal = services.charter_proposal_for_viewer(request.user, proposal_id)
    had_responded = queries.proposal_detail(request.user, proposal)["mine"] is not None
    response = services.charter_respond(
        request.user, proposal_id, position=payload.position, reason=payload.reason
    )
    return Status(200 if had_responded else 201, _charter_response(response))


@router.post("/charter/proposals/{proposal_id}/withdraw", response={200: ProposalOut, **ERRORS})
def charter_withdraw(request, proposal_id: int):
    proposal = services.charter_withdraw(request.user, proposal_id)
    counts = _response_counts([proposal.pk])[proposal.pk]
    return _proposal(proposal, proposal.community.slug, counts)


# --- goals ------------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/goals", auth=optional_auth, response={200: PageOut[GoalOut], **ERRORS}
)
def goal_list(request, slug: str, status: GoalStatus | None = None, page: int = 1):
    """The community's goals, active ones first, optionally of one ``status``."""
    community = community_for_viewer(request.user, slug)
    result = queries.goals_for_viewer(request.user, community, status=status, page=page)
    return page_out(result, [_goal(g, community.slug) for g in result.items])


@router.post("/communities/{slug}/goals", response={201: GoalDetailOut, **ERRORS})
def goal_create(request, slug: str, payload: GoalIn):
    """Any member sets a goal for the community."""
    community = community_for_viewer(request.user, slug)
    goal = services.goal_create(
        request.user, community, title=payload.title, description=payload.description
    )
    goal = queries.goal_for_viewer(request.user, goal.pk)
    return Status(201, _goal(goal, community.slug, with_history=True))


@router.get("/goals/{goal_id}", auth=optional_auth, response={200: GoalDetailOut, **ERRORS})
def goal_detail(request, goal_id: int):
    goal = queries.goal_for_viewer(request.user, goal_id)
    return _goal(goal, goal.community.slug, with_history=True)


@router.patch("/goals/{goal_id}", response={200: GoalDetailOut, **ERRORS})
def goal_update(request, goal_id: int, payload: GoalPatchIn):
    """Change a goal's words or status; the change and its note join the goal's history."""
    services.goal_update(
        request.user,
        goal_id,
        title=payload.title,
        description=payload.description,
        status=payload.status,
        note=payload.note,
    )
    goal = queries.goal_for_viewer(request.user, goal_id)
    return _goal(goal, goal.community.slug, with_history=True)


# --- notifications ----------------------------------------------------------------------------


@router.get("/notifications", response={200: NotificationPageOut, **ERRORS})
def notifications(request, page: int = 1):
    """The signed-in person's notifications, newest first, with how many are unread."""
    result = queries.notifications_for(request.user, page=page)
    items = [
        {
            "id": n.pk,
            "kind": n.kind,
            "text": n.text,
            "url": n.url,
            "community": n.community.slug if n.community else None,
            "actor": person_ref(n.actor),
            "created_at": n.created_at,
            "read_at": n.read_at,
        }
        for n in result.items
    ]
    return {
        **page_out(result, items),
        "unread": queries.unread_notification_count(request.user),
    }


@router.post("/notifications/read", response={200: NotificationsReadOut, **ERRORS})
def notifications_read(request, payload: NotificationsReadIn | None = None):
    """Mark the given notifications read, or all of them when ``ids`` is left out."""
    require_object_body(request)
    payload = payload or NotificationsReadIn()
    marked = services.notifications_mark_read(request.user, payload.ids)
    return {"marked": marked, "unread": queries.unread_notification_count(request.user)}
