"""Logging, editing and deleting time: the rules, the refusals, and the activity stream."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from practica.communities.models import Activity, AuditEntry
from practica.communities.services import community_join
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.stewardship.models import TimeEntry
from practica.stewardship.services.time_entries import (
    time_entry_create,
    time_entry_delete,
    time_entry_update,
)


def today():
    return timezone.now().date()


def log(person, community, **kw):
    values = {"day": today(), "hours": "2", "kind": "planning"}
    values.update(kw)
    return time_entry_create(person, community, **values)


def test_a_member_logs_time_and_the_stream_records_it(community, member):
    entry = log(member, community, hours="1.5", note="  Planned   the call ", link="/t/1/")
    assert entry.hours == Decimal("1.50")
    assert entry.note == "Planned the call"
    act = Activity.objects.get(verb="time_logged")
    assert act.actor == member and act.target_id == entry.pk and act.community == community


@pytest.mark.parametrize(
    "hours", ["0", "-1", "0.1", "24.01", "25", "1e10", "NaN", "inf", "abc", "", None, "1.005"]
)
def test_bad_hours_are_refused_and_nothing_is_stored(community, member, hours):
    with pytest.raises(InvalidInput) as err:
        log(member, community, hours=hours)
    assert err.value.field == "hours"
    assert not TimeEntry.objects.exists()
    assert not Activity.objects.filter(verb="time_logged").exists()


def test_a_day_holds_at_most_24_hours_across_entries_and_communities(
    community, member, make_community, steward
):
    other = make_community(steward, name="Second Circle")
    community_join(member, other, acknowledge_charter=True)
    log(member, community, hours="20")
    with pytest.raises(InvalidInput, match="at most 4 more"):
        log(member, other, hours="4.25")
    log(member, other, hours="4")
    assert TimeEntry.objects.filter(person=member).count() == 2


def test_future_days_and_days_before_the_community_are_refused(community, member):
    with pytest.raises(InvalidInput, match="future"):
        log(member, community, day=today() + timedelta(days=2))
    with pytest.raises(InvalidInput, match="created"):
        log(member, community, day=community.created_at.date() - timedelta(days=5))
    with pytest.raises(InvalidInput):
        log(member, community, day="not-a-date")


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "//evil.example/", "ftp://x.org/", "data:text/html,x", "/a b"]
)
def test_bad_links_are_refused(community, member, link):
    with pytest.raises(InvalidInput) as err:
        log(member, community, link=link)
    assert err.value.field == "link"


def test_a_good_web_address_is_kept(community, member):
    assert log(member, community, link="https://example.org/x").link == "https://example.org/x"


def test_an_unknown_kind_is_refused(community, member):
    with pytest.raises(InvalidInput) as err:
        log(member, community, kind="sleeping")
    assert err.value.field == "kind"


def test_outsiders_cannot_log(community, private_community, outsider):
    with pytest.raises(NotAllowed):
        log(outsider, community)
    with pytest.raises(NotFound):
        log(outsider, private_community)


def test_a_concluded_community_takes_no_time(community, member):
    community.concluded_at = timezone.now()
    community.save()
    with pytest.raises(Conflict):
        log(member, community)


def test_only_the_author_edits_and_the_day_limit_counts_the_new_value(community, member, steward):
    entry = log(member, community, hours="10")
    log(member, community, hours="10")
    updated = time_entry_update(member, entry.pk, hours="14", note="More")
    assert updated.hours == Decimal("14.00") and updated.note == "More"
    with pytest.raises(InvalidInput):
        time_entry_update(member, entry.pk, hours="14.5")
    with pytest.raises(NotAllowed):
        time_entry_update(steward, entry.pk, hours="1")
    entry.refresh_from_db()
    assert entry.hours == Decimal("14.00")
    assert Activity.objects.filter(verb="time_entry_edited").count() == 1


def test_other_members_cannot_touch_an_entry(community, member, make_user):
    other = make_user("Other Member")
    community_join(other, community, acknowledge_charter=True)
    entry = log(member, community)
    with pytest.raises(NotAllowed):
        time_entry_update(other, entry.pk, hours="1")
    with pytest.raises(NotAllowed):
        time_entry_delete(other, entry.pk)
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def test_outsiders_do_not_learn_a_private_entry_exists(private_community, member, outsider):
    entry = log(member, private_community)
    for call in (
        lambda: time_entry_update(outsider, entry.pk, hours="1"),
        lambda: time_entry_delete(outsider, entry.pk),
    ):
        with pytest.raises(NotFound):
            call()
    for junk in ("x", None, -1, 2**70):
        with pytest.raises(NotFound):
            time_entry_delete(member, junk)


def test_the_author_deletes_and_a_steward_removes_with_audit(community, member, steward):
    own = log(member, community, hours="1")
    time_entry_delete(member, own.pk)
    assert not TimeEntry.objects.filter(pk=own.pk).exists()
    assert Activity.objects.filter(verb="time_entry_deleted", actor=member).exists()
    other = log(member, community, hours="3")
    time_entry_delete(steward, other.pk, reason="Logged twice")
    audit = AuditEntry.objects.get(action="time_entry_removed")
    assert audit.actor == steward and "Logged twice" in audit.summary and "3" in audit.summary
