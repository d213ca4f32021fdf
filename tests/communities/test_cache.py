"""The community home and the member directory's rows are kept in the cache
(practica.core.cache). Every change reaches the next page, and nothing rendered or read for
one viewer reaches a viewer who may see less."""

from django.urls import reverse

from practica.accounts.models import Audience, User
from practica.accounts.services import profile_update
from practica.communities.queries import member_directory, newest_members
from practica.communities.services import (
    community_join,
    community_update,
    goal_create,
    membership_approve,
    steward_appoint,
)


def url(name, community) -> str:
    return reverse(f"communities:{name}", args=[community.slug])


def page(client, address) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def fresh(user):
    return User.objects.get(pk=user.pk)


# --- the community home -----------------------------------------------------------------------


def test_home_shows_changes_to_the_community_on_the_next_view(
    client_for, community, steward, member, make_user
):
    client = client_for(member)
    body = page(client, url("home", community))
    assert "A shared guide" not in body and "Nia Newcomer" not in body

    goal_create(member, community, title="A shared guide")
    newcomer = make_user("Nia Newcomer")
    community_join(newcomer, community, acknowledge_charter=True)
    community_update(steward, community, purpose="Share what works, and why.")

    body = page(client, url("home", community))
    assert "A shared guide" in body and "Nia Newcomer" in body
    assert "Share what works, and why." in body


def test_home_previews_the_newest_members_first(community, steward, member, make_user):
    newest = make_user("Nia Newcomer")
    community_join(newest, community, acknowledge_charter=True)
    names = [m["display_name"] for m in newest_members(member, community)]
    assert names == ["Nia Newcomer", "Mo Member", "Stella Steward"]
    assert [m["display_name"] for m in newest_members(member, community, limit=1)] == [
        "Nia Newcomer"
    ]


def test_home_rendered_for_a_member_is_not_shown_to_a_visitor_or_a_pending_one(
    client_for, make_community, steward, member, make_user
):
    community = make_community(steward, name="Careful", join_policy="approval")
    asker = make_user("Ari Asker")
    community_join(asker, community)
    assert "Start a topic" in page(client_for(steward), url("home", community))

    visitor = page(client_for(), url("home", community))
    assert "Start a topic" not in visitor and "Join this community" in visitor
    pending = page(client_for(asker), url("home", community))
    assert "Thank you for asking to join" in pending and "Start a topic" not in pending
    assert "Thank you for asking to join" not in page(client_for(member), url("home", community))


def test_an_approval_changes_the_home_for_the_new_member(
    client_for, make_community, steward, make_user
):
    community = make_community(steward, name="Careful", join_policy="approval")
    asker = make_user("Ari Asker")
    membership = community_join(asker, community)
    client = client_for(asker)
    assert "Thank you for asking to join" in page(client, url("home", community))
    membership_approve(steward, community, membership.pk)
    body = page(client, url("home", community))
    assert "Thank you for asking to join" not in body and "Start a topic" in body


def test_home_shows_a_new_steward_and_a_rename(client_for, community, steward, member):
    client = client_for(member)
    page(client, url("home", community))
    steward_appoint(steward, community, member.pk)
    body = page(client, url("home", community))
    assert "Mo Member" in body[body.index('id="home-stewards"') :]
    profile_update(fresh(member), fresh(member).profile, display_name="Mo Okafor")
    body = page(client, url("home", community))
    assert "Mo Okafor" in body[body.index('id="home-stewards"') :] and "Mo Member" not in body


# --- the member directory ---------------------------------------------------------------------


def test_directory_shows_a_profile_change_on_the_next_view(community, member, make_user):
    ana = make_user("Ana Lima", interests="evaluation")
    community_join(ana, community, acknowledge_charter=True)
    assert member_directory(fresh(member), community, filters={"interest": "surveys"}).total == 0
    profile_update(fresh(ana), fresh(ana).profile, interests="surveys")
    found = member_directory(fresh(member), community, filters={"interest": "surveys"})
    assert [r["display_name"] for r in found.items] == ["Ana Lima"]


def test_directory_filtered_by_an_owner_on_a_hidden_field_does_not_reveal_it_to_others(
    community, member, make_user
):
    cy = make_user(
        "Cy Duarte", expertise="statistics", expertise_audience=Audience.ONLY_ME, sector="health"
    )
    community_join(cy, community, acknowledge_charter=True)
    filters = {"expertise": "statistics"}
    assert [
        r["display_name"] for r in member_directory(fresh(cy), community, filters=filters).items
    ] == ["Cy Duarte"]
    assert member_directory(fresh(member), community, filters=filters).items == []


def test_directory_cards_show_hidden_fields_only_to_their_owner(community, member, make_user):
    cy = make_user("Cy Duarte", expertise="statistics", expertise_audience=Audience.ONLY_ME)
    community_join(cy, community, acknowledge_charter=True)
    own = {r["display_name"]: r for r in member_directory(fresh(cy), community).items}
    assert own["Cy Duarte"]["expertise"] == ["statistics"]
    seen = {r["display_name"]: r for r in member_directory(fresh(member), community).items}
    assert "expertise" not in seen["Cy Duarte"]


def test_directory_page_shows_a_hidden_field_change_at_once(
    client_for, community, member, make_user
):
    ana = make_user("Ana Lima", expertise="statistics", expertise_audience=Audience.EVERYONE)
    community_join(ana, community, acknowledge_charter=True)
    client = client_for()
    assert "#statistics" in page(client, url("members", community))
    profile_update(fresh(ana), fresh(ana).profile, expertise_audience=Audience.ONLY_ME)
    assert "#statistics" not in page(client, url("members", community))
