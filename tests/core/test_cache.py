"""Versions and fragments (practica.core.cache): a write retires what was rendered before it,
right away and again once it commits, and nothing one request rendered carries its CSRF token
to another."""

from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone, translation

from practica.core.cache import (
    CSRF_PLACEHOLDER,
    bump_community,
    bump_people,
    cached_render,
    fragment_key,
    remembered,
    versions,
)


def test_versions_stay_until_a_bump_of_their_own_community_or_of_people(db):
    one, two = versions(1), versions(2)
    assert versions(1) == one and versions(2) == two
    bump_community(1)
    assert versions(1) != one and versions(2) == two
    one, two = versions(1), versions(2)
    bump_people()
    assert versions(1) != one and versions(2) != two


def test_a_cleared_cache_never_gives_back_an_earlier_version():
    seen = {versions(1)}
    for _ in range(5):
        cache.clear()
        seen.add(versions(1))
    assert len(seen) == 6


def test_a_bump_retires_again_what_was_stored_before_the_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bump_community(1)
        # Another process may render and store from rows read before the commit here.
        during = versions(1)
    assert versions(1) != during


def test_fragment_keys_vary_with_language_and_time_zone():
    with translation.override("en"), timezone.override("UTC"):
        base = fragment_key("page", 1)
        assert fragment_key("page", 1) == base and fragment_key("page", 2) != base
        with timezone.override("Europe/Berlin"):
            assert fragment_key("page", 1) != base
    with translation.override("de"), timezone.override("UTC"):
        assert fragment_key("page", 1) != base


def test_remembered_computes_once_per_key():
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert remembered("thing", (1, "v1"), compute) == {"n": 1}
    assert remembered("thing", (1, "v1"), compute) == {"n": 1}
    assert remembered("thing", (1, "v2"), compute) == {"n": 2}


def test_a_cached_fragment_gets_each_requests_own_csrf_token(settings, tmp_path):
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}
    ]
    (tmp_path / "form.html").write_text("<form>{% csrf_token %}{{ word }}</form>")
    renders = []

    def context():
        renders.append(1)
        return {"word": "hello"}

    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    html_one = cached_render(first, "fragment:test", "form.html", context)
    html_two = cached_render(second, "fragment:test", "form.html", context)
    assert len(renders) == 1
    assert CSRF_PLACEHOLDER not in html_one and CSRF_PLACEHOLDER not in html_two
    assert "hello" in html_two
    assert CSRF_PLACEHOLDER in cache.get("fragment:test")
    token = html_two.split('value="')[1].split('"')[0]
    assert token and token not in html_one
