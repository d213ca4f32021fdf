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
    placeholder_claim,
    placeholder_claim_confirm,
    placeholder_claim_request,
    placeholder_claim_user,
    placeholder_email_for,
    user_authenticate,
    user_signup,
)
from practica.communities.models import Activity, AuditEntry, Community, Membership
from practica.communities.services import community_join
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.core.models import SearchDocument
from practica.discussions.models import Post, Thanks, Topic
from practica.knowledge.mbox_import import mbox_import
from practica.knowledge.search import search
from tests.archives import ARCHIVE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "claimed-long-passphrase-31"
CLAIM = reverse("accounts:claim")


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


def test_placeholder_cannot_log_in_and_gets_the_generic_answer(placeholder, client):
    # The same answer as for a wrong password: a failed sign-in must not tell who is in an
    # imported archive.
    with pytest.raises(NotAllowed) as exc:
        user_authenticate(email="ana@example.org", password="anything-at-all-123")
    with pytest.raises(NotAllowed) as unknown:
        user_authenticate(email="nobody@example.org", password="anything-at-all-123")
    assert exc.value.message == unknown.value.message
    assert "do not match an account" in exc.value.message
    response = client.post(
        reverse("accounts:login"), {"email": "ana@example.org", "password": "whatever-123"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "do not match an account" in html and "nobody has claimed" not in html
    assert "_auth_user_id" not in client.session


def test_login_page_links_to_the_claim_page_for_everyone(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Wrote to a mailing list" in html and f'href="{CLAIM}"' in html


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


# --- an address that already had an account: the placeholder is merged into it -------------------

MARKER = placeholder_email_for("ana@example.org")


@pytest.fixture
def registered(make_user):
    """An account made with Ana's address before the archive was imported."""
    return make_user("Ana Real", "ana@example.org")


@pytest.fixture
def stand_in(registered):
    mbox_import("practice", ARCHIVE)
    return User.objects.get(email=MARKER)


def test_marker_is_stable_and_reserved():
    assert placeholder_email_for(" Ana@Example.org") == MARKER
    assert MARKER.startswith("imported-") and MARKER.endswith("@placeholder.invalid")
    assert placeholder_email_for("bo@example.org") != MARKER


def test_signup_refuses_the_placeholder_domain(db):
    with pytest.raises(InvalidInput):
        user_signup(email=MARKER, password=PASSWORD, display_name="Sneaky")
    assert not User.objects.filter(email=MARKER).exists()


def test_claim_request_mails_the_address_and_names_the_account(stand_in, registered):
    placeholder_claim_request("Ana@Example.org")
    token = link_token()
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "already exists" in mail.outbox[0].body and "reset its password" in mail.outbox[0].body
    claim = placeholder_claim(token)
    assert claim.placeholder == stand_in and claim.into == registered
    assert claim.address == "ana@example.org"
    # Nothing is mailed to the marker itself, which can receive no mail.
    mail.outbox.clear()
    placeholder_claim_request(MARKER)
    assert mail.outbox == []


def test_claim_merges_the_placeholder_into_the_account(stand_in, registered, outsider):
    community = Community.objects.get(slug="practice")
    topic = Topic.objects.get()
    # Ana joined the imported community herself before claiming; Bo replied and thanked.
    community_join(registered, community)
    bo = User.objects.get(email="bo@example.org")
    Thanks.objects.create(post=Post.objects.get(), user=stand_in)
    Thanks.objects.create(post=Post.objects.get(), user=registered)
    community.refresh_from_db()
    assert community.member_count == 3  # the stand-in, Bo, Ana's account
    placeholder_claim_request("ana@example.org")
    token = link_token()

    user = placeholder_claim_confirm(token)  # nothing but the link

    assert user == registered
    registered.refresh_from_db()
    assert registered.check_password(PASSWORD) and not registered.is_placeholder
    assert registered.profile.display_name == "Ana Real"
    assert not User.objects.filter(pk=stand_in.pk).exists()
    assert not User.objects.filter(email=MARKER).exists()
    # Authorship moved: the topic, its activity, the thanks (one, not two).
    topic.refresh_from_db()
    assert topic.author == registered
    assert Post.objects.get().author == bo
    assert Activity.objects.filter(actor=registered, verb="discussion_started").exists()
    assert not Activity.objects.filter(actor_id=stand_in.pk).exists()
    assert Thanks.objects.filter(user=registered).count() == 1
    assert not Thanks.objects.filter(user_id=stand_in.pk).exists()
    # One membership, the account's own; the community counts one member fewer.
    assert Membership.objects.filter(user=registered, community=community).count() == 1
    assert not Membership.objects.filter(user_id=stand_in.pk).exists()
    community.refresh_from_db()
    assert community.member_count == 2
    assert (
        community.member_count
        == Membership.objects.filter(community=community, status="active").count()
    )
    assert AuditEntry.objects.filter(
        community=community, action="imported_messages_claimed", actor=registered
    ).exists()
    # Search: the topic is found under the account's name; the stand-in's profile is gone.
    assert SearchDocument.objects.filter(kind="topic", author_id=registered.pk).exists()
    assert not SearchDocument.objects.filter(author_id=stand_in.pk).exists()
    found = search(outsider, "notes", author="Ana Real")
    assert [(h.kind, h.object_id) for h in found.hits] == [("topic", topic.pk)]
    assert search(outsider, "notes", author="Ana Lima").hits == []
    # The link is spent.
    with pytest.raises(Conflict, match="already been claimed"):
        placeholder_claim_confirm(token)


def test_merge_keeps_the_count_when_only_the_placeholder_was_a_member(stand_in, registered):
    community = Community.objects.get(slug="practice")
    placeholder_claim_request("ana@example.org")
    placeholder_claim_confirm(link_token())
    community.refresh_from_db()
    assert community.member_count == 2
    m = Membership.objects.get(user=registered, community=community)
    assert m.status == "active"


def test_reimport_after_a_merge_imports_nothing_again(stand_in, registered):
    placeholder_claim_request("ana@example.org")
    placeholder_claim_confirm(link_token())
    report = mbox_import("practice", ARCHIVE)
    assert report.imported == 0 and report.already == 2
    assert report.placeholders_created == 0
    assert not User.objects.filter(email=MARKER).exists()
    assert Topic.objects.get().author == registered


def test_marker_placeholder_without_an_account_takes_the_address(stand_in, registered):
    placeholder_claim_request("ana@example.org")
    token = link_token()
    registered.delete()
    claim = placeholder_claim(token)
    assert claim.into is None
    user = placeholder_claim_confirm(token, password=NEW_PASSWORD, display_name="Ana")
    user.refresh_from_db()
    assert user.pk == stand_in.pk and user.email == "ana@example.org"
    assert not user.is_placeholder and user.check_password(NEW_PASSWORD)


def test_merge_page_explains_and_needs_only_the_link(stand_in, registered, client):
    placeholder_claim_request("ana@example.org")
    confirm = reverse("accounts:claim_confirm", args=[link_token()])
    page = client.get(confirm)
    html = page.content.decode()
    assert page.status_code == 200
    assert "These messages will be added to your account ana@example.org" in html
    assert 'name="password"' not in html and "logged in as" not in html
    done = client.post(confirm)
    assert done.status_code == 302 and done.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session  # the link signs nobody in
    assert Topic.objects.get().author == registered


def test_merge_page_signed_in_as_another_account(stand_in, registered, member, client_for):
    client = client_for(member)
    placeholder_claim_request("ana@example.org")
    confirm = reverse("accounts:claim_confirm", args=[link_token()])
    html = client.get(confirm).content.decode()
    assert "You are logged in as mo@example.org" in html
    assert "account of ana@example.org" in html
    assert client.post(confirm).status_code == 302
    assert Topic.objects.get().author == registered
    assert int(client.session["_auth_user_id"]) == member.pk
    assert not Topic.objects.filter(author=member).exists()


def test_merge_page_signed_in_as_the_account(stand_in, registered, client_for):
    client = client_for(registered)
    placeholder_claim_request("ana@example.org")
    confirm = reverse("accounts:claim_confirm", args=[link_token()])
    assert "logged in as" not in client.get(confirm).content.decode()
    done = client.post(confirm)
    assert done.status_code == 302
    assert done.url == reverse("accounts:profile", args=[registered.pk])
    again = client.post(confirm)
    assert again.status_code == 409 and "already been claimed" in again.content.decode()
