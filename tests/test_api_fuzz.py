"""Junk sent to every API operation never gives a server error, and answers match the schema.

Schemathesis reads Practica's own OpenAPI document and generates requests for every operation —
valid ones and ones that break the schema — sent with a Bearer token (a steward's for the
stewards' housekeeping, a member's for the rest) to the objects of a real community: a topic,
posts, a goal, a charter proposal, a pending join request. Each answer must be below 500, use a
documented status, and have a body that matches the schema; a refused request must leave every
stored row as it was. Each request is rolled back so that the next starts from the same data,
and generation is derandomized, so a run is repeatable. Junk in addresses, requests too large to
read and NUL characters are checked on their own below.
"""

import json
import os
import re

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from practica.accounts.services import api_token_create
from practica.api import api
from practica.communities.models import Membership
from practica.communities.services import (
    charter_propose,
    community_create,
    community_join,
    goal_create,
    membership_approve,
)
from practica.discussions.services import post_create, topic_create
from practica.knowledge.services import article_create
from practica.reflection.services import checkin_open, local_today
from tests.test_form_fuzz import stored_rows

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Refusals that come from a handler or a service, after it may have begun to write; 401, 405 and
# 422 are answered before any handler runs.
REFUSED_BY_A_HANDLER = {400, 403, 404, 409, 413, 429}
# Operations only a steward may carry out; the others run as the member who asked the question.
STEWARDS_WORK = re.compile(r"/requests|/(pin|lock|hide)$|^/api/v1/communities/\{slug\}$")
# Examples per operation; raise PRACTICA_FUZZ_EXAMPLES for a deeper run before a release.
EXAMPLES = int(os.environ.get("PRACTICA_FUZZ_EXAMPLES", "6"))

# One common and one odd method stand for every method an operation does not take (405).
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"unexpected-methods": ["PUT", "TRACE"]}}}
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, minus closing the database connection around each request:
    the requests run inside the test's transaction, which that would break (Django's own test
    client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(make_user):
    steward = make_user("Sara Keeper", "sara@example.org")
    member = make_user("Milo Inside", "milo@example.org")
    applicant = make_user("Ari Applicant", "ari@example.org")
    community = community_create(
        steward,
        name="Fuzzing Practitioners",
        purpose="Trying odd input.",
        join_policy="approval",
        charter="Be kind.",
        slug="fuzzing",
    )
    community_join(member, community, acknowledge_charter=True)
    membership_approve(steward, community, Membership.objects.get(user=member).pk)
    community_join(applicant, community, acknowledge_charter=True)
    topic = topic_create(member, community, kind="question", title="Why?", body="Tell me.")
    answer = post_create(steward, topic.pk, body="Because, @Milo Inside.")
    reply = post_create(member, topic.pk, body="Thanks!", reply_to=answer.pk)
    return {
        "tokens": {"member": api_token_create(member), "steward": api_token_create(steward)},
        "path": {
            "slug": community.slug,
            "topic_id": topic.pk,
            "post_id": reply.pk,
            "goal_id": goal_create(member, community, title="Map the field").pk,
            "proposal_id": charter_propose(member, community, body="Be kinder.").pk,
            "user_id": steward.pk,
            "membership_id": Membership.objects.get(user=applicant).pk,
            "article_id": article_create(
                member, community, kind="practice", title="Intake", body="Ask.", status="published"
            ).pk,
            "reflection_id": checkin_open(
                steward, community, title="Check-in", closes_on=local_today(community)
            ).pk,
        },
    }


@pytest.fixture
def stored(api_world):
    """The rows before any junk arrives; every example is rolled back to exactly these."""
    return stored_rows()


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_operations_never_fail_and_answer_as_documented(case, api_world, stored, wsgi_app):
    # Junk in addresses has its own test below; here the ids name real objects so that the
    # generated bodies reach the services.
    for name in case.path_parameters or {}:
        case.path_parameters[name] = api_world["path"].get(name, case.path_parameters[name])
    role = "steward" if STEWARDS_WORK.search(case.operation.path) else "member"
    headers = {"Authorization": f"Bearer {api_world['tokens'][role]}"}
    with transaction.atomic():
        response = case.call(app=wsgi_app, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
        if response.status_code in REFUSED_BY_A_HANDLER:
            assert stored_rows() == stored, f"{case.method} {case.formatted_path} changed rows"
        transaction.set_rollback(True)


# --- addresses, sizes and characters the schema cannot describe --------------------------------


def _openapi_paths():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            yield path, method.lower()


@pytest.mark.parametrize("junk", ["0", str(2**63), "9" * 30, "-1", "x" * 300, "%00", "%2e%2e"])
def test_junk_in_api_addresses_never_fails(api_for, member, junk):
    api_client = api_for(member)
    checked = 0
    for path, method in _openapi_paths():
        if "{" not in path:
            continue
        filled = path
        while "{" in filled:
            start, end = filled.index("{"), filled.index("}")
            filled = filled[:start] + junk + filled[end + 1 :]
        data = None if method == "get" else {}
        status, body = api_client.call(method, filled.removeprefix("/api/v1"), data)
        assert status < 500, f"{method.upper()} {filled} → {status}"
        assert isinstance(body, dict) and body.get("detail"), f"{method.upper()} {filled}"
        checked += 1
    assert checked > 20


def test_a_body_over_the_upload_limit_is_refused_with_413_in_json(api_for, member):
    api_client = api_for(member)
    body = json.dumps(
        {"kind": "idea", "title": "Big", "body": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    )
    response = api_client.client.post(
        "/api/v1/communities/anything/topics",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_client.token}"},
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize(
    "method,path,data",
    [
        ("post", "/auth/token", {"email": "a\x00b@example.org", "password": "x"}),
        (
            "post",
            "/communities",
            {"name": "N\x00", "purpose": "p", "visibility": "public", "join_policy": "open"},
        ),
        ("patch", "/me/profile", {"interests": ["a\x00"]}),
        ("get", "/communities?q=a%00b", None),
        ("get", "/communities/a%00b", None),
        ("get", "/communities/a%00b/members?interest=%00", None),
    ],
)
def test_nul_characters_are_refused_with_400(api_for, member, method, path, data):
    status, body = api_for(member).call(method, path, data)
    assert status == 400
    assert "NUL" in body["detail"]


def test_nul_characters_in_utf16_json_are_refused_too(api_for, member):
    api_client = api_for(member)
    response = api_client.client.patch(
        "/api/v1/me/profile",
        json.dumps({"bio": "a\x00b"}).encode("utf-16"),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_client.token}"},
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_server_error_in_the_api_still_answers_json(rf):
    from practica.core.views import server_error

    response = server_error(rf.get("/api/v1/communities"))
    assert response.status_code == 500
    assert json.loads(response.content)["detail"]


def test_text_that_only_spells_an_escape_is_kept(api_for, member):
    """A backslash followed by "u0000" is ordinary text, not a NUL character."""
    text = "JSON writes NUL as \\u0000."
    status, body = api_for(member).call("patch", "/me/profile", {"bio": text})
    assert status == 200
    assert body["bio"] == text
