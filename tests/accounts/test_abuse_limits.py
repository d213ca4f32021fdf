"""Limits that keep Practica from being used to flood inboxes or mass-create accounts, and
API tokens that stop working when they should."""

import re

import pytest
from django.core import mail

from practica.accounts.services import SIGNUPS_PER_ADDRESS_PER_HOUR
from tests.conftest import PASSWORD


def test_reset_mails_per_address_are_limited_without_revealing_anything(client, member):
    statuses = []
    for _attempt in range(8):
        response = client.post("/accounts/password-reset/", {"email": member.email})
        statuses.append(response.status_code)
    assert set(statuses) == {302}  # the page answers the same every time
    assert len(mail.outbox) == 5  # but only five mails went out


def test_a_password_reset_revokes_every_api_token(client, member, api_for):
    api = api_for(member)
    assert api.get("/me")[0] == 200
    client.post("/accounts/password-reset/", {"email": member.email})
    link = re.search(r"/accounts/reset/[^\s]+/", mail.outbox[0].body).group(0)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(
        form_url,
        {
            "new_password1": "another-long-passphrase-7",
            "new_password2": "another-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert api.get("/me")[0] == 401


def test_a_token_can_be_revoked_by_its_holder(member, api_for):
    api = api_for(member)
    other = api_for(member)
    assert api.delete("/auth/token")[0] == 204
    assert api.get("/me")[0] == 401
    assert other.get("/me")[0] == 200  # only the token that asked is revoked


def test_sign_ups_per_address_are_limited(db, client):
    for n in range(SIGNUPS_PER_ADDRESS_PER_HOUR):
        response = client.post(
            "/accounts/signup/",
            {
                "email": f"new{n}@example.org",
                "display_name": f"New {n}",
                "password": PASSWORD,
                "password_confirm": PASSWORD,
            },
        )
        assert response.status_code == 302, response.content[:300]
        client.post("/accounts/logout/")
    response = client.post(
        "/accounts/signup/",
        {
            "email": "one-more@example.org",
            "display_name": "One more",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )
    assert response.status_code == 429


@pytest.mark.parametrize("method,path", [("post", "/notifications/read"), ("patch", "/me/profile")])
@pytest.mark.parametrize("body", ['"hello world"', "[]", "42"])
def test_a_body_that_is_not_a_json_object_is_refused(member, api_for, method, path, body):
    from practica.communities.activity import notify

    notify([member], actor=None, community=None, kind="reply", text="x", url="/")
    api = api_for(member)
    response = getattr(api.client, method)(
        f"/api/v1{path}", data=body, content_type="application/json", headers=api._headers()
    )
    assert response.status_code in (400, 422)
    assert "JSON object" in response.json()["detail"]
    member.refresh_from_db()
    assert member.profile.display_name == "Mo Member"
    assert member.notifications.filter(read_at__isnull=True).count() == 1
