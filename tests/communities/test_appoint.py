"""Appointing a steward in a large community: the form lists the members a name search
finds (or the one the directory links to), so anyone can be appointed, however many members
come before them alphabetically."""

from django.urls import reverse

from practica.communities.models import Membership
from practica.communities.queries import steward_candidates
from practica.communities.services import community_join
from practica.communities.views import APPOINT_CHOICES


def url(community, query="") -> str:
    return reverse("communities:stewards", args=[community.slug]) + query


def options(body: str) -> int:
    select = body[body.index('name="user_id"') :]
    select = select[: select.index("</select>")]
    return select.count("<option") - 1  # less "Choose a member…"


def test_a_member_far_down_the_alphabet_can_be_found_and_appointed(
    client_for, community, steward, make_user
):
    for n in range(APPOINT_CHOICES + 5):
        community_join(make_user(f"Aaron {n:03d}"), community, acknowledge_charter=True)
    zoe = make_user("Zoe Zimmer")
    community_join(zoe, community, acknowledge_charter=True)
    client = client_for(steward)

    listing = client.get(url(community)).content.decode()
    assert options(listing) == APPOINT_CHOICES and "Zoe Zimmer" not in listing
    assert "type more of the name" in listing

    found = client.get(url(community, "?q=zimm")).content.decode()
    assert options(found) == 1 and "Zoe Zimmer" in found

    response = client.post(url(community), {"action": "appoint", "user_id": zoe.pk})
    assert response.status_code == 302
    assert Membership.objects.get(user=zoe, community=community).is_steward


def test_the_directory_link_preselects_the_member(client_for, community, steward, member):
    body = client_for(steward).get(url(community, f"?user={member.pk}")).content.decode()
    assert f'<option value="{member.pk}" selected>Mo Member</option>' in body


def test_nobody_found_says_so(client_for, community, steward, member):
    body = client_for(steward).get(url(community, "?q=nobody-by-this-name")).content.decode()
    assert "Nobody by that name" in body and options(body) == 0
    body = client_for(steward).get(url(community, "?user=999999")).content.decode()
    assert "cannot be appointed" in body


def test_candidates_leave_out_stewards_other_communities_and_bad_ids(
    make_community, community, steward, member, make_user
):
    elsewhere = make_user("Eli Elsewhere")
    community_join(
        elsewhere, make_community(steward, name="Other circle"), acknowledge_charter=True
    )
    names = [c["display_name"] for c in steward_candidates(steward, community)]
    assert names == ["Mo Member"]
    assert steward_candidates(steward, community, user_id=elsewhere.pk) == []
    assert steward_candidates(steward, community, user_id=steward.pk) == []
    for bad in ("abc", "-1", str(2**64), "0"):
        assert steward_candidates(steward, community, user_id=bad) == []


def test_appointing_someone_who_is_not_a_member_is_refused(
    client_for, community, steward, outsider
):
    response = client_for(steward).post(
        url(community), {"action": "appoint", "user_id": outsider.pk}
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user=outsider, community=community).exists()
