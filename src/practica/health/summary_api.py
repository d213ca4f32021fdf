"""``GET /api/v1/me/contribution-summary?year=YYYY`` — the caller's own contribution summary
(docs/stewardship-appreciation.md). There is no way to ask for someone else's."""

from typing import Any

from ninja import Router, Schema

from practica.core.schemas import ERRORS

from .summary import contribution_summary

router = Router(tags=["health"])


class HoursByKindOut(Schema):
    kind: str
    label: str
    hours: str


class ContributionCommunityOut(Schema):
    slug: str
    name: str
    given: dict[str, Any]
    received: dict[str, int]
    hours_by_kind: list[HoursByKindOut]


class SummaryOut(Schema):
    year: int
    years: list[int]
    communities: list[ContributionCommunityOut]
    totals: dict[str, Any]
    labels: dict[str, str]


def _kinds(rows) -> list[dict]:
    return [{"kind": r["kind"], "label": r["label"], "hours": f"{r['hours']:.2f}"} for r in rows]


def _given(values: dict) -> dict:
    # Hours are a decimal string ("12.50"), like every amount in the API; counts are integers.
    return {k: f"{v:.2f}" if k == "hours" else v for k, v in values.items()}


@router.get("/me/contribution-summary", response={200: SummaryOut, **ERRORS})
def my_contribution_summary(request, year: int | None = None):
    """What you gave (time, topics, replies, accepted answers, articles, notes) and what came
    back (thanks, endorsements, answers, notes) in ``year`` (default: this year), per
    community you may still see."""
    summary = contribution_summary(request.user, year)
    totals = summary["totals"]
    return {
        "year": summary["year"],
        "years": summary["years"],
        "communities": [
            {
                "slug": row["community"].slug,
                "name": row["community"].name,
                "given": _given(row["given"]),
                "received": row["received"],
                "hours_by_kind": _kinds(row["hours_by_kind"]),
            }
            for row in summary["communities"]
        ],
        "totals": {
            "given": _given(totals["given"]),
            "received": totals["received"],
            "hours_by_kind": _kinds(totals["hours_by_kind"]),
        },
        "labels": dict(summary["given_labels"] + summary["received_labels"]),
    }
