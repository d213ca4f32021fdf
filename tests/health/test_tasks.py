"""The hourly refresh: today's health of every active community gathered ahead of the first
reader, with the home's alerts kept."""

from datetime import timedelta

from django.core.cache import cache
from django.utils.timezone import now

from practica.cli import main
from practica.communities.models import Activity
from practica.discussions.services import topic_create
from practica.health import services
from practica.health.models import ContributionDay, TallyState


def test_health_refresh_gathers_today_for_active_communities(
    community, private_community, member, capsys
):
    topic_create(member, community, kind="question", title="Who has tried this?", body="?")
    Activity.objects.filter(community=private_community).update(
        created_at=now() - timedelta(days=200)
    )
    cache.clear()
    assert services.community_alerts(None, community) is None
    assert main(["health-refresh", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "1 communities refreshed" in out
    assert services.community_alerts(None, community) == []  # worked out: no alert
    # A community without any act in 180 days is left alone.
    assert services.community_alerts(None, private_community) is None


def test_health_refresh_rebuilds_the_tallies(community, member, capsys):
    topic_create(member, community, kind="question", title="Who has tried this?", body="?")
    # As after an update() of the stream that no signal saw (the demo's back-dating).
    TallyState.objects.create(community=community, timezone="UTC")
    assert not ContributionDay.objects.filter(community=community).exists()
    assert main(["health-refresh", "--quiet", "--rebuild"]) == 0
    assert ContributionDay.objects.get(community=community, person=member).contributions == 1
