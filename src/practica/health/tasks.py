"""Background work for health: telling stewards when their community is losing momentum."""

from datetime import timedelta

from django.utils.timezone import now
from django_tasks import task

from practica.communities.models import Activity, Community

from . import services, tallies


@task()
def health_alerts_task(community_id: int) -> int:
    """Check one community's decline alert for both windows; stewards are told once per
    window. Returns the number of stewards told."""
    community = Community.objects.filter(pk=community_id, concluded_at__isnull=True).first()
    if community is None:
        return 0
    return sum(
        services.health_alerts_notify(community, window_days=days) for days in services.WINDOWS
    )


@task()
def health_alerts_due_task() -> int:
    """Run daily: check every open community with any act in the last 180 days (one silent
    for longer has no momentum left to lose)."""
    return sum(health_alerts_task.call(community_id) for community_id in _due_community_ids())


@task()
def health_alerts_warm_task(community_id: int) -> int:
    """Work out yesterday's alerts of one community for its home page, which reads them from
    the cache only (``services.community_alerts``). Returns the number of alerts."""
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return 0
    return len(services.community_alerts(None, community, compute=True))


def _due_community_ids() -> list[int]:
    since = now() - timedelta(days=max(services.WINDOWS) * 2)
    return list(
        Activity.objects.filter(created_at__gte=since, community__concluded_at__isnull=True)
        .values_list("community_id", flat=True)
        .distinct()
        .order_by("community_id")
    )


def health_refresh_cli(args) -> int:
    """``practica health-refresh``: today's health of every community with an act in the last
    180 days, both windows, and yesterday's alerts for the community home — so that the first
    reading of a day finds the day's windows gathered. Cheap when nothing changed; run it
    hourly (communities' days begin at different hours). With ``--rebuild``, every
    community's tallies are first built again from the stream (``tallies``)."""
    from tqdm import tqdm

    if getattr(args, "rebuild", False):
        communities = Community.objects.order_by("pk")
        for community in tqdm(communities, desc="tallies", unit="", disable=args.quiet):
            tallies.tallies_rebuild(community)
    ids = _due_community_ids()
    told = alerts = 0
    for community_id in tqdm(ids, desc="communities", unit="", disable=args.quiet):
        told += health_alerts_task.call(community_id)
        alerts += health_alerts_warm_task.call(community_id)
    print(f"{len(ids)} communities refreshed; {alerts} alerts; {told} stewards told.")
    return 0
