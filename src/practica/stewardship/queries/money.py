"""Every read of a community's money, bounded by who may read its ledger
(docs/stewardship-money.md).

The ledger is shown to the community's members, or to everyone when its stewards chose so and
the community is public; a private community's ledger is never public (its outsiders get 404
from ``community_for_viewer`` before anything else). Receipts are for members only, whatever
the setting: they may carry names and addresses.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from practica.communities.models import Community, Visibility
from practica.communities.visibility import is_member, require_member, require_viewable
from practica.core.cache import remembered, versions
from practica.core.errors import NotAllowed, NotFound, SignInRequired
from practica.core.pagination import Page, paginate

from .. import ledger
from ..models import (
    BudgetLine,
    Expense,
    ExpenseCategory,
    ExpenseStatus,
    Fund,
    LedgerVisibility,
    StewardshipSettings,
)

EXPENSES_PAGE_SIZE = 25
FUNDS_PAGE_SIZE = 50


def local_today(community: Community, now: datetime | None = None) -> date:
    """Today where the community lives: "in the future" is judged against this."""
    try:
        zone = ZoneInfo(community.timezone or "UTC")
    except (ValueError, KeyError):  # pragma: no cover - timezones are validated on write
        zone = ZoneInfo("UTC")
    return (now or datetime.now(UTC)).astimezone(zone).date()


def settings_for(community: Community) -> StewardshipSettings:
    """The community's money settings; the defaults (unsaved) until a steward changes them."""
    found = StewardshipSettings.objects.filter(community=community).first()
    return found or StewardshipSettings(community=community)


def ledger_is_public(community: Community, settings: StewardshipSettings | None = None) -> bool:
    settings = settings or settings_for(community)
    return (
        community.visibility == Visibility.PUBLIC
        and settings.ledger_visibility == LedgerVisibility.PUBLIC
    )


def can_read_ledger(viewer, community: Community, settings=None) -> bool:
    return is_member(viewer, community) or ledger_is_public(community, settings)


def require_ledger_reader(viewer, community: Community, settings=None) -> StewardshipSettings:
    """The settings, if the viewer may read this ledger: 404 for a community they cannot see,
    403 (with the reason) for a members-only ledger of a public community."""
    require_viewable(viewer, community)
    settings = settings or settings_for(community)
    if not can_read_ledger(viewer, community, settings):
        if viewer is None or not viewer.is_authenticated:
            raise SignInRequired(_("Sign in to see the money of %(c)s.") % {"c": community.name})
        raise NotAllowed(
            _("The money of %(c)s is shown to its members only. Join it to see it.")
            % {"c": community.name}
        )
    return settings


# --- funds and balances ------------------------------------------------------------------------


def _spent_by_fund(community: Community) -> dict[int, Decimal]:
    rows = (
        Expense.objects.filter(community=community, status=ExpenseStatus.APPROVED)
        .values("fund_id")
        .annotate(total=Sum("amount_community"))
        .order_by()
    )
    return {r["fund_id"]: r["total"] or ledger.ZERO for r in rows}


def fund_flows(community: Community) -> list[ledger.FundFlow]:
    """Every fund with what it received and what approved expenses took: two queries."""
    spent = _spent_by_fund(community)
    return [
        ledger.FundFlow(pk, received, spent.get(pk, ledger.ZERO), ends_on)
        for pk, received, ends_on in Fund.objects.filter(community=community)
        .order_by("received_on", "pk")
        .values_list("pk", "amount_community", "ends_on")
    ]


def funds_with_balances(viewer, community: Community, *, page=1) -> Page:
    """The community's funds, newest first, each with ``spent`` and ``balance`` attached."""
    require_ledger_reader(viewer, community)
    result = paginate(
        Fund.objects.filter(community=community).order_by("-received_on", "-pk"),
        page,
        FUNDS_PAGE_SIZE,
    )
    spent = _spent_by_fund(community)
    for fund in result.items:
        fund.spent = spent.get(fund.pk, ledger.ZERO)
        fund.balance = fund.amount_community - fund.spent
    return result


def fund_balance(fund: Fund) -> Decimal:
    spent = Expense.objects.filter(fund=fund, status=ExpenseStatus.APPROVED).aggregate(
        s=Sum("amount_community")
    )["s"]
    return fund.amount_community - (spent or ledger.ZERO)


# --- expenses ----------------------------------------------------------------------------------


def expenses(
    viewer, community: Community, *, status=None, category=None, fund_id=None, page=1, size=None
) -> Page:
    """The community's expenses, latest spending first, filtered."""
    require_ledger_reader(viewer, community)
    rows = Expense.objects.filter(community=community)
    if status in ExpenseStatus.values:
        rows = rows.filter(status=status)
    if category in ExpenseCategory.values:
        rows = rows.filter(category=category)
    if fund_id is not None:
        rows = rows.filter(fund_id=fund_id)
    rows = rows.select_related("fund", "submitted_by__profile", "decided_by__profile").order_by(
        "-spent_on", "-pk"
    )
    return paginate(rows, page, size or EXPENSES_PAGE_SIZE)


def pending_for_steward(viewer, community: Community, *, limit: int = 50) -> list[Expense]:
    """Expenses waiting for a decision, oldest first (stewards only; empty for others)."""
    from practica.communities.visibility import is_steward

    if not is_steward(viewer, community):
        return []
    return list(
        Expense.objects.filter(community=community, status=ExpenseStatus.PENDING)
        .select_related("fund", "submitted_by__profile")
        .order_by("created_at", "pk")[:limit]
    )


def expense_for_viewer(viewer, community: Community, expense_id) -> Expense:
    require_ledger_reader(viewer, community)
    try:
        expense_id = int(expense_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such expense.")) from None
    expense = (
        Expense.objects.select_related("fund", "submitted_by__profile", "decided_by__profile")
        .filter(community=community, pk=expense_id)
        .first()
        if 0 < expense_id < 2**63
        else None
    )
    if expense is None:
        raise NotFound(_("No such expense."))
    return expense


def receipt_for_viewer(viewer, community: Community, expense_id) -> Expense:
    """The expense whose receipt a member asks for; receipts are never public."""
    require_member(viewer, community)
    expense = expense_for_viewer(viewer, community, expense_id)
    if not expense.receipt:
        raise NotFound(_("This expense has no receipt."))
    return expense


def funds_for_export(viewer, community: Community):
    """Every fund, for the CSV export: an iterator, oldest first."""
    require_ledger_reader(viewer, community)
    return Fund.objects.filter(community=community).order_by("received_on", "pk").iterator()


def expenses_for_export(viewer, community: Community):
    """Every expense, for the CSV export: an iterator, oldest first."""
    require_ledger_reader(viewer, community)
    return (
        Expense.objects.filter(community=community)
        .select_related("fund", "submitted_by__profile", "decided_by__profile")
        .order_by("spent_on", "pk")
        .iterator(chunk_size=2000)
    )


# --- budget, burn and runway -------------------------------------------------------------------


def budget_vs_actual(viewer, community: Community, year: int) -> list[dict]:
    """Per category: planned, approved actual, the difference and the share used."""
    require_ledger_reader(viewer, community)
    planned = dict(
        BudgetLine.objects.filter(community=community, year=year).values_list("category", "amount")
    )
    actual = dict(
        Expense.objects.filter(
            community=community, status=ExpenseStatus.APPROVED, spent_on__year=year
        )
        .values("category")
        .annotate(total=Sum("amount_community"))
        .order_by()
        .values_list("category", "total")
    )
    rows = []
    for value, label in ExpenseCategory.choices:
        plan = planned.get(value)
        spent = actual.get(value) or ledger.ZERO
        rows.append(
            {
                "category": value,
                "label": label,
                "planned": plan,
                "actual": spent,
                "remaining": (plan - spent) if plan is not None else None,
                "used": (spent / plan) if plan else None,
                "over": plan is not None and spent > plan,
            }
        )
    return rows


def budget_years(community: Community, today: date) -> list[int]:
    years = set(
        BudgetLine.objects.filter(community=community).values_list("year", flat=True).distinct()
    )
    years.add(today.year)
    return sorted(years, reverse=True)


def _trailing_spending(community: Community, today: date) -> list[tuple[date, Decimal]]:
    first, last = ledger.burn_window(today)
    rows = (
        Expense.objects.filter(
            community=community,
            status=ExpenseStatus.APPROVED,
            spent_on__gte=first,
            spent_on__lte=last,
        )
        .values("spent_on")
        .annotate(total=Sum("amount_community"))
        .order_by()
        .values_list("spent_on", "total")
    )
    return list(rows)


def community_runway(viewer, community: Community, today: date | None = None) -> ledger.Runway:
    """The runway of today, kept until anything in the community changes (every money write
    moves its version on)."""
    require_ledger_reader(viewer, community)
    today = today or local_today(community)

    def compute() -> ledger.Runway:
        burn = ledger.monthly_burn(_trailing_spending(community, today), today)
        return ledger.runway(fund_flows(community), burn, today)

    return remembered("money-runway", (community.pk, versions(community.pk), today), compute)


def monthly_spending(community: Community, today: date, months: int = 12) -> list[tuple]:
    """Approved spending per calendar month for the last ``months`` months: [(first day, total)]."""
    start = ledger.months_before(today.replace(day=1), months - 1)
    rows = dict(
        Expense.objects.filter(
            community=community, status=ExpenseStatus.APPROVED, spent_on__gte=start
        )
        .annotate(month=TruncMonth("spent_on"))
        .values("month")
        .annotate(total=Sum("amount_community"))
        .order_by()
        .values_list("month", "total")
    )
    rows = {(k.date() if isinstance(k, datetime) else k): v for k, v in rows.items()}
    result = []
    for k in range(months):
        first = ledger.months_before(today.replace(day=1), months - 1 - k)
        result.append((first, rows.get(first) or ledger.ZERO))
    return result


def ledger_totals(community: Community) -> dict:
    """Received, spent (approved), pending, and the balance: one query each way."""
    received = Fund.objects.filter(community=community).aggregate(s=Sum("amount_community"))["s"]
    by_status = (
        Expense.objects.filter(community=community)
        .values("status")
        .annotate(total=Sum("amount_community"), n=Count("pk"))
        .order_by()
    )
    totals = {r["status"]: (r["total"], r["n"]) for r in by_status}
    spent = totals.get(ExpenseStatus.APPROVED, (ledger.ZERO, 0))[0] or ledger.ZERO
    received = received or ledger.ZERO
    return {
        "received": received,
        "spent": spent,
        "pending": totals.get(ExpenseStatus.PENDING, (ledger.ZERO, 0))[0] or ledger.ZERO,
        "pending_count": totals.get(ExpenseStatus.PENDING, (None, 0))[1],
        "balance": received - spent,
    }


def has_money(community: Community) -> bool:
    return (
        Fund.objects.filter(community=community).exists()
        or Expense.objects.filter(community=community).exists()
    )


def fund_choices(community: Community) -> list[tuple[int, str]]:
    return list(
        Fund.objects.filter(community=community)
        .order_by("-received_on", "-pk")
        .values_list("pk", "name")[:200]
    )
