"""The health API: the keys the issue promises, history by as_of, CSV, and the stage record."""

import csv
import io
from datetime import timedelta

import pytest

from practica.accounts.services import api_token_create
from practica.health.queries import local_today
from tests.health.synthetic import members_since, reply, topic, utc

REQUIRED_KEYS = {
    "window_days",
    "as_of",
    "active_members",
    "active_ratio",
    "new_contributors",
    "newcomer_retention",
    "inactive_contributors",
    "median_first_response_hours",
    "answered_within_48h_share",
    "unanswered_rate",
    "absence_factor",
    "elephant_factor",
    "gini",
    "levels",
    "level_flow",
    "cross_sector_reply_share",
    "stage",
    "momentum",
    "alerts",
    "previous",
}


@pytest.fixture
def history(community, steward, member):
    members_since(community, utc(2024, 1, 1))
    t = topic(community, member, utc(2025, 6, 2), kind="question")
    reply(t, steward, utc(2025, 6, 2, 5))
    return community


def test_health_has_every_promised_key(api_for, member, history):
    status, body = api_for(member).get(f"/communities/{history.slug}/health?window=30")
    assert status == 200, body
    assert REQUIRED_KEYS <= set(body)
    assert REQUIRED_KEYS - {"stage", "momentum", "alerts", "previous"} <= set(body["previous"])
    assert {"estimate", "reasons", "recorded"} <= set(body["stage"])
    assert set(body["levels"]) == {"core", "active", "occasional", "peripheral"}
    assert body["as_of"] == local_today(history).isoformat()
    assert {"weekly_activity", "hour_of_day", "windows"} <= set(body["series"])


def test_health_as_of_a_past_day(api_for, member, history):
    status, body = api_for(member).get(
        f"/communities/{history.slug}/health?window=30&as_of=2025-06-30"
    )
    assert status == 200, body
    assert body["as_of"] == "2025-06-30"
    assert body["active_members"] == 2
    assert body["median_first_response_hours"] == 5.0
    assert body["previous"]["active_members"] == 0
    status, body = api_for(member).get(
        f"/communities/{history.slug}/health?window=90&as_of=2025-06-01"
    )
    assert status == 200 and body["active_members"] == 0 and body["window_days"] == 90


def test_anyone_reads_a_public_communitys_health(api_for, history):
    status, body = api_for().get(f"/communities/{history.slug}/health")
    assert status == 200 and body["window_days"] == 90


@pytest.mark.parametrize(
    "query, status, words",
    [
        ("window=45", 400, "30 or 90"),
        ("window=0", 400, "30 or 90"),
        ("window=abc", 422, "window"),
        ("as_of=2999-01-01", 400, "future"),
        ("as_of=1999-12-31", 400, "2000"),
        ("as_of=2025-02-30", 400, "YYYY-MM-DD"),
        ("as_of=yesterday", 400, "YYYY-MM-DD"),
    ],
)
def test_bad_windows_and_days_are_refused_clearly(api_for, member, community, query, status, words):
    got, body = api_for(member).get(f"/communities/{community.slug}/health?{query}")
    assert got == status
    assert words in body["detail"]
    got, body = api_for(member).get(f"/communities/{community.slug}/health.csv?{query}")
    assert got == status


def test_tomorrow_is_refused_today_is_not(api_for, member, community):
    today = local_today(community)
    ok, _ = api_for(member).get(f"/communities/{community.slug}/health?as_of={today}")
    assert ok == 200
    tomorrow = today + timedelta(days=1)
    refused, _ = api_for(member).get(f"/communities/{community.slug}/health?as_of={tomorrow}")
    assert refused == 400


def test_a_private_communitys_health_is_not_found_for_outsiders(
    api_for, private_community, member, outsider
):
    path = f"/communities/{private_community.slug}/health"
    assert api_for(member).get(path)[0] == 200
    for client in (api_for(outsider), api_for()):
        for suffix in ("", ".csv"):
            status, body = client.get(path + suffix)
            assert status == 404
            assert "Secret" not in str(body)


def _token_client(client, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user)}"}


def test_csv_holds_every_indicator_per_window(client, member, history):
    response = client.get(
        f"/api/v1/communities/{history.slug}/health.csv?window=30&as_of=2025-06-30",
        **_token_client(client, member),
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12
    assert rows[-1]["as_of"] == "2025-06-30"
    assert rows[-2]["as_of"] == "2025-05-31"
    assert rows[-1]["active_members"] == "2"
    assert rows[-1]["median_first_response_hours"] == "5"
    assert rows[-2]["median_first_response_hours"] == ""  # no data, not 0
    assert {"gini", "core", "peripheral", "core_stability", "absence_factor"} <= set(rows[0])


def test_a_steward_records_the_stage(api_for, steward, member, community):
    status, body = api_for(steward).post(
        f"/communities/{community.slug}/stage", {"stage": "coalescing", "note": "Gathering."}
    )
    assert status == 201, body
    assert body["stage"] == "coalescing" and body["community"] == community.slug
    status, health = api_for(member).get(f"/communities/{community.slug}/health")
    assert health["stage"]["recorded"]["stage"] == "coalescing"
    assert health["stage"]["recorded"]["note"] == "Gathering."


def test_stage_record_refusals(api_for, member, outsider, steward, community, private_community):
    path = f"/communities/{community.slug}/stage"
    assert api_for(member).post(path, {"stage": "maturing"})[0] == 403
    assert api_for(steward).post(path, {"stage": "thriving"})[0] == 422
    assert api_for(steward).post(path, {"stage": "maturing", "note": "x" * 1001})[0] == 422
    assert api_for().post(path, {"stage": "maturing"})[0] == 401
    private = f"/communities/{private_community.slug}/stage"
    assert api_for(outsider).post(private, {"stage": "maturing"})[0] == 404
