"""API for community health: the indicators as of a day, their history as CSV, and the
stewards' reading of the stage.

``GET /communities/{slug}/health?window=90&as_of=YYYY-MM-DD`` answers whoever may see the
community (everyone for a public one, its members for a private one — 404 to anyone else).
``window`` is 30 or 90 days; ``as_of`` defaults to today in the community's time zone, and a
past day gives the community as it was then. Definitions: docs/health.md.
"""

from typing import Any

from django.http import HttpResponse
from ninja import Field, Router, Schema

from practica.accounts.api import optional_auth
from practica.communities.visibility import community_for_viewer
from practica.core.schemas import ERRORS, JsonObject

from . import services
from .models import NOTE_MAX_LENGTH, Stage

router = Router(tags=["health"])


class StageRecordedOut(Schema):
    stage: str
    label: str
    note: str
    recorded_at: str
    recorded_by: dict[str, Any] | None


class StageEstimateOut(Schema):
    estimate: str
    label: str
    reasons: list[dict[str, Any]]
    summary: str
    recorded: StageRecordedOut | None


class WindowOut(Schema):
    """The indicators of one window (docs/health.md, "Indicators")."""

    window_days: int
    as_of: str
    window_start: str
    window_end: str
    member_count: int
    contributions: int
    active_members: int
    active_ratio: float | None
    new_contributors: int
    newcomer_retention: float | None
    inactive_contributors: int
    median_first_response_hours: float | None
    answered_within_48h_share: float | None
    newcomers_median_first_response_hours: float | None
    newcomers_answered_within_48h_share: float | None
    unanswered_rate: float | None
    unanswered_question_rate: float | None
    absence_factor: int
    elephant_factor: int
    gini: float
    levels: dict[str, int]
    level_distribution: dict[str, Any]
    level_flow: dict[str, Any] | None
    cross_sector_reply_share: float | None


class HealthOut(WindowOut):
    previous: WindowOut | None
    stage: StageEstimateOut
    momentum: dict[str, Any]
    alerts: list[dict[str, Any]]
    suggestions: list[dict[str, Any]]
    series: dict[str, Any]


class StageIn(JsonObject):
    stage: Stage
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


class StageRecordOut(Schema):
    id: int
    community: str
    stage: str
    note: str
    recorded_at: str


@router.get("/communities/{slug}/health", auth=optional_auth, response={200: HealthOut, **ERRORS})
def community_health(request, slug: str, window: int = 90, as_of: str | None = None):
    """Health of the community for the window of ``window`` days (30 or 90) ending with the
    day ``as_of`` (YYYY-MM-DD, today by default), with the window before in ``previous``,
    the stage estimate with its reasons and the stewards' latest reading, momentum, alerts,
    suggestions, and the series behind the charts."""
    community = community_for_viewer(request.user, slug)
    return services.community_health(request.user, community, window_days=window, as_of=as_of)


CSV_RESPONSE = {
    "responses": {
        "200": {
            "description": "Every indicator, one row per window end, the oldest first.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@router.get(
    "/communities/{slug}/health.csv",
    auth=optional_auth,
    response={**ERRORS},
    openapi_extra=CSV_RESPONSE,
)
def community_health_csv(request, slug: str, window: int = 90, as_of: str | None = None):
    """Every indicator for the last 12 windows of ``window`` days ending with ``as_of``, as
    CSV: one row per window, the oldest first; empty cells where there is no data."""
    community = community_for_viewer(request.user, slug)
    text = services.health_csv(request.user, community, window_days=window, as_of=as_of)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    day = services.parse_as_of(as_of) or services.queries.local_today(community)
    filename = f"{community.slug}-health-{window}d-{day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post("/communities/{slug}/stage", response={201: StageRecordOut, **ERRORS})
def stage_record(request, slug: str, payload: StageIn):
    """A steward records the stage they believe the community is in (the history is kept;
    the health shows the latest beside the estimate)."""
    community = community_for_viewer(request.user, slug)
    assessment = services.stage_record(
        request.user, community, stage=payload.stage, note=payload.note
    )
    return 201, {
        "id": assessment.pk,
        "community": community.slug,
        "stage": assessment.stage,
        "note": assessment.note,
        "recorded_at": assessment.recorded_at.isoformat(),
    }
