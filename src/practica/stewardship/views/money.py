"""The money pages of a community (``/c/<slug>/money/``): the ledger with its funds and
balances, expenses, the stewards' approvals, budget against actual and the runway; forms to
submit an expense, record a fund, plan the budget and change the settings; the CSV export and
the receipts (docs/stewardship-money.md).

Who may read the ledger is decided in ``queries.money`` (members, or everyone when a public
community chose so); receipts are only ever sent to members, as attachments.
"""

from __future__ import annotations

import csv
from datetime import date

from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.communities.activity import require_not_concluded
from practica.communities.views import community_context, community_for_action, posted
from practica.communities.visibility import community_for_viewer, require_member, require_steward
from practica.core.cache import cached_render, fragment_key, versions
from practica.core.errors import NotFound, PracticaError
from practica.core.http import domain_errors, form_error

from .. import ledger
from ..forms_money import (
    BudgetForm,
    DecisionForm,
    ExpenseForm,
    FundForm,
    LedgerFilterForm,
    MoneySettingsForm,
)
from ..models import ExpenseCategory
from ..queries import money as queries
from ..services import money as services


def _ledger_url(community, anchor: str = "") -> str:
    url = reverse("stewardship:ledger", kwargs={"slug": community.slug})
    return f"{url}#{anchor}" if anchor else url


def money(amount, currency: str = "") -> str:
    """1234.5 → "1,234.50" (with the currency code when given)."""
    if amount is None:
        return "—"
    text = f"{amount:,.2f}"
    return f"{text} {currency}" if currency else text


# --- the runway chart --------------------------------------------------------------------------

CHART_W, CHART_H, PAD = 640, 200, 40


def runway_chart(run: ledger.Runway, currency: str) -> dict | None:
    """The projected money left, day by day, as an inline SVG line with its data table."""
    points = run.points
    if len(points) < 2 or run.usable <= 0:
        return None
    first, last = points[0][0], points[-1][0]
    span = max(1, (last - first).days)
    top = max(p[1] for p in points) or 1
    coords = []
    for day, value in points:
        x = PAD + (CHART_W - 2 * PAD) * (day - first).days / span
        y = CHART_H - PAD - (CHART_H - 2 * PAD) * float(value / top)
        coords.append(f"{x:.1f},{y:.1f}")
    summary = _("Money left falls from %(a)s on %(d1)s to nothing on %(d2)s.") % {
        "a": money(run.usable, currency),
        "d1": first.isoformat(),
        "d2": last.isoformat(),
    }
    return {
        "width": CHART_W,
        "height": CHART_H,
        "pad": PAD,
        "points": " ".join(coords),
        "area": f"{PAD},{CHART_H - PAD} " + " ".join(coords) + f" {coords[-1].split(',')[0]},"
        f"{CHART_H - PAD}",
        "summary": summary,
        "top_label": money(top),
        "first": first,
        "last": last,
        "baseline": CHART_H - PAD,
        "right": CHART_W - PAD,
        "rows": [(day, money(value)) for day, value in points],
    }


def runway_words(run: ledger.Runway, currency: str) -> dict:
    if run.usable <= 0:
        headline = _("No money is left to spend.")
    elif run.months is None:
        headline = _("Nothing was spent in the last six months, so there is no rate to project.")
    else:
        headline = _("%(m)s months at the current rate: the money runs out around %(d)s.") % {
            "m": run.months,
            "d": run.runs_out_on.isoformat(),
        }
    return {
        "headline": headline,
        "burn": money(run.burn, currency),
        "usable": money(run.usable, currency),
        "lost": money(run.lost, currency) if run.lost > 0 else "",
        "months": run.months,
        "runs_out_on": run.runs_out_on,
    }


# --- the ledger page ---------------------------------------------------------------------------


def _expense_rows(items, viewer, is_steward: bool) -> list:
    for expense in items:
        expense.can_withdraw = expense.status == "pending" and expense.submitted_by_id == getattr(
            viewer, "pk", None
        )
        expense.own = expense.submitted_by_id == getattr(viewer, "pk", None)
        expense.can_approve = (
            is_steward
            and expense.status == "pending"
            and not expense.own  # never one's own pending expense (services.money)
        )
    return items


def _year(request, today: date) -> int:
    try:
        year = int(request.GET.get("year", today.year))
    except (TypeError, ValueError, OverflowError):
        return today.year
    return year if 1990 <= year <= today.year + 10 else today.year


@require_http_methods(["GET", "HEAD"])
@domain_errors
def ledger_page(request, slug):
    """The ledger. Its body depends on the community's version (every money write moves it
    on), the day, the viewer (their role, their own pending expenses) and the query: rendered
    once for each and kept, so a reading costs no aggregate over years of expenses."""
    community = community_for_viewer(request.user, slug)
    settings = queries.require_ledger_reader(request.user, community)
    context = community_context(request, community, "sustaining")
    today = queries.local_today(community)
    key = fragment_key(
        "money-ledger",
        community.pk,
        versions(community.pk),
        today.isoformat(),
        getattr(request.user, "pk", None),
        (context["is_member"], context["is_steward"]),
        # Only the parameters the page reads: anything else must not make new cache entries.
        [(name, request.GET.get(name, "")[:40]) for name in LEDGER_PARAMS],
    )
    context["content"] = cached_render(
        request,
        key,
        "stewardship/_ledger_content.html",
        lambda: {**context, **_ledger_context(request, community, settings, context, today)},
    )
    return render(request, "stewardship/ledger.html", context)


#: The query parameters the ledger page reads (filters, page, budget year).
LEDGER_PARAMS = ("status", "category", "fund", "year", "page")


def _ledger_context(request, community, settings, context, today) -> dict:
    currency = settings.currency
    funds_page = queries.funds_with_balances(request.user, community)
    fund_options = queries.fund_choices(community)
    filters = LedgerFilterForm(request.GET or None, funds=fund_options)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    expenses = queries.expenses(
        request.user,
        community,
        status=chosen.get("status") or None,
        category=chosen.get("category") or None,
        fund_id=chosen.get("fund"),
        page=request.GET.get("page", 1),
    )
    is_steward = context["is_steward"]
    _expense_rows(expenses.items, request.user, is_steward)
    pending = _expense_rows(
        queries.pending_for_steward(request.user, community), request.user, is_steward
    )
    year = _year(request, today)
    run = queries.community_runway(request.user, community, today)
    writable = not community.is_concluded
    return {
        "settings": settings,
        "currency": currency,
        "ledger_public": queries.ledger_is_public(community, settings),
        "totals": queries.ledger_totals(community),
        "funds": funds_page,
        "expenses": expenses,
        "filters": filters,
        "pending": pending,
        "budget": queries.budget_vs_actual(request.user, community, year),
        "budget_year": year,
        "budget_years": queries.budget_years(community, today),
        "runway": runway_words(run, currency),
        "chart": runway_chart(run, currency),
        "monthly": [(m, money(v)) for m, v in queries.monthly_spending(community, today)],
        "today": today,
        "can_submit": context["is_member"] and writable and bool(fund_options),
        "can_steward": is_steward and writable,
        "decide_url": reverse("stewardship:expense_decide", kwargs={"slug": community.slug}),
        "receipt_url": reverse("stewardship:expense_receipt", kwargs={"slug": community.slug}),
        "csv_url": reverse("stewardship:ledger_csv", kwargs={"slug": community.slug}),
    }


@require_GET
@domain_errors
def ledger_csv(request, slug):
    """Every expense and fund as CSV rows, streamed (the export of the whole ledger)."""
    community = community_for_viewer(request.user, slug)
    settings = queries.require_ledger_reader(request.user, community)
    rows = queries.expenses_for_export(request.user, community)
    funds = queries.funds_for_export(request.user, community)

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())

    def lines():
        yield writer.writerow(
            [
                "type", "id", "date", "fund", "category", "description", "amount", "currency",
                "rate", f"amount_{settings.currency}", "status", "submitted_by", "decided_by",
            ]
        )  # fmt: skip
        for fund in funds:
            yield writer.writerow(
                [
                    "fund", fund.pk, fund.received_on.isoformat(), _csv_safe(fund.name),
                    ";".join(fund.restricted_to), _csv_safe(fund.source), fund.amount,
                    fund.currency, fund.rate, fund.amount_community, fund.kind, "", "",
                ]
            )  # fmt: skip
        for e in rows:
            yield writer.writerow(
                [
                    "expense", e.pk, e.spent_on.isoformat(), _csv_safe(e.fund.name), e.category,
                    _csv_safe(e.description), e.amount, e.currency, e.rate, e.amount_community,
                    e.status, _person(e.submitted_by), _person(e.decided_by),
                ]
            )  # fmt: skip

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{community.slug}-ledger.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _csv_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _person(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return _csv_safe(profile.display_name if profile else str(user))


# --- expenses ----------------------------------------------------------------------------------


def _fund_options(community) -> list:
    return queries.fund_choices(community)


@require_http_methods(["GET", "POST"])
@domain_errors
def expense_new(request, slug):
    community = community_for_action(request, slug, need="member")
    settings = queries.settings_for(community)
    context = community_context(request, community, "sustaining")
    if community.is_concluded:
        require_not_concluded(community)
    options = _fund_options(community)
    data = posted(request)
    form = ExpenseForm(
        data,
        request.FILES if data is not None else None,
        funds=options,
        currency=settings.currency,
        initial={"spent_on": queries.local_today(community), "currency": settings.currency},
    )
    status = 200
    if data is not None:
        if form.is_valid():
            d = form.cleaned_data
            try:
                expense = services.expense_submit(
                    request.user,
                    community,
                    fund_id=d["fund"],
                    spent_on=d["spent_on"],
                    amount=d["amount"],
                    currency=d["currency"],
                    rate=d["rate"],
                    category=d["category"],
                    description=d["description"],
                    receipt=d.get("receipt") or None,
                )
            except PracticaError as exc:
                if exc.status not in (400, 409):
                    raise
                form_error(form, exc)
                status = exc.status
            else:
                if expense.status == "approved":
                    messages.success(request, _("The expense is recorded and approved."))
                else:
                    messages.success(request, _("The expense is waiting for a steward."))
                return redirect(_ledger_url(community, "expenses"))
        else:
            status = 400
    context.update(
        form=form,
        settings=settings,
        has_funds=bool(options),
        ledger_url=_ledger_url(community),
    )
    return render(request, "stewardship/expense_new.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def expense_decide(request, slug):
    """Approve, reject (stewards) or withdraw (the submitter) one expense; GET goes to the
    ledger. The expense is named in the form, so every answer comes back to the ledger."""
    community = community_for_action(request, slug)
    if request.method == "GET":
        return redirect(_ledger_url(community))
    require_member(request.user, community)
    form = DecisionForm(posted(request))
    if not form.is_valid():
        messages.error(request, _("That decision could not be read; nothing was changed."))
        return redirect(_ledger_url(community, "expenses"))
    expense_id = form.cleaned_data["expense_id"]
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    queries.expense_for_viewer(request.user, community, expense_id)  # in this community
    try:
        if action == "approve":
            services.expense_approve(request.user, expense_id, note=note)
            messages.success(request, _("Approved: it now counts in the balances."))
        elif action == "reject":
            services.expense_reject(request.user, expense_id, note=note)
            messages.success(request, _("Rejected, with your note."))
        elif action == "reverse":
            services.expense_reverse(request.user, expense_id, note=note)
            messages.success(request, _("Reversed: it no longer counts in the balances."))
        else:
            services.expense_withdraw(request.user, expense_id)
            messages.success(request, _("Withdrawn."))
    except PracticaError as exc:
        if exc.status == 404:
            raise
        # Refused (not yours to approve, already decided, the fund cannot pay): the ledger
        # again, saying why; nothing was changed.
        messages.error(request, exc.message)
        return redirect(_ledger_url(community, "expenses"))
    return redirect(_ledger_url(community, "expenses"))


@require_GET
@domain_errors
def expense_receipt(request, slug):
    """A receipt, to members only, always as a download (never shown inline, so a file
    cannot run as a page of this site). Without ``?expense=`` it goes to the ledger."""
    community = community_for_action(request, slug, need="member")
    raw = request.GET.get("expense", "")
    if not raw:
        return redirect(_ledger_url(community))
    expense = queries.receipt_for_viewer(request.user, community, raw)
    try:
        handle = expense.receipt.open("rb")
    except (FileNotFoundError, OSError):
        raise NotFound(_("The receipt file is missing.")) from None
    name = expense.receipt.name.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"receipt-{expense.pk}.{ext}",
        content_type=services.receipt_content_type(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- funds, budget, settings (stewards) --------------------------------------------------------


def _steward_or_back(request, community):
    """Members who open a stewards' form are sent to the ledger with a word why."""
    from practica.communities.visibility import is_steward

    if is_steward(request.user, community):
        return None
    messages.info(request, _("Only stewards record funds, plan the budget and change settings."))
    return redirect(_ledger_url(community))


@require_http_methods(["GET", "POST"])
@domain_errors
def fund_new(request, slug):
    community = community_for_action(request, slug, need="member")
    if request.method == "GET" and (back := _steward_or_back(request, community)):
        return back
    require_steward(request.user, community)
    require_not_concluded(community)
    settings = queries.settings_for(community)
    data = posted(request)
    form = FundForm(
        data,
        currency=settings.currency,
        initial={"currency": settings.currency, "received_on": queries.local_today(community)},
    )
    status = 200
    if data is not None:
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.fund_record(request.user, community, **d)
            except PracticaError as exc:
                if exc.status != 400:
                    raise
                form_error(form, exc)
                status = 400
            else:
                messages.success(request, _("The fund is recorded."))
                return redirect(_ledger_url(community, "funds"))
        else:
            status = 400
    context = community_context(request, community, "sustaining")
    context.update(form=form, settings=settings, ledger_url=_ledger_url(community))
    return render(request, "stewardship/fund_new.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def budget_edit(request, slug):
    community = community_for_action(request, slug, need="member")
    if request.method == "GET" and (back := _steward_or_back(request, community)):
        return back
    require_steward(request.user, community)
    require_not_concluded(community)
    today = queries.local_today(community)
    year = _year(request, today)
    data = posted(request)
    if data is None:
        planned = {
            row["category"]: row["planned"]
            for row in queries.budget_vs_actual(request.user, community, year)
        }
        initial = {"year": year}
        initial.update({f"line_{c}": planned[c] for c in planned if planned[c] is not None})
        form = BudgetForm(initial=initial)
    else:
        form = BudgetForm(data)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                services.budget_set(
                    request.user, community, year=form.cleaned_data["year"], lines=form.lines()
                )
            except PracticaError as exc:
                if exc.status != 400:
                    raise
                if exc.field in ExpenseCategory.values:
                    exc.field = f"line_{exc.field}"
                form_error(form, exc)
                status = 400
            else:
                messages.success(request, _("The budget is saved."))
                url = _ledger_url(community)
                return redirect(f"{url}?year={form.cleaned_data['year']}#budget")
        else:
            status = 400
    context = community_context(request, community, "sustaining")
    context.update(
        form=form,
        line_fields=[form[f"line_{c}"] for c in ExpenseCategory.values],
        currency=queries.settings_for(community).currency,
        ledger_url=_ledger_url(community),
    )
    return render(request, "stewardship/budget_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def money_settings(request, slug):
    community = community_for_action(request, slug, need="steward")
    require_not_concluded(community)
    settings = queries.settings_for(community)
    data = posted(request)
    form = MoneySettingsForm(
        data,
        initial={
            "currency": settings.currency,
            "ledger_visibility": settings.ledger_visibility,
            "approval_threshold": settings.approval_threshold,
        },
    )
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                services.money_settings_update(request.user, community, **form.cleaned_data)
            except PracticaError as exc:
                if exc.status not in (400, 409):
                    raise
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("The money settings are saved."))
                return redirect(_ledger_url(community))
        else:
            status = 400
    context = community_context(request, community, "sustaining")
    context.update(
        form=form,
        has_money=queries.has_money(community),
        ledger_url=_ledger_url(community),
    )
    return render(request, "stewardship/money_settings.html", context, status=status)


urlpatterns = [
    path("c/<slug:slug>/money/", ledger_page, name="ledger"),
    path("c/<slug:slug>/money/ledger.csv", ledger_csv, name="ledger_csv"),
    path("c/<slug:slug>/money/expenses/new/", expense_new, name="expense_new"),
    path("c/<slug:slug>/money/expenses/decide/", expense_decide, name="expense_decide"),
    path("c/<slug:slug>/money/receipt/", expense_receipt, name="expense_receipt"),
    path("c/<slug:slug>/money/funds/new/", fund_new, name="fund_new"),
    path("c/<slug:slug>/money/budget/", budget_edit, name="budget"),
    path("c/<slug:slug>/money/settings/", money_settings, name="money_settings"),
]
