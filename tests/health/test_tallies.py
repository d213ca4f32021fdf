"""The health tallies (``health.tallies``): kept as acts are recorded, they hold exactly what a
rebuild from the stream finds; rebuilt when the time zone changes or history is rewritten."""

import re
from datetime import date

import pytest
from django.core import mail
from django.db import transaction

from practica.accounts.services import (
    placeholder_claim_confirm,
    placeholder_claim_request,
    profile_update,
)
from practica.communities.activity import activity_record
from practica.communities.models import Community
from practica.communities.services import community_join
from practica.discussions.models import Topic
from practica.health import tallies
from practica.health.models import ActivityHour, ContributionDay, SectorReplyDay, TallyState
from practica.knowledge.mbox_import import mbox_import
from tests.archives import ARCHIVE
from tests.health.synthetic import members_since, reply, topic, utc


def snapshot(community):
    return (
        sorted(
            ContributionDay.objects.filter(community=community).values_list(
                "person_id", "day", "month", "contributions"
            )
        ),
        sorted(
            ActivityHour.objects.filter(community=community).values_list(
                "day", "hour", "contributions"
            )
        ),
        sorted(
            SectorReplyDay.objects.filter(community=community).values_list(
                "day", "author_sector", "replier_sector", "replies"
            )
        ),
    )


def people(community, make_user):
    a = make_user("Ada", sector="health")
    b = make_user("Ben", sector="academia")
    c = make_user("Cy", sector="academia", sector_audience="only_me")
    for person in (a, b, c):
        community_join(person, community, acknowledge_charter=True)
    members_since(community, utc(2024, 1, 1))
    return a, b, c


def history(community, a, b, c):
    t = topic(community, a, utc(2025, 6, 1, 21, 30))  # June 2nd 07:30 in Sydney
    reply(t, b, utc(2025, 6, 1, 22))
    reply(t, c, utc(2025, 6, 2, 3))  # c does not show a sector
    reply(t, a, utc(2025, 6, 2, 4))  # a's own topic: a contribution, no pair of sectors
    u = topic(community, b, utc(2025, 7, 31, 13, 59))
    reply(u, a, utc(2025, 7, 31, 14, 1))  # August 1st in Sydney
    activity_record(a, community, "thanked", t, at=utc(2025, 6, 3))  # not a contribution
    activity_record(None, community, "replied", t, at=utc(2025, 6, 3))  # nobody: not counted


def test_tallies_kept_as_acts_are_recorded_equal_a_rebuild(community, make_user):
    community.timezone = "Australia/Sydney"
    community.save()
    a, b, c = people(community, make_user)
    tallies.tallies_ready(community)  # built (empty of these acts) before they happen
    history(community, a, b, c)
    kept = snapshot(community)
    tallies.tallies_rebuild(community)
    assert snapshot(community) == kept
    days, hours, sectors = kept
    assert [(p, str(d), n) for p, d, _, n in days if p == a.pk] == [
        (a.pk, "2025-06-02", 2),
        (a.pk, "2025-08-01", 1),
    ]
    assert sum(n for *_, n in hours) == 6
    assert [(str(d), a, r, n) for d, a, r, n in sectors] == [
        ("2025-06-02", "health", "", 1),
        ("2025-06-02", "health", "academia", 1),
        ("2025-08-01", "academia", "health", 1),
    ]


def test_tallies_are_built_when_first_read(community, make_user):
    a, b, c = people(community, make_user)
    history(community, a, b, c)
    assert not ContributionDay.objects.filter(community=community).exists()
    tallies.tallies_ready(community)
    assert TallyState.objects.get(community=community).timezone == "UTC"
    # June 1st and 2nd and July 31st in UTC
    assert ContributionDay.objects.filter(community=community, person=a).count() == 3


def test_a_new_time_zone_rebuilds_the_days(community, make_user):
    a, b, c = people(community, make_user)
    tallies.tallies_ready(community)
    history(community, a, b, c)
    assert ActivityHour.objects.filter(community=community, day="2025-06-01", hour=21).exists()
    community.timezone = "Australia/Sydney"
    community.save()
    tallies.tallies_ready(community)
    assert TallyState.objects.get(community=community).timezone == "Australia/Sydney"
    assert ActivityHour.objects.filter(community=community, day="2025-06-02", hour=7).exists()
    assert not ActivityHour.objects.filter(community=community, day="2025-06-01").exists()


def test_a_reply_keeps_the_sectors_shown_when_it_was_written(community, make_user):
    a, b, c = people(community, make_user)
    tallies.tallies_ready(community)
    t = topic(community, a, utc(2025, 6, 1))
    reply(t, b, utc(2025, 6, 2))
    profile_update(b, b.profile, sector_audience="only_me")
    reply(t, b, utc(2025, 6, 3))
    pairs = SectorReplyDay.objects.filter(community=community)
    assert sorted(pairs.values_list("replier_sector", "replies")) == [("", 1), ("academia", 1)]


def test_rewritten_history_has_the_tallies_rebuilt(
    community, make_user, django_capture_on_commit_callbacks
):
    a, b, c = people(community, make_user)
    t = topic(community, a, utc(2025, 6, 1))
    answer = reply(t, b, utc(2025, 6, 2))
    tallies.tallies_ready(community)
    # As an import leaves them: rows written past the signals.
    Topic.objects.filter(pk=t.pk).update(first_response_at=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            activity_record(a, community, "archive_imported", community)
            TallyState.objects.create(community=community, timezone="UTC")  # read meanwhile
    assert len(callbacks) >= 2
    assert not TallyState.objects.filter(community=community).exists()
    assert Topic.objects.get(pk=t.pk).first_response_at == answer.created_at


def test_a_claim_in_a_concluded_community_has_tallies_and_responses_redone(
    make_user, django_capture_on_commit_callbacks
):
    """The account of the placeholder's address had replied to the placeholder's topic on
    the same day it was opened; the community concluded; then the claim merged them. Her
    day now holds two contributions, and her reply to what is now her own topic is no
    response any more: Bo's is the first."""
    ana = make_user("Ana Real", "ana@example.org")
    mbox_import("practice", ARCHIVE)
    community = Community.objects.get(slug="practice")
    community_join(ana, community, acknowledge_charter=True)
    t = Topic.objects.get(community=community)
    reply(t, ana, utc(2006, 1, 2, 11))
    tallies.tallies_ready(community)
    assert Topic.objects.get(pk=t.pk).first_response_at == utc(2006, 1, 2, 11)
    Community.objects.filter(pk=community.pk).update(concluded_at=utc(2007, 1, 1))
    placeholder_claim_request("ana@example.org")
    token = re.search(r"/accounts/claim/([^/\s]+)/", mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        placeholder_claim_confirm(token)
    community.refresh_from_db()
    tallies.tallies_ready(community)
    days = ContributionDay.objects.filter(community=community, person=ana)
    assert list(days.values_list("day", "contributions")) == [(date(2006, 1, 2), 2)]
    assert Topic.objects.get(pk=t.pk).first_response_at == utc(2006, 1, 3, 10)
    assert (
        not SectorReplyDay.objects.filter(community=community)
        .exclude(replier_sector="", author_sector="")
        .exists()
    )


def test_acts_recorded_while_the_tallies_are_rebuilt_are_counted_once(
    community, make_user, monkeypatch
):
    a, b, c = people(community, make_user)
    topic(community, a, utc(2025, 6, 1))
    selects = tallies._tally_selects

    def meanwhile(*args, **kwargs):
        topic(community, b, utc(2025, 6, 1, 12))  # recorded while the rebuild reads
        monkeypatch.setattr(tallies, "_tally_selects", selects)
        return selects(*args, **kwargs)

    monkeypatch.setattr(tallies, "_tally_selects", meanwhile)
    tallies.tallies_rebuild(community)
    kept = snapshot(community)
    assert [(p, n) for p, _, _, n in kept[0]] == [(a.pk, 1), (b.pk, 1)]
    tallies.tallies_rebuild(community)
    assert snapshot(community) == kept


def test_a_deleted_account_leaves_the_counts(community, make_user):
    a, b, c = people(community, make_user)
    tallies.tallies_ready(community)
    history(community, a, b, c)
    b.delete()
    assert not ContributionDay.objects.filter(person_id=b.pk).exists()
    tallies.tallies_ready(community)  # rebuilt: their hours and replies across sectors too
    kept = snapshot(community)
    assert sum(n for *_, n in kept[1]) == 4  # a's three, c's one
    assert [(a_, r) for _, a_, r, _ in kept[2]] == [("health", "")]
    tallies.tallies_rebuild(community)
    assert snapshot(community) == kept


@pytest.mark.parametrize("database_zones", [True, False])
def test_local_days_and_hours_across_daylight_saving_time(
    community, make_user, monkeypatch, database_zones
):
    """Built from the stream (by PostgreSQL's own zones, or shifting by the UTC offset of
    the time, as on SQLite), and kept act by act: the same local hours either way, summer
    time included (Amsterdam: UTC+1, UTC+2 from March 29th 2026 at 01:00 UTC)."""
    if not database_zones:
        monkeypatch.setattr(tallies, "_zone_known_to_postgresql", lambda name: False)
    community.timezone = "Europe/Amsterdam"
    community.save()
    a, b, c = people(community, make_user)
    tallies.tallies_ready(community)
    topic(community, a, utc(2026, 1, 15, 9))  # winter: 10:00
    topic(community, a, utc(2026, 3, 29, 0, 59, 59))  # 01:59:59, the last second of winter
    topic(community, a, utc(2026, 3, 29, 1))  # 03:00 summer time
    topic(community, a, utc(2026, 7, 15, 9))  # summer: 11:00
    topic(community, a, utc(2026, 7, 15, 22))  # 00:00 on July 16th
    kept = snapshot(community)
    tallies.tallies_rebuild(community)
    assert snapshot(community) == kept
    hours = [(str(d), h) for d, h, _ in kept[1]]
    assert hours == [
        ("2026-01-15", 10),
        ("2026-03-29", 1),
        ("2026-03-29", 3),
        ("2026-07-15", 11),
        ("2026-07-16", 0),
    ]
    assert [(str(d), n) for _, d, _, n in kept[0]] == [
        ("2026-01-15", 1),
        ("2026-03-29", 2),
        ("2026-07-15", 1),
        ("2026-07-16", 1),
    ]


def test_one_process_builds_the_tallies_and_another_waits(community, make_user, monkeypatch):
    from django.core.cache import cache

    a, b, c = people(community, make_user)
    history(community, a, b, c)
    key = f"health:tallies-building:{community.pk}"
    monkeypatch.setattr(tallies, "BUILD_WAIT_SECONDS", 0.5)
    # Another process holds the lock and never finishes: after waiting, build them here.
    cache.add(key, 1, 60)
    tallies.tallies_ready(community)
    assert TallyState.objects.filter(community=community).exists()
    assert cache.get(key) is None
    # Another process held it and finished: nothing to do here.
    TallyState.objects.filter(community=community).update(timezone="UTC")
    community.timezone = "Europe/Berlin"
    community.save()
    cache.add(key, 1, 60)

    def finish_meanwhile(seconds):
        cache.delete(key)
        TallyState.objects.filter(community=community).update(timezone="Europe/Berlin")

    def must_not_build(*args):
        raise AssertionError("built twice")

    monkeypatch.setattr(tallies, "sleep", finish_meanwhile)
    monkeypatch.setattr(tallies, "_rebuild_read_first", must_not_build)
    monkeypatch.setattr(tallies, "_rebuild_in_place", must_not_build)
    tallies.tallies_ready(community)
