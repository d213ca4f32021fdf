"""The arithmetic of a community's money, on plain data: amounts, conversion, balances, burn
and runway (docs/stewardship-money.md).

No Django here: services and queries hand in dates and ``Decimal`` amounts already read from
the database, so every rule can be tested with hypothesis on its own.

Rules chosen where the issue was silent:

* Amounts are ``Decimal`` with two places; a foreign amount is converted with the rate used
  (units of the community's currency per unit of the foreign one) and rounded half-to-even
  ("banker's rounding", what accounting software does) to the cent.
* A fund's balance is what it received minus its approved expenses. Pending, rejected and
  withdrawn expenses do not count.
* The burn is the approved spending of the trailing six months — the days after the same day
  six months ago, up to and including today — divided by six.
* The runway spends the usable money at the burn, from today, drawing first on the fund that
  ends soonest (funds without an end date last). Money still in a fund on its end date is
  lost: it cannot pay for anything later. The runway ends the day the money is gone.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# The largest amount Practica takes: far beyond any community's budget, well inside the column.
MAX_AMOUNT = Decimal("10000000000")  # 1e10
MAX_RATE = Decimal("1000000")
BURN_MONTHS = 6
# A runway longer than a century is shown as "more than 100 years" (and dates stay valid).
MAX_RUNWAY_DAYS = 36525
DAYS_PER_MONTH = Decimal("365.25") / 12  # 30.4375

# ISO 4217 codes of currencies in current use that a community is likely to hold money in.
CURRENCIES = frozenset(
    """AED ARS AUD BDT BGN BRL BWP CAD CHF CLP CNY COP CZK DKK DZD EGP ETB EUR GBP GHS HKD HUF
    IDR ILS INR ISK JOD JPY KES KRW KZT LKR MAD MXN MYR NGN NOK NPR NZD PEN PHP PKR PLN QAR RON
    RSD RUB RWF SAR SEK SGD THB TND TRY TWD TZS UAH UGX USD UYU VND XAF XOF ZAR ZMW""".split()
)


class AmountError(ValueError):
    """An amount, rate or currency a person typed that cannot be used. ``code`` says what is
    wrong and ``params`` the values to name; the services word it in the reader's language
    (this module knows no Django, so no translation)."""

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return f"{self.code}: {self.params}" if self.params else self.code


def parse_amount(value, *, allow_zero: bool = False) -> Decimal:
    """A money amount from what a person or a client sent: a positive number with at most two
    decimal places, at most 1e10. Refuses NaN, infinities, negatives and fractions of a cent."""
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(" ", "") if value is not None else ""
    if not text:
        raise AmountError("missing")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise AmountError("not_a_number", text=text[:40]) from None
    if not amount.is_finite():
        raise AmountError("not_finite")
    if amount < 0:
        raise AmountError("negative")
    if amount == 0 and not allow_zero:
        raise AmountError("zero")
    if amount > MAX_AMOUNT:
        raise AmountError("too_large")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_EVEN):
        raise AmountError("too_precise")
    return amount.quantize(CENT)


def parse_rate(value) -> Decimal:
    """A conversion rate: positive, at most 1,000,000, at most eight decimal places."""
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip() if value is not None else ""
    if not text:
        raise AmountError("rate_missing")
    try:
        rate = Decimal(text)
    except (InvalidOperation, ValueError):
        raise AmountError("rate_not_a_number", text=text[:40]) from None
    if not rate.is_finite() or rate <= 0:
        raise AmountError("rate_not_positive")
    if rate > MAX_RATE:
        raise AmountError("rate_too_large")
    if rate != rate.quantize(Decimal("0.00000001")):
        raise AmountError("rate_too_precise")
    return rate


def normalise_currency(value) -> str:
    code = str(value or "").strip().upper()
    if code not in CURRENCIES:
        raise AmountError("unknown_currency", currency=code[:10])
    return code


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` in the community's currency, rounded half-to-even to the cent."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)


# --- balances ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundFlow:
    """A fund as the ledger sees it: what came in, what approved expenses took out."""

    fund_id: int
    received: Decimal
    spent: Decimal = ZERO
    ends_on: date | None = None

    @property
    def balance(self) -> Decimal:
        return self.received - self.spent


def balances(funds: Iterable[tuple[int, Decimal]], expenses: Iterable[tuple[int, Decimal]]):
    """{fund id: received − approved spent} from (fund id, amount) pairs; ``expenses`` are the
    approved ones only. An expense of an unknown fund is an error, never silently dropped."""
    result = {fund_id: Decimal(amount) for fund_id, amount in funds}
    for fund_id, amount in expenses:
        if fund_id not in result:
            raise KeyError(fund_id)
        result[fund_id] -= amount
    return result


# --- burn and runway ---------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def burn_window(today: date, months: int = BURN_MONTHS) -> tuple[date, date]:
    """The days whose approved spending makes the burn: (first, last), both included."""
    return months_before(today, months) + timedelta(days=1), today


def monthly_burn(spending: Iterable[tuple[date, Decimal]], today: date) -> Decimal:
    """Approved spending per month, averaged over the trailing six months (to the cent)."""
    first, last = burn_window(today)
    total = sum((amount for day, amount in spending if first <= day <= last), ZERO)
    return (total / BURN_MONTHS).quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass
class Runway:
    """How long the money lasts at the burn. ``months``/``runs_out_on`` are None when nothing
    was spent in the trailing six months (no rate to project with)."""

    today: date
    burn: Decimal
    usable: Decimal  # money still usable today (funds not ended, positive balances)
    months: Decimal | None
    runs_out_on: date | None
    lost: Decimal = ZERO  # money that will reach its fund's end date unspent at this burn
    capped: bool = False  # the money lasts longer than MAX_RUNWAY_DAYS: the numbers are that
    # The projected balance: (day, money left) at today, every fund's end and the end.
    points: list[tuple[date, Decimal]] = field(default_factory=list)


def runway(funds: Iterable[FundFlow], burn: Decimal, today: date) -> Runway:
    """Spend the usable money at ``burn`` per month from ``today``, soonest-ending fund first.

    A fund that ended before today holds nothing usable; money still in a fund on its end date
    is lost at the end of that day. The result's ``months`` counts from today to the day the
    money is gone, in months of 365.25 / 12 days, to one decimal place.
    """
    usable_funds = sorted(
        (f for f in funds if f.balance > 0 and (f.ends_on is None or f.ends_on >= today)),
        key=lambda f: (f.ends_on is None, f.ends_on or today, f.fund_id),
    )
    usable = sum((f.balance for f in usable_funds), ZERO).quantize(CENT)
    if burn <= 0:
        return Runway(today, burn, usable, None, None, ZERO, points=[(today, usable)])
    per_day = burn / DAYS_PER_MONTH
    t = Decimal(0)  # days from today, the money spent so far is t × per_day
    left = usable
    lost = ZERO
    points = [(today, usable)]
    for fund in usable_funds:
        money = fund.balance
        if fund.ends_on is not None:
            # The fund can pay until the end of its last day.
            horizon = Decimal((fund.ends_on - today).days + 1)
            if horizon <= t:
                lost += money
                left -= money
                points.append((fund.ends_on, left.quantize(CENT)))
                continue
            can_spend = (horizon - t) * per_day
            if can_spend < money:
                t = horizon
                left -= can_spend
                lost += money - can_spend
                left -= money - can_spend
                points.append((fund.ends_on, max(left, ZERO).quantize(CENT)))
                continue
        t += money / per_day
        left -= money
    capped = t > MAX_RUNWAY_DAYS
    t = min(t, Decimal(MAX_RUNWAY_DAYS))
    runs_out = today + timedelta(days=int(t))
    points = [(day, value) for day, value in points if day <= runs_out]
    if points[-1][0] != runs_out:
        points.append((runs_out, ZERO))
    months = (t / DAYS_PER_MONTH).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    return Runway(
        today, burn, usable, months, runs_out, lost.quantize(CENT), capped=capped, points=points
    )
