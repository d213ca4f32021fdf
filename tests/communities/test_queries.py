"""Viewer-bounded reads of communities: the member directory (whose filters never reveal a
hidden field), the charter overview, the audit trail and join requests."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from practica.accounts.models import Audience, User
from practica.accounts.services import profile_update
from practica.communities.models import CharterProposal
from practica.communities.queries import (
    audit_trail,
    charter_overview,
    join_requests,
    member_directory,
    profile_for_viewer,
)
from practica.communities.services import (
    charter_propose,
    charter_respond,
    charter_settle,
    charter_withdraw,
    community_join,
    community_leave,
    community_update,
    invitation_accept,
    invitation_create,
    membership_approve,
)
from practica.core.errors import NotAllowed, NotFound


def fresh(user):
    return User.objects.get(pk=user.pk)


def names(page) -> list[str]:
    return [row["display_name"] for row in page.items]


# --- member directory -------------------------------------------------------------------------


@pytest.fixture
def ana(make_user, community):
    """A member who shares everything with everyone."""
    user = make_user(
        "Ana Lima",
        sector="health",
        interests="Open Science, evaluation",
        expertise="statistics",
        needs="facilitation",
        sector_audience=Audience.EVERYONE,
        needs_audience=Audience.EVERYONE,
    )
    community_join(user, community, acknowledge_charter=True)
    return user


@pytest.fixture
def bea(make_user, community):
    """A member with the same sector and tags as Ana, each field shown only to her
    communities."""
    user = make_user(
        "Bea Costa",
        sector="health",
        interests="open science",
        expertise="statistics",
        needs="facilitation",
        sector_audience=Audience.COMMUNITIES,
        interests_audience=Audience.COMMUNITIES,
        expertise_audience=Audience.COMMUNITIES,
        needs_audience=Audience.COMMUNITIES,
    )
    community_join(user, community, acknowledge_charter=True)
    return user


@pytest.fixture
def cy(make_user, community):
    """A member with the same sector and tags, all hidden from everyone but herself."""
    user = make_user(
        "Cy Duarte",
        sector="health",
        interests="open science",
        expertise="statistics",
        needs="facilitation",
        sector_audience=Audience.ONLY_ME,
        interests_audience=Audience.ONLY_ME,
        expertise_audience=Audience.ONLY_ME,
        needs_audience=Audience.ONLY_ME,
    )
    community_join(user, community, acknowledge_charter=True)
    return user


FILTERS = [
    {"interest": "open-science"},
    {"expertise": "statistics"},
    {"need": "facilitation"},
    {"sector": "health"},
]


def test_directory_lists_active_members_with_roles(community, steward, member, ana):
    page = member_directory(fresh(member), community)
    assert names(page) == ["Ana Lima", "Mo Member", "Stella Steward"]
    by_name = {row["display_name"]: row for row in page.items}
    assert (
        by_name["Stella Steward"]["is_steward"] and by_name["Stella Steward"]["role"] == "steward"
    )
    assert not by_name["Mo Member"]["is_steward"]
    assert page.total == 3


def test_directory_leaves_out_pending_and_former_members(make_community, steward, make_user):
    c = make_community(steward, join_policy="approval")
    community_join(make_user("Pat Pending"), c)
    gone = make_user("Gus Gone")
    m = community_join(gone, c)
    membership_approve(steward, c, m.pk)
    community_leave(fresh(gone), c)
    assert names(member_directory(fresh(steward), c)) == ["Stella Steward"]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: next(iter(f)))
def test_member_viewer_filter_matches_fields_shown_to_communities(
    community, member, ana, bea, cy, filters
):
    assert names(member_directory(fresh(member), community, filters=filters)) == [
        "Ana Lima",
        "Bea Costa",
    ]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: next(iter(f)))
@pytest.mark.parametrize("viewer_name", ["outsider", "anonymous"])
def test_outsider_filter_matches_only_fields_shown_to_everyone(
    community, outsider, ana, bea, cy, filters, viewer_name
):
    viewer = outsider if viewer_name == "outsider" else AnonymousUser()
    assert names(member_directory(viewer, community, filters=filters)) == ["Ana Lima"]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: next(iter(f)))
def test_owner_finds_themselves_by_their_own_hidden_field(community, ana, bea, cy, filters):
    assert names(member_directory(fresh(cy), community, filters=filters)) == [
        "Ana Lima",
        "Bea Costa",
        "Cy Duarte",
    ]


def test_directory_rows_show_only_what_the_viewer_may_see(community, member, outsider, bea, cy):
    as_member = {r["display_name"]: r for r in member_directory(fresh(member), community).items}
    as_outsider = {r["display_name"]: r for r in member_directory(outsider, community).items}
    as_cy = {r["display_name"]: r for r in member_directory(fresh(cy), community).items}
    assert as_member["Bea Costa"]["expertise"] == ["statistics"]
    assert "expertise" not in as_outsider["Bea Costa"]
    assert "expertise" not in as_member["Cy Duarte"] and "sector" not in as_member["Cy Duarte"]
    assert as_cy["Cy Duarte"]["expertise"] == ["statistics"]
    assert as_cy["Cy Duarte"]["sector"] == "health"


def test_filters_combine_and_normalise(community, member, ana, bea):
    profile_update(fresh(bea), fresh(bea).profile, expertise="surveys")
    found = member_directory(
        fresh(member), community, filters={"interest": "Open Science", "expertise": "Statistics"}
    )
    assert names(found) == ["Ana Lima"]


@pytest.mark.parametrize(
    "filters", [{"interest": ""}, {"colour": "red"}, {"interest": None}, {"sector": ["health"]}]
)
def test_empty_or_unknown_filters_are_ignored(community, member, ana, filters):
    assert member_directory(fresh(member), community, filters=filters).total == 3


def test_filter_without_match_is_empty(community, member, ana):
    page = member_directory(fresh(member), community, filters={"interest": "knitting"})
    assert page.items == [] and page.total == 0


def test_directory_is_paginated(community, member, make_user):
    for n in range(5):
        community_join(make_user(f"Zed {n}"), community, acknowledge_charter=True)
    first = member_directory(fresh(member), community, size=3)
    second = member_directory(fresh(member), community, page=2, size=3)
    assert first.total == 7 and first.pages == 3 and first.has_next
    assert len(first.items) == 3 and len(second.items) == 3
    assert not set(names(first)) & set(names(second))


def test_directory_runs_a_bounded_number_of_queries(
    community, member, make_user, django_assert_max_num_queries
):
    for n in range(10):
        community_join(
            make_user(f"Zed {n}", interests="a, b", expertise="c"),
            community,
            acknowledge_charter=True,
        )
    viewer = fresh(member)
    with django_assert_max_num_queries(8):
        member_directory(viewer, community, filters={"interest": "a"})


def test_private_directory_is_not_found_for_outsiders(private_community, outsider):
    with pytest.raises(NotFound):
        member_directory(outsider, private_community)
    with pytest.raises(NotFound):
        member_directory(AnonymousUser(), private_community)


# --- one profile ------------------------------------------------------------------------------


def test_profile_for_viewer_follows_audiences_and_hides_private_communities(
    community, private_community, member, steward, outsider, bea
):
    owner = fresh(bea)
    profile_update(owner, owner.profile, organisation="Lab", organisation_audience="only_me")
    as_steward = profile_for_viewer(fresh(steward), member.pk)
    as_outsider = profile_for_viewer(outsider, member.pk)
    assert as_steward["communities"] == [community, private_community]
    assert as_outsider["communities"] == [community]
    assert profile_for_viewer(None, member.pk)["communities"] == [community]
    assert profile_for_viewer(fresh(member), bea.pk)["expertise"] == ["statistics"]
    assert "expertise" not in profile_for_viewer(outsider, bea.pk)
    assert "organisation" not in profile_for_viewer(fresh(member), bea.pk)
    assert profile_for_viewer(fresh(bea), bea.pk)["organisation"] == "Lab"


@pytest.mark.parametrize("bad_id", [999_999, "abc", None, -1, 2**70, float("inf")])
def test_profile_for_unknown_person_is_not_found(db, bad_id):
    with pytest.raises(NotFound):
        profile_for_viewer(None, bad_id)


def test_profile_of_deactivated_person_is_not_found(member):
    User.objects.filter(pk=member.pk).update(is_active=False)
    with pytest.raises(NotFound):
        profile_for_viewer(None, member.pk)


# --- charter overview -------------------------------------------------------------------------


def test_charter_overview(community, steward, member):
    kept = charter_propose(fresh(member), community, body="Version two")
    dropped = charter_propose(fresh(member), community, body="Dropped idea")
    charter_withdraw(fresh(member), dropped.pk)
    still_open = charter_propose(fresh(steward), community, body="Still open")
    CharterProposal.objects.filter(pk=kept.pk).update(
        review_ends_at=timezone.now() - timedelta(seconds=1)
    )
    kept.refresh_from_db()
    charter_settle(kept)

    overview = charter_overview(None, community)
    assert overview["current"].pk == kept.pk and overview["current"].version == 2
    assert [p.version for p in overview["versions"]] == [2, 1]
    assert [p.pk for p in overview["open"]] == [still_open.pk]
    assert {p.pk for p in overview["closed"]} == {kept.pk, dropped.pk, overview["versions"][1].pk}


def test_charter_overview_without_charter(make_community, steward):
    c = make_community(steward)
    assert charter_overview(fresh(steward), c) == {
        "current": None,
        "versions": [],
        "open": [],
        "closed": [],
    }


def test_charter_overview_of_private_community(private_community, member, outsider):
    assert charter_overview(fresh(member), private_community)["current"].version == 1
    with pytest.raises(NotFound):
        charter_overview(outsider, private_community)
    with pytest.raises(NotFound):
        charter_overview(AnonymousUser(), private_community)


def test_open_proposal_with_objection_is_not_current(community, steward, member):
    p = charter_propose(fresh(member), community, body="Contested")
    charter_respond(fresh(steward), p.pk, position="objection", reason="Unclear")
    overview = charter_overview(fresh(member), community)
    assert overview["current"].version == 1 and [x.pk for x in overview["open"]] == [p.pk]


# --- audit trail ------------------------------------------------------------------------------


def test_audit_trail_is_readable_by_every_member(community, steward, member):
    community_update(fresh(steward), community, name="Renamed")
    page = audit_trail(fresh(member), community)
    assert [e.action for e in page.items] == ["settings_changed", "created"]
    assert page.items[0].actor == steward


def test_audit_trail_is_for_members_only(community, private_community, outsider):
    with pytest.raises(NotAllowed):
        audit_trail(outsider, community)
    with pytest.raises(NotAllowed):
        audit_trail(AnonymousUser(), community)
    with pytest.raises(NotFound):
        audit_trail(outsider, private_community)


# --- join requests ----------------------------------------------------------------------------


@pytest.fixture
def approval_community(make_community, steward, member):
    c = make_community(steward, name="Careful Circle", join_policy="approval")
    invitation_accept(member, invitation_create(steward, c, member.email).token)
    return c


def test_join_requests_for_stewards(approval_community, steward, make_user):
    first, second = make_user("First Asker"), make_user("Second Asker")
    community_join(first, approval_community, message="Hi")
    community_join(second, approval_community)
    requests = join_requests(fresh(steward), approval_community).items
    assert [m.user_id for m in requests] == [first.pk, second.pk]
    assert requests[0].request_message == "Hi"


def test_join_requests_are_steward_only(approval_community, member, outsider):
    with pytest.raises(NotAllowed):
        join_requests(fresh(member), approval_community)
    with pytest.raises(NotAllowed):
        join_requests(outsider, approval_community)
    with pytest.raises(NotAllowed):
        join_requests(AnonymousUser(), approval_community)
