"""Every write of a community's money: its settings, funds, expenses and their approval, and
the budget (docs/stewardship-money.md).

Each service checks permission, validates, writes in one transaction and records the act in
the stream; every change of an expense and every steward action also goes to the audit trail
members can read. Verbs: ``fund_recorded``, ``expense_submitted``, ``expense_approved``,
``expense_rejected``, ``expense_withdrawn``, ``budget_set``, ``money_settings_changed``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.activity import audit_record, require_not_concluded
from practica.communities.models import Community
from practica.communities.visibility import is_steward, require_member, require_steward
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound

from .. import ledger
from ..models import (
    BudgetLine,
    Expense,
    ExpenseCategory,
    ExpenseStatus,
    Fund,
    FundKind,
    LedgerVisibility,
    StewardshipSettings,
)
from ..queries.money import fund_balance, local_today, settings_for

NAME_MAX = 200
NOTE_MAX = 500
RECEIPT_MAX_BYTES = 10 * 1024 * 1024
# What a receipt may be, recognised by its first bytes (never by the name or the browser's word).
RECEIPT_TYPES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
}
EARLIEST = date(1990, 1, 1)
MAX_YEAR_AHEAD = 10


# --- validation --------------------------------------------------------------------------------


def _amount_words(exc: ledger.AmountError, what: str) -> str:
    """What ``ledger`` found wrong, in the reader's language; ``what`` names the field."""
    words = {
        "missing": _("%(what)s: give an amount."),
        "not_a_number": _("%(what)s: “%(text)s” is not a number; write it like 1250.50."),
        "not_finite": _("%(what)s must be a number."),
        "negative": _("%(what)s cannot be negative."),
        "zero": _("%(what)s must be more than zero."),
        "too_large": _("%(what)s is too large (at most 10,000,000,000)."),
        "too_precise": _("%(what)s can have at most two decimal places."),
        "rate_missing": _("Give the rate used to convert it."),
        "rate_not_a_number": _("“%(text)s” is not a rate: write it like 1.0825."),
        "rate_not_positive": _("The rate must be a number above zero."),
        "rate_too_large": _("The rate is too large."),
        "rate_too_precise": _("The rate can have at most eight decimal places."),
        "unknown_currency": _(
            "“%(currency)s” is not a currency Practica knows (use a code like EUR)."
        ),
    }
    template = words.get(exc.code, _("%(what)s cannot be used."))
    return template % {"what": what, **exc.params}


def _amount(value, *, field="amount", what=None, allow_zero=False) -> Decimal:
    try:
        return ledger.parse_amount(value, allow_zero=allow_zero)
    except ledger.AmountError as exc:
        raise InvalidInput(_amount_words(exc, what or _("The amount")), field=field) from None


def _currency_and_rate(community_currency: str, currency, rate) -> tuple[str, Decimal]:
    try:
        code = ledger.normalise_currency(currency or community_currency)
    except ledger.AmountError as exc:
        raise InvalidInput(_amount_words(exc, _("The currency")), field="currency") from None
    if code == community_currency:
        if rate not in (None, "") and _rate(rate) != 1:
            raise InvalidInput(
                _("An amount in %(c)s needs no rate (it is the community's currency).")
                % {"c": code},
                field="rate",
            )
        return code, Decimal(1)
    if rate in (None, ""):
        raise InvalidInput(
            _("Give the rate used: how many %(c)s one %(f)s was worth.")
            % {"c": community_currency, "f": code},
            field="rate",
        )
    return code, _rate(rate)


def _rate(rate) -> Decimal:
    try:
        return ledger.parse_rate(rate)
    except ledger.AmountError as exc:
        raise InvalidInput(_amount_words(exc, _("The rate")), field="rate") from None


def _day(value, *, field: str, label: str, today: date, allow_future=False) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(_("%(l)s is not a date.") % {"l": label}, field=field) from None
    if value < EARLIEST or value.year > today.year + MAX_YEAR_AHEAD:
        raise InvalidInput(_("%(l)s is out of range.") % {"l": label}, field=field)
    if not allow_future and value > today:
        raise InvalidInput(_("%(l)s cannot be in the future.") % {"l": label}, field=field)
    return value


def _text(value, *, field: str, limit: int, required_message: str | None = None) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("This must be text."), field=field)
    value = " ".join(value.split())
    if "\x00" in value:
        raise InvalidInput(_("This text holds a character that cannot be kept."), field=field)
    if required_message and not value:
        raise InvalidInput(required_message, field=field)
    if len(value) > limit:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": limit}, field=field)
    return value


def _categories(values) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    chosen = []
    for value in values:
        if value not in ExpenseCategory.values:
            raise InvalidInput(
                _("“%(v)s” is not an expense category.") % {"v": str(value)[:40]},
                field="restricted_to",
            )
        if value not in chosen:
            chosen.append(value)
    return [c for c in ExpenseCategory.values if c in chosen]


def _receipt_checked(receipt):
    """The uploaded file, if it is a PDF, PNG or JPEG of at most 10 MB; renamed so that its
    stored name says nothing the uploader chose."""
    if receipt is None:
        return None
    size = getattr(receipt, "size", None)
    if size is None or size <= 0:
        raise InvalidInput(_("The receipt file is empty."), field="receipt")
    if size > RECEIPT_MAX_BYTES:
        raise InvalidInput(_("A receipt can be at most 10 MB."), field="receipt")
    receipt.seek(0)
    head = receipt.read(16)
    receipt.seek(0)
    for magic, (ext, _ctype) in RECEIPT_TYPES.items():
        if head.startswith(magic):
            receipt.name = f"receipt.{ext}"
            return receipt
    raise InvalidInput(_("A receipt must be a PDF, PNG or JPEG file."), field="receipt")


def receipt_content_type(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    for found, ctype in RECEIPT_TYPES.values():
        if found == ext:
            return ctype
    return "application/octet-stream"


# --- settings ----------------------------------------------------------------------------------


def money_settings_update(
    actor, community: Community, *, currency=None, ledger_visibility=None, approval_threshold=None
) -> StewardshipSettings:
    """Stewards change the currency, who reads the ledger, and the approval threshold.

    The currency cannot change once money is recorded: every stored amount is in it, and
    converting history at today's rate would rewrite the books. A private community's ledger
    can be set public, but stays members-only until the community itself is public.
    """
    require_steward(actor, community)
    require_not_concluded(community)
    with transaction.atomic():
        current = StewardshipSettings.objects.select_for_update().filter(community=community)
        found = current.first() or StewardshipSettings(community=community)
        changes = []
        if currency not in (None, "") and currency != found.currency:
            try:
                code = ledger.normalise_currency(currency)
            except ledger.AmountError as exc:
                raise InvalidInput(
                    _amount_words(exc, _("The currency")), field="currency"
                ) from None
            if code != found.currency:
                if (
                    Fund.objects.filter(community=community).exists()
                    or Expense.objects.filter(community=community).exists()
                ):
                    raise Conflict(
                        _(
                            "The currency cannot change once money is recorded in %(c)s: every "
                            "amount in the ledger is kept in it."
                        )
                        % {"c": found.currency},
                    )
                changes.append(_("currency %(a)s → %(b)s") % {"a": found.currency, "b": code})
                found.currency = code
        if ledger_visibility not in (None, ""):
            if ledger_visibility not in LedgerVisibility.values:
                raise InvalidInput(
                    _("The ledger is shown to members or to everyone."), field="ledger_visibility"
                )
            if ledger_visibility != found.ledger_visibility:
                changes.append(
                    _("ledger shown to %(v)s")
                    % {"v": str(LedgerVisibility(ledger_visibility).label).lower()}
                )
                found.ledger_visibility = ledger_visibility
        if approval_threshold not in (None, ""):
            threshold = _amount(
                approval_threshold,
                field="approval_threshold",
                what=_("The approval threshold"),
                allow_zero=True,
            )
            if threshold != found.approval_threshold:
                changes.append(_("second approval from %(a)s") % {"a": threshold})
                found.approval_threshold = threshold
        if not changes:
            return found
        found.updated_at = timezone.now()
        found.save()
        audit_record(
            actor,
            community,
            "money_settings_changed",
            _("Changed the money settings: %(c)s") % {"c": ", ".join(changes)},
            community,
        )
    return found


# --- funds -------------------------------------------------------------------------------------


def fund_record(
    actor,
    community: Community,
    *,
    name,
    kind,
    source,
    amount,
    currency=None,
    rate=None,
    received_on,
    period_start=None,
    period_end=None,
    restricted_to=None,
    restriction_note="",
    ends_on=None,
) -> Fund:
    """A steward records money (or in-kind support valued in money) the community received."""
    require_steward(actor, community)
    require_not_concluded(community)
    settings = settings_for(community)
    today = local_today(community)
    name = _text(name, field="name", limit=NAME_MAX, required_message=_("Name the fund."))
    if kind not in FundKind.values:
        raise InvalidInput(_("Choose what kind of money this is."), field="kind")
    source = _text(
        source, field="source", limit=NAME_MAX, required_message=_("Say where it came from.")
    )
    amount = _amount(amount)
    code, rate = _currency_and_rate(settings.currency, currency, rate)
    received_on = _day(received_on, field="received_on", label=_("The day received"), today=today)
    if received_on is None:
        raise InvalidInput(_("Give the day it was received."), field="received_on")
    period_start = _day(
        period_start, field="period_start", label=_("The period's start"), today=today,
        allow_future=True,
    )  # fmt: skip
    period_end = _day(
        period_end, field="period_end", label=_("The period's end"), today=today,
        allow_future=True,
    )  # fmt: skip
    if period_start and period_end and period_end < period_start:
        raise InvalidInput(_("The period ends before it starts."), field="period_end")
    ends_on = _day(
        ends_on, field="ends_on", label=_("The end date"), today=today, allow_future=True
    )
    if ends_on and ends_on < received_on:
        raise InvalidInput(_("The fund cannot end before it was received."), field="ends_on")
    restricted = _categories(restricted_to)
    note = _text(restriction_note, field="restriction_note", limit=NOTE_MAX)
    amount_community = ledger.convert(amount, rate)
    if amount_community <= 0 or amount_community > ledger.MAX_AMOUNT:
        raise InvalidInput(_("At this rate the amount is out of range."), field="rate")
    with transaction.atomic():
        fund = Fund.objects.create(
            community=community,
            name=name,
            kind=kind,
            source=source,
            amount=amount,
            currency=code,
            rate=rate,
            amount_community=amount_community,
            received_on=received_on,
            period_start=period_start,
            period_end=period_end,
            restricted_to=restricted,
            restriction_note=note,
            ends_on=ends_on,
            created_by=actor,
        )
        audit_record(
            actor,
            community,
            "fund_recorded",
            _("Recorded the fund “%(n)s”: %(a)s %(c)s from %(s)s")
            % {"n": name, "a": amount, "c": code, "s": source},
            fund,
        )
    return fund


# --- expenses ----------------------------------------------------------------------------------


def _needs_second_steward(expense: Expense, threshold: Decimal) -> bool:
    return expense.amount_community >= threshold


def _check_fund_can_pay(fund: Fund, expense: Expense) -> None:
    """The fund's restriction and end date, and that it holds enough (refusing overdrafts)."""
    if fund.restricted_to and expense.category not in fund.restricted_to:
        allowed = ", ".join(str(ExpenseCategory(c).label) for c in fund.restricted_to)
        raise InvalidInput(
            _("“%(f)s” may only pay for: %(a)s. Choose another fund or category.")
            % {"f": fund.name, "a": allowed},
            field="fund",
        )
    if expense.spent_on < fund.received_on:
        raise InvalidInput(
            _("“%(f)s” was received on %(d)s; it cannot pay for spending before that.")
            % {"f": fund.name, "d": fund.received_on.isoformat()},
            field="fund",
        )
    if fund.ends_on and expense.spent_on > fund.ends_on:
        raise InvalidInput(
            _("“%(f)s” ended on %(d)s; it cannot pay for spending after that.")
            % {"f": fund.name, "d": fund.ends_on.isoformat()},
            field="fund",
        )
    balance = fund_balance(fund)
    if expense.amount_community > balance:
        raise Conflict(
            _("“%(f)s” holds %(b)s, not enough for %(a)s: the ledger never goes below zero.")
            % {"f": fund.name, "b": balance, "a": expense.amount_community},
        )


def expense_submit(
    actor,
    community: Community,
    *,
    fund_id,
    spent_on,
    amount,
    category,
    description,
    currency=None,
    rate=None,
    receipt=None,
) -> Expense:
    """Any member records money spent for the community, paid from one fund.

    It waits for a steward's approval. A steward's own expense below the approval threshold
    is approved at once (they could approve it anyway); at or above the threshold a steward
    other than the submitter must approve it.
    """
    require_member(actor, community)
    require_not_concluded(community)
    settings = settings_for(community)
    today = local_today(community)
    try:
        fund_id = int(fund_id)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(_("Choose the fund that pays."), field="fund") from None
    spent_on = _day(spent_on, field="spent_on", label=_("The day spent"), today=today)
    if spent_on is None:
        raise InvalidInput(_("Give the day the money was spent."), field="spent_on")
    amount = _amount(amount)
    code, rate = _currency_and_rate(settings.currency, currency, rate)
    if category not in ExpenseCategory.values:
        raise InvalidInput(_("Choose a category."), field="category")
    description = _text(
        description, field="description", limit=NOTE_MAX,
        required_message=_("Say what it was for."),
    )  # fmt: skip
    receipt = _receipt_checked(receipt)
    amount_community = ledger.convert(amount, rate)
    if amount_community <= 0 or amount_community > ledger.MAX_AMOUNT:
        raise InvalidInput(_("At this rate the amount is out of range."), field="rate")
    with transaction.atomic():
        fund = (
            Fund.objects.select_for_update().filter(community=community, pk=fund_id).first()
            if 0 < fund_id < 2**63
            else None
        )
        if fund is None:
            raise InvalidInput(_("Choose one of this community's funds."), field="fund")
        expense = Expense(
            community=community,
            fund=fund,
            spent_on=spent_on,
            amount=amount,
            currency=code,
            rate=rate,
            amount_community=amount_community,
            category=category,
            description=description,
            submitted_by=actor,
        )
        _check_fund_can_pay(fund, expense)
        at_once = is_steward(actor, community) and not _needs_second_steward(
            expense, settings.approval_threshold
        )
        if at_once:
            expense.status = ExpenseStatus.APPROVED
            expense.decided_by = actor
            expense.decided_at = timezone.now()
            expense.decision_note = _("Below the approval threshold: approved on submission.")
        if receipt is not None:
            expense.receipt = receipt
        expense.save()
        audit_record(
            actor,
            community,
            "expense_submitted",
            _("Submitted %(a)s %(c)s for “%(d)s” from “%(f)s”")
            % {"a": amount, "c": code, "d": description, "f": fund.name},
            expense,
        )
        if at_once:
            audit_record(
                actor,
                community,
                "expense_approved",
                _("Approved (below the threshold) %(a)s %(c)s for “%(d)s”")
                % {"a": amount_community, "c": settings.currency, "d": description},
                expense,
            )
    return expense


def _expense_for_decision(actor, expense_id) -> Expense:
    try:
        expense_id = int(expense_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such expense.")) from None
    expense = (
        Expense.objects.select_for_update()
        .select_related("community")
        .filter(pk=expense_id)
        .first()
        if 0 < expense_id < 2**63
        else None
    )
    if expense is None:
        raise NotFound(_("No such expense."))
    require_member(actor, expense.community)  # 404 for those who cannot see the community
    return expense


def _require_pending(expense: Expense) -> None:
    if expense.status != ExpenseStatus.PENDING:
        raise Conflict(
            _("This expense is already %(s)s.") % {"s": ExpenseStatus(expense.status).label.lower()}
        )


def expense_approve(actor, expense_id, *, note="") -> Expense:
    """A steward approves a pending expense — never their own: a steward's expense below the
    threshold was approved when submitted, so one still pending was at or above it then, and
    raising the threshold afterwards must not let its submitter approve it."""
    note = _text(note, field="note", limit=NOTE_MAX)
    with transaction.atomic():
        expense = _expense_for_decision(actor, expense_id)
        community = expense.community
        require_steward(actor, community)
        require_not_concluded(community)
        _require_pending(expense)
        settings = settings_for(community)
        if expense.submitted_by_id == actor.pk:
            raise NotAllowed(
                _(
                    "You submitted this expense, so another steward approves it (expenses of "
                    "%(t)s %(c)s or more always need a second steward)."
                )
                % {"t": settings.approval_threshold, "c": settings.currency}
            )
        fund = Fund.objects.select_for_update().get(pk=expense.fund_id)
        _check_fund_can_pay(fund, expense)
        expense.status = ExpenseStatus.APPROVED
        expense.decided_by = actor
        expense.decided_at = timezone.now()
        expense.decision_note = note
        expense.updated_at = expense.decided_at
        expense.save()
        audit_record(
            actor,
            community,
            "expense_approved",
            _("Approved %(a)s %(c)s for “%(d)s”")
            % {"a": expense.amount_community, "c": settings.currency, "d": expense.description},
            expense,
        )
    return expense


def expense_reverse(actor, expense_id, *, note) -> Expense:
    """A steward takes back an approved expense that should not have been (a mistake, a
    refund): it stops counting in balances, keeps its row and says why. The ledger is never
    edited in place, so the books show what happened."""
    note = _text(note, field="note", limit=NOTE_MAX, required_message=_("Say why it is reversed."))
    with transaction.atomic():
        expense = _expense_for_decision(actor, expense_id)
        community = expense.community
        require_steward(actor, community)
        require_not_concluded(community)
        if expense.status != ExpenseStatus.APPROVED:
            raise Conflict(_("Only an approved expense can be reversed."))
        expense.status = ExpenseStatus.REVERSED
        expense.decision_note = note
        expense.updated_at = timezone.now()
        expense.save(update_fields=["status", "decision_note", "updated_at"])
        audit_record(
            actor,
            community,
            "expense_reversed",
            _("Reversed “%(d)s”: %(n)s") % {"d": expense.description, "n": note},
            expense,
        )
    return expense


def expense_reject(actor, expense_id, *, note) -> Expense:
    """A steward turns down a pending expense, saying why."""
    note = _text(note, field="note", limit=NOTE_MAX, required_message=_("Say why it is rejected."))
    with transaction.atomic():
        expense = _expense_for_decision(actor, expense_id)
        community = expense.community
        require_steward(actor, community)
        require_not_concluded(community)
        _require_pending(expense)
        expense.status = ExpenseStatus.REJECTED
        expense.decided_by = actor
        expense.decided_at = timezone.now()
        expense.decision_note = note
        expense.updated_at = expense.decided_at
        expense.save()
        audit_record(
            actor,
            community,
            "expense_rejected",
            _("Rejected “%(d)s”: %(n)s") % {"d": expense.description, "n": note},
            expense,
        )
    return expense


def expense_withdraw(actor, expense_id) -> Expense:
    """The person who submitted an expense takes it back while it waits."""
    with transaction.atomic():
        expense = _expense_for_decision(actor, expense_id)
        community = expense.community
        require_not_concluded(community)
        if expense.submitted_by_id != actor.pk:
            raise NotAllowed(_("Only the person who submitted an expense can withdraw it."))
        _require_pending(expense)
        expense.status = ExpenseStatus.WITHDRAWN
        expense.updated_at = timezone.now()
        expense.save()
        audit_record(
            actor,
            community,
            "expense_withdrawn",
            _("Withdrew “%(d)s”") % {"d": expense.description},
            expense,
        )
    return expense


# --- budget ------------------------------------------------------------------------------------


def budget_set(actor, community: Community, *, year, lines: dict) -> list[BudgetLine]:
    """Stewards plan the year: {category: amount}; an empty amount removes the line."""
    require_steward(actor, community)
    require_not_concluded(community)
    today = local_today(community)
    try:
        year = int(year)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(_("Give a year."), field="year") from None
    if not (EARLIEST.year <= year <= today.year + MAX_YEAR_AHEAD):
        raise InvalidInput(_("Plan a year between 1990 and ten years from now."), field="year")
    if not isinstance(lines, dict) or not lines:
        raise InvalidInput(_("Give at least one category's amount."), field="lines")
    wanted: dict[str, Decimal | None] = {}
    for category, amount in lines.items():
        if category not in ExpenseCategory.values:
            raise InvalidInput(
                _("“%(v)s” is not an expense category.") % {"v": str(category)[:40]},
                field="lines",
            )
        wanted[category] = (
            None
            if amount in (None, "")
            else _amount(amount, field=category, what=_("The planned amount"), allow_zero=True)
        )
    with transaction.atomic():
        existing = {
            line.category: line
            for line in BudgetLine.objects.select_for_update().filter(
                community=community, year=year
            )
        }
        changed = []
        now = timezone.now()
        for category, amount in wanted.items():
            line = existing.get(category)
            if amount is None:
                if line is not None:
                    line.delete()
                    changed.append(f"{ExpenseCategory(category).label} —")
                continue
            if line is None:
                BudgetLine.objects.create(
                    community=community, year=year, category=category, amount=amount,
                    updated_at=now,
                )  # fmt: skip
                changed.append(f"{ExpenseCategory(category).label} {amount}")
            elif line.amount != amount:
                line.amount = amount
                line.updated_at = now
                line.save(update_fields=["amount", "updated_at"])
                changed.append(f"{ExpenseCategory(category).label} {amount}")
        if changed:
            audit_record(
                actor,
                community,
                "budget_set",
                _("Planned %(y)s: %(c)s") % {"y": year, "c": ", ".join(changed)},
                community,
            )
    return list(BudgetLine.objects.filter(community=community, year=year).order_by("category"))
