"""The start page: a landing page for visitors, a dashboard for members."""

import pytest
from django.urls import reverse

from practica.communities.activity import notify

pytestmark = pytest.mark.django_db


def test_landing_page_explains_practica_and_invites_people_in(client, community):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What is a community of practice?" in html
    for idea in ("trust", "rules of engagement", "Questions and answers", "non-hierarchical"):
        assert idea in html
    assert f'href="{reverse("accounts:signup")}"' in html
    assert f'href="{reverse("communities:list")}"' in html
    # A public community is shown as an example; anonymous visitors get no dashboard.
    assert community.name in html
    assert "Your communities" not in html


def test_landing_page_never_shows_private_communities(client, private_community):
    assert private_community.name not in client.get("/").content.decode()


def test_dashboard_lists_my_communities_notifications_and_suggestions(
    client_for, member, steward, community, make_community, private_community
):
    other = make_community(steward, name="Rural Librarians Network")
    notify(
        [member],
        actor=steward,
        community=community,
        kind="mention",
        text="Stella Steward mentioned you in “Check-ins”",
        url="/t/1/",
    )
    response = client_for(member).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Welcome back, Mo Member" in html
    mine = html.split('id="mine-title"')[1].split('id="suggested-title"')[0]
    assert community.name in mine and private_community.name in mine
    suggested = html.split('id="suggested-title"')[1]
    assert other.name in suggested and community.name not in suggested.split("</section>")[0]
    assert "Stella Steward mentioned you in “Check-ins”" in html
    from practica.communities.models import Notification

    note = Notification.objects.get(recipient=member)
    assert f'href="/notifications/{note.pk}/"' in html  # opening it marks it read


def test_dashboard_hides_private_communities_of_others(client_for, outsider, private_community):
    html = client_for(outsider).get("/").content.decode()
    assert private_community.name not in html
    assert "You are not in a community yet" in html


def test_dashboard_query_count_does_not_grow_with_data(
    client_for, member, steward, make_community, django_assert_max_num_queries
):
    from practica.communities.services import community_join

    for n in range(8):
        c = make_community(steward, name=f"Community {n}")
        if n % 2:
            community_join(member, c, acknowledge_charter=True)
    client = client_for(member)
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_dashboard_shows_a_dozen_of_my_communities_and_links_to_the_rest(
    client_for, member, steward, make_community, django_assert_max_num_queries
):
    from practica.communities.services import community_join
    from practica.views import DASHBOARD_COMMUNITIES

    names = [f"Circle {n:02d}" for n in range(DASHBOARD_COMMUNITIES + 3)]
    for name in names:
        community_join(member, make_community(steward, name=name), acknowledge_charter=True)
    unjoined = make_community(steward, name="Zebra Keepers")
    client = client_for(member)
    with django_assert_max_num_queries(12):
        html = client.get("/").content.decode()
    mine = html.split('id="mine-title"')[1].split('id="suggested-title"')[0]
    assert all(name in mine for name in names[:DASHBOARD_COMMUNITIES])
    assert not any(name in mine for name in names[DASHBOARD_COMMUNITIES:])
    assert f"You are in {len(names)} communities" in mine
    assert f'href="{reverse("communities:list")}"' in mine
    # Suggestions leave out every community the person is in, shown or not.
    suggested = html.split('id="suggested-title"')[1].split("</section>")[0]
    assert unjoined.name in suggested
    assert not any(name in suggested for name in names)
