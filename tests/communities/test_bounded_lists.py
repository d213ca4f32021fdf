"""Every list is paginated and every page runs a bounded number of queries (DESIGN rule 8):
goals, the charter's history, join requests and a proposal's responses, on their pages and in
the API. Each test measures a page with a little data, grows the list past several pages,
and checks that the page shows one page of it for no more queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practica.communities.services import (
    charter_propose,
    charter_respond,
    community_join,
    goal_create,
    goal_update,
)

from .test_views import url

pytestmark = pytest.mark.django_db

PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.PAGE_SIZE = PAGE


def count_queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured.captured_queries), result


def page_then_api(client, api, page_url, api_path):
    """Queries of one GET of the page (which must answer 200) and of the API (same)."""
    page_n, response = count_queries(lambda: client.get(page_url))
    assert response.status_code == 200, page_url
    api_n, (status, body) = count_queries(lambda: api.get(api_path))
    assert status == 200, (api_path, body)
    return page_n, api_n, response.content.decode(), body


def test_goals_are_paginated_for_a_constant_number_of_queries(
    client_for, api_for, community, member, django_assert_max_num_queries
):
    def add_goals(first, n):
        for i in range(first, first + n):
            goal = goal_create(member, community, title=f"Goal number {i:02d}")
            goal_update(member, goal.pk, description="Changed", note="Edit")
            if i % 2:
                goal_update(member, goal.pk, status="achieved", note="Done")

    client, api = client_for(member), api_for(member)
    page_url, api_path = url("goals", community), f"/communities/{community.slug}/goals"
    add_goals(0, 2)
    few_page, few_api, _html, _body = page_then_api(client, api, page_url, api_path)
    add_goals(2, 4 * PAGE)
    with django_assert_max_num_queries(few_page):
        html = client.get(page_url).content.decode()
    with django_assert_max_num_queries(few_api):
        status, body = api.get(api_path)
    total = 2 + 4 * PAGE
    assert html.count("Goal number") == PAGE and 'rel="next"' in html
    # Active goals come first, each with the size of its history.
    assert "Goal number 12" in html and "3 entries in its history" not in html
    assert "2 entries in its history" in html
    assert status == 200 and body["total"] == total and len(body["items"]) == PAGE
    assert body["pages"] == -(-total // PAGE)
    assert {g["status"] for g in body["items"]} == {"active"}
    last = client.get(f"{page_url}?page={body['pages']}").content.decode()
    assert "Achieved, revised and retired" in last and "No active goals" not in last


def test_community_home_shows_five_active_goals_in_a_constant_number_of_queries(
    client_for, community, member, django_assert_max_num_queries
):
    client = client_for(member)
    for i in range(2):
        goal_create(member, community, title=f"Home goal {i}")
    # Goals change the community's cache version (through the activity stream), so each
    # GET below renders the home's content afresh.
    few = count_queries(lambda: client.get(url("home", community)))[0]
    for i in range(2, 12):
        goal_create(member, community, title=f"Home goal {i}")
    with django_assert_max_num_queries(few):
        html = client.get(url("home", community)).content.decode()
    assert html.count("Home goal") == 5


def test_charter_history_is_paginated_for_a_constant_number_of_queries(
    client_for, api_for, make_community, steward, django_assert_max_num_queries
):
    # With its steward as only member, each proposal is adopted at once: a long history.
    solo = make_community(steward, name="Solo Circle", charter="Version one.")

    def adopt(first, n):
        for i in range(first, first + n):
            charter_propose(steward, solo, body=f"Charter text {i}", rationale=f"Reason {i}")

    client, api = client_for(steward), api_for(steward)
    page_url, api_path = url("charter", solo), f"/communities/{solo.slug}/charter"
    adopt(2, 1)
    few_page, few_api, _html, _body = page_then_api(client, api, page_url, api_path)
    adopt(3, 4 * PAGE)
    latest = 2 + 4 * PAGE
    with django_assert_max_num_queries(few_page):
        html = client.get(page_url).content.decode()
    with django_assert_max_num_queries(few_api):
        status, body = api.get(api_path)
    assert html.count("Adopted ") == PAGE and 'rel="next"' in html
    assert f"Charter text {latest}" in html  # the current charter, whatever the page
    assert body["current"]["version"] == latest and body["total"] == latest
    assert [v["version"] for v in body["versions"]] == [latest, latest - 1, latest - 2]
    status, older = api.get(f"{api_path}?page=2")
    assert [v["version"] for v in older["versions"]] == [latest - 3, latest - 4, latest - 5]
    assert older["current"]["version"] == latest
    second = client.get(f"{page_url}?page=2").content.decode()
    assert f"Charter text {latest}" in second and ">current</span>" not in second


def test_join_requests_are_paginated_for_a_constant_number_of_queries(
    client_for, api_for, make_community, steward, make_user, django_assert_max_num_queries
):
    careful = make_community(steward, name="Careful Circle", join_policy="approval")

    def ask(n):
        for _i in range(n):
            community_join(make_user(), careful, message="Please let me in")

    client, api = client_for(steward), api_for(steward)
    page_url, api_path = url("requests", careful), f"/communities/{careful.slug}/requests"
    ask(2)
    few_page, few_api, _html, _body = page_then_api(client, api, page_url, api_path)
    ask(4 * PAGE)
    with django_assert_max_num_queries(few_page):
        html = client.get(page_url).content.decode()
    with django_assert_max_num_queries(few_api):
        status, body = api.get(api_path)
    assert html.count("Please let me in") == PAGE and 'rel="next"' in html
    assert body["total"] == 2 + 4 * PAGE and len(body["items"]) == PAGE


def test_proposal_responses_are_paginated_for_a_constant_number_of_queries(
    client_for, api_for, community, member, add_members, django_assert_max_num_queries
):
    proposal = charter_propose(member, community, body="Be kind. Cite sources.")

    def respond(n):
        for person in add_members(community, n):
            charter_respond(person, proposal.pk, position="concern", reason="Which sources?")

    client, api = client_for(member), api_for(member)
    page_url = url("proposal", community, proposal.pk)
    api_path = f"/charter/proposals/{proposal.pk}"
    respond(2)
    few_page, few_api, _html, _body = page_then_api(client, api, page_url, api_path)
    respond(4 * PAGE)
    with django_assert_max_num_queries(few_page):
        html = client.get(page_url).content.decode()
    with django_assert_max_num_queries(few_api):
        status, body = api.get(api_path)
    total = 2 + 4 * PAGE
    assert html.count("Which sources?") == PAGE and 'rel="next"' in html
    assert f"<strong>{total}</strong>" in html  # the counts cover every response
    assert body["counts"]["concern"] == total
    assert body["responses"]["total"] == total and len(body["responses"]["items"]) == PAGE
