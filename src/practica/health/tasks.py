"""Background work for health: telling stewards when their community is losing momentum."""

from datetime import timedelta

from django.utils.timezone import now
from django_tasks import task

from practica.communities.models import Activity, Community

from . import services


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
    since = now() - timedelta(days=max(services.WINDOWS) * 2)
    ids = (
        Activity.objects.filter(created_at__gte=since, community__concluded_at__isnull=True)
        .values_list("community_id", flat=True)
        .distinct()
    )
    return sum(health_alerts_task.call(community_id) for community_id in ids)
