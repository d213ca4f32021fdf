"""Health check, error pages and what the base template shows everyone. (The start page is
the site's: tests/test_views.py.)"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from practica.communities.activity import notify
from practica.core import views
from practica.core.errors import NotAllowed
from practica.core.http import error_page

pytestmark = pytest.mark.django_db


def test_base_shows_navigation_for_people_signed_in(client_for, member, steward, community):
    notify([member], actor=steward, community=community, kind="reply", text="x", url="/")
    notify([member], actor=steward, community=community, kind="thanks", text="y", url="/")
    html = client_for(member).get("/").content.decode()
    assert f'action="{reverse("accounts:logout")}"' in html and 'method="post"' in html
    assert 'class="nav-badge"' in html and ">2</span>" in html
    assert reverse("accounts:profile_edit") in html
    assert reverse("communities:notifications") in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert 'href="#main"' in html and '<main id="main"' in html


def test_base_offers_login_and_signup_to_visitors(client, db):
    html = client.get("/").content.decode()
    assert reverse("accounts:login") in html and reverse("accounts:signup") in html
    assert reverse("accounts:logout") not in html


def test_htmx_and_styles_are_served_by_practica_itself(client, db):
    html = client.get("/").content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js"' in html
    assert 'href="/static/practica/practica.css"' in html
    # Nothing is loaded from elsewhere. ("cdn" alone could turn up in a random CSRF token.)
    assert "//cdn" not in html.lower() and "unpkg" not in html.lower()
    for path in ("/static/django_htmx/htmx-2.min.js", "/static/practica/practica.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(b"".join(response.streaming_content)) > 1000


def test_healthz_is_plain_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_unknown_page_gets_the_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="/static/practica/practica.css"' in html


def test_500_page_renders_without_database_or_context(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'href="/"' in html


def test_error_page_shows_status_and_message(rf, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = error_page(request, NotAllowed("Only stewards may do this."))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only stewards may do this." in html and ">403<" in html


def test_messages_are_shown_as_flashes_with_their_level(client_for, member):
    client = client_for(member)
    response = client.post(reverse("accounts:logout"), follow=True)
    html = response.content.decode()
    assert 'class="flash flash-info" role="status"' in html
    assert "You are logged out" in html
    # Shown once, then gone.
    assert "You are logged out" not in client.get("/").content.decode()
