"""The time page, editing and deleting entries, the stewards' list, and the API."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practica.communities.models import AuditEntry
from practica.stewardship.models import TimeEntry
from practica.stewardship.services.time_entries import time_entry_create


def today():
    return timezone.now().date()


def log(person, community, hours="2", **kw):
    return time_entry_create(person, community, day=today(), hours=hours, kind="planning", **kw)


def test_a_member_logs_time_from_the_page(client_for, community, member):
    client = client_for(member)
    page = client.get(f"/c/{community.slug}/time/")
    assert page.status_code == 200
    assert "Log your time" in page.content.decode() and "Sustaining" in page.content.decode()
    response = client.post(
        f"/c/{community.slug}/time/",
        {"day": today().isoformat(), "hours": "1.75", "kind": "mentoring", "note": "Paired"},
    )
    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert entry.hours == Decimal("1.75") and entry.person == member
    body = client.get(response["Location"]).content.decode()
    assert "Paired" in body and "1.75" in body


@pytest.mark.parametrize(
    "data,field_text",
    [
        ({"hours": "-1"}, "0.25"),
        ({"hours": "30"}, "24"),
        ({"day": "2999-01-01"}, "future"),
        ({"kind": "napping"}, "napping"),
        ({"link": "javascript:alert(1)"}, "http"),
    ],
)
def test_bad_input_shows_the_form_again_and_stores_nothing(
    client_for, community, member, data, field_text
):
    payload = {"day": today().isoformat(), "hours": "1", "kind": "planning", **data}
    response = client_for(member).post(f"/c/{community.slug}/time/", payload)
    assert response.status_code == 400
    assert field_text in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_more_than_24_hours_a_day_is_refused_on_the_page(client_for, community, member):
    log(member, community, hours="23")
    payload = {"day": today().isoformat(), "hours": "2", "kind": "planning"}
    response = client_for(member).post(f"/c/{community.slug}/time/", payload)
    assert response.status_code == 400 and "a day has 24" in response.content.decode()
    assert TimeEntry.objects.count() == 1


def test_visitors_are_invited_and_private_outsiders_get_404(
    client_for, community, private_community, outsider
):
    page = client_for(outsider).get(f"/c/{community.slug}/time/")
    assert page.status_code == 200 and "Join the community" in page.content.decode()
    assert client_for(outsider).get(f"/c/{private_community.slug}/time/").status_code == 404
    assert client_for(None).get(f"/c/{private_community.slug}/time/").status_code == 404
    post = client_for(outsider).post(f"/c/{community.slug}/time/", {"hours": "1"})
    assert post.status_code == 403 and not TimeEntry.objects.exists()


def test_the_page_names_nobody_and_shows_burnout_only_to_that_person(
    client_for, community, member, steward
):
    member.profile.hours_per_month = 1
    member.profile.hours_per_month_audience = "only_me"
    member.profile.save()
    log(member, community, hours="5", note="private-note-text")
    log(steward, community, hours="1")
    mine = client_for(member).get(f"/c/{community.slug}/time/").content.decode()
    assert "Only you see this." in mine
    theirs = client_for(steward).get(f"/c/{community.slug}/time/").content.decode()
    assert "Only you see this." not in theirs
    assert "Mo Member" not in theirs.split("</header>", 1)[-1]
    assert "private-note-text" not in theirs


def test_the_page_runs_a_bounded_number_of_queries(client_for, community, member, steward):
    client = client_for(member)
    log(member, community)
    client.get(f"/c/{community.slug}/time/")  # warm the header cache
    with CaptureQueriesContext(connection) as few:
        client.get(f"/c/{community.slug}/time/")
    for _i in range(30):
        TimeEntry.objects.create(
            community=community, person=steward, day=today(), hours="0.5", kind="other"
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/c/{community.slug}/time/?year={today().year}").status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries) + 1
    assert len(few.captured_queries) <= 25


def test_editing_and_deleting_ones_own_entry(client_for, community, member, steward):
    entry = log(member, community)
    client = client_for(member)
    assert client.get(f"/time-entries/{entry.pk}/edit/").status_code == 200
    data = {"day": today().isoformat(), "hours": "3", "kind": "outreach", "note": "", "link": ""}
    assert client.post(f"/time-entries/{entry.pk}/edit/", data).status_code == 302
    entry.refresh_from_db()
    assert entry.hours == Decimal("3.00") and entry.kind == "outreach"
    # A steward cannot change it: sent back with a message, refused on POST.
    steward_client = client_for(steward)
    assert steward_client.get(f"/time-entries/{entry.pk}/edit/").status_code == 302
    assert steward_client.post(f"/time-entries/{entry.pk}/edit/", data).status_code == 403
    assert client.get(f"/time-entries/{entry.pk}/delete/").status_code == 200
    assert client.post(f"/time-entries/{entry.pk}/delete/").status_code == 302
    assert not TimeEntry.objects.exists()


def test_stewards_list_every_entry_and_remove_one_with_audit(
    client_for, community, member, steward
):
    entry = log(member, community, hours="4")
    assert client_for(member).get(f"/c/{community.slug}/time/entries/").status_code == 302
    listing = client_for(steward).get(f"/c/{community.slug}/time/entries/")
    assert listing.status_code == 200 and "Mo Member" in listing.content.decode()
    response = client_for(steward).post(
        f"/time-entries/{entry.pk}/delete/", {"reason": "Counted twice"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="time_entry_removed").exists()


def test_another_member_cannot_delete(client_for, community, member, make_user):
    from practica.communities.services import community_join

    other = make_user("Other")
    community_join(other, community, acknowledge_charter=True)
    entry = log(member, community)
    assert client_for(other).post(f"/time-entries/{entry.pk}/delete/").status_code == 404
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


# --- API -------------------------------------------------------------------------------------


def test_api_log_read_change_delete(api_for, community, member):
    api = api_for(member)
    status, body = api.post(
        f"/communities/{community.slug}/contributions",
        {"day": today().isoformat(), "hours": "1.5", "kind": "documenting", "link": "/t/1/"},
    )
    assert status == 201 and body["hours"] == "1.50" and body["person"]["id"] == member.pk
    entry_id = body["id"]
    status, summary = api.get(f"/communities/{community.slug}/contributions")
    assert status == 200 and summary["total_hours"] == "1.50"
    assert summary["concentration"]["contributors"] == 1
    assert {row["kind"] for row in summary["credited"]} >= {"answers", "articles_written"}
    status, mine = api.get(f"/communities/{community.slug}/contributions/mine")
    assert status == 200 and mine["entries"]["total"] == 1
    status, body = api.patch(f"/time-entries/{entry_id}", {"hours": "2"})
    assert status == 200 and body["hours"] == "2.00"
    assert api.delete(f"/time-entries/{entry_id}")[0] == 204
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"hours": "-2"},
        {"hours": "1e10"},
        {"hours": "NaN"},
        {"day": "2999-01-01"},
        {"link": "javascript:alert(1)"},
    ],
)
def test_api_bad_input_is_a_clear_400(api_for, community, member, data):
    payload = {"day": today().isoformat(), "hours": "1", "kind": "planning", **data}
    status, body = api_for(member).post(f"/communities/{community.slug}/contributions", payload)
    assert status in (400, 422) and body["detail"]
    assert not TimeEntry.objects.exists()


def test_api_permissions(api_for, community, private_community, member, outsider, steward):
    entry = log(member, community)
    assert api_for(outsider).get(f"/communities/{community.slug}/contributions")[0] == 403
    assert api_for(outsider).get(f"/communities/{private_community.slug}/contributions")[0] == 404
    assert api_for(None).get(f"/communities/{community.slug}/contributions")[0] == 401
    assert api_for(steward).patch(f"/time-entries/{entry.pk}", {"hours": "1"})[0] == 403
    assert api_for(outsider).delete(f"/time-entries/{entry.pk}")[0] == 404
    assert TimeEntry.objects.filter(pk=entry.pk, hours=Decimal("2")).exists()
