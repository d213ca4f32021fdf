"""Sign up, log in and out, profile editing, profile pages and password reset, through HTTP."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from practica.accounts.models import Profile, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
PROFILE_EDIT = reverse("accounts:profile_edit")
NEW_PASSWORD = "another-long-passphrase-77"


def signup_data(**overrides):
    data = {
        "email": "amina@example.org",
        "display_name": "Amina Yusuf",
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


# --- sign up ----------------------------------------------------------------------------------


def test_signup_page_renders_the_form(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("email", "display_name", "password", "password_confirm"):
        assert f'name="{name}"' in html
    assert "csrfmiddlewaretoken" in html


def test_signup_creates_account_logs_in_and_goes_home(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="amina@example.org")
    assert user.profile.display_name == "Amina Yusuf"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert "Welcome back, Amina Yusuf" in client.get("/").content.decode()


def test_signup_honours_a_safe_next_and_ignores_an_unsafe_one(client):
    response = client.post(SIGNUP, signup_data(next="/communities/"))
    assert response["Location"] == "/communities/"
    client.post(LOGOUT)
    response = client.post(
        SIGNUP, signup_data(email="b@example.org", next="https://evil.example/steal")
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize("missing", ["email", "display_name", "password", "password_confirm"])
def test_signup_with_a_missing_field_says_so_and_creates_nothing(client, missing):
    response = client.post(SIGNUP, signup_data(**{missing: ""}))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not User.objects.exists() and not Profile.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"password_confirm": "something-else-entirely"}, "The two passwords are not the same."),
        ({"password": "12345678", "password_confirm": "12345678"}, "too common"),
        ({"password": "short", "password_confirm": "short"}, "too short"),
        ({"display_name": "x" * 81}, "at most 80 characters"),
        ({"display_name": "   "}, "This field is required."),
    ],
)
def test_signup_bad_input_gets_a_clear_message(client, overrides, message):
    response = client.post(SIGNUP, signup_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_signup_with_a_taken_email_says_so_and_changes_nothing(client, member):
    before = User.objects.count()
    response = client.post(SIGNUP, signup_data(email="MO@example.org"))
    assert response.status_code == 409
    assert "An account with this email already exists." in response.content.decode()
    assert User.objects.count() == before
    assert member.profile.display_name == Profile.objects.get(user=member).display_name
    assert "_auth_user_id" not in client.session


def test_signup_keeps_what_was_typed_but_never_the_password(client):
    response = client.post(SIGNUP, signup_data(password_confirm="nope-nope-nope-1"))
    html = response.content.decode()
    assert 'value="amina@example.org"' in html and 'value="Amina Yusuf"' in html
    assert NEW_PASSWORD not in html


# --- log in and out ---------------------------------------------------------------------------


def test_login_with_the_right_password(client, member):
    response = client.post(LOGIN, {"email": "mo@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == member.pk


def test_login_email_is_case_insensitive_and_next_is_honoured(client, member):
    response = client.post(
        LOGIN, {"email": "Mo@Example.org", "password": PASSWORD, "next": "/communities/"}
    )
    assert response["Location"] == "/communities/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_login_ignores_an_unsafe_next(client, member, target):
    response = client.post(LOGIN, {"email": "mo@example.org", "password": PASSWORD, "next": target})
    assert response["Location"] == "/"


def test_login_page_carries_next_through_the_form(client):
    html = client.get(LOGIN + "?next=/c/open-health/").content.decode()
    assert 'name="next" value="/c/open-health/"' in html


def test_login_with_a_wrong_password_is_refused_clearly(client, member):
    response = client.post(LOGIN, {"email": "mo@example.org", "password": "wrong-password"})
    assert response.status_code == 403
    assert "That email and password do not match an account." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_missing_fields_is_a_400(client, db):
    response = client.post(LOGIN, {"email": "", "password": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_login_is_rate_limited_with_a_429(client, member, settings):
    settings.LOGIN_RATE_LIMIT = 3
    for _ in range(3):
        response = client.post(LOGIN, {"email": "mo@example.org", "password": "wrong-password"})
        assert response.status_code == 403
    response = client.post(LOGIN, {"email": "mo@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client_for, member):
    client = client_for(member)
    assert client.get(LOGOUT).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_pages_for_people_send_visitors_to_login(client, db):
    response = client.get(PROFILE_EDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")


# --- profile editing --------------------------------------------------------------------------


def profile_data(**overrides):
    data = {
        "display_name": "Mo Member",
        "pronouns": "he/him",
        "bio": "Community nurse. *Loves* check-ins.",
        "sector": "health",
        "discipline": "Nursing",
        "organisation": "City Clinic",
        "location": "Leeds",
        "timezone": "Europe/London",
        "interests": "Open Science, evaluation, open science",
        "expertise": "wound care",
        "needs": "data analysis",
        "hours_per_month": "6",
    }
    for field in (
        "pronouns bio sector discipline organisation location timezone interests expertise "
        "needs hours_per_month"
    ).split():
        data[f"{field}_audience"] = "everyone"
    data.update(overrides)
    return data


def test_profile_edit_shows_every_field_and_its_audience(client_for, member):
    html = client_for(member).get(PROFILE_EDIT).content.decode()
    for field in ("display_name", "pronouns", "bio", "sector", "timezone", "hours_per_month"):
        assert f'name="{field}"' in html
    assert html.count("Who sees this") >= 11
    assert '<option value="Europe/Berlin">Berlin</option>' in html
    assert "Members of my communities" in html and "Only me" in html


def test_profile_edit_saves_everything(client_for, member):
    response = client_for(member).post(
        PROFILE_EDIT, profile_data(needs_audience="only_me", location_audience="communities")
    )
    assert response.status_code == 302 and response["Location"] == PROFILE_EDIT
    profile = Profile.objects.get(user=member)
    assert profile.sector == "health" and profile.timezone == "Europe/London"
    assert profile.hours_per_month == 6
    assert sorted(t.name for t in profile.interests.all()) == ["evaluation", "open-science"]
    assert [t.name for t in profile.needs.all()] == ["data-analysis"]
    assert profile.needs_audience == "only_me" and profile.location_audience == "communities"
    assert "<em>Loves</em>" in profile.bio_html


def test_profile_edit_form_shows_current_values(client_for, member):
    client = client_for(member)
    client.post(PROFILE_EDIT, profile_data())
    html = client.get(PROFILE_EDIT).content.decode()
    assert 'value="evaluation, open-science"' in html
    assert '<option value="Europe/London" selected>London</option>' in html
    assert '<option value="health" selected>' in html
    assert re.search(r'name="hours_per_month" value="6"', html)
    assert "Your profile is saved." in html


def test_profile_hours_can_be_cleared(client_for, member):
    client = client_for(member)
    client.post(PROFILE_EDIT, profile_data())
    client.post(PROFILE_EDIT, profile_data(hours_per_month=""))
    assert Profile.objects.get(user=member).hours_per_month is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice."),
        ({"sector": "astrology"}, "Select a valid choice."),
        ({"hours_per_month": "-1"}, "greater than or equal to 0"),
        ({"hours_per_month": "745"}, "less than or equal to 744"),
        ({"hours_per_month": "lots"}, "Enter a whole number."),
        ({"display_name": ""}, "This field is required."),
        ({"bio_audience": "the-world"}, "Select a valid choice."),
        ({"interests": ", ".join(f"t{n}" for n in range(21))}, "At most 20 tags."),
        ({"pronouns": "x" * 41}, "at most 40 characters"),
    ],
)
def test_profile_edit_bad_input_is_a_400_and_changes_nothing(
    client_for, member, overrides, message
):
    client = client_for(member)
    client.post(PROFILE_EDIT, profile_data())
    before = Profile.objects.get(user=member)
    response = client.post(PROFILE_EDIT, profile_data(location="Bradford", **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    after = Profile.objects.get(user=member)
    assert (after.location, after.timezone, after.sector, after.hours_per_month) == (
        before.location,
        before.timezone,
        before.sector,
        before.hours_per_month,
    )
    assert after.display_name == "Mo Member" and after.interests.count() == 2


# --- profile pages ----------------------------------------------------------------------------


@pytest.fixture
def private_person(client_for, member):
    """Mo shows the bio to everyone, the organisation to his communities, the needs to himself."""
    client_for(member).post(
        PROFILE_EDIT,
        profile_data(
            bio="Bio everyone reads",
            organisation="Shared-Only Clinic",
            organisation_audience="communities",
            needs="secret-need",
            needs_audience="only_me",
        ),
    )
    return member


def test_profile_page_shows_everyone_fields_to_visitors(client, private_person):
    response = client.get(reverse("accounts:profile", args=[private_person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mo Member" in html and "Bio everyone reads" in html and "open-science" in html
    assert "Shared-Only Clinic" not in html
    assert "secret-need" not in html


def test_profile_page_hides_community_fields_from_strangers(client_for, private_person, outsider):
    html = client_for(outsider).get(reverse("accounts:profile", args=[private_person.pk]))
    html = html.content.decode()
    assert "Bio everyone reads" in html
    assert "Shared-Only Clinic" not in html
    assert "secret-need" not in html


def test_profile_page_shows_community_fields_to_fellow_members(
    client_for, private_person, steward, community
):
    html = client_for(steward).get(reverse("accounts:profile", args=[private_person.pk]))
    html = html.content.decode()
    assert "Shared-Only Clinic" in html
    assert "secret-need" not in html
    assert community.name in html


def test_own_profile_page_shows_everything_and_says_what_others_miss(client_for, private_person):
    html = client_for(private_person).get(reverse("accounts:profile", args=[private_person.pk]))
    html = html.content.decode()
    assert "Shared-Only Clinic" in html and "secret-need" in html
    assert "Not everyone sees these parts" in html
    assert reverse("accounts:profile_edit") in html


def test_profile_page_lists_visible_topics_only(
    client_for, member, outsider, community, private_community
):
    from practica.discussions.services import topic_create

    topic_create(member, community, kind="idea", title="Open idea about rounds", body="Hi")
    topic_create(
        member, private_community, kind="question", title="Hidden zebra question", body="."
    )
    html = client_for(outsider).get(reverse("accounts:profile", args=[member.pk])).content.decode()
    assert "Open idea about rounds" in html
    assert "Hidden zebra question" not in html
    assert private_community.name not in html


def test_profile_page_of_nobody_is_a_404(client, db):
    response = client.get(reverse("accounts:profile", args=[999999]))
    assert response.status_code == 404
    assert "No such person." in response.content.decode()


# --- password reset ---------------------------------------------------------------------------


def test_password_reset_sends_a_link_that_sets_a_new_password(client, member):
    response = client.post(reverse("accounts:password_reset"), {"email": "mo@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mo@example.org"]
    assert "\n" not in message.subject and "Practica" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert 'name="new_password1"' in response.content.decode()
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")

    fresh = type(client)()
    ok = fresh.post(LOGIN, {"email": "mo@example.org", "password": NEW_PASSWORD})
    assert ok.status_code == 302
    old = type(client)().post(LOGIN, {"email": "mo@example.org", "password": PASSWORD})
    assert old.status_code == 403


def test_password_reset_for_an_unknown_email_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_used_or_forged_reset_link_says_it_no_longer_works(client, member):
    response = client.get("/accounts/reset/MQ/bad-token/")
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


def test_profile_pages_run_a_bounded_number_of_queries(
    client_for, member, steward, make_community, django_assert_max_num_queries
):
    from practica.communities.services import community_join
    from practica.discussions.services import topic_create

    for n in range(6):
        c = make_community(steward, name=f"Circle {n}")
        community_join(member, c, acknowledge_charter=True)
        topic_create(member, c, kind="discussion", title=f"Topic {n}", body="Hello")
    client_for(member).post(PROFILE_EDIT, profile_data())
    client = client_for(steward)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("accounts:profile", args=[member.pk])).status_code == 200
    own = client_for(member)
    with django_assert_max_num_queries(10):
        assert own.get(PROFILE_EDIT).status_code == 200


@pytest.mark.parametrize("url", ["/accounts/signup/", "/accounts/login/"])
def test_an_empty_form_post_shows_what_is_missing(db, client, url):
    response = client.post(url, {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
