"""The search page: a box and filters, results with kinds, communities and marked snippets,
pages, a friendly empty state — and never an error page, whatever is in the address."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from practica.discussions.services import post_create, topic_create
from practica.knowledge.models import SearchMiss


@pytest.fixture
def topics(community, private_community, member, steward):
    public = topic_create(
        member, community, kind="question", title="Booking interpreters", body="Who pays?"
    )
    post_create(steward, public.pk, body="We book interpreters two weeks ahead.")
    private = topic_create(
        member, private_community, kind="idea", title="Secret interpreters", body="Hidden."
    )
    return {"public": public, "private": private}


def test_the_header_has_a_search_box(db, client_for):
    html = client_for().get("/communities/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html


def test_empty_page_shows_tips(db, client_for):
    response = client_for().get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "How to search" in html and "facilitat*" in html
    assert "Nothing found" not in html


def test_results_with_badges_communities_and_marks(topics, client_for, outsider, community):
    html = client_for(outsider).get("/search/?q=interpreters").content.decode()
    assert "2 results" in html
    assert "<mark>interpreters</mark>" in html
    assert "badge-search-topic" in html and "badge-search-post" in html
    assert community.name in html
    assert f'href="/t/{topics["public"].pk}/"' in html
    assert "Secret interpreters" not in html


def test_members_find_their_private_community(topics, client_for, member, private_community):
    html = client_for(member).get("/search/?q=interpreters").content.decode()
    assert "3 results" in html and "Secret" in html
    query = urlencode({"q": "interpreters", "community": private_community.slug})
    html = client_for(member).get(f"/search/?{query}").content.decode()
    assert "1 result" in html and "Booking" not in html
    # The community select offers the private community to its member only.
    assert f'value="{private_community.slug}"' in html
    outsider_html = client_for().get("/search/").content.decode()
    assert private_community.slug not in outsider_html


def test_nothing_found_has_a_friendly_message_and_is_logged(topics, client_for, member):
    html = client_for(member).get("/search/?q=zebra+crossings").content.decode()
    assert "Nothing found" in html and "How to search" in html
    assert SearchMiss.objects.filter(query="crossings zebra").count() == 2  # both communities


def test_bad_filters_become_messages(topics, client_for, outsider, private_community):
    params = {
        "q": "interpreters",
        "from": "2024-13-45",
        "to": "yesterday",
        "kind": "spaceship",
        "community": private_community.slug,
        "tag": "!!!",
    }
    response = client_for(outsider).get(f"/search/?{urlencode(params)}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "must be a date written as YYYY-MM-DD" in html
    assert "no such kind" in html
    assert "No such community" in html
    assert "Secret" not in html


def test_reversed_dates_are_swapped(topics, client_for, member):
    response = client_for(member).get("/search/?q=interpreters&from=2999-01-01&to=2000-01-01")
    html = response.content.decode()
    assert "were swapped" in html and "3 results" in html


def test_pagination_keeps_the_query(community, member, client_for):
    topic = topic_create(member, community, kind="discussion", title="Many", body="x")
    for n in range(21):
        post_create(member, topic.pk, body=f"walrus {n}")
    html = client_for(member).get("/search/?q=walrus").content.decode()
    assert "21 results" in html and "Page 1 of 2" in html
    assert "q=walrus&amp;page=2" in html
    html = client_for(member).get("/search/?q=walrus&page=2").content.decode()
    assert "Page 2 of 2" in html


def test_post_is_not_allowed(db, client_for):
    assert client_for().post("/search/", {"q": "x"}).status_code == 405


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "community", "kind", "tag", "author", "from", "to", "page"]),
        st.text(max_size=60),
        max_size=8,
    )
)
@example(params={"q": "'; DROP TABLE x; --", "page": "-1", "from": "0000-00-00"})
@example(params={"q": "\x00", "to": "9999-12-31", "page": "99999999999999999999999"})
@example(params={"q": "x", "from": "0001-01-01", "to": "0001-01-01"})
def test_any_address_is_a_page(topics, client_for, member, params):
    response = client_for(member).get("/search/", params)
    # NUL is refused everywhere with a clear 400 (core.middleware); anything else is a page.
    nul = any("\x00" in k or "\x00" in v for k, v in params.items())
    assert response.status_code == (400 if nul else 200)
