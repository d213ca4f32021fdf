"""Reads of communities bounded by the viewer (DESIGN rule 2): every function takes ``viewer``
and goes through the visibility gate."""

from django.db.models import Case, Count, Prefetch, Q, When
from django.utils.translation import gettext as _

from practica.accounts.models import Profile
from practica.core.cache import inbox_version, remembered, versions
from practica.core.errors import NotFound
from practica.core.models import normalize_tag
from practica.core.pagination import Page, paginate, parse_page

from .models import (
    AuditEntry,
    CharterProposal,
    CharterResponse,
    Community,
    Goal,
    GoalStatus,
    Membership,
    MembershipStatus,
    Notification,
    ProposalStatus,
    active_steward_q,
)
from .visibility import (
    is_member,
    member_community_ids,
    profile_audiences,
    profile_field_filter_q,
    require_member,
    require_steward,
    require_viewable,
    visible_communities,
    visible_community_q,
    visible_profile_fields,
)


def unread_notification_count(user) -> int:
    """Shown on every page, so kept in the cache until the person's inbox changes or the
    communities they can see do (both are in the key)."""

    def count() -> int:
        return (
            Notification.objects.filter(recipient=user, read_at__isnull=True)
            .filter(Q(community__isnull=True) | visible_community_q(user))
            .count()
        )

    visible = tuple(sorted(member_community_ids(user)))
    return remembered("unread", (user.pk, inbox_version(user.pk), visible), count)


def notifications_for(user, page=1) -> Page:
    """The user's notifications, leaving out those about communities they can no longer see."""
    rows = (
        Notification.objects.filter(recipient=user)
        .filter(Q(community__isnull=True) | visible_community_q(user))
        .select_related("actor__profile", "community")
        .order_by("-created_at", "-id")
    )
    return paginate(rows, page)


def communities_for_viewer(viewer, *, q: str = "", page=1) -> Page:
    """Communities the viewer may see, biggest first, optionally matching a name/purpose."""
    rows = visible_communities(viewer).order_by("-member_count", "name")
    if q:
        q = q.strip()[:100]
        rows = rows.filter(Q(name__icontains=q) | Q(purpose__icontains=q))
    return paginate(rows, page)


def my_communities(viewer, page=1, size: int | None = None) -> Page:
    """The communities the viewer is an active member of, by name, a page at a time."""
    if not viewer.is_authenticated:
        return Page(items=[], number=1, size=size or 1, total=0)
    rows = Community.objects.filter(
        memberships__user=viewer, memberships__status=MembershipStatus.ACTIVE
    ).order_by("name", "id")
    return paginate(rows, page, size)


def suggested_communities(viewer, limit: int) -> list[Community]:
    """The biggest communities the viewer may see and is not in yet, in one query."""
    rows = visible_communities(viewer).exclude(pk__in=member_community_ids(viewer))
    return list(rows.order_by("-member_count", "name")[:limit])


def stewards_of(community: Community) -> list[Membership]:
    return list(
        Membership.objects.filter(active_steward_q(), community=community)
        .select_related("user__profile")
        .order_by("joined_at")
    )


DIRECTORY_FILTERS = ("interest", "expertise", "need", "sector")
_TAG_FIELD = {"interest": "interests", "expertise": "expertise", "need": "needs"}


def _directory(viewer, community: Community, filters, page, size):
    """What a page of the member directory is made of: the key parts its rows vary with, a
    function that reads the page of memberships (kept in the cache), and the viewer's
    audiences. Shared by ``member_directory`` and ``member_directory_ids``; the query is only
    built when the page is not in the cache."""
    require_viewable(viewer, community)
    viewer_is_member = is_member(viewer, community)
    # Every member of this community shares it with a member viewer.
    audiences = profile_audiences(viewer, -1, shares=viewer_is_member)
    applied = []
    for key, value in sorted((filters or {}).items()):
        if key not in DIRECTORY_FILTERS or not isinstance(value, str) or not value.strip():
            continue
        applied.append((key, value.strip() if key == "sector" else normalize_tag(value)))

    def shown(field: str) -> Q:
        # People who show this field to the viewer — and the viewer, who sees all of their own.
        q = profile_field_filter_q(field, audiences)
        return q | Q(user_id=viewer.pk) if viewer_is_member else q

    def rows():
        found = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        for key, value in applied:
            if key == "sector":
                found = found.filter(shown("sector"), user__profile__sector=value)
            else:
                field = _TAG_FIELD[key]
                found = found.filter(shown(field), **{f"user__profile__{field}__name": value})
        # No DISTINCT: each filter joins one tag by its unique name, and a profile holds a tag
        # at most once, so no membership can appear twice. DISTINCT would make the database
        # de-duplicate every member's wide row before the page is cut, and wrap the count too.
        return (
            found.select_related("user__profile")
            .prefetch_related(
                "user__profile__interests", "user__profile__expertise", "user__profile__needs"
            )
            .order_by("user__profile__display_name", "id")
        )

    # Which rows match depends on the viewer's audiences, and, with a filter, on whether the
    # viewer is a member, who matches on all of their own fields.
    viewer_matches_own = viewer.pk if applied and viewer_is_member else None
    parts = (community.pk, versions(community.pk), tuple(sorted(audiences)), tuple(applied))
    parts += (viewer_matches_own, parse_page(page), size)

    def load() -> Page:
        return remembered("member-directory", parts, lambda: paginate(rows(), page, size))

    return parts, load, audiences


def member_directory(viewer, community: Community, *, filters=None, page=1, size=24) -> Page:
    """The community's members with what each lets this viewer see, filterable by interest,
    expertise, need and sector. A filter only matches people who show that field to the
    viewer, so filtering never reveals a hidden value. Query count is constant per page.

    The page's rows are kept in the cache until the community or anyone's profile changes
    (practica.core.cache): ordering by name sorts every member of the community. What of each
    profile the viewer may see is decided afresh on every request.
    """
    _parts, load, audiences = _directory(viewer, community, filters, page, size)
    result = load()
    result.items = [_member_card(viewer, m, audiences) for m in result.items]
    return result


def member_directory_ids(
    viewer, community: Community, *, filters=None, page=1, size=24
) -> tuple[tuple, list[int]]:
    """For caching a rendered page of the directory: everything the page's rows vary with
    (the versions, the viewer's audiences, the filters, the page), and the ids of the people
    on it — whether the viewer's own card, which shows all of their profile, is among them.

    The ids are kept apart from the rows, so that a page whose rendering is cached reads a
    short list of numbers rather than the memberships with their profiles and tags.
    """
    parts, load, _audiences = _directory(viewer, community, filters, page, size)
    ids = remembered("member-directory-ids", parts, lambda: [m.user_id for m in load().items])
    return parts, ids


def _member_card(viewer, membership: Membership, audiences) -> dict:
    """What the viewer may see of one member, with their role in the community."""
    if membership.user_id == getattr(viewer, "pk", None):
        audiences = profile_audiences(viewer, membership.user_id)  # all of one's own profile
    data = visible_profile_fields(membership.user.profile, audiences)
    data.update(
        role=membership.role, is_steward=membership.is_steward, joined_at=membership.joined_at
    )
    return data


def steward_candidates(viewer, community: Community, *, name="", user_id=None, limit=50):
    """Active members who are not stewards today, to choose from when appointing one: those
    whose name contains ``name`` (all of them when it is empty), or the one whose account is
    ``user_id``. At most ``limit``, by name: a search reaches anyone in a community of any
    size, where a page of the directory would leave everyone after it out."""
    require_member(viewer, community)
    rows = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
    rows = rows.exclude(active_steward_q())
    if user_id not in (None, ""):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError, OverflowError):
            return []
        if not 0 < user_id < 2**63:  # beyond the database's integers
            return []
        rows = rows.filter(user_id=user_id)
    elif name.strip():
        rows = rows.filter(user__profile__display_name__icontains=name.strip())
    rows = rows.order_by("user__profile__display_name", "id").values_list(
        "user_id", "user__profile__display_name"
    )
    return [{"user_id": uid, "display_name": display} for uid, display in rows[:limit]]


def newest_members(viewer, community: Community, limit=12) -> list[dict]:
    """The members who joined most recently, for the community home's preview: only what
    everyone may see of a person (their name), in one query.

    Reads ``limit`` rows in the order of the (community, status, joined_at) index whatever the
    size of the community, where the alphabetical directory must sort every member.
    """
    require_viewable(viewer, community)
    rows = (
        Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        .order_by("-joined_at", "-id")
        .values_list("user_id", "user__profile__display_name", "joined_at")[:limit]
    )
    return [
        {"user_id": user_id, "display_name": name, "joined_at": joined_at}
        for user_id, name, joined_at in rows
    ]


def profile_for_viewer(viewer, user_id) -> dict:
    """Someone's profile as this viewer may see it. Everyone with an account has a page, but
    only their display name shows unless they chose to show more."""
    try:
        user_id = int(user_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such person."))
    if not 0 < user_id < 2**63:  # a foreign key lookup beyond the database's integers fails
        raise NotFound(_("No such person."))
    profile = (
        Profile.objects.select_related("user")
        .prefetch_related("interests", "expertise", "needs")
        .filter(user_id=user_id, user__is_active=True)
        .first()
    )
    if profile is None:
        raise NotFound(_("No such person."))
    data = visible_profile_fields(profile, profile_audiences(viewer, user_id))
    data["communities"] = list(
        visible_communities(viewer)
        .filter(memberships__user_id=user_id, memberships__status=MembershipStatus.ACTIVE)
        .order_by("name")
    )
    return data


OPEN_PROPOSALS_MAX = 50


def charter_history(viewer, community: Community, page=1, size: int | None = None) -> Page:
    """Closed proposals (adopted versions, and those withdrawn or not adopted), newest first,
    a page at a time: a long-lived community's history grows without end."""
    require_viewable(viewer, community)
    rows = (
        CharterProposal.objects.filter(community=community)
        .exclude(status=ProposalStatus.OPEN)
        .select_related("proposed_by__profile")
        .order_by("-created_at", "-id")
    )
    return paginate(rows, page, size)


def charter_overview(viewer, community: Community, *, history: Page | None = None) -> dict:
    """The current charter, the open proposals (at most OPEN_PROPOSALS_MAX: a review window
    is short, so more never pile up), and one page of the history — ``history`` when given
    (see charter_history), else its first page: ``versions`` are the page's adopted
    proposals by version, ``closed`` all of its proposals."""
    require_viewable(viewer, community)
    if history is None:
        history = charter_history(viewer, community)
    proposals = CharterProposal.objects.filter(community=community).select_related(
        "proposed_by__profile"
    )
    current = proposals.filter(status=ProposalStatus.ADOPTED).order_by("-version").first()
    still_open = proposals.filter(status=ProposalStatus.OPEN).order_by("-created_at", "-id")
    adopted = [p for p in history.items if p.status == ProposalStatus.ADOPTED]
    return {
        "current": current,
        "versions": sorted(adopted, key=lambda p: p.version, reverse=True),
        "open": list(still_open[:OPEN_PROPOSALS_MAX]),
        "closed": list(history.items),
    }


def proposal_detail(viewer, proposal: CharterProposal, page=1, size: int | None = None) -> dict:
    """A proposal's responses a page at a time, the counts of every position, the viewer's
    own response and the version it would replace; a fixed number of queries whatever the
    number of members who responded."""
    require_viewable(viewer, proposal.community)
    rows = CharterResponse.objects.filter(proposal=proposal)
    counts = {"consent": 0, "concern": 0, "objection": 0}
    for row in rows.values("position").annotate(n=Count("id")).order_by():
        counts[row["position"]] = row["n"]
    mine = None
    if getattr(viewer, "is_authenticated", False):
        mine = rows.filter(member_id=viewer.pk).first()
    responses = paginate(
        rows.select_related("member__profile").order_by("created_at", "id"), page, size
    )
    previous = (
        CharterProposal.objects.filter(
            community=proposal.community,
            status=ProposalStatus.ADOPTED,
            created_at__lt=proposal.created_at,
        )
        .order_by("-version")
        .first()
    )
    return {"responses": responses, "counts": counts, "mine": mine, "previous": previous}


def _goals(viewer, community: Community, status: str | None):
    """The community's goals (of one status, if given), with how many history entries each
    has: lists show that number, and only a goal's own page reads its history."""
    require_viewable(viewer, community)
    rows = Goal.objects.filter(community=community)
    if status:
        rows = rows.filter(status=status) if status in GoalStatus.values else rows.none()
    active_first = Case(When(status=GoalStatus.ACTIVE, then=0), default=1)
    return rows.annotate(revision_count=Count("revisions")).order_by(
        active_first, "status", "-updated_at", "-id"
    )


def goals_for_viewer(
    viewer, community: Community, *, status: str | None = None, page=1, size: int | None = None
) -> Page:
    """The community's goals (of one ``status``, if given), a page at a time: active goals
    first, then the others by status, most recently changed first."""
    return paginate(_goals(viewer, community, status), page, size)


def goals_preview(viewer, community: Community, *, status: str | None = None, limit=5):
    """The first ``limit`` goals, for the community home: the database cuts the list."""
    return list(_goals(viewer, community, status)[:limit])


def _revisions_qs():
    from .models import GoalRevision

    return GoalRevision.objects.select_related("changed_by__profile").order_by("changed_at", "id")


def goal_for_viewer(viewer, goal_id) -> Goal:
    try:
        goal_id = int(goal_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such goal."))
    goal = (
        Goal.objects.select_related("community")
        .prefetch_related(Prefetch("revisions", queryset=_revisions_qs()))
        .filter(pk=goal_id)
        .first()
    )
    if goal is None:
        raise NotFound(_("No such goal."))
    require_viewable(viewer, goal.community)
    return goal


def audit_trail(viewer, community: Community, page=1) -> Page:
    """Steward actions, readable by every member (egalitarian by design)."""
    require_member(viewer, community)
    rows = (
        AuditEntry.objects.filter(community=community)
        .select_related("actor__profile")
        .order_by("-created_at", "-id")
    )
    return paginate(rows, page)


def join_requests(viewer, community: Community, page=1, size: int | None = None) -> Page:
    """Pending requests to join, oldest first (those waiting longest), a page at a time."""
    require_steward(viewer, community)
    rows = (
        Membership.objects.filter(community=community, status=MembershipStatus.PENDING)
        .select_related("user__profile")
        .order_by("joined_at", "id")
    )
    return paginate(rows, page, size)
