"""API for time and labour: the community's labour summary, one's own time, and logging,
changing or deleting time entries. Same rules as the pages (docs/stewardship-time.md): members
only — a private community answers 404 to anyone outside it, a public one 403 to a signed-in
visitor who is not a member. Hours are decimal strings ("1.50"), shares numbers from 0 to 1.
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from practica.communities.visibility import community_for_viewer
from practica.core.schemas import ERRORS, JsonObject, PageOut, PersonRef, page_out, person_ref

from ..models import LabourKind, TimeEntry
from ..queries import time_entries as queries
from ..services import time_entries as services

router = Router(tags=["stewardship"])

Year = Query(None, ge=1900, le=2200, description="A calendar year; by default the last 12 months.")


# --- schemas ----------------------------------------------------------------------------------


class TimeEntryIn(JsonObject):
    day: date
    hours: Decimal = Field(description="From 0.25 to 24, at most two decimals.")
    kind: LabourKind
    note: str = Field("", max_length=services.NOTE_MAX)
    link: str = Field(
        "", max_length=services.LINK_MAX, description="A Practica path or an http(s) address."
    )


class TimeEntryPatchIn(JsonObject):
    day: date | None = None
    hours: Decimal | None = None
    kind: LabourKind | None = None
    note: str | None = Field(None, max_length=services.NOTE_MAX)
    link: str | None = Field(None, max_length=services.LINK_MAX)


class TimeEntryOut(Schema):
    id: int
    community: str
    person: PersonRef | None
    day: date
    hours: str
    kind: str
    note: str
    link: str
    created_at: datetime
    updated_at: datetime


class LabourKindHoursOut(Schema):
    kind: str
    label: str
    hours: str


class LabourMonthHoursOut(Schema):
    month: str = Field(description="YYYY-MM")
    hours: str


class LabourConcentrationOut(Schema):
    contributors: int
    top1_share: float | None
    top3_share: float | None
    absence_factor: int = Field(
        description="The smallest number of people who together gave at least half the hours."
    )


class LabourCapacityOut(Schema):
    people: int = Field(description="Members whose stated capacity the community may see.")
    hours_per_month: str
    given_per_month: str
    over_capacity_people: int


class CreditedLabourOut(Schema):
    kind: str
    label: str
    count: int
    people: int


class LabourSummaryOut(Schema):
    community: str
    start: date
    end: date
    year: int | None
    total_hours: str
    entry_count: int
    by_kind: list[LabourKindHoursOut]
    by_month: list[LabourMonthHoursOut]
    concentration: LabourConcentrationOut
    capacity: LabourCapacityOut
    warnings: list[str]
    credited: list[CreditedLabourOut]


class LabourOverCapacityOut(Schema):
    month: str
    hours: str


class MyLabourOut(Schema):
    community: str
    start: date
    end: date
    year: int | None
    total_hours: str
    by_kind: list[LabourKindHoursOut]
    capacity: int | None
    over_capacity: list[LabourOverCapacityOut]
    credited: list[CreditedLabourOut]
    entries: PageOut[TimeEntryOut]


# --- turning rows into bodies ------------------------------------------------------------------


def _hours(value) -> str:
    return f"{Decimal(value or 0).quantize(Decimal('0.01'))}"


def _entry(entry: TimeEntry, slug: str, person=None) -> dict:
    return {
        "id": entry.pk,
        "community": slug,
        "person": person_ref(person or entry.person),
        "day": entry.day,
        "hours": _hours(entry.hours),
        "kind": entry.kind,
        "note": entry.note,
        "link": entry.link,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    }


def _kinds(rows) -> list[dict]:
    return [
        {"kind": r["kind"], "label": str(r["label"]), "hours": _hours(r["hours"])} for r in rows
    ]


def _credited(rows) -> list[dict]:
    return [
        {"kind": r["key"], "label": str(r["label"]), "count": r["count"], "people": r["people"]}
        for r in rows
    ]


# --- operations --------------------------------------------------------------------------------


@router.get("/communities/{slug}/contributions", response={200: LabourSummaryOut, **ERRORS})
def contributions(request, slug: str, year: int | None = Year):
    """The community's labour: hours by kind and month, concentration, capacity against time
    given, warnings, and the labour credited from the activity stream (members only)."""
    community = community_for_viewer(request.user, slug)
    s = queries.labour_summary(request.user, community, year=year)
    c = s.concentration
    return {
        "community": community.slug,
        "start": s.window.start,
        "end": s.window.end,
        "year": s.window.year,
        "total_hours": _hours(s.total_hours),
        "entry_count": s.entry_count,
        "by_kind": _kinds(s.by_kind),
        "by_month": [{"month": r["month"], "hours": _hours(r["hours"])} for r in s.by_month],
        "concentration": {
            "contributors": c.contributors,
            "top1_share": c.top1_share,
            "top3_share": c.top3_share,
            "absence_factor": c.absence_factor,
        },
        "capacity": {
            "people": s.capacity_people,
            "hours_per_month": _hours(s.capacity_hours),
            "given_per_month": _hours(s.given_per_month),
            "over_capacity_people": s.over_capacity_people,
        },
        "warnings": s.warnings,
        "credited": _credited(s.credited),
    }


@router.post("/communities/{slug}/contributions", response={201: TimeEntryOut, **ERRORS})
def contribution_log(request, slug: str, payload: TimeEntryIn):
    """Log time you gave the community (members only)."""
    community = community_for_viewer(request.user, slug)
    entry = services.time_entry_create(
        request.user,
        community,
        day=payload.day,
        hours=payload.hours,
        kind=payload.kind,
        note=payload.note,
        link=payload.link,
    )
    return Status(201, _entry(entry, community.slug, request.user))


@router.get("/communities/{slug}/contributions/mine", response={200: MyLabourOut, **ERRORS})
def contributions_mine(request, slug: str, year: int | None = Year, page: int = 1):
    """Your own time here: totals of the window, months over your stated capacity (only you
    see them), the labour credited to you, and your entries (all time, latest day first)."""
    community = community_for_viewer(request.user, slug)
    mine = queries.my_summary(request.user, community, year=year)
    entries = queries.my_entries(request.user, community, page=page)
    return {
        "community": community.slug,
        "start": mine.window.start,
        "end": mine.window.end,
        "year": mine.window.year,
        "total_hours": _hours(mine.total_hours),
        "by_kind": _kinds(mine.by_kind),
        "capacity": mine.capacity,
        "over_capacity": [{"month": m, "hours": _hours(h)} for m, h in mine.over_capacity],
        "credited": _credited(mine.credited),
        "entries": page_out(
            entries, [_entry(e, community.slug, request.user) for e in entries.items]
        ),
    }


@router.patch("/time-entries/{entry_id}", response={200: TimeEntryOut, **ERRORS})
def time_entry_update(request, entry_id: int, payload: TimeEntryPatchIn):
    """Change your own entry; fields left out stay as they are."""
    fields = {
        name: value
        for name, value in payload.model_dump(exclude_unset=True).items()
        if value is not None
    }
    entry = services.time_entry_update(request.user, entry_id, **fields)
    return _entry(entry, entry.community.slug, request.user)


@router.delete("/time-entries/{entry_id}", response={204: None, **ERRORS})
def time_entry_delete(request, entry_id: int, reason: str = Query("", max_length=300)):
    """Delete your own entry; a steward may remove anyone's, with a reason for the audit
    trail."""
    services.time_entry_delete(request.user, entry_id, reason=reason)
    return 204, None
