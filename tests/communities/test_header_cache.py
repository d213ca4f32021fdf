"""The community header is kept rendered per role and tab, and changes with the community."""

from practica.communities.services import community_join, community_update


def test_a_rename_and_a_new_member_show_at_once(client_for, community, steward, make_user):
    client = client_for(steward)
    assert (
        "Open Health Practitioners" in client.get(f"/c/{community.slug}/topics/").content.decode()
    )
    community_update(steward, community, name="Open Health Network")
    body = client.get(f"/c/{community.slug}/topics/").content.decode()
    assert "Open Health Network" in body and "Open Health Practitioners" not in body
    community_join(make_user(), community, acknowledge_charter=True)
    assert "3 members" in client.get(f"/c/{community.slug}/topics/").content.decode()


def test_steward_tabs_never_reach_a_member_or_a_visitor(client_for, community, steward, member):
    url = f"/c/{community.slug}/topics/"
    assert "Join requests" in client_for(steward).get(url).content.decode()
    member_page = client_for(member).get(url).content.decode()
    assert "Join requests" not in member_page and "Audit trail" in member_page
    visitor_page = client_for().get(url).content.decode()
    assert "Audit trail" not in visitor_page and "Invite someone" not in visitor_page


def test_the_active_tab_is_not_shared_between_pages(client_for, community, member):
    client = client_for(member)
    topics = client.get(f"/c/{community.slug}/topics/").content.decode()
    goals = client.get(f"/c/{community.slug}/goals/").content.decode()
    assert f'href="/c/{community.slug}/topics/" aria-current="page"' in topics
    assert f'href="/c/{community.slug}/goals/" aria-current="page"' in goals
