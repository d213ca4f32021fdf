"""GET /api/v1/search: the same search as the page, as JSON, with the same visibility."""

import pytest

from practica.discussions.services import post_create, topic_create


@pytest.fixture
def topics(community, private_community, member, steward):
    public = topic_create(
        member,
        community,
        kind="question",
        title="Booking interpreters",
        body="Who pays?",
        tags=["access"],
    )
    reply = post_create(steward, public.pk, body="We book interpreters two weeks ahead.")
    private = topic_create(
        member, private_community, kind="idea", title="Secret interpreters", body="Hidden."
    )
    return {"public": public, "reply": reply, "private": private}


def test_anonymous_search(topics, api_for, community, member):
    status, body = api_for().get("/search?q=interpreters")
    assert status == 200
    assert body["count"] == 2 and body["count_is_capped"] is False
    assert (body["page"], body["pages"]) == (1, 1)
    assert body["facets"] == {"topic": 1, "post": 1}
    topic = next(r for r in body["results"] if r["kind"] == "topic")
    assert topic["id"] == topics["public"].pk
    assert topic["url"] == f"/t/{topics['public'].pk}/"
    assert topic["community"] == community.slug
    assert topic["author"] == {"id": member.pk, "display_name": member.profile.display_name}
    assert "<mark>interpreters</mark>" in topic["title_html"]
    assert all("Secret" not in r["title"] for r in body["results"])


def test_members_see_their_private_community(topics, api_for, member, private_community):
    status, body = api_for(member).get("/search?q=interpreters")
    assert status == 200 and body["count"] == 3
    status, body = api_for(member).get(f"/search?q=interpreters&community={private_community.slug}")
    assert [r["id"] for r in body["results"]] == [topics["private"].pk]


def test_a_private_community_is_not_found_for_outsiders(
    topics, api_for, outsider, private_community
):
    status, body = api_for(outsider).get(
        f"/search?q=interpreters&community={private_community.slug}"
    )
    assert status == 404 and "Secret" not in str(body)


def test_filters(topics, api_for, member, steward):
    api = api_for(member)
    assert api.get("/search?q=interpreters&kind=post")[1]["count"] == 1
    assert api.get("/search?q=interpreters&tag=access")[1]["count"] == 2
    assert api.get(f"/search?q=interpreters&author={steward.pk}")[1]["count"] == 1
    assert api.get("/search?q=interpreters&from=2000-01-01&to=2000-12-31")[1]["count"] == 0
    assert api.get("/search?q=interpreters&from=2000-01-01&to=9999-12-31")[1]["count"] == 3


@pytest.mark.parametrize(
    "query, status",
    [
        ("q=", 200),
        ("q=%22%22%22-*", 200),
        ("q=%27%3B+DROP+TABLE+x%3B--", 200),
        ("q=%00", 400),  # NUL is refused everywhere (core.middleware)
        ("q=x&page=-5", 200),
        ("q=x&kind=spaceship", 422),
        ("q=x&from=yesterday", 422),
        ("q=x&tag=%21%21%21", 400),
        ("q=x&community=no-such-place", 404),
    ],
)
def test_bad_input_gets_a_clear_answer(topics, api_for, query, status):
    code, body = api_for().get(f"/search?{query}")
    assert code == status
    if status != 200:
        assert body["detail"]
    else:
        assert body["count"] >= 0


def test_a_bad_token_is_refused(api_for):
    from tests.conftest import ApiClient

    assert ApiClient("not-a-token").get("/search?q=x")[0] == 401
