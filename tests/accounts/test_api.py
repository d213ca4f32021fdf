"""The API's own account endpoints, and what every endpoint shares: authentication, CSRF for
sessions, the error shape, the OpenAPI document and the interactive docs."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from practica.accounts.models import User
from tests.conftest import PASSWORD


def test_signup_then_token_then_me(api_for):
    anon = api_for()
    status, body = anon.post(
        "/auth/signup",
        {"email": "Ada@Example.org", "password": PASSWORD, "display_name": "  Ada   Lovelace "},
    )
    assert status == 201
    assert body["email"] == "ada@example.org"
    assert body["display_name"] == "Ada Lovelace"
    assert User.objects.filter(pk=body["id"]).exists()

    status, body = anon.post("/auth/token", {"email": "ada@example.org", "password": PASSWORD})
    assert status == 200
    anon.token = body["token"]
    status, me = anon.get("/me")
    assert status == 200
    assert me["email"] == "ada@example.org"
    assert me["profile"]["display_name"] == "Ada Lovelace"


def test_signup_duplicate_email_is_a_conflict(api_for, member):
    status, body = api_for().post(
        "/auth/signup", {"email": "MO@example.org", "password": PASSWORD, "display_name": "Mo 2"}
    )
    assert status == 409
    assert "already exists" in body["detail"]
    assert User.objects.filter(email__iexact="mo@example.org").count() == 1


@pytest.mark.parametrize(
    "payload, status, mentions",
    [
        ({"email": "a@example.org", "password": PASSWORD}, 422, "display_name"),
        ({"email": "a@example.org", "password": PASSWORD, "display_name": 5}, 422, "display_name"),
        ({"email": "a@example.org", "password": PASSWORD, "display_name": "x" * 81}, 422, "80"),
        ({"email": "not-an-email", "password": PASSWORD, "display_name": "A"}, 400, "email"),
        ({"email": "a@example.org", "password": "123", "display_name": "A"}, 400, "password"),
        ({"email": "a@example.org", "password": PASSWORD, "display_name": "  "}, 400, "name"),
    ],
)
def test_signup_rejects_bad_input_and_stores_nothing(db, api_for, payload, status, mentions):
    got, body = api_for().post("/auth/signup", payload)
    assert got == status
    assert mentions in body["detail"].lower()
    assert not User.objects.exists()


def test_token_with_wrong_password_is_401(api_for, member):
    status, body = api_for().post("/auth/token", {"email": member.email, "password": "wrong"})
    assert status == 401
    assert "do not match" in body["detail"]
    assert not member.api_tokens.exists()


def test_token_attempts_are_rate_limited(api_for, member, settings):
    settings.LOGIN_RATE_LIMIT = 3
    anon = api_for()
    statuses = [
        anon.post("/auth/token", {"email": member.email, "password": "wrong"})[0]
        for _attempt in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    # Even the right password waits until the window has passed.
    status, body = anon.post("/auth/token", {"email": member.email, "password": PASSWORD})
    assert status == 429
    assert "Too many" in body["detail"]


def test_token_needs_both_fields(db, api_for):
    status, body = api_for().post("/auth/token", {"email": "a@example.org"})
    assert status == 422
    assert "password" in body["detail"]


@pytest.mark.parametrize("path", ["/me", "/notifications"])
def test_missing_or_bad_token_is_401(api_for, member, path):
    status, body = api_for().get(path)
    assert status == 401
    assert "Bearer" in body["detail"]
    bad = api_for()
    bad.token = "not-a-real-token"
    status, body = bad.get(path)
    assert status == 401
    assert body["detail"]


def test_bad_token_on_a_public_read_is_refused_not_ignored(api_for, community):
    bad = api_for()
    bad.token = "wrong"
    assert bad.get("/communities")[0] == 401
    assert api_for().get("/communities")[0] == 200


def test_me_shows_the_whole_profile_with_audiences(api_for, make_user):
    user = make_user(
        "Ana Lima",
        bio="I *study* care",
        interests="Open Science, evaluation",
        needs_audience="only_me",
    )
    status, me = api_for(user).get("/me")
    assert status == 200
    profile = me["profile"]
    assert profile["bio"] == "I *study* care"
    assert "<em>study</em>" in profile["bio_html"]
    assert sorted(profile["interests"]) == ["evaluation", "open-science"]
    assert profile["audiences"]["needs"] == "only_me"
    assert profile["audiences"]["bio"] == "everyone"
    assert profile["hours_per_month"] is None


def test_profile_patch_changes_only_what_is_sent(api_for, member):
    api = api_for(member)
    status, profile = api.patch(
        "/me/profile",
        {
            "bio": "Hello <script>alert(1)</script> **there**",
            "sector": "health",
            "expertise": ["Facilitation", "facilitation", "Data Viz"],
            "hours_per_month": 6,
            "audiences": {"hours_per_month": "only_me"},
        },
    )
    assert status == 200
    assert profile["display_name"] == "Mo Member"
    assert profile["sector"] == "health" and profile["sector_label"] == "Health care"
    assert sorted(profile["expertise"]) == ["data-viz", "facilitation"]
    assert "<script>" not in profile["bio_html"] and "<strong>there</strong>" in profile["bio_html"]
    assert profile["audiences"]["hours_per_month"] == "only_me"
    member.profile.refresh_from_db()
    assert member.profile.hours_per_month == 6

    status, profile = api.patch("/me/profile", {"hours_per_month": None, "pronouns": "they"})
    assert status == 200
    assert profile["hours_per_month"] is None and profile["pronouns"] == "they"
    assert sorted(profile["expertise"]) == ["data-viz", "facilitation"]


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"display_name": "New name", "timezone": "Mars/Olympus"}, 400),
        ({"display_name": "New name", "sector": "astrology"}, 422),
        ({"display_name": "New name", "bio": "x" * 2001}, 422),
        ({"display_name": "New name", "hours_per_month": 745}, 422),
        ({"display_name": "New name", "hours_per_month": "many"}, 422),
        ({"display_name": "New name", "interests": "not a list"}, 422),
        ({"display_name": "New name", "interests": ["x" * 51]}, 422),
        ({"display_name": "New name", "interests": [f"t{i}" for i in range(21)]}, 422),
        ({"display_name": "New name", "audiences": {"bio": "the-world"}}, 422),
        ({"display_name": ""}, 400),
    ],
)
def test_profile_patch_rejects_bad_input_and_changes_nothing(api_for, member, payload, status):
    got, body = api_for(member).patch("/me/profile", payload)
    assert got == status, body
    assert body["detail"]
    member.profile.refresh_from_db()
    assert member.profile.display_name == "Mo Member"
    assert member.profile.bio_audience == "everyone"


def test_session_writes_need_the_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get("/api/v1/me").status_code == 200
    refused = client.patch(
        "/api/v1/me/profile", json.dumps({"pronouns": "she"}), content_type="application/json"
    )
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    member.profile.refresh_from_db()
    assert member.profile.pronouns == ""

    client.get("/api/v1/docs")  # any page that uses the token sets the cookie
    token = client.cookies["csrftoken"].value
    accepted = client.patch(
        "/api/v1/me/profile",
        json.dumps({"pronouns": "she"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200
    assert accepted.json()["pronouns"] == "she"


def test_bearer_writes_need_no_csrf_token_and_bad_ones_are_401(member):
    from practica.accounts.services import api_token_create

    client = Client(enforce_csrf_checks=True)
    data = json.dumps({"pronouns": "he"})
    ok = client.patch(
        "/api/v1/me/profile",
        data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token_create(member)}"},
    )
    assert ok.status_code == 200
    bad = client.patch(
        "/api/v1/me/profile",
        data,
        content_type="application/json",
        headers={"Authorization": "Bearer nope"},
    )
    assert bad.status_code == 401


def test_unparseable_json_is_400_and_unknown_paths_404_in_json(api_for, member):
    api = api_for(member)
    response = api.client.patch(
        "/api/v1/me/profile",
        "{not json",
        content_type="application/json",
        headers=api._headers(),
    )
    assert response.status_code == 400
    assert "parse" in response.json()["detail"]
    status, body = api.get("/no/such/thing")
    assert status == 404
    assert body["detail"]


REQUIRED_PATHS = {
    "/api/v1/auth/signup": {"post"},
    "/api/v1/auth/token": {"post"},
    "/api/v1/me": {"get"},
    "/api/v1/me/profile": {"patch"},
    "/api/v1/people/{user_id}": {"get"},
    "/api/v1/communities": {"get", "post"},
    "/api/v1/communities/{slug}": {"get", "patch"},
    "/api/v1/communities/{slug}/join": {"post"},
    "/api/v1/communities/{slug}/leave": {"post"},
    "/api/v1/communities/{slug}/members": {"get"},
    "/api/v1/communities/{slug}/requests": {"get"},
    "/api/v1/communities/{slug}/requests/{membership_id}/approve": {"post"},
    "/api/v1/communities/{slug}/requests/{membership_id}/decline": {"post"},
    "/api/v1/communities/{slug}/invitations": {"post"},
    "/api/v1/communities/{slug}/audit": {"get"},
    "/api/v1/communities/{slug}/charter": {"get"},
    "/api/v1/communities/{slug}/charter/proposals": {"post"},
    "/api/v1/charter/proposals/{proposal_id}": {"get"},
    "/api/v1/charter/proposals/{proposal_id}/responses": {"post"},
    "/api/v1/charter/proposals/{proposal_id}/withdraw": {"post"},
    "/api/v1/communities/{slug}/goals": {"get", "post"},
    "/api/v1/goals/{goal_id}": {"get", "patch"},
    "/api/v1/communities/{slug}/topics": {"get", "post"},
    "/api/v1/topics/{topic_id}": {"get", "patch"},
    "/api/v1/topics/{topic_id}/posts": {"post"},
    "/api/v1/topics/{topic_id}/answer": {"post"},
    "/api/v1/topics/{topic_id}/pin": {"post"},
    "/api/v1/topics/{topic_id}/lock": {"post"},
    "/api/v1/topics/{topic_id}/hide": {"post"},
    "/api/v1/posts/{post_id}": {"patch"},
    "/api/v1/posts/{post_id}/thanks": {"post", "delete"},
    "/api/v1/posts/{post_id}/hide": {"post"},
    "/api/v1/notifications": {"get"},
    "/api/v1/notifications/read": {"post"},
}


def test_openapi_lists_every_endpoint(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path, methods in REQUIRED_PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path
    assert "BearerToken" in schema["components"]["securitySchemes"]
    errors = schema["paths"]["/api/v1/communities"]["post"]["responses"]
    assert {"201", "401", "422"} <= set(errors)


def test_docs_page_uses_only_local_assets(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the docs page loads its script and style"
    for url in urls:
        assert url.startswith("/static/"), f"docs page loads {url} from elsewhere"
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a shipped static file"
    script = next(u for u in urls if u.endswith("swagger-ui-bundle.js"))
    assert Client().get(script).status_code == 200
