"""Shared fixtures: people, communities and an API client, all made through the services so
tests exercise the same paths as the app."""

import os
import time

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from practica.accounts.services import api_token_create, user_signup
from practica.communities.services import community_create, community_join

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture(autouse=True)
def _clear_cache(_fast_hashing):
    """Rate-limit counters live in the cache; start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for a test module, inside a transaction rolled back at the end
    (each test then runs in its own savepoint through ``db``); yields the seconds it took.
    Module-scoped, so the per-test settings above do not apply yet: the same fast hasher,
    and a cache of its own — rate-limit counters of earlier runs in the shared cache must not
    count against the demo's stewards."""
    from practica.demo.load import load_demo

    quiet = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    with django_db_blocker.unblock(), quiet, transaction.atomic():
        cache.clear()
        started = time.monotonic()
        assert load_demo(progress=False) is True
        yield time.monotonic() - started
        transaction.set_rollback(True)


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(name=None, email=None, **profile):
        counter["n"] += 1
        n = counter["n"]
        user = user_signup(
            email=email or f"person{n}@example.org",
            password=PASSWORD,
            display_name=name or f"Person {n}",
        )
        if profile:
            from practica.accounts.services import profile_update

            profile_update(user, user.profile, **profile)
        return user

    return make


@pytest.fixture
def steward(make_user):
    return make_user("Stella Steward", "stella@example.org")


@pytest.fixture
def member(make_user):
    return make_user("Mo Member", "mo@example.org")


@pytest.fixture
def outsider(make_user):
    return make_user("Otto Outsider", "otto@example.org")


@pytest.fixture
def make_community(db):
    def make(creator, name="Open Health Practitioners", **kwargs):
        kwargs.setdefault("purpose", "Share what works in community health.")
        return community_create(creator, name=name, **kwargs)

    return make


@pytest.fixture
def community(make_community, steward, member):
    """A public, open community with a founding charter; steward created it, member joined."""
    c = make_community(steward, charter="Be kind. Share sources.", values="Curiosity")
    community_join(member, c, acknowledge_charter=True)
    return c


@pytest.fixture
def private_community(make_community, steward, member):
    c = make_community(
        steward,
        name="Secret Circle",
        purpose="A private place for hidden practice.",
        visibility="private",
        join_policy="invitation",
        charter="Keep it in the circle.",
    )
    from practica.communities.models import Membership

    # Add the member directly through the invitation flow.
    from practica.communities.services import invitation_accept, invitation_create

    inv = invitation_create(steward, c, member.email)
    invitation_accept(member, inv.token, acknowledge_charter=True)
    assert Membership.objects.filter(community=c, user=member, status="active").exists()
    return c


@pytest.fixture
def client_for():
    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


class ApiClient:
    """JSON calls with a Bearer token, returning (status, body)."""

    def __init__(self, token=None):
        self.client = Client()
        self.token = token

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def call(self, method, path, data=None):
        import json

        kwargs = {"headers": self._headers()}
        if data is not None:
            kwargs["data"] = json.dumps(data)
            kwargs["content_type"] = "application/json"
        response = getattr(self.client, method)(f"/api/v1{path}", **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = None
        return response.status_code, body

    def get(self, path):
        return self.call("get", path)

    def post(self, path, data=None):
        return self.call("post", path, data if data is not None else {})

    def patch(self, path, data=None):
        return self.call("patch", path, data if data is not None else {})

    def delete(self, path):
        return self.call("delete", path)


@pytest.fixture
def api_for(db):
    def make(user=None):
        return ApiClient(api_token_create(user) if user is not None else None)

    return make


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
