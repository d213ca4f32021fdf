"""The member directory's rendered content is kept in the cache (communities.views.members):
it must follow every change made through the services, and never be served to someone who
may see less than the viewer it was rendered for."""

import pytest
from django.urls import reverse

from practica.accounts.models import Audience, Profile
from practica.accounts.services import profile_update
from practica.communities.services import community_join, community_leave


def fresh(user):
    """The same account without the memberships a previous call kept on the object."""
    return type(user).objects.get(pk=user.pk)


def directory(client, community, query=""):
    response = client.get(reverse("communities:members", args=[community.slug]) + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def ana(make_user, community):
    """A member who shows her organisation to fellow members only, and her needs to nobody."""
    user = make_user(
        "Ana Lima",
        organisation="Clinic of the North",
        organisation_audience=Audience.COMMUNITIES,
        needs="mentoring",
        needs_audience=Audience.ONLY_ME,
        interests="surveys",
    )
    community_join(user, community, acknowledge_charter=True)
    return user


def test_the_page_is_served_from_the_cache_until_a_profile_changes(
    client_for, community, member, ana
):
    client = client_for(member)
    assert "Ana Lima" in directory(client, community)
    # A change made around the services is not seen: the page came from the cache…
    Profile.objects.filter(user=ana).update(display_name="Ana Changed Quietly")
    assert "Ana Changed Quietly" not in directory(client, community)
    # …and a change through them retires it at once.
    profile_update(fresh(ana), fresh(ana).profile, display_name="Ana Souza")
    page = directory(client, community)
    assert "Ana Souza" in page and "Ana Lima" not in page


def test_joining_and_leaving_show_on_the_next_view(client_for, community, member, make_user):
    client = client_for(member)
    assert "Bea Costa" not in directory(client, community)
    bea = make_user("Bea Costa")
    community_join(bea, community, acknowledge_charter=True)
    assert "Bea Costa" in directory(client, community)
    community_leave(fresh(bea), community)
    assert "Bea Costa" not in directory(client, community)


@pytest.mark.parametrize("members_first", [True, False])
def test_a_members_rendering_never_reaches_outsiders_or_anonymous_visitors(
    client_for, community, member, outsider, ana, members_first
):
    """Whoever comes first, each audience gets its own rendering."""
    as_member, as_outsider, anonymous = client_for(member), client_for(outsider), client_for()
    order = [as_member, as_outsider, anonymous]
    pages = {}
    for client in order if members_first else reversed(order):
        pages[client] = directory(client, community)
    assert "Clinic of the North" in pages[as_member]
    assert "Clinic of the North" not in pages[as_outsider]
    assert "Clinic of the North" not in pages[anonymous]
    assert all("Ana Lima" in page for page in pages.values())


def test_a_filtered_page_is_not_shared_across_audiences_either(
    client_for, community, member, outsider, ana
):
    profile_update(fresh(ana), fresh(ana).profile, interests_audience=Audience.COMMUNITIES)
    query = "?interest=surveys"
    assert "Ana Lima" in directory(client_for(member), community, query)
    # For someone outside, the filter cannot match a field hidden from them.
    assert "Ana Lima" not in directory(client_for(outsider), community, query)
    assert "Ana Lima" not in directory(client_for(), community, query)


def test_ones_own_card_shows_everything_and_only_to_oneself(client_for, community, member, ana):
    own = directory(client_for(ana), community)
    assert "mentoring" in own  # needs: only Ana sees them
    # Another member on the same page, same audience: the rendering with Ana's own card is
    # hers alone.
    seen = directory(client_for(member), community)
    assert "Ana Lima" in seen and "mentoring" not in seen
    assert "mentoring" in directory(client_for(ana), community)


def test_steward_links_are_only_in_stewards_renderings(client_for, community, steward, member):
    appoint = "Appoint as steward"
    assert appoint in directory(client_for(steward), community)
    assert appoint not in directory(client_for(member), community)
    assert appoint in directory(client_for(steward), community)


def test_filters_and_pages_have_renderings_of_their_own(
    client_for, community, member, ana, make_user, settings
):
    client = client_for(member)
    cy = make_user("Cy Duarte", interests="gardening")
    community_join(cy, community, acknowledge_charter=True)
    everyone = directory(client, community)
    assert "Ana Lima" in everyone and "Cy Duarte" in everyone
    gardening = directory(client, community, "?interest=gardening")
    assert "Cy Duarte" in gardening and "Ana Lima" not in gardening
    assert 'value="gardening"' in gardening  # the form shows the filter it was given
    surveys = directory(client, community, "?interest=surveys")
    assert "Ana Lima" in surveys and "Cy Duarte" not in surveys


def test_a_cached_page_still_carries_the_viewers_own_csrf_token(client_for, community, member):
    """The directory's forms are GET forms, but the base layout's are not: whatever comes from
    the cache, the page holds no placeholder in place of a token."""
    from practica.core.cache import CSRF_PLACEHOLDER

    client = client_for(member)
    directory(client, community)
    assert CSRF_PLACEHOLDER not in directory(client, community)


def test_sector_labels_are_shown_in_the_viewers_language(client_for, community, member, ana):
    profile_update(fresh(ana), fresh(ana).profile, sector="health")
    assert "Health care" in directory(client_for(member), community)
