"""The health indicators on a reflection round's retrospective page, as they stood when the
round closed (or today, while it is open). Reflection cannot import health, so health
registers this section with reflection (``reflection.views.register_retrospective_section``)."""

from __future__ import annotations

from django.utils import timezone

from practica.core.errors import PracticaError

from .queries import community_tz, local_today
from .services import community_health
from .views import _page_url, indicator_cards

WINDOW_DAYS = 90


def retrospective_health(request, round) -> dict | None:
    community = round.community
    moment = round.closed_at or timezone.now()
    day = min(moment.astimezone(community_tz(community)).date(), local_today(community))
    try:
        h = community_health(request.user, community, window_days=WINDOW_DAYS, as_of=day)
    except PracticaError:
        return None
    return {
        "template": "reflection/_health_section.html",
        "cards": indicator_cards(h),
        "as_of": day,
        "window": WINDOW_DAYS,
        "url": _page_url(community, WINDOW_DAYS, day),
    }


def register() -> None:
    from practica.reflection.views import register_retrospective_section

    register_retrospective_section(retrospective_health)
