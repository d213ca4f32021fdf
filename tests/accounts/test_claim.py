"""Claiming the placeholder account an import made for one's address: services and pages,
and placeholders kept out of every way of signing in until then."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.urls import reverse

from practica.accounts.models import User
from practica.accounts.services import (
    CLAIM_SALT,
    api_token_create,
    placeholder_claim_confirm,
    placeholder_claim_request,
    placeholder_claim_user,
    user_authenticate,
    user_signup,
)
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.discussions.models import Post, Topic
from practica.knowledge.mbox_import import mbox_import
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "claimed-long-passphrase-31"
CLAIM = reverse("accounts:claim")

ARCHIVE = (
    b"From ana at example.org  Mon Jan  2 10:00:00 2006\n"
    b"From: ana at example.org (Ana Lima)\n"
    b"Date: Mon, 2 Jan 2006 10:00:00 +0000\n"
    b"Subject: [Practice] Field notes\n"
    b"Message-ID: <one@example.org>\n\nHere are my notes.\n\n"
    b"From bo at example.org  Tue Jan  3 10:00:00 2006\n"
    b"From: bo at example.org (Bo)\n"
    b"Date: Tue, 3 Jan 2006 10:00:00 +0000\n"
    b"Subject: [Practice] Field notes\n"
    b"In-Reply-To: <one@example.org>\n"
    b"Message-ID: <two@example.org>\n\nThanks Ana.\n"
)


@pytest.fixture
def placeholder():
    mbox_import("practice", ARCHIVE)
    return User.objects.get(email="ana@example.org")


def link_token() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"/accounts/claim/([^/\s]+)/", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


# --- placeholders cannot sign in ------------------------------------------------------------------


def test_placeholder_is_made_by_the_import(placeholder):
    assert placeholder.is_placeholder and not placeholder.has_usable_password()
    assert placeholder.profile.display_name == "Ana Lima"


def test_placeholder_cannot_log_in_and_is_told_how_to_claim(placeholder, client):
    with pytest.raises(NotAllowed, match="Claim them"):
        user_authenticate(email="ana@example.org", password="anything-at-all-123")
    response = client.post(
        reverse("accounts:login"), {"email": "ana@example.org", "password": "whatever-123"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "nobody has claimed them yet" in html and CLAIM in html
    assert "_auth_user_id" not in client.session


def test_placeholder_gets_no_password_reset_mail(placeholder, client):
    client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    assert mail.outbox == []


def test_signup_with_a_placeholder_address_points_to_the_claim_page(placeholder, client):
    with pytest.raises(Conflict, match="Claim them") as exc:
        user_signup(email="Ana@Example.org", password=PASSWORD, display_name="Ana")
    assert CLAIM in exc.value.message and "already exists" not in exc.value.message
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "ana@example.org",
            "display_name": "Ana",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 409 and CLAIM in response.content.decode()
    assert User.objects.filter(email="ana@example.org").count() == 1


def test_signup_with_a_real_account_still_says_it_exists(member):
    with pytest.raises(Conflict, match="already exists"):
        user_signup(email=member.email, password=PASSWORD, display_name="Again")


# --- services -------------------------------------------------------------------------------------


def test_claim_request_mails_a_signed_link_to_the_placeholder_only(placeholder):
    placeholder_claim_request("ANA@example.org")
    token = link_token()
    assert mail.outbox[0].to == ["ana@example.org"]
    assert placeholder_claim_user(token) == placeholder


def test_claim_request_answers_the_same_for_every_address(placeholder, member):
    for email in ("nobody@example.org", member.email):
        assert placeholder_claim_request(email) is None
    assert mail.outbox == []
    with pytest.raises(InvalidInput):
        placeholder_claim_request("not an address")


def test_claim_requests_are_limited_per_address(placeholder):
    for _i in range(8):
        placeholder_claim_request("ana@example.org")
    assert len(mail.outbox) == 5


def test_a_failing_mail_server_changes_the_answer_in_no_way(placeholder):
    with mock.patch("practica.accounts.services.send_mail", side_effect=OSError("down")):
        assert placeholder_claim_request("ana@example.org") is None


def test_claim_confirm_makes_the_account_theirs(placeholder):
    placeholder_claim_request("ana@example.org")
    user = placeholder_claim_confirm(link_token(), password=NEW_PASSWORD, display_name="Ana L.")
    user.refresh_from_db()
    assert not user.is_placeholder and user.check_password(NEW_PASSWORD)
    assert user.profile.display_name == "Ana L."
    # Every imported message of the address is theirs, and they can sign in now.
    assert Topic.objects.get().author == user
    assert user_authenticate(email="ana@example.org", password=NEW_PASSWORD) == user
    assert api_token_create(user)


def test_claim_link_works_once(placeholder):
    placeholder_claim_request("ana@example.org")
    token = link_token()
    placeholder_claim_confirm(token, password=NEW_PASSWORD)
    with pytest.raises(Conflict, match="already been claimed"):
        placeholder_claim_confirm(token, password=NEW_PASSWORD)


def test_claim_link_expires_after_three_days(placeholder):
    placeholder_claim_request("ana@example.org")
    token = link_token()
    later = signing.time.time() + timedelta(days=3, minutes=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        with pytest.raises(Conflict, match="expired"):
            placeholder_claim_confirm(token, password=NEW_PASSWORD)
    assert User.objects.get(pk=placeholder.pk).is_placeholder


@pytest.mark.parametrize(
    "token",
    [
        "",
        "nonsense",
        "x" * 1000,
        None,
        signing.dumps({"u": 1, "e": "ana@example.org"}, salt="another-purpose"),
        signing.dumps(["not", "a", "dict"], salt=CLAIM_SALT),
        signing.dumps({"u": "1", "e": "ana@example.org"}, salt=CLAIM_SALT),
    ],
)
def test_invalid_links_are_refused(placeholder, token):
    with pytest.raises(NotFound):
        placeholder_claim_confirm(token, password=NEW_PASSWORD)


def test_link_for_another_email_is_refused(placeholder):
    token = signing.dumps({"u": placeholder.pk, "e": "other@example.org"}, salt=CLAIM_SALT)
    with pytest.raises(NotFound):
        placeholder_claim_user(token)


def test_a_real_account_cannot_be_claimed(member):
    token = signing.dumps({"u": member.pk, "e": member.email}, salt=CLAIM_SALT)
    with pytest.raises(Conflict):
        placeholder_claim_confirm(token, password=NEW_PASSWORD)
    assert User.objects.get(pk=member.pk).check_password(PASSWORD)


def test_weak_password_is_refused_and_nothing_changes(placeholder):
    placeholder_claim_request("ana@example.org")
    with pytest.raises(InvalidInput):
        placeholder_claim_confirm(link_token(), password="123")
    assert User.objects.get(pk=placeholder.pk).is_placeholder


# --- pages ----------------------------------------------------------------------------------------


def test_claim_pages_end_to_end(placeholder, client):
    page = client.get(CLAIM)
    assert page.status_code == 200 and 'name="email"' in page.content.decode()
    sent = client.post(CLAIM, {"email": "ana@example.org"})
    assert sent.status_code == 200 and "Check your email" in sent.content.decode()
    token = link_token()
    confirm = reverse("accounts:claim_confirm", args=[token])
    form = client.get(confirm)
    assert form.status_code == 200
    html = form.content.decode()
    assert "ana@example.org" in html and 'value="Ana Lima"' in html
    mismatch = client.post(
        confirm,
        {"display_name": "Ana", "password": NEW_PASSWORD, "password_confirm": "different-1"},
    )
    assert mismatch.status_code == 400
    done = client.post(
        confirm,
        {"display_name": "Ana", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert int(client.session["_auth_user_id"]) == placeholder.pk
    assert Post.objects.get().topic.author_id == placeholder.pk
    # The link is spent.
    again = client.get(confirm)
    assert again.status_code == 409 and "already been claimed" in again.content.decode()


def test_claim_page_answers_the_same_for_unknown_addresses(client, db):
    known = client.post(CLAIM, {"email": "nobody@example.org"})
    assert known.status_code == 200 and "Check your email" in known.content.decode()
    bad = client.post(CLAIM, {"email": "not an address"})
    assert bad.status_code == 400


def test_bad_link_page_is_a_clear_404(client, db):
    response = client.get(reverse("accounts:claim_confirm", args=["garbage"]))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    response = client.post(
        reverse("accounts:claim_confirm", args=["garbage"]),
        {"display_name": "x", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert response.status_code == 404
