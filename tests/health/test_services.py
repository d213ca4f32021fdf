"""Health through the whole path: synthetic activity in the database, indicators out of
``community_health``, each checked against a number worked out by hand below."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.timezone import now

from practica.communities.models import AuditEntry, Membership, Notification
from practica.communities.services import community_join, community_leave
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.discussions.services import post_create, topic_create
from practica.health import services
from practica.health.models import StageAssessment
from practica.health.tasks import health_alerts_task
from tests.health import synthetic
from tests.health.synthetic import members_since, reply, topic, utc

AS_OF = date(2025, 6, 30)  # the window of 30 days is [2025-06-01, 2025-07-01) UTC


@pytest.fixture
def world(community, steward, member, make_user):
    """Eight members since 2024. Window [06-01, 07-01), previous [05-02, 06-01).

    q contributed once, in January (inactive). a wrote in March and April, opened T1 in May
    (b replied: b's first contribution), and in June T2 (question: c replies after 6 h, a's own
    reply does not count) and T3 (b replies after 72 h, c later). n (newcomer) asks T4, never
    answered. c opens T5 36 h before the end, a replies after 1 h. p never contributes.
    """
    a = make_user("Ada", sector="health", organisation="Acme")
    b = make_user("Ben", sector="health", organisation="ACME ")
    c = make_user("Cleo", sector="academia", organisation="Gamma")
    n = make_user("Nia")
    q = make_user("Quinn")
    p = make_user("Pia")
    for person in (a, b, c, n, q, p):
        community_join(person, community, acknowledge_charter=True)
    members_since(community, utc(2024, 1, 1))
    topic(community, q, utc(2025, 1, 10), kind="discussion")
    topic(community, a, utc(2025, 3, 5), kind="discussion")
    topic(community, a, utc(2025, 4, 5), kind="discussion")
    t1 = topic(community, a, utc(2025, 5, 10, 10), kind="discussion")
    reply(t1, b, utc(2025, 5, 10, 12))
    t2 = topic(community, a, utc(2025, 6, 2), kind="question")
    reply(t2, a, utc(2025, 6, 2, 1))
    reply(t2, c, utc(2025, 6, 2, 6))
    t3 = topic(community, a, utc(2025, 6, 10), kind="discussion")
    reply(t3, b, utc(2025, 6, 13))
    reply(t3, c, utc(2025, 6, 20))
    t4 = topic(community, n, utc(2025, 6, 15), kind="question")
    t5 = topic(community, c, utc(2025, 6, 29, 12), kind="idea")
    reply(t5, a, utc(2025, 6, 29, 13))
    # After the window: must not count as of 2025-06-30.
    reply(t4, a, utc(2025, 7, 3))
    return {"a": a, "b": b, "c": c, "n": n, "q": q, "p": p, "t4": t4}


def test_each_indicator_of_the_window(world, member):
    h = services.community_health(member, world["t4"].community, window_days=30, as_of=AS_OF)
    assert h["window_days"] == 30
    assert h["as_of"] == "2025-06-30"
    assert h["window_start"] == "2025-06-01T00:00:00+00:00"
    assert h["member_count"] == 8
    assert h["contributions"] == 9  # a 4, c 3, b 1, n 1
    assert h["active_members"] == 4
    assert h["active_ratio"] == 0.5
    assert h["new_contributors"] == 2  # c and n
    assert h["newcomer_retention"] == 1.0  # b, new in May, came back
    assert h["inactive_contributors"] == 1  # q, silent since January
    assert h["median_first_response_hours"] == 6.0  # of 6, 72 and 1
    assert h["answered_within_48h_share"] == pytest.approx(1 / 3)  # T2 of T2, T3, T4
    assert h["newcomers_median_first_response_hours"] == 1.0  # c's T5
    assert h["unanswered_rate"] == pytest.approx(1 / 3)  # T4 of T2, T3, T4
    assert h["unanswered_question_rate"] == 0.5  # T4 of T2, T4
    assert h["absence_factor"] == 2  # a (4) and c (3) make half of 9
    assert h["elephant_factor"] == 1  # "Acme" and "ACME " made 5 of 9
    # Gini over [0, 0, 0, 0, 1, 1, 3, 4]: 2·64/(8·9) − 9/8
    assert h["gini"] == pytest.approx(128 / 72 - 9 / 8)
    # Replies by others: c→a, b→a, c→a, a→c: three of four cross sectors.
    assert h["cross_sector_reply_share"] == 0.75
    # Six months observed (since January): core needs 3 months and the top half, active 2.
    assert h["levels"] == {"core": 1, "active": 2, "occasional": 2, "peripheral": 3}
    flow = h["level_flow"]
    assert flow["inward"] == 2  # c peripheral → active, n peripheral → occasional
    assert flow["outward"] == 0
    assert flow["core_stability"] == 1.0
    assert flow["matrix"]["peripheral"]["active"] == 1


def test_previous_window_and_history_as_of_an_earlier_day(world, member):
    community = world["t4"].community
    h = services.community_health(member, community, window_days=30, as_of=AS_OF)
    earlier = services.community_health(member, community, window_days=30, as_of="2025-05-31")
    assert h["previous"]["as_of"] == "2025-05-31"
    assert h["previous"]["active_members"] == earlier["active_members"] == 2
    assert h["previous"]["new_contributors"] == earlier["new_contributors"] == 1
    assert earlier["levels"] == {"core": 1, "active": 1, "occasional": 1, "peripheral": 5}
    # As of July 3rd, n's question got its first reply (a's, 19 days later).
    later = services.community_health(member, community, window_days=30, as_of="2025-07-03")
    assert later["median_first_response_hours"] is not None
    assert later["active_members"] != h["active_members"] or later["contributions"] != 9


def test_stage_momentum_suggestions_and_series(world, member):
    h = services.community_health(member, world["t4"].community, window_days=30, as_of=AS_OF)
    assert h["stage"]["estimate"] in {"potential", "coalescing"}
    assert h["stage"]["reasons"] and all(r["text"] for r in h["stage"]["reasons"])
    assert h["stage"]["recorded"] is None
    assert h["momentum"]["direction"] in {"rising", "steady", "falling"}
    assert h["momentum"]["active_members"]["values"][-2:] == [2.0, 4.0]
    assert h["alerts"] == []
    assert h["suggestions"] and all(s["feature"] for s in h["suggestions"])
    series = h["series"]
    assert len(series["weekly_activity"]) == 26
    assert (
        sum(w["contributions"] for w in series["weekly_activity"]) == 14
    )  # every contribution since the week of Jan 6th
    assert len(series["hour_of_day"]) == 24 and sum(series["hour_of_day"]) == 9
    assert series["hour_of_day"][6] == 1  # c's reply at 06:00
    assert [w["as_of"] for w in series["windows"]][-2:] == ["2025-05-31", "2025-06-30"]
    assert series["windows"][-1]["levels"] == h["levels"]
    assert series["windows"][-1]["median_first_response_hours"] == 6.0


def test_hour_of_day_follows_the_community_time_zone(world, member):
    community = world["t4"].community
    community.timezone = "Europe/Berlin"  # UTC+2 in June
    community.save()
    h = services.community_health(member, community, window_days=30, as_of=AS_OF)
    assert h["series"]["hour_of_day"][8] == 1  # c's reply at 06:00 UTC


def test_bad_window_and_days_are_refused(community, member):
    with pytest.raises(InvalidInput, match="30 or 90"):
        services.community_health(member, community, window_days=45)
    with pytest.raises(InvalidInput, match="future"):
        services.community_health(member, community, as_of=date.today() + timedelta(days=2))
    with pytest.raises(InvalidInput, match="2000"):
        services.community_health(member, community, as_of="1999-12-31")
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        services.community_health(member, community, as_of="31/12/2024")


def test_a_private_community_is_not_found_for_outsiders(private_community, member, outsider):
    assert services.community_health(member, private_community)["window_days"] == 90
    for viewer in (outsider, AnonymousUser()):
        with pytest.raises(NotFound):
            services.community_health(viewer, private_community)


def test_a_public_community_shows_its_health_to_everyone(community):
    assert services.community_health(AnonymousUser(), community)["active_members"] >= 0


# --- caching -----------------------------------------------------------------------------------


def test_a_finished_window_is_served_from_the_cache(world, member, django_assert_num_queries):
    community = world["t4"].community
    first = services.community_health(member, community, window_days=30, as_of=AS_OF)
    with django_assert_num_queries(0):
        again = services.community_health(AnonymousUser(), community, window_days=30, as_of=AS_OF)
    assert again == first
    # Its windows' indicators are cached too: a window later, only the new window is read
    # from the tallies with the people of the one before it (the tallies' state, the start,
    # five stretches of days and one before them, organisations, members of each, topics,
    # pairs of sectors) and the facts beside it (articles, answers, stage, the series).
    with django_assert_num_queries(1 + 1 + 5 + 1 + 1 + 2 + 1 + 1 + 4):
        services.community_health(member, community, window_days=30, as_of="2025-07-30")


def test_an_imported_past_act_retires_cached_windows(world, member):
    community = world["t4"].community
    before = services.community_health(member, community, window_days=30, as_of=AS_OF)
    reply(world["t4"], world["q"], utc(2025, 6, 16))  # dated in the past, as an import does
    after = services.community_health(member, community, window_days=30, as_of=AS_OF)
    assert after["contributions"] == before["contributions"] + 1
    assert after["unanswered_rate"] == 0.0


def test_todays_result_is_retired_by_any_write(community, steward, member):
    first = services.community_health(member, community, window_days=30)
    t = topic_create(member, community, kind="question", title="Fresh", body="?")
    second = services.community_health(member, community, window_days=30)
    assert second["contributions"] == first["contributions"] + 1
    assert services.community_health(member, community, window_days=30) == second
    post_create(steward, t.pk, body="An answer.")
    third = services.community_health(member, community, window_days=30)
    assert third["contributions"] == second["contributions"] + 1
    assert third["median_first_response_hours"] is not None


# --- members at a past day ---------------------------------------------------------------------


def test_someone_who_left_counts_until_they_left(community, member, make_user):
    leaver = make_user("Lee")
    community_join(leaver, community, acknowledge_charter=True)
    members_since(community, utc(2024, 1, 1))
    community_leave(leaver, community)
    Membership.objects.filter(user=leaver).update(updated_at=utc(2025, 3, 1))
    h_before = services.community_health(member, community, window_days=30, as_of="2025-02-01")
    h_after = services.community_health(member, community, window_days=30, as_of="2025-04-01")
    assert h_before["member_count"] == h_after["member_count"] + 1


# --- stage recorded by stewards ----------------------------------------------------------------


def test_a_steward_records_the_stage_and_the_health_shows_it(community, steward, member):
    services.community_health(member, community)  # cached today …
    recorded = services.stage_record(steward, community, stage="coalescing", note=" We gather. ")
    assert recorded.note == "We gather."
    h = services.community_health(member, community)  # … and retired by the record
    assert h["stage"]["recorded"]["stage"] == "coalescing"
    assert h["stage"]["recorded"]["note"] == "We gather."
    assert h["stage"]["recorded"]["recorded_by"]["display_name"] == "Stella Steward"
    assert AuditEntry.objects.filter(community=community, action="stage_recorded").exists()
    services.stage_record(steward, community, stage="maturing")
    assert StageAssessment.objects.filter(community=community).count() == 2  # history kept
    assert services.community_health(member, community)["stage"]["recorded"]["stage"] == "maturing"
    # As of yesterday, nothing had been recorded yet.
    yesterday = services.queries.local_today(community) - timedelta(days=1)
    assert (
        services.community_health(member, community, as_of=yesterday)["stage"]["recorded"] is None
    )


def test_only_stewards_record_a_valid_stage(
    community, private_community, steward, member, outsider
):
    with pytest.raises(NotAllowed):
        services.stage_record(member, community, stage="maturing")
    with pytest.raises(NotFound):
        services.stage_record(outsider, private_community, stage="maturing")
    with pytest.raises(InvalidInput):
        services.stage_record(steward, community, stage="thriving")
    with pytest.raises(InvalidInput):
        services.stage_record(steward, community, stage="maturing", note="x" * 1001)
    assert not StageAssessment.objects.exists()


def test_no_stage_is_recorded_in_a_concluded_community(community, steward):
    community.concluded_at = now()
    community.save()
    with pytest.raises(Conflict):
        services.stage_record(steward, community, stage="transformation")


# --- decline alert -----------------------------------------------------------------------------


@pytest.fixture
def declining(community, make_user):
    return synthetic.declining(community, make_user)


def test_the_decline_alert_tells_the_stewards_once_per_window(declining, steward, member):
    h = services.community_health(member, declining, window_days=30)
    assert [a["code"] for a in h["alerts"]] == ["decline"]
    assert h["alerts"][0]["params"]["fewer_newcomers"] is True
    assert h["momentum"]["active_members"]["values"][-3:] == [10.0, 5.0, 2.0]
    assert h["momentum"]["active_members"]["change"] == pytest.approx(-0.6)
    told = Notification.objects.filter(community=declining, kind="health_decline_30")
    assert list(told.values_list("recipient_id", flat=True)) == [steward.pk]
    assert "/health/" in told.get().url
    # Computed again after a write, or by the daily task: no second notification.
    topic_create(member, declining, kind="idea", title="Still here", body="!")
    services.community_health(member, declining, window_days=30)
    health_alerts_task.call(declining.pk)
    assert told.count() == 1


def test_no_alert_no_notification(community, steward):
    assert health_alerts_task.call(community.pk) == 0
    assert not Notification.objects.filter(kind__startswith="health_").exists()
