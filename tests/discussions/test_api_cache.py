"""The API's topic list is kept in the cache as JSON (discussions.api.topic_list), and Bearer
tokens are remembered for a minute (accounts.services.api_token_user): both must follow every
change made through the services, and a revoked token must be refused at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practica.accounts.models import User
from practica.accounts.services import api_token_revoke, password_changed, profile_update
from practica.discussions.models import Topic
from practica.discussions.services import post_create, topic_create, topic_edit, topic_hide


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def path(community):
    return f"/communities/{community.slug}/topics"


def titles(api, path) -> list[str]:
    status, body = api.get(path)
    assert status == 200, body
    return [t["title"] for t in body["items"]]


def test_the_list_is_served_from_the_cache_until_the_community_changes(
    api_for, community, member, steward, path
):
    topic = topic_create(member, community, kind="idea", title="First idea", body="b")
    api = api_for(member)
    assert titles(api, path) == ["First idea"]
    # Changed around the services: not seen, the page came from the cache…
    Topic.objects.filter(pk=topic.pk).update(title="Quietly renamed")
    assert titles(api, path) == ["First idea"]
    # …while every change through them shows on the next request.
    topic_edit(member, topic.pk, title="Better idea")
    assert titles(api, path) == ["Better idea"]
    topic_create(member, community, kind="question", title="A question", body="b")
    assert titles(api, path) == ["A question", "Better idea"]
    post_create(steward, topic.pk, body="A reply")
    status, body = api.get(path)
    assert [t["title"] for t in body["items"]] == ["Better idea", "A question"]
    assert body["items"][0]["reply_count"] == 1


def test_a_name_change_shows_in_the_authors_of_the_list(api_for, community, member, path):
    topic_create(member, community, kind="idea", title="An idea", body="b")
    api = api_for(member)
    assert api.get(path)[1]["items"][0]["author"]["display_name"] == "Mo Member"
    profile_update(fresh(member), fresh(member).profile, display_name="Mo Renamed")
    assert api.get(path)[1]["items"][0]["author"]["display_name"] == "Mo Renamed"


@pytest.mark.parametrize("steward_first", [True, False])
def test_hidden_topics_stay_in_stewards_pages(
    api_for, community, member, steward, path, steward_first
):
    kept = topic_create(member, community, kind="idea", title="Kept", body="b")
    hidden = topic_create(member, community, kind="idea", title="Hidden", body="b")
    topic_hide(steward, hidden.pk, reason="Off topic")
    readers = [("steward", api_for(steward)), ("member", api_for(member)), ("anyone", api_for())]
    seen = {}
    for who, api in readers if steward_first else reversed(readers):
        seen[who] = titles(api, path)
    assert seen["steward"] == ["Hidden", "Kept"]
    assert seen["member"] == seen["anyone"] == [kept.title]


def test_filters_and_pages_are_kept_apart(api_for, community, member, path, settings):
    settings.PAGE_SIZE = 1
    topic_create(member, community, kind="idea", title="Idea", body="b", tags=["future"])
    topic_create(member, community, kind="question", title="Question", body="b")
    api = api_for(member)
    assert titles(api, path) == ["Question"]
    assert titles(api, f"{path}?page=2") == ["Idea"]
    assert titles(api, f"{path}?kind=idea") == ["Idea"]
    assert titles(api, f"{path}?tag=future") == ["Idea"]
    assert titles(api, f"{path}?unanswered=true") == ["Question"]


def test_the_cached_body_is_the_declared_json(api_for, community, member, path):
    topic_create(member, community, kind="idea", title='Quotes " and accents é', body="b")
    api = api_for(member)
    first = api.client.get(f"/api/v1{path}", headers=api._headers())
    second = api.client.get(f"/api/v1{path}", headers=api._headers())
    assert first["Content-Type"] == second["Content-Type"] == "application/json; charset=utf-8"
    assert first.content == second.content
    item = second.json()["items"][0]
    assert item["title"] == 'Quotes " and accents é' and item["created_at"].endswith("Z")


# --- Bearer tokens ----------------------------------------------------------------------------


def test_a_revoked_token_is_refused_on_the_very_next_request(api_for, community, member, path):
    api = api_for(member)
    assert api.get(path)[0] == 200  # the token is remembered now
    assert api_token_revoke(fresh(member), api.token)
    assert api.get(path)[0] == 401
    assert api.get("/me")[0] == 401


def test_signing_out_through_the_api_refuses_the_token_at_once(api_for, member):
    api = api_for(member)
    assert api.get("/me")[0] == 200
    assert api.delete("/auth/token")[0] == 204
    assert api.get("/me")[0] == 401


def test_a_password_change_refuses_every_token_at_once(api_for, community, member, path):
    phone, laptop = api_for(member), api_for(member)
    assert phone.get(path)[0] == laptop.get("/me")[0] == 200
    assert password_changed(fresh(member)) == 2
    assert phone.get(path)[0] == 401 and laptop.get("/me")[0] == 401


def test_a_deactivated_account_is_refused_despite_a_remembered_token(api_for, member):
    api = api_for(member)
    assert api.get("/me")[0] == 200
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert api.get("/me")[0] == 401


def test_a_remembered_token_still_expires(api_for, member, monkeypatch):
    api = api_for(member)
    assert api.get("/me")[0] == 200
    later = timezone.now() + timedelta(days=365)
    monkeypatch.setattr("practica.accounts.services.timezone.now", lambda: later)
    assert api.get("/me")[0] == 401


def test_a_remembered_token_needs_no_token_query(api_for, member):
    """The point of remembering it: the request reads the user by primary key only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(member)
    assert api.get("/me")[0] == 200
    with CaptureQueriesContext(connection) as captured:
        assert api.get("/me")[0] == 200
    assert not any("accounts_apitoken" in q["sql"] for q in captured.captured_queries)
