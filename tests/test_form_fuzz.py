"""Junk sent to every page never gives a server error, and a refused form changes nothing.

Every route in the URLconf is posted hypothesis-generated junk — missing fields, 100 KB strings,
NUL characters, lists where one value is expected, huge and negative ids, dates in the wrong
format — by a member and by a steward of a community that has a charter, a proposal, a goal, a
question with replies and a pending join request. Answers must stay below 500, and when the
answer is an error (4xx) every row stored before must be exactly as it was. Every route is also
read with junk query parameters and junk ids in its address. Routes are discovered from the
URLconf, so a new page is covered the moment it is added.
"""

import os
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from practica.accounts.models import PROFILE_FIELDS
from practica.communities.models import Membership, Notification
from practica.communities.services import (
    charter_propose,
    community_create,
    community_join,
    goal_create,
    invitation_create,
    membership_approve,
)
from practica.discussions.services import post_create, topic_create
from practica.knowledge.services import article_create
from practica.reflection.services import checkin_open, local_today
from practica.stewardship.services.time_entries import time_entry_create

SKIP_PREFIXES = ("admin/", "api/v1/", "static/")
ROLES = ("member", "steward")
APPS = (
    "accounts",
    "communities",
    "discussions",
    "core",
    "knowledge",
    "stewardship",
    "reflection",
    "health",
)


def _routes(resolver=None, prefix="", namespace=""):
    """(pattern, "namespace:name") for every page in the URLconf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not route.startswith(SKIP_PREFIXES):
                yield route, f"{namespace}{entry.name}"


ROUTES = sorted(set(_routes()))

# --- junk -------------------------------------------------------------------------------------

HUGE = "x" * 100_001
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    HUGE,
    "é" * 60_000,
    "<script>alert(1)</script>",
    "\u202e\u200b",
    "🙂" * 20,
    "-1",
    "0",
    "-9223372036854775809",
    "9223372036854775808",
    "9" * 40,
    "1e309",
    "NaN",
    "inf",
    "2024-02-30",
    "31/12/2024",
    "99999-01-01",
    "on",
    "true",
    "None",
    "../../etc/passwd",
    "Europe",
    "//evil.example/",
    "javascript:alert(1)",
    # Valid words in the wrong place still have to be refused cleanly.
    "approve",
    "decline",
    "withdraw",
    "step_down",
    "hide",
    "pin",
    "unmark",
    "consent",
    "objection",
    "everyone",
    "private",
    "invitation",
]
SCALARS = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.integers().map(str),
    st.floats().map(repr),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, min_size=2, max_size=3))


def _field_names() -> list[str]:
    """Every field name a Practica form reads, so junk lands where views look."""
    from django import forms

    from practica.accounts import forms as account_forms
    from practica.communities import forms as community_forms
    from practica.discussions import forms as discussion_forms
    from practica.knowledge import forms as knowledge_forms

    names = {"action", "next", "new_password1", "new_password2"}
    names |= {f"{field}_audience" for field in PROFILE_FIELDS}
    for module in (account_forms, community_forms, discussion_forms, knowledge_forms):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                names |= set(value.base_fields)
    return sorted(names)


KEYS = st.one_of(st.sampled_from(_field_names()), st.text(min_size=1, max_size=12))


@st.composite
def junk_payload(draw, baseline: dict) -> dict:
    """A valid submission with fields dropped or spoiled, or junk from scratch, plus extras."""
    payload = {}
    if draw(st.booleans()):
        for key, value in baseline.items():
            fate = draw(st.sampled_from(["keep", "drop", "junk"]))
            if fate == "keep":
                payload[key] = value
            elif fate == "junk":
                payload[key] = draw(VALUES)
    payload.update(draw(st.dictionaries(KEYS, VALUES, max_size=4)))
    return payload


QUERY_NAMES = "page kind tag unanswered q post reply_to user next interest expertise need sector"
QUERY_KEYS = st.one_of(st.sampled_from(QUERY_NAMES.split()), st.text(min_size=1, max_size=8))
QUERY_VALUES = st.one_of(
    st.sampled_from([v for v in NASTY if len(v) < 1000] + ["x" * 5000]),
    st.text(max_size=20),
    st.integers().map(str),
)
JUNK_QUERY = [
    ("page", "abc"),
    ("page", "-1"),
    ("page", "1e309"),
    ("page", "9" * 40),
    ("kind", "<script>"),
    ("tag", "\u202e"),
    ("tag", "x" * 5000),
    ("q", "%"),
    ("post", "-1"),
    ("post", "9" * 30),
    ("reply_to", "1e309"),
    ("user", "abc"),
    ("unanswered", "1"),
    ("sector", "🙂"),
    ("next", "//evil.example/"),
]

# Examples per route and role; raise PRACTICA_FUZZ_EXAMPLES for a deeper run before a release.
EXAMPLES = int(os.environ.get("PRACTICA_FUZZ_EXAMPLES", "6"))
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# --- the world the junk lands in ----------------------------------------------------------------


@pytest.fixture
def world(make_user):
    steward = make_user("Sara Keeper", "sara@example.org")
    member = make_user("Milo Inside", "milo@example.org")
    applicant = make_user("Ari Applicant", "ari@example.org")
    community = community_create(
        steward,
        name="Fuzzing Practitioners",
        purpose="Trying odd input.",
        join_policy="approval",
        charter="Be kind.",
    )
    community_join(member, community, acknowledge_charter=True, message="Hello")
    membership_approve(steward, community, Membership.objects.get(user=member).pk)
    community_join(applicant, community, acknowledge_charter=True, message="Me too")
    topic = topic_create(member, community, kind="question", title="Why?", body="Tell me.")
    steward_post = post_create(steward, topic.pk, body="Because, @Milo Inside.")
    member_post = post_create(member, topic.pk, body="Thanks!", reply_to=steward_post.pk)
    return {
        "steward": steward,
        "member": member,
        "community": community,
        "topic": topic,
        "posts": {"steward": steward_post, "member": member_post},
        "pending": Membership.objects.get(user=applicant),
        "goal": goal_create(member, community, title="Map the field"),
        "proposal": charter_propose(member, community, body="Be kinder."),
        "invitation": invitation_create(steward, community, "guest@example.org"),
        "article": article_create(
            member, community, kind="practice", title="Intake", body="Ask.", status="published"
        ),
        "time_entry": time_entry_create(
            member, community, day=community.created_at.date(), hours="1", kind="planning"
        ),
        "check_in": checkin_open(
            steward, community, title="Check-in", closes_on=local_today(community)
        ),
    }


def _path(route: str, world, role: str, overrides=None) -> str:
    other = "member" if role == "steward" else "steward"
    values = {
        "slug": world["community"].slug,
        "topic_id": world["topic"].pk,
        "post_id": world["posts"][role].pk,
        "proposal_id": world["proposal"].pk,
        "goal_id": world["goal"].pk,
        "article_id": world["article"].pk,
        "number": 1,
        "user_id": world[other].pk,
        "notification_id": Notification.objects.filter(recipient=world[role]).first().pk,
        "token": world["invitation"].token,
        "uidb64": "MQ",
        "entry_id": world["time_entry"].pk,
        "round_id": world["check_in"].pk,
        **(overrides or {}),
    }
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def _soon(world) -> str:
    return local_today(world["community"]).isoformat()


def _baseline(name: str, world, role: str) -> dict:
    """What a person filling the page's form correctly would send."""
    community = {
        "name": "Renamed",
        "purpose": "Still trying odd input.",
        "values": "Care",
        "visibility": "public",
        "join_policy": "open",
        "timezone": "UTC",
    }
    profile = {"display_name": "New Name", "timezone": "UTC", "hours_per_month": "4"}
    profile.update({f"{field}_audience": "everyone" for field in PROFILE_FIELDS})
    other = "member" if role == "steward" else "steward"
    return {
        "accounts:signup": {
            "email": "new@example.org",
            "display_name": "New",
            "password": "a-long-new-passphrase-1",
            "password_confirm": "a-long-new-passphrase-1",
        },
        "accounts:login": {"email": "sara@example.org", "password": "wrong-passphrase-here"},
        "accounts:profile_edit": profile,
        "accounts:password_reset": {"email": "sara@example.org"},
        "accounts:password_reset_confirm": {"new_password1": "x", "new_password2": "x"},
        "communities:create": {**community, "charter": "Rules."},
        "communities:settings": community,
        "communities:join": {"acknowledge_charter": "on", "message": "Hi"},
        "communities:invite": {"email": "friend@example.org"},
        "communities:invitation": {"acknowledge_charter": "on"},
        "communities:requests": {
            "action": "approve",
            "membership_id": str(world["pending"].pk),
            "reason": "",
        },
        "communities:stewards": {"user_id": str(world[other].pk), "term_ends": "2031-01-31"},
        "communities:charter_propose": {"body": "Be kindest.", "rationale": "Why not"},
        "communities:proposal": {"position": "objection", "reason": "Too vague"},
        "communities:goals": {"title": "Another goal", "description": "Soon"},
        "communities:goal": {"title": "Map it", "description": "", "status": "done", "note": "!"},
        "discussions:new": {"kind": "idea", "title": "An idea", "body": "Try it", "tags": "a, b"},
        "discussions:topic_edit": {"title": "Why not?", "body": "Tell me more.", "tags": "x"},
        "discussions:reply": {"body": "Me too", "reply_to": str(world["posts"]["steward"].pk)},
        "discussions:answer": {"post_id": str(world["posts"]["steward"].pk), "action": "mark"},
        "discussions:topic_moderate": {"action": "lock", "reason": "Done"},
        "discussions:post_edit": {"body": "Edited"},
        "discussions:post_moderate": {"action": "hide", "reason": "Off topic"},
        "knowledge:new": {"kind": "guide", "title": "How", "body": "So", "status": "draft"},
        "knowledge:edit": {"kind": "guide", "title": "How", "body": "So", "summary": "Why"},
        "knowledge:status": {"status": "archived"},
        "knowledge:endorse": {"action": "endorse"},
        "knowledge:restore": {"summary": "Back"},
        "stewardship:time": {"day": "2025-01-02", "hours": "1.5", "kind": "planning"},
        "stewardship:time_edit": {"day": "2025-01-02", "hours": "2", "kind": "outreach"},
        "stewardship:time_delete": {"reason": "Twice"},
        "reflection:rounds": {"title": "Autumn", "prompt": "How?", "closes_on": _soon(world)},
        "reflection:settings": {"members_may_open": "on"},
        "reflection:round": {
            "worthwhile": "4",
            "capacity_hours": "3",
            "story": "Learned",
            "cycles": "applied",
            "sharing": "anonymous",
            "should_change": "More",
        },
        "reflection:goal_review": {"goal_id": str(world["goal"].pk), "decision": "keep"},
    }.get(name, {})


# Bookkeeping a request may touch without changing anything a person stored.
VOLATILE_FIELDS = {"last_login", "last_used_at"}
# Summaries of the activity stream, built when health is first read (a refused form re-renders
# its page, which may read health): derived rows, nobody's stored content.
DERIVED_MODELS = {
    "health.TallyState",
    "health.ContributionDay",
    "health.ActivityHour",
    "health.SectorReplyDay",
}


def stored_rows() -> dict:
    """Every stored row of Practica's own tables."""
    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in DERIVED_MODELS:
                continue
            values = model.objects.order_by("pk").values()
            rows[model._meta.label] = [
                {k: v for k, v in row.items() if k not in VOLATILE_FIELDS} for row in values
            ]
    return rows


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _clients(world) -> dict[str, Client]:
    """One signed-in client per role for the whole test, not one per example."""
    if "clients" not in world:
        world["clients"] = {
            "anonymous": _client(None),
            **{role: _client(world[role]) for role in ROLES},
        }
    return world["clients"]


def _send(client, method: str, path: str, payload: dict, *, htmx: bool, urlencoded: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "get":
        return client.get(path, payload, headers=headers)
    if urlencoded:
        body = urlencode(payload, doseq=True)
        return client.post(
            path, body, content_type="application/x-www-form-urlencoded", headers=headers
        )
    return client.post(path, payload, headers=headers)


def _try(client, method, path, payload, *, htmx=False, urlencoded=False, before=None):
    """Send one request and undo whatever it changed, so every example starts from the same
    world; assert it did not fail and that an error left the stored rows untouched."""
    cookies = SimpleCookie()  # signing out must not carry over to the next example
    cookies.update(client.cookies)
    with transaction.atomic():
        response = _send(client, method, path, payload, htmx=htmx, urlencoded=urlencoded)
        status = response.status_code
        assert status < 500, f"{method.upper()} {path} {payload!r:.300} → {status}"
        if before is not None and 400 <= status < 500:
            assert stored_rows() == before, f"POST {path} → {status} changed stored rows"
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


# --- the tests ----------------------------------------------------------------------------------


@pytest.fixture
def stored(world):
    """The rows before any junk arrives; every example is rolled back to exactly these."""
    return stored_rows()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route,name", ROUTES, ids=[name for _route, name in ROUTES])
@FUZZ
@given(data=st.data())
def test_junk_posts_never_fail_and_refused_ones_change_nothing(
    world, stored, role, route, name, data
):
    client = _clients(world)[role]
    path = _path(route, world, role)
    payload = data.draw(junk_payload(_baseline(name, world, role)), label="payload")
    htmx = data.draw(st.booleans(), label="htmx")
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    _try(client, "post", path, payload, htmx=htmx, urlencoded=urlencoded, before=stored)


@pytest.mark.parametrize("route,name", ROUTES, ids=[name for _route, name in ROUTES])
@hypothesis_settings(FUZZ, max_examples=max(1, EXAMPLES // 2))
@example(query=JUNK_QUERY)
@given(query=st.lists(st.tuples(QUERY_KEYS, QUERY_VALUES), max_size=6))
def test_junk_query_parameters_never_fail(world, route, name, query):
    for role, client in _clients(world).items():
        path = _path(route, world, "member" if role == "anonymous" else role)
        _try(client, "get", f"{path}?{urlencode(query)}", {})


JUNK_IDS = ["0", str(2**63), "9" * 30]
JUNK_WORDS = ["x" * 300, "%00", "a%00b", "%F0%9F%99%82", "..", "%2e%2e%2f"]


@pytest.mark.parametrize("role", ("anonymous", "member"))
def test_junk_ids_in_addresses_never_fail(world, role):
    client = _client(world.get(role))
    checked = 0
    for route, _name in ROUTES:
        params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        for converter, param in params:
            junk = JUNK_IDS if converter == "int" else JUNK_WORDS
            for value in junk:
                path = _path(route, world, "member", overrides={param: value})
                for method in ("get", "post"):
                    _try(client, method, path, {"body": "x", "action": "hide"})
                    checked += 1
    assert checked > 100


# --- requests too big to read -------------------------------------------------------------------


@pytest.mark.parametrize("csrf_checks", [False, True], ids=["view-reads-it", "csrf-reads-it"])
def test_a_body_over_the_upload_limit_is_refused_with_413(world, csrf_checks):
    client = Client(enforce_csrf_checks=csrf_checks)
    client.force_login(world["member"])
    before = stored_rows()
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    path = _path("t/<int:topic_id>/reply/", world, "member")
    client.get(_path("t/<int:topic_id>/", world, "member"))  # as a browser would, for the token
    token = client.cookies["csrftoken"].value
    response = client.post(path, {"body": body, "csrfmiddlewaretoken": token})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert stored_rows() == before


def test_too_many_fields_are_refused_with_400(world):
    client = _client(world["member"])
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    path = _path("t/<int:topic_id>/reply/", world, "member")
    response = client.post(
        path, urlencode(fields), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "too many fields" in response.content.decode()


def test_nul_in_a_query_parameter_is_refused_with_400(world):
    client = _client(world["member"])
    response = client.get(_path("c/<slug:slug>/topics/", world, "member"), {"tag": "a\x00b"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_request_for_another_host_gets_a_clear_400(db, client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
