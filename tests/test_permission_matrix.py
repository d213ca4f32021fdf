"""Every page and every API route, visited as anonymous / non-member / member / steward.

A private community's name, purpose, charter, goals, topics and posts must never reach anyone
outside it: pages and API answer 404 (or ask an anonymous visitor to sign in), and no response
body — including public lists, profiles and notifications — contains any of its text. Members
and stewards get their pages without errors. Routes are discovered from the URLconf and the
OpenAPI schema, so a new route is covered the moment it is added.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from practica.communities.models import Membership
from practica.communities.services import (
    charter_propose,
    community_create,
    community_join,
    goal_create,
    invitation_create,
)
from practica.discussions.models import Post, Topic
from practica.discussions.services import post_create, topic_create
from practica.knowledge.services import article_create, article_edit

SECRETS = {
    "name": "Zebra Circle of Hidden Practice",
    "purpose": "Quietly improving zebra-crossing audits",
    "charter": "Rule zebra-seven: what is said here stays here",
    "goal": "Map every zebra crossing by spring",
    "topic": "How do you audit zebra crossings at night",
    "post": "We use reflective zebra-tape and a torch",
    "proposal": "Rule zebra-eight: rotate the note-taker",
    "article": "Zebra audit practice sheet",
}
SKIP_PREFIXES = ("admin/", "api/v1/", "static/", "__debug__")


@pytest.fixture
def world(db, make_user):
    steward = make_user("Sara Keeper", "sara@example.org")
    member = make_user("Milo Inside", "milo@example.org")
    outsider = make_user("Olga Outside", "olga@example.org")
    applicant = make_user("Ari Applicant", "ari@example.org")
    private = community_create(
        steward,
        name=SECRETS["name"],
        purpose=SECRETS["purpose"],
        visibility="private",
        join_policy="approval",
        charter=SECRETS["charter"],
    )
    # A public community shared by everyone, so public pages have content around the secret.
    public = community_create(steward, name="Open Commons", purpose="Public practice sharing.")
    for person in (member, outsider, applicant):
        community_join(person, public, acknowledge_charter=True)
    Membership.objects.create(user=member, community=private, role="member", status="active")
    private.member_count = 2
    private.save()
    Membership.objects.create(user=applicant, community=private, status="pending")
    goal = goal_create(member, private, title=SECRETS["goal"])
    topic = topic_create(member, private, kind="question", title=SECRETS["topic"], body="zebra?")
    post = post_create(steward, topic.pk, body=SECRETS["post"] + " @Milo Inside")
    proposal = charter_propose(member, private, body=SECRETS["proposal"])
    invitation = invitation_create(steward, private, "guest@example.org")
    public_topic = topic_create(outsider, public, kind="discussion", title="Hello", body="Hi all")
    article = article_create(
        member, private, kind="practice", title=SECRETS["article"], body="zebra", status="published"
    )
    article_edit(steward, article.pk, body="zebra, revised")
    from practica.stewardship.services.time_entries import time_entry_create

    time_entry = time_entry_create(
        member, private, day=private.created_at.date(), hours="1", kind="planning", note="zebra"
    )
    from practica.reflection.services import checkin_open, local_today

    check_in = checkin_open(steward, private, title="zebra round", closes_on=local_today(private))
    return {
        "check_in": check_in,
        "time_entry": time_entry,
        "steward": steward,
        "member": member,
        "outsider": outsider,
        "private": private,
        "public": public,
        "goal": goal,
        "topic": topic,
        "post": post,
        "proposal": proposal,
        "invitation": invitation,
        "public_topic": public_topic,
        "article": article,
        "pending": Membership.objects.get(user=applicant, community=private),
    }


def _html_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _html_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _fill(route: str, world) -> str:
    values = {
        "slug": world["private"].slug,
        "topic_id": world["topic"].pk,
        "post_id": world["post"].pk,
        "proposal_id": world["proposal"].pk,
        "goal_id": world["goal"].pk,
        "article_id": world["article"].pk,
        "number": 1,
        "user_id": world["member"].pk,
        "membership_id": world["pending"].pk,
        "token": world["invitation"].token,
        "uidb64": "MQ",
        "token_reset": "x",
        "entry_id": world["time_entry"].pk,
        "round_id": world["check_in"].pk,
    }
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), "1")), route)
    return "/" + path.lstrip("^").rstrip("$")


def _private_html_paths(world):
    paths = []
    for route in _html_routes():
        if route.startswith(SKIP_PREFIXES) or "<" not in route:
            continue
        if "uidb64" in route or route.startswith("accounts/"):
            continue
        paths.append(_fill(route, world))
    return sorted(set(paths))


def _public_html_paths(world):
    """Routes without parameters, plus public pages that list people and communities."""
    paths = ["/" + r for r in _html_routes() if "<" not in r and not r.startswith(SKIP_PREFIXES)]
    paths += [
        f"/c/{world['public'].slug}/",
        f"/c/{world['public'].slug}/members/",
        f"/c/{world['public'].slug}/topics/",
        f"/t/{world['public_topic'].pk}/",
        f"/accounts/people/{world['steward'].pk}/",
        f"/accounts/people/{world['member'].pk}/",
    ]
    return sorted(set(p for p in paths if "logout" not in p))


def _api_paths(world, client):
    schema = client.get("/api/v1/openapi.json").json()
    private = world["private"]
    for path, methods in schema["paths"].items():
        if "{" not in path or path.startswith("/api/v1/people/"):
            continue  # people's pages are public; their leaks are checked in the lists test
        if path.startswith("/api/v1/topics/"):
            ident = world["topic"].pk
        elif path.startswith("/api/v1/posts/"):
            ident = world["post"].pk
        elif path.startswith("/api/v1/goals/"):
            ident = world["goal"].pk
        elif path.startswith("/api/v1/charter/proposals/"):
            ident = world["proposal"].pk
        elif path.startswith("/api/v1/articles/"):
            ident = world["article"].pk
        else:
            ident = 1
        filled = (
            path.replace("{slug}", private.slug)
            .replace("{membership_id}", str(world["pending"].pk))
            .replace("{user_id}", str(world["member"].pk))
        )
        filled = re.sub(r"\{\w+\}", str(ident), filled)
        yield filled, [m.upper() for m in methods]


def _client(user):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _assert_no_secret(body: str, where: str):
    for label, text in SECRETS.items():
        assert text not in body, f"{where} leaks the private community's {label}"


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_private_pages_are_not_found_for_outsiders(world, role):
    client = _client(world["outsider"] if role == "outsider" else None)
    for path in _private_html_paths(world):
        if path.startswith("/accounts/people/"):
            continue  # a person's page exists for everyone; checked below for leaks
        if path.startswith("/invitations/"):
            continue  # the token is the capability: its holder is meant to see the community
        response = client.get(path)
        body = response.content.decode()
        if role == "anonymous" and response.status_code == 302:
            assert "/accounts/login/" in response["Location"], path
        else:
            assert response.status_code == 404, f"{role} GET {path} → {response.status_code}"
        _assert_no_secret(body, f"{role} GET {path}")
        post = client.post(path, {"body": "x", "title": "x", "kind": "idea", "reason": "x"})
        assert post.status_code in (302, 404, 405), f"{role} POST {path} → {post.status_code}"
        if post.status_code == 302:
            assert "/accounts/login/" in post["Location"], path
        _assert_no_secret(post.content.decode(), f"{role} POST {path}")


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_a_wrong_invitation_token_reveals_nothing(world, role):
    client = _client(world["outsider"] if role == "outsider" else None)
    token = world["invitation"].token
    for path in (f"/invitations/{token[:-1]}x/", "/invitations/not-a-token/"):
        response = client.get(path)
        assert response.status_code == 404, path
        _assert_no_secret(response.content.decode(), f"{role} GET {path}")


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_public_pages_never_mention_the_private_community(world, role):
    client = _client(world["outsider"] if role == "outsider" else None)
    for path in _public_html_paths(world):
        response = client.get(path)
        assert response.status_code < 500, f"{role} GET {path} → {response.status_code}"
        _assert_no_secret(response.content.decode(), f"{role} GET {path}")


@pytest.mark.parametrize("role", ["member", "steward"])
def test_members_and_stewards_get_their_pages(world, role):
    client = _client(world[role])
    for path in _private_html_paths(world):
        if path.startswith("/notifications/"):
            continue  # personal, not the community's: tested in tests/communities/test_views.py
        response = client.get(path)
        assert response.status_code < 500, f"{role} GET {path} → {response.status_code}"
        if role == "steward" or not any(
            s in path for s in ("/requests/", "/settings/", "/stewards/")
        ):
            assert response.status_code in (200, 302, 405), (
                f"{role} GET {path} → {response.status_code}"
            )


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_private_api_routes_are_not_found_for_outsiders(world, role):
    from practica.accounts.services import api_token_create

    client = Client(raise_request_exception=False)
    headers = {}
    if role == "outsider":
        headers["Authorization"] = f"Bearer {api_token_create(world['outsider'])}"
    before = (Topic.objects.count(), Post.objects.count(), Membership.objects.count())
    checked = 0
    for path, methods in _api_paths(world, client):
        for method in methods:
            if method not in {"GET", "POST", "PATCH", "DELETE", "PUT"}:
                continue
            if method == "GET":
                response = client.get(path, headers=headers)
            else:
                response = getattr(client, method.lower())(
                    path, data="{}", content_type="application/json", headers=headers
                )
            checked += 1
            allowed = {401, 404, 422} if role == "anonymous" else {404, 422}
            assert response.status_code in allowed, (
                f"{role} {method} {path} → {response.status_code} {response.content[:200]}"
            )
            _assert_no_secret(response.content.decode(), f"{role} {method} {path}")
    assert checked >= 20
    assert (Topic.objects.count(), Post.objects.count(), Membership.objects.count()) == before


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_public_api_lists_never_mention_the_private_community(world, role):
    from practica.accounts.services import api_token_create

    client = Client(raise_request_exception=False)
    headers = {}
    if role == "outsider":
        headers["Authorization"] = f"Bearer {api_token_create(world['outsider'])}"
    for path in [
        "/api/v1/communities",
        f"/api/v1/communities/{world['public'].slug}",
        f"/api/v1/communities/{world['public'].slug}/members",
        f"/api/v1/communities/{world['public'].slug}/topics",
        f"/api/v1/people/{world['member'].pk}",
        f"/api/v1/people/{world['steward'].pk}",
        "/api/v1/notifications",
        "/api/v1/me",
    ]:
        response = client.get(path, headers=headers)
        assert response.status_code < 500, f"{role} GET {path}"
        _assert_no_secret(response.content.decode(), f"{role} GET {path}")


def test_a_former_member_loses_access_and_hears_nothing_more(world, make_user):
    from practica.communities.services import community_leave

    former = make_user("Fran Former", "fran@example.org")
    private = world["private"]
    Membership.objects.create(user=former, community=private, status="active")
    topic = topic_create(former, private, kind="question", title="Fran's zebra question", body="?")
    post_create(world["steward"], topic.pk, body="An answer while Fran is still here.")
    community_leave(former, private)
    post_create(world["steward"], topic.pk, body=SECRETS["post"] + " again, @Fran Former")

    client = _client(former)
    for path in _private_html_paths(world) + [f"/t/{topic.pk}/"]:
        if path.startswith(("/accounts/people/", "/invitations/", "/notifications/")):
            continue
        response = client.get(path)
        assert response.status_code == 404, f"former member GET {path} → {response.status_code}"
    for path in ("/", "/notifications/"):
        body = client.get(path).content.decode()
        _assert_no_secret(body, f"former member GET {path}")
        assert "Fran's zebra question" not in body
    from practica.communities.models import Notification

    # The one notification from while she was a member stays stored but is no longer shown.
    assert Notification.objects.filter(recipient=former).count() == 1
    assert client.get("/").context["unread_notifications"] == 0
