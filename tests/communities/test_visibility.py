"""The one gate for reads: which communities a viewer sees, membership and steward checks, and
which profile fields each audience may see."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from practica.accounts.models import PROFILE_FIELD_DEFAULTS, PROFILE_FIELDS, Audience, User
from practica.accounts.services import profile_update
from practica.communities.models import Membership
from practica.communities.services import community_join, community_leave
from practica.communities.visibility import (
    can_view_community,
    community_for_viewer,
    forget_memberships,
    is_member,
    is_steward,
    profile_audiences,
    require_member,
    require_steward,
    require_viewable,
    visible_communities,
    visible_profile_fields,
)
from practica.core.errors import NotAllowed, NotFound

EVERYONE = {Audience.EVERYONE}
COMMUNITIES = {Audience.EVERYONE, Audience.COMMUNITIES}
OWNER = {Audience.EVERYONE, Audience.COMMUNITIES, Audience.ONLY_ME}


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def both(community, private_community):
    return community, private_community


# --- communities ------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", [None, AnonymousUser()])
def test_anonymous_sees_only_public_communities(both, viewer):
    public, private = both
    assert set(visible_communities(viewer)) == {public}
    assert can_view_community(viewer, public) and not can_view_community(viewer, private)


def test_outsider_sees_only_public_communities(both, outsider):
    public, _private = both
    assert set(visible_communities(outsider)) == {public}


def test_member_sees_their_private_community(both, member, steward):
    assert set(visible_communities(fresh(member))) == set(both)
    assert set(visible_communities(fresh(steward))) == set(both)


def test_pending_or_former_member_does_not_see_private_community(
    make_community, steward, outsider, member
):
    private = make_community(steward, name="Hidden", visibility="private", join_policy="approval")
    Membership.objects.create(user=outsider, community=private, status="pending")
    assert private not in visible_communities(fresh(outsider))
    Membership.objects.create(user=member, community=private, status="left")
    assert private not in visible_communities(fresh(member))


def test_community_for_viewer_returns_visible_ones(both, member, outsider):
    public, private = both
    assert community_for_viewer(None, public.slug) == public
    assert community_for_viewer(outsider, public.slug) == public
    assert community_for_viewer(fresh(member), private.slug) == private


@pytest.mark.parametrize("viewer_name", ["anonymous", "none", "outsider"])
def test_private_community_is_not_found_for_outsiders(both, outsider, viewer_name):
    viewer = {"anonymous": AnonymousUser(), "none": None, "outsider": outsider}[viewer_name]
    _public, private = both
    with pytest.raises(NotFound) as exc:
        community_for_viewer(viewer, private.slug)
    # The same answer as for a community that does not exist: nothing leaks.
    with pytest.raises(NotFound) as missing:
        community_for_viewer(viewer, "no-such-community")
    assert exc.value.message == missing.value.message
    with pytest.raises(NotFound):
        require_viewable(viewer, private)


@pytest.mark.parametrize("slug", ["", None, 42, ["x"]])
def test_community_for_viewer_with_odd_slugs(db, slug):
    with pytest.raises(NotFound):
        community_for_viewer(None, slug)


def test_membership_cache_is_forgotten_after_changes(community, outsider):
    assert not is_member(outsider, community)
    community_join(outsider, community, acknowledge_charter=True)
    assert is_member(outsider, community)
    community_leave(outsider, community)
    assert not is_member(outsider, community)
    forget_memberships(AnonymousUser())  # harmless for viewers without a cache


# --- require_member / require_steward ---------------------------------------------------------


def test_require_member(both, member, steward, outsider):
    public, private = both
    assert require_member(fresh(member), public).user_id == member.pk
    assert require_member(fresh(steward), private).role == "steward"
    with pytest.raises(NotAllowed):
        require_member(outsider, public)
    with pytest.raises(NotFound):
        require_member(outsider, private)
    with pytest.raises(NotAllowed):
        require_member(AnonymousUser(), public)
    with pytest.raises(NotFound):
        require_member(AnonymousUser(), private)


def test_require_member_refuses_pending_and_former_members(community, make_user):
    pending, gone = make_user(), make_user()
    Membership.objects.create(user=pending, community=community, status="pending")
    Membership.objects.create(user=gone, community=community, status="left")
    for viewer in (pending, gone):
        with pytest.raises(NotAllowed):
            require_member(viewer, community)


def test_require_steward(both, member, steward, outsider):
    public, private = both
    assert require_steward(fresh(steward), public).is_steward
    with pytest.raises(NotAllowed):
        require_steward(fresh(member), public)
    with pytest.raises(NotAllowed):
        require_steward(fresh(member), private)
    with pytest.raises(NotAllowed):
        require_steward(outsider, public)
    with pytest.raises(NotFound):
        require_steward(outsider, private)


def test_steward_powers_follow_the_term(community, steward):
    m = Membership.objects.get(user=steward, community=community)
    m.steward_term_ends = date.today()
    m.save()
    assert is_steward(fresh(steward), community)
    Membership.objects.filter(pk=m.pk).update(steward_term_ends=date.today() - timedelta(days=1))
    expired = fresh(steward)
    assert not is_steward(expired, community)
    assert is_member(expired, community)  # still a member, just no longer a steward
    with pytest.raises(NotAllowed):
        require_steward(expired, community)


# --- profiles ---------------------------------------------------------------------------------


def test_profile_audiences(community, steward, member, outsider):
    assert profile_audiences(None, member.pk) == EVERYONE
    assert profile_audiences(AnonymousUser(), member.pk) == EVERYONE
    assert profile_audiences(fresh(member), member.pk) == OWNER
    assert profile_audiences(fresh(steward), member.pk) == COMMUNITIES
    assert profile_audiences(outsider, member.pk) == EVERYONE
    # The caller may say whether they share a community, saving a query.
    assert profile_audiences(outsider, member.pk, shares=True) == COMMUNITIES
    assert profile_audiences(fresh(steward), member.pk, shares=False) == EVERYONE


def test_sharing_a_private_community_counts(private_community, steward, member):
    assert profile_audiences(fresh(steward), member.pk) == COMMUNITIES


def test_pending_membership_shares_nothing(make_community, steward, outsider):
    c = make_community(steward, join_policy="approval")
    community_join(outsider, c)
    assert profile_audiences(fresh(steward), outsider.pk) == EVERYONE
    assert profile_audiences(fresh(outsider), steward.pk) == EVERYONE


def test_former_member_shares_nothing(community, steward, member):
    community_leave(fresh(member), community)
    assert profile_audiences(fresh(steward), member.pk) == EVERYONE


@pytest.fixture
def rich_profile(make_user):
    user = make_user(
        "Ana Lima",
        pronouns="she/her",
        bio="Evaluator",
        sector="health",
        discipline="Epidemiology",
        organisation="City Health",
        location="Porto",
        timezone="Europe/Lisbon",
        interests="open science",
        expertise="statistics",
        needs="facilitation",
        hours_per_month=5,
    )
    return User.objects.get(pk=user.pk).profile


def _expected_keys(fields) -> set[str]:
    keys = {"user_id", "display_name"}
    for field in fields:
        keys |= {field, "bio_html"} if field == "bio" else {field}
        if field == "sector":
            keys.add("sector_label")
    return keys


@pytest.mark.parametrize(
    "audiences", [EVERYONE, COMMUNITIES, OWNER], ids=["everyone", "communities", "owner"]
)
def test_visible_profile_fields_follow_the_default_audiences(rich_profile, audiences):
    data = visible_profile_fields(rich_profile, audiences)
    shown = [f for f in PROFILE_FIELDS if PROFILE_FIELD_DEFAULTS[f] in audiences]
    assert set(data) == _expected_keys(shown)
    assert data["display_name"] == "Ana Lima"


def test_visible_profile_fields_values(rich_profile):
    data = visible_profile_fields(rich_profile, OWNER)
    assert data["sector"] == "health" and data["sector_label"] == "Health care"
    assert data["interests"] == ["open-science"] and data["needs"] == ["facilitation"]
    assert data["hours_per_month"] == 5 and data["timezone"] == "Europe/Lisbon"
    assert "<p>Evaluator</p>" in data["bio_html"]


@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_each_field_can_be_hidden_from_everyone_but_its_owner(rich_profile, field):
    owner = rich_profile.user
    profile_update(owner, rich_profile, **{f"{field}_audience": Audience.ONLY_ME})
    assert field not in visible_profile_fields(rich_profile, EVERYONE)
    assert field not in visible_profile_fields(rich_profile, COMMUNITIES)
    assert field in visible_profile_fields(rich_profile, OWNER)


@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_each_field_can_be_shown_to_everyone(rich_profile, field):
    profile_update(rich_profile.user, rich_profile, **{f"{field}_audience": Audience.EVERYONE})
    assert field in visible_profile_fields(rich_profile, EVERYONE)


def test_hidden_bio_hides_its_html_too(rich_profile):
    profile_update(rich_profile.user, rich_profile, bio_audience=Audience.COMMUNITIES)
    data = visible_profile_fields(rich_profile, EVERYONE)
    assert "bio" not in data and "bio_html" not in data
