"""Accounts services: sign-up, sign-in with rate limiting, API tokens and profile changes."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.forms.models import model_to_dict
from django.utils import timezone

from practica.accounts.models import PROFILE_FIELDS, ApiToken, Audience, Profile, User
from practica.accounts.services import (
    DISPLAY_NAME_MAX,
    MAX_HOURS_PER_MONTH,
    api_token_create,
    api_token_user,
    profile_update,
    user_authenticate,
    user_signup,
)
from practica.core.errors import Conflict, InvalidInput, NotAllowed, RateLimited
from practica.core.models import Tag
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _empty_rate_limit_counters(_fast_hashing):
    """Start from no sign-in attempts: clear the test cache once it has been put in place."""
    cache.clear()
    yield
    cache.clear()


# --- sign-up ----------------------------------------------------------------------------------


def test_signup_creates_user_with_profile_and_normalised_email(db):
    user = user_signup(
        email="  Ana.Lima@Example.ORG ", password=PASSWORD, display_name=" Ana  Lima "
    )
    assert user.email == "ana.lima@example.org"
    assert user.check_password(PASSWORD)
    assert user.profile.display_name == "Ana Lima"
    assert str(user) == "Ana Lima"


@pytest.mark.parametrize("email", ["ana@example.org", "ANA@EXAMPLE.ORG", " Ana@Example.org "])
def test_signup_rejects_duplicate_email_whatever_the_case(db, email):
    user_signup(email="ana@example.org", password=PASSWORD, display_name="Ana")
    with pytest.raises(Conflict) as exc:
        user_signup(email=email, password=PASSWORD, display_name="Another Ana")
    assert exc.value.field == "email"
    assert User.objects.count() == 1


@pytest.mark.parametrize("email", ["", "   ", "not-an-email", "a@", "@example.org", None, 42])
def test_signup_rejects_bad_email(db, email):
    with pytest.raises(InvalidInput) as exc:
        user_signup(email=email, password=PASSWORD, display_name="Ana")
    assert exc.value.field == "email"
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["", "short", "password", "12345678901234", None])
def test_signup_rejects_weak_or_missing_password(db, password):
    with pytest.raises(InvalidInput) as exc:
        user_signup(email="ana@example.org", password=password, display_name="Ana")
    assert exc.value.field == "password"
    assert exc.value.message
    assert not User.objects.exists()


def test_signup_rejects_password_like_the_email(db):
    with pytest.raises(InvalidInput) as exc:
        user_signup(email="anamaria@example.org", password="anamaria", display_name="Ana")
    assert exc.value.field == "password"


def test_signup_rejects_absurdly_long_password(db):
    with pytest.raises(InvalidInput):
        user_signup(email="ana@example.org", password="x" * 2000, display_name="Ana")


@pytest.mark.parametrize("name", ["", "   ", None, "x" * (DISPLAY_NAME_MAX + 1)])
def test_signup_rejects_missing_or_long_display_name(db, name):
    with pytest.raises(InvalidInput) as exc:
        user_signup(email="ana@example.org", password=PASSWORD, display_name=name)
    assert exc.value.field == "display_name"
    assert not User.objects.exists()


def test_signup_accepts_display_name_at_the_limit(db):
    user = user_signup(email="ana@example.org", password=PASSWORD, display_name="x" * 80)
    assert len(user.profile.display_name) == DISPLAY_NAME_MAX


# --- sign-in ----------------------------------------------------------------------------------


def test_authenticate_returns_the_user_for_the_right_password(make_user):
    user = make_user(email="ana@example.org")
    assert user_authenticate(email="ANA@example.org ", password=PASSWORD) == user


def test_authenticate_rejects_wrong_password_and_unknown_email(make_user):
    make_user(email="ana@example.org")
    with pytest.raises(NotAllowed):
        user_authenticate(email="ana@example.org", password="wrong-password-123")
    with pytest.raises(NotAllowed):
        user_authenticate(email="nobody@example.org", password=PASSWORD)


@pytest.mark.parametrize(
    "email,password", [("", PASSWORD), ("ana@example.org", ""), (None, PASSWORD), ("a@b.c", 1)]
)
def test_authenticate_needs_both_fields(db, email, password):
    with pytest.raises(InvalidInput):
        user_authenticate(email=email, password=password)


def test_authenticate_refuses_deactivated_account(make_user):
    user = make_user(email="ana@example.org")
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(NotAllowed):
        user_authenticate(email="ana@example.org", password=PASSWORD)


def test_authenticate_is_rate_limited_per_email(make_user, settings):
    settings.LOGIN_RATE_LIMIT = 3
    make_user(email="ana@example.org")
    for _ in range(3):
        with pytest.raises(NotAllowed):
            user_authenticate(email="ana@example.org", password="wrong-guess-1", address="1.2.3.4")
    # Even the right password is refused once the limit is reached, so guessing stops here.
    with pytest.raises(RateLimited) as exc:
        user_authenticate(email="ana@example.org", password=PASSWORD, address="5.6.7.8")
    assert exc.value.status == 429
    # The limit counts the email as it is signed in with: case and spaces do not dodge it.
    for variant in ("ANA@example.org", " ana@example.org", "ana@example.org  "):
        with pytest.raises(RateLimited):
            user_authenticate(email=variant, password=PASSWORD, address="9.9.9.9")


def test_rate_limit_on_one_email_leaves_other_accounts_alone(make_user, settings):
    settings.LOGIN_RATE_LIMIT = 2
    make_user(email="ana@example.org")
    bob = make_user(email="bob@example.org")
    for _ in range(3):
        with pytest.raises((NotAllowed, RateLimited)):
            user_authenticate(email="ana@example.org", password="wrong-guess-1", address="a")
    assert user_authenticate(email="bob@example.org", password=PASSWORD, address="b") == bob


def test_authenticate_is_rate_limited_per_address(make_user, settings):
    settings.LOGIN_RATE_LIMIT = 2
    make_user(email="ana@example.org")
    # One address may try three times the per-account limit, spread over many accounts.
    for n in range(6):
        with pytest.raises(NotAllowed):
            user_authenticate(email=f"guess{n}@example.org", password="x-guess", address="1.1.1.1")
    with pytest.raises(RateLimited):
        user_authenticate(email="ana@example.org", password=PASSWORD, address="1.1.1.1")


# --- API tokens -------------------------------------------------------------------------------


def test_api_token_is_stored_only_as_a_hash(make_user):
    user = make_user()
    key = api_token_create(user)
    token = ApiToken.objects.get(user=user)
    assert key not in token.key_hash and len(token.key_hash) == 64
    assert api_token_user(key) == user
    # Two tokens for one person are different.
    assert api_token_create(user) != key


def test_api_token_records_last_use(make_user):
    user = make_user()
    key = api_token_create(user)
    assert ApiToken.objects.get(user=user).last_used_at is None
    api_token_user(key)
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_api_token_expires(make_user, settings):
    user = make_user()
    key = api_token_create(user)
    token = ApiToken.objects.get(user=user)
    expected = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    assert abs((token.expires_at - expected).total_seconds()) < 60
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_token_user(key) is None


def test_api_token_of_deactivated_user_is_refused(make_user):
    user = make_user()
    key = api_token_create(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert api_token_user(key) is None


@pytest.mark.parametrize("key", ["", None, "unknown-token", "x" * 500])
def test_api_token_user_unknown_keys(db, key):
    assert api_token_user(key) is None


# --- profile ----------------------------------------------------------------------------------


def _row(profile: Profile) -> dict:
    """Everything stored about a profile, tags included, to compare before and after."""
    fresh = Profile.objects.get(pk=profile.pk)
    data = model_to_dict(fresh, exclude=["interests", "expertise", "needs"])
    data["bio_html"] = fresh.bio_html
    for field in ("interests", "expertise", "needs"):
        data[field] = sorted(getattr(fresh, field).values_list("name", flat=True))
    data["updated_at"] = fresh.updated_at
    return data


def test_profile_update_sets_every_field(make_user):
    user = make_user()
    profile_update(
        user,
        user.profile,
        display_name="Ana  Lima",
        pronouns="she/her",
        bio="I *evaluate* programmes.",
        sector="health",
        discipline="Epidemiology",
        organisation="City Health",
        location="Porto",
        timezone="Europe/Lisbon",
        interests="Open Science, evaluation",
        expertise=["Statistics"],
        needs=["Facilitation"],
        hours_per_month=6,
    )
    p = Profile.objects.get(user=user)
    assert p.display_name == "Ana Lima"
    assert (p.pronouns, p.sector, p.discipline) == ("she/her", "health", "Epidemiology")
    assert (p.organisation, p.location, p.timezone) == ("City Health", "Porto", "Europe/Lisbon")
    assert p.bio == "I *evaluate* programmes." and "<em>evaluate</em>" in p.bio_html
    assert sorted(p.interests.values_list("name", flat=True)) == ["evaluation", "open-science"]
    assert list(p.expertise.values_list("name", flat=True)) == ["statistics"]
    assert list(p.needs.values_list("name", flat=True)) == ["facilitation"]
    assert p.hours_per_month == 6


def test_profile_bio_html_is_sanitised(make_user):
    user = make_user()
    profile_update(user, user.profile, bio="<script>alert(1)</script> [x](javascript:alert(1))")
    html = Profile.objects.get(user=user).bio_html
    assert "<script" not in html and 'href="javascript' not in html


@pytest.mark.parametrize("field", PROFILE_FIELDS)
@pytest.mark.parametrize("audience", Audience.values)
def test_profile_update_sets_each_audience(make_user, field, audience):
    user = make_user()
    profile_update(user, user.profile, **{f"{field}_audience": audience})
    assert Profile.objects.get(user=user).audience(field) == audience


def test_profile_tags_are_normalised_and_shared(make_user):
    ana, bob = make_user(), make_user()
    profile_update(ana, ana.profile, interests="Open Science, #open science, Evaluation ")
    profile_update(bob, bob.profile, expertise=["open-science"], needs="EVALUATION")
    assert sorted(ana.profile.interests.values_list("name", flat=True)) == [
        "evaluation",
        "open-science",
    ]
    # One vocabulary: the same Tag row serves both people and all three fields.
    assert Tag.objects.filter(name="open-science").count() == 1
    tag = Tag.objects.get(name="open-science")
    assert set(tag.interested_profiles.all()) == {ana.profile}
    assert set(tag.expert_profiles.all()) == {bob.profile}


def test_profile_tags_can_be_cleared(make_user):
    user = make_user(interests="a, b")
    profile_update(user, user.profile, interests="")
    assert not user.profile.interests.exists()


def test_profile_hours_can_be_cleared(make_user):
    user = make_user(hours_per_month=10)
    profile_update(user, user.profile, hours_per_month="")
    assert Profile.objects.get(user=user).hours_per_month is None
    profile_update(user, user.profile, hours_per_month="12")
    assert Profile.objects.get(user=user).hours_per_month == 12


def test_profile_none_values_leave_fields_alone(make_user):
    user = make_user(pronouns="they/them")
    profile_update(user, user.profile, pronouns=None, display_name=None)
    p = Profile.objects.get(user=user)
    assert p.pronouns == "they/them" and p.display_name == user.profile.display_name


@pytest.mark.parametrize(
    "changes",
    [
        {"sector": "astrology"},
        {"sector": 3},
        {"timezone": "Mars/Olympus"},
        {"timezone": ""},
        {"timezone": 5},
        {"timezone": "Europe"},  # a folder of the zone database, not a zone
        {"timezone": "Europe/" + "x" * 5000},
        {"hours_per_month": -1},
        {"hours_per_month": MAX_HOURS_PER_MONTH + 1},
        {"hours_per_month": "lots"},
        {"hours_per_month": True},
        {"hours_per_month": 2.5},
        {"hours_per_month": float("inf")},
        {"hours_per_month": float("nan")},
        {"hours_per_month": [3]},
        {"favourite_colour": "blue"},
        {"email": "new@example.org"},
        {"bio_audience": "friends"},
        {"needs_audience": None, "interests_audience": "nobody"},
        {"display_name": ""},
        {"display_name": "x" * (DISPLAY_NAME_MAX + 1)},
        {"pronouns": "x" * 41},
        {"bio": "x" * 2001},
        {"discipline": ["not", "text"]},
        {"organisation": 12},
        {"interests": ["x" * 51]},
        {"expertise": [1, 2]},
        {"interests": 5},
        {"needs": True},
        {"needs": ",".join(f"tag{n}" for n in range(21))},
        # A valid change next to a bad one: the valid one must not be saved either.
        {"pronouns": "she/her", "interests": "new-tag", "sector": "astrology"},
        {"display_name": "New Name", "hours_per_month": 9999},
    ],
)
def test_profile_update_rejects_bad_input_and_changes_nothing(make_user, changes):
    user = make_user(
        pronouns="they/them", sector="academia", interests="ecology", hours_per_month=4
    )
    before = _row(user.profile)
    with pytest.raises(InvalidInput) as exc:
        profile_update(user, user.profile, **changes)
    assert exc.value.message
    assert _row(user.profile) == before
    assert not Tag.objects.filter(name="new-tag").exists()


def test_profile_update_by_someone_else_is_not_allowed(make_user):
    owner, other = make_user(pronouns="they/them"), make_user()
    before = _row(owner.profile)
    with pytest.raises(NotAllowed):
        profile_update(other, owner.profile, pronouns="he/him")
    assert _row(owner.profile) == before


def test_successful_sign_in_clears_the_accounts_failure_count(db, make_user, settings):
    from practica.accounts.services import user_authenticate
    from practica.core.errors import NotAllowed
    from tests.conftest import PASSWORD

    user = make_user()
    settings.LOGIN_RATE_LIMIT = 3
    for _attempt in range(2):
        with pytest.raises(NotAllowed):
            user_authenticate(email=user.email, password="wrong", address=f"10.0.0.{_attempt}")
    user_authenticate(email=user.email, password=PASSWORD, address="10.0.1.1")
    # The counter started again, so three more tries are allowed before the limit.
    for _attempt in range(2):
        with pytest.raises(NotAllowed):
            user_authenticate(email=user.email, password="wrong", address="10.0.2.1")
    assert user_authenticate(email=user.email, password=PASSWORD, address="10.0.2.2") == user


def test_accounts_made_outside_sign_up_get_a_profile_too(db):
    """createsuperuser and other Django paths go through the manager: pages need a profile."""
    admin = User.objects.create_superuser("Root.Admin@Example.org", "a-long-passphrase-1")
    assert admin.profile.display_name == "root.admin"
    assert str(admin) == "root.admin"
