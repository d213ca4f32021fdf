"""The "name me on health pages" setting (``Profile.named_in_health``): on by default, saved
through the profile form and the API, refused when it is not a yes or a no."""

import pytest
from django.db import connection

from practica.accounts.models import Profile
from practica.accounts.services import profile_update
from practica.core.errors import InvalidInput
from tests.accounts.test_views import PROFILE_EDIT, profile_data

pytestmark = pytest.mark.django_db


def test_everyone_is_named_by_default(member):
    assert Profile.objects.get(user=member).named_in_health is True


def test_a_row_inserted_without_the_column_is_named(member):
    """Bulk loaders that list the columns they know keep working: the database has a default."""
    profile = Profile.objects.get(user=member)
    table = Profile._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [profile.pk])
        cursor.execute(
            f"INSERT INTO {table} (id, user_id, display_name, pronouns, bio, bio_html, sector, "
            "discipline, organisation, location, timezone, pronouns_audience, bio_audience, "
            "sector_audience, discipline_audience, organisation_audience, location_audience, "
            "timezone_audience, interests_audience, expertise_audience, needs_audience, "
            "hours_per_month_audience, updated_at) VALUES (%s, %s, 'Mo', '', '', '', '', '', '', "
            "'', 'UTC', 'everyone', 'everyone', 'everyone', 'everyone', 'everyone', 'everyone', "
            "'everyone', 'everyone', 'everyone', 'everyone', 'everyone', CURRENT_TIMESTAMP)",
            [profile.pk, member.pk],
        )
    assert Profile.objects.get(user=member).named_in_health is True


def test_the_profile_form_shows_the_checkbox_ticked(client_for, member):
    html = client_for(member).get(PROFILE_EDIT).content.decode()
    assert 'type="checkbox" name="named_in_health"' in html
    assert "checked" in html.split('name="named_in_health"')[1].split(">")[0]
    assert "Let my communities&#x27; health pages name me" in html


def test_unticking_the_box_saves_the_opt_out_and_ticking_it_undoes_it(client_for, member):
    client = client_for(member)
    response = client.post(PROFILE_EDIT, profile_data())  # an unticked box is not sent
    assert response.status_code == 302
    assert Profile.objects.get(user=member).named_in_health is False
    html = client.get(PROFILE_EDIT).content.decode()
    assert "checked" not in html.split('name="named_in_health"')[1].split(">")[0]

    client.post(PROFILE_EDIT, profile_data(named_in_health="on"))
    assert Profile.objects.get(user=member).named_in_health is True


def test_the_api_shows_and_changes_the_setting(api_for, member):
    api = api_for(member)
    status, me = api.get("/me")
    assert status == 200 and me["profile"]["named_in_health"] is True

    status, profile = api.patch("/me/profile", {"named_in_health": False})
    assert status == 200 and profile["named_in_health"] is False
    assert Profile.objects.get(user=member).named_in_health is False

    # Other changes leave it as it is.
    status, profile = api.patch("/me/profile", {"pronouns": "he/him"})
    assert status == 200 and profile["named_in_health"] is False

    status, profile = api.patch("/me/profile", {"named_in_health": True})
    assert status == 200 and profile["named_in_health"] is True


@pytest.mark.parametrize("value", ["maybe", [True], {"yes": 1}, 2])
def test_the_api_refuses_what_is_not_a_yes_or_a_no(api_for, member, value):
    status, body = api_for(member).patch("/me/profile", {"named_in_health": value})
    assert status == 422, body
    assert Profile.objects.get(user=member).named_in_health is True


def test_the_service_refuses_what_is_not_a_boolean(member):
    with pytest.raises(InvalidInput) as caught:
        profile_update(member, member.profile, named_in_health="no")
    assert caught.value.field == "named_in_health"
    profile_update(member, member.profile, named_in_health=False)
    assert Profile.objects.get(user=member).named_in_health is False
