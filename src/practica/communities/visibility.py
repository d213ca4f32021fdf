"""The one gate for reads (DESIGN rule 2).

Whether a viewer may see a community, and what of a person's profile they may see, is decided
here and nowhere else. Queries in every app call these functions; a private community's
content is invisible (404) to anyone who is not an active member of it.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from practica.accounts.models import PROFILE_FIELDS, Audience, Profile, Sector
from practica.core.errors import NotAllowed, NotFound

from .models import Community, Membership, MembershipStatus, Visibility

_CACHE_ATTR = "_practica_memberships"


def _memberships(viewer) -> dict[int, Membership]:
    """The viewer's memberships by community id, loaded once per viewer object (per request)."""
    if viewer is None or not viewer.is_authenticated:
        return {}
    cached = getattr(viewer, _CACHE_ATTR, None)
    if cached is None:
        cached = {m.community_id: m for m in Membership.objects.filter(user=viewer)}
        setattr(viewer, _CACHE_ATTR, cached)
    return cached


def forget_memberships(viewer) -> None:
    """Drop the per-viewer cache after a membership change made in the same request."""
    if viewer is not None and hasattr(viewer, _CACHE_ATTR):
        delattr(viewer, _CACHE_ATTR)


def membership_of(viewer, community: Community) -> Membership | None:
    return _memberships(viewer).get(community.pk)


def is_member(viewer, community: Community) -> bool:
    m = membership_of(viewer, community)
    return m is not None and m.is_active


def is_steward(viewer, community: Community) -> bool:
    m = membership_of(viewer, community)
    return m is not None and m.is_steward


def can_view_community(viewer, community: Community) -> bool:
    return community.visibility == Visibility.PUBLIC or is_member(viewer, community)


def member_community_ids(viewer) -> list[int]:
    return [cid for cid, m in _memberships(viewer).items() if m.is_active]


def visible_communities(viewer) -> QuerySet[Community]:
    """Public communities plus the private ones the viewer is an active member of."""
    ids = member_community_ids(viewer)
    return Community.objects.filter(Q(visibility=Visibility.PUBLIC) | Q(pk__in=ids))


def visible_community_q(viewer, prefix: str = "community") -> Q:
    """A Q for rows of any table that belong to a community the viewer can see."""
    return Q(**{f"{prefix}__visibility": Visibility.PUBLIC}) | Q(
        **{f"{prefix}_id__in": member_community_ids(viewer)}
    )


def community_for_viewer(viewer, slug) -> Community:
    """The community with this slug if the viewer may see it; NotFound otherwise (never 403)."""
    if not isinstance(slug, str) or not slug:
        raise NotFound(_("No such community."))
    community = Community.objects.filter(slug=slug).first()
    if community is None or not can_view_community(viewer, community):
        raise NotFound(_("No such community."))
    return community


def require_viewable(viewer, community: Community) -> None:
    if not can_view_community(viewer, community):
        raise NotFound(_("No such community."))


def require_member(viewer, community: Community) -> Membership:
    """The viewer's active membership, or NotFound (cannot see) / NotAllowed (can see, not in)."""
    require_viewable(viewer, community)
    m = membership_of(viewer, community)
    if m is None or not m.is_active:
        raise NotAllowed(_("Only members of %(c)s can do this. Join it first.") % {"c": community})
    return m


def require_steward(viewer, community: Community) -> Membership:
    m = require_member(viewer, community)
    if not m.is_steward:
        raise NotAllowed(_("Only a steward of %(c)s can do this.") % {"c": community})
    return m


# --- people -----------------------------------------------------------------------------------


def shares_community(viewer, owner_id: int) -> bool:
    ids = member_community_ids(viewer)
    if not ids:
        return False
    return Membership.objects.filter(
        user_id=owner_id, community_id__in=ids, status=MembershipStatus.ACTIVE
    ).exists()


def profile_audiences(viewer, owner_id: int, *, shares: bool | None = None) -> set[str]:
    """Which audiences of ``owner_id``'s profile fields the viewer belongs to.

    ``shares`` may be passed when the caller already knows whether they share a community
    (a member viewing their own community's directory does), to save a query per person.
    """
    audiences = {Audience.EVERYONE}
    if viewer is None or isinstance(viewer, AnonymousUser) or not viewer.is_authenticated:
        return audiences
    if viewer.pk == owner_id:
        return {Audience.EVERYONE, Audience.COMMUNITIES, Audience.ONLY_ME}
    if shares if shares is not None else shares_community(viewer, owner_id):
        audiences.add(Audience.COMMUNITIES)
    return audiences


# Sector labels by value, built once. The labels stay lazy, so ``str()`` translates them into
# the language of the moment; ``get_sector_display()`` would rebuild the dictionary of choices
# for every card of a directory page.
_SECTOR_LABELS = dict(Sector.choices)


def visible_profile_fields(profile: Profile, audiences: set[str]) -> dict:
    """The profile as a dict holding only the fields this audience may see.

    Tag fields read ``.all()`` so that callers who prefetched them pay no extra query.
    """
    data: dict = {"user_id": profile.user_id, "display_name": profile.display_name}
    for field in PROFILE_FIELDS:
        if profile.audience(field) not in audiences:
            continue
        if field in {"interests", "expertise", "needs"}:
            data[field] = [t.name for t in getattr(profile, field).all()]
        elif field == "bio":
            data["bio"] = profile.bio
            data["bio_html"] = profile.bio_html
        elif field == "sector":
            data["sector"] = profile.sector
            label = _SECTOR_LABELS.get(profile.sector, profile.sector)
            data["sector_label"] = str(label) if profile.sector else ""
        else:
            data[field] = getattr(profile, field)
    return data


def profile_field_filter_q(field: str, audiences: set[str], prefix: str = "user__profile") -> Q:
    """Restrict a filter on a profile field to people who show that field to this audience,
    so a directory filter can never reveal a value its owner hid."""
    return Q(**{f"{prefix}__{field}_audience__in": list(audiences)})
