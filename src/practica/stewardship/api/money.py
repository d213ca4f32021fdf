"""Stewardship API: money — funds, expenses and their approval, the budget, the runway and the
money settings (docs/stewardship-money.md).

Amounts travel as strings with two decimals ("1250.00"), never as floats; amounts sent in are
read the same way (a JSON number is accepted too). Reads follow the ledger's visibility
(members, or everyone for a public community that chose so); receipts are uploaded and read
on the pages only.
"""

from datetime import date
from typing import Annotated

from ninja import Field, Router, Schema
from ninja.responses import Status

from practica.accounts.api import optional_auth
from practica.communities.visibility import community_for_viewer
from practica.core.schemas import ERRORS, JsonObject, PageOut, PersonRef, page_out, person_ref

from .. import ledger
from ..models import Expense, ExpenseCategory, ExpenseStatus, FundKind, LedgerVisibility
from ..queries import money as queries
from ..services import money as services

router = Router(tags=["stewardship"])

AmountText = Annotated[str | int | float, Field(description='e.g. "1250.50"')]
Text = Annotated[str, Field(max_length=services.NAME_MAX)]
Note = Annotated[str, Field(max_length=services.NOTE_MAX)]
Currency = Annotated[str, Field(min_length=3, max_length=3, description="ISO 4217, e.g. EUR")]


def _m(value) -> str | None:
    return None if value is None else f"{value:.2f}"


# --- schemas ----------------------------------------------------------------------------------


class MoneySettingsOut(Schema):
    currency: str
    ledger_visibility: str
    ledger_public: bool
    approval_threshold: str


class MoneySettingsIn(JsonObject):
    currency: Currency | None = None
    ledger_visibility: LedgerVisibility | None = None
    approval_threshold: AmountText | None = None


class FundIn(JsonObject):
    name: Text
    kind: FundKind
    source: Text
    amount: AmountText
    currency: Currency | None = None
    rate: AmountText | None = None
    received_on: date
    period_start: date | None = None
    period_end: date | None = None
    ends_on: date | None = None
    restricted_to: Annotated[list[ExpenseCategory], Field(max_length=10)] = []
    restriction_note: Note = ""


class FundOut(Schema):
    id: int
    name: str
    kind: str
    source: str
    amount: str
    currency: str
    rate: str
    amount_community: str
    spent: str
    balance: str
    received_on: date
    period_start: date | None
    period_end: date | None
    ends_on: date | None
    restricted_to: list[str]
    restriction_note: str


class ExpenseIn(JsonObject):
    fund_id: int
    spent_on: date
    amount: AmountText
    currency: Currency | None = None
    rate: AmountText | None = None
    category: ExpenseCategory
    description: Note


class ExpenseOut(Schema):
    id: int
    fund_id: int
    fund: str
    spent_on: date
    amount: str
    currency: str
    rate: str
    amount_community: str
    category: str
    description: str
    status: str
    has_receipt: bool
    submitted_by: PersonRef | None
    decided_by: PersonRef | None
    decision_note: str


class DecisionIn(JsonObject):
    note: Note = ""


class BudgetLineIn(JsonObject):
    category: ExpenseCategory
    amount: AmountText | None = Field(None, description='null or "" removes the line')


class BudgetIn(JsonObject):
    year: int = Field(..., ge=1990, le=2200)
    lines: Annotated[list[BudgetLineIn], Field(min_length=1, max_length=10)]


class BudgetRowOut(Schema):
    category: str
    planned: str | None
    actual: str
    remaining: str | None


class BudgetOut(Schema):
    year: int
    currency: str
    lines: list[BudgetRowOut]


class RunwayPoint(Schema):
    day: date
    left: str


class RunwayOut(Schema):
    currency: str
    today: date
    burn_per_month: str
    usable: str
    months: str | None
    runs_out_on: date | None
    lost_at_fund_ends: str
    projection: list[RunwayPoint]


# --- rows into bodies ---------------------------------------------------------------------------


def _settings_out(community, settings) -> dict:
    return {
        "currency": settings.currency,
        "ledger_visibility": settings.ledger_visibility,
        "ledger_public": queries.ledger_is_public(community, settings),
        "approval_threshold": _m(settings.approval_threshold),
    }


def _fund_out(fund, spent=None) -> dict:
    spent = fund.spent if spent is None else spent
    return {
        "id": fund.pk,
        "name": fund.name,
        "kind": fund.kind,
        "source": fund.source,
        "amount": _m(fund.amount),
        "currency": fund.currency,
        "rate": f"{fund.rate.normalize():f}",
        "amount_community": _m(fund.amount_community),
        "spent": _m(spent),
        "balance": _m(fund.amount_community - spent),
        "received_on": fund.received_on,
        "period_start": fund.period_start,
        "period_end": fund.period_end,
        "ends_on": fund.ends_on,
        "restricted_to": list(fund.restricted_to or []),
        "restriction_note": fund.restriction_note,
    }


def _expense_out(e: Expense) -> dict:
    return {
        "id": e.pk,
        "fund_id": e.fund_id,
        "fund": e.fund.name,
        "spent_on": e.spent_on,
        "amount": _m(e.amount),
        "currency": e.currency,
        "rate": f"{e.rate.normalize():f}",
        "amount_community": _m(e.amount_community),
        "category": e.category,
        "description": e.description,
        "status": e.status,
        "has_receipt": bool(e.receipt),
        "submitted_by": person_ref(e.submitted_by),
        "decided_by": person_ref(e.decided_by),
        "decision_note": e.decision_note,
    }


def _expense_response(viewer, community, expense_id) -> dict:
    return _expense_out(queries.expense_for_viewer(viewer, community, expense_id))


# --- settings -----------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/stewardship-settings",
    auth=optional_auth,
    response={200: MoneySettingsOut, **ERRORS},
)
def money_settings_get(request, slug: str):
    """The community's currency, who reads its ledger, and the approval threshold."""
    community = community_for_viewer(request.user, slug)
    settings = queries.require_ledger_reader(request.user, community)
    return _settings_out(community, settings)


@router.patch(
    "/communities/{slug}/stewardship-settings", response={200: MoneySettingsOut, **ERRORS}
)
def money_settings_patch(request, slug: str, payload: MoneySettingsIn):
    """Stewards change any of the settings. The currency cannot change once money is
    recorded (409)."""
    community = community_for_viewer(request.user, slug)
    settings = services.money_settings_update(
        request.user,
        community,
        currency=payload.currency,
        ledger_visibility=payload.ledger_visibility,
        approval_threshold=payload.approval_threshold,
    )
    return _settings_out(community, settings)


# --- funds --------------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/funds", auth=optional_auth, response={200: PageOut[FundOut], **ERRORS}
)
def fund_list(request, slug: str, page: int = 1):
    """The community's funds, newest first, each with what was spent from it and its balance."""
    community = community_for_viewer(request.user, slug)
    result = queries.funds_with_balances(request.user, community, page=page)
    return page_out(result, [_fund_out(f) for f in result.items])


@router.post("/communities/{slug}/funds", response={201: FundOut, **ERRORS})
def fund_create(request, slug: str, payload: FundIn):
    """A steward records a fund. A currency other than the community's needs ``rate``."""
    community = community_for_viewer(request.user, slug)
    fund = services.fund_record(request.user, community, **payload.dict())
    return Status(201, _fund_out(fund, spent=ledger.ZERO))


# --- expenses -----------------------------------------------------------------------------------


@router.get(
    "/communities/{slug}/expenses",
    auth=optional_auth,
    response={200: PageOut[ExpenseOut], **ERRORS},
)
def expense_list(
    request,
    slug: str,
    status: ExpenseStatus | None = None,
    category: ExpenseCategory | None = None,
    fund_id: int | None = None,
    page: int = 1,
):
    """Expenses, latest spending first, filtered by status, category or fund."""
    community = community_for_viewer(request.user, slug)
    if fund_id is not None and not (0 < fund_id < 2**63):
        fund_id = 0
    result = queries.expenses(
        request.user, community, status=status, category=category, fund_id=fund_id, page=page
    )
    return page_out(result, [_expense_out(e) for e in result.items])


@router.post("/communities/{slug}/expenses", response={201: ExpenseOut, **ERRORS})
def expense_create(request, slug: str, payload: ExpenseIn):
    """Any member submits an expense paid from one fund; it waits for a steward (a
    steward's own expense below the threshold is approved at once). Refused with 400 when the
    fund may not pay for the category, 409 when the fund does not hold enough."""
    community = community_for_viewer(request.user, slug)
    expense = services.expense_submit(request.user, community, **payload.dict())
    return Status(201, _expense_response(request.user, community, expense.pk))


def _decision(request, slug, expense_id, act, **fields):
    """Check the expense belongs to the community the path names, apply ``act`` (a service
    taking the person and the expense id) and answer with the expense as it is now."""
    community = community_for_viewer(request.user, slug)
    queries.expense_for_viewer(request.user, community, expense_id)  # in this community
    act(request.user, expense_id, **fields)
    return _expense_response(request.user, community, expense_id)


@router.post(
    "/communities/{slug}/expenses/{expense_id}/approve", response={200: ExpenseOut, **ERRORS}
)
def expense_approve(request, slug: str, expense_id: int, payload: DecisionIn):
    """A steward approves (send ``{}`` or a note); at or above the threshold, not the one who
    submitted it (403); 409 when the fund no longer holds enough."""
    return _decision(request, slug, expense_id, services.expense_approve, note=payload.note)


@router.post(
    "/communities/{slug}/expenses/{expense_id}/reject", response={200: ExpenseOut, **ERRORS}
)
def expense_reject(request, slug: str, expense_id: int, payload: DecisionIn):
    """A steward rejects, with a note saying why."""
    return _decision(request, slug, expense_id, services.expense_reject, note=payload.note)


@router.post(
    "/communities/{slug}/expenses/{expense_id}/reverse", response={200: ExpenseOut, **ERRORS}
)
def expense_reverse(request, slug: str, expense_id: int, payload: DecisionIn):
    """A steward takes back an approved expense, saying why (409 unless it is approved)."""
    return _decision(request, slug, expense_id, services.expense_reverse, note=payload.note)


@router.post(
    "/communities/{slug}/expenses/{expense_id}/withdraw", response={200: ExpenseOut, **ERRORS}
)
def expense_withdraw(request, slug: str, expense_id: int):
    """The person who submitted it takes it back while it waits."""
    return _decision(request, slug, expense_id, services.expense_withdraw)


# --- budget and runway --------------------------------------------------------------------------


def _budget_out(viewer, community, year: int) -> dict:
    settings = queries.settings_for(community)
    return {
        "year": year,
        "currency": settings.currency,
        "lines": [
            {
                "category": row["category"],
                "planned": _m(row["planned"]),
                "actual": _m(row["actual"]),
                "remaining": _m(row["remaining"]),
            }
            for row in queries.budget_vs_actual(viewer, community, year)
        ],
    }


@router.get("/communities/{slug}/budget", auth=optional_auth, response={200: BudgetOut, **ERRORS})
def budget_get(request, slug: str, year: int | None = None):
    """Planned against approved actual per category for ``year`` (this year by default)."""
    community = community_for_viewer(request.user, slug)
    queries.require_ledger_reader(request.user, community)
    today = queries.local_today(community)
    if year is None or not (1990 <= year <= 2200):
        year = today.year
    return _budget_out(request.user, community, year)


@router.put("/communities/{slug}/budget", response={200: BudgetOut, **ERRORS})
def budget_put(request, slug: str, payload: BudgetIn):
    """Stewards set the planned amounts of one year; lines not sent stay as they are."""
    community = community_for_viewer(request.user, slug)
    lines = {line.category: line.amount for line in payload.lines}
    services.budget_set(request.user, community, year=payload.year, lines=lines)
    return _budget_out(request.user, community, payload.year)


@router.get("/communities/{slug}/runway", auth=optional_auth, response={200: RunwayOut, **ERRORS})
def runway_get(request, slug: str):
    """Months until the money runs out at the trailing six-month burn, with the date, taking
    funds' end dates into account (``months`` is null when nothing was spent lately)."""
    community = community_for_viewer(request.user, slug)
    settings = queries.require_ledger_reader(request.user, community)
    run = queries.community_runway(request.user, community)
    return {
        "currency": settings.currency,
        "today": run.today,
        "burn_per_month": _m(run.burn),
        "usable": _m(run.usable),
        "months": None if run.months is None else f"{run.months:.1f}",
        "runs_out_on": run.runs_out_on,
        "lost_at_fund_ends": _m(run.lost),
        "projection": [{"day": d, "left": _m(v)} for d, v in run.points],
    }
