"""The ledger's arithmetic on plain data: amounts, conversion, balances, burn and runway."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practica.stewardship import ledger
from practica.stewardship.ledger import FundFlow

TODAY = date(2025, 6, 15)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@pytest.mark.parametrize(
    "text,expected",
    [("12", Decimal("12.00")), (" 1250.5 ", Decimal("1250.50")), ("0.01", Decimal("0.01"))],
)
def test_amounts_are_read_as_decimals(text, expected):
    assert ledger.parse_amount(text) == expected


@pytest.mark.parametrize(
    "text", ["", "-1", "0", "NaN", "inf", "-inf", "1e309", "abc", "0.001", "10000000000.01", "1e11"]
)
def test_bad_amounts_are_refused_with_a_reason(text):
    with pytest.raises(ledger.AmountError) as err:
        ledger.parse_amount(text)
    assert str(err.value)


def test_zero_is_allowed_only_where_asked():
    assert ledger.parse_amount("0", allow_zero=True) == Decimal("0.00")


@pytest.mark.parametrize("text", ["0", "-2", "NaN", "x", "1000001", "1.123456789"])
def test_bad_rates_are_refused(text):
    with pytest.raises(ledger.AmountError):
        ledger.parse_rate(text)


def test_currencies_are_known_codes():
    assert ledger.normalise_currency(" usd ") == "USD"
    for bad in ("", "XXX", "EURO", "eu"):
        with pytest.raises(ledger.AmountError):
            ledger.normalise_currency(bad)


def test_conversion_rounds_half_to_even():
    assert ledger.convert(Decimal("10.00"), Decimal("0.1225")) == Decimal("1.22")  # 1.225
    assert ledger.convert(Decimal("10.00"), Decimal("0.1235")) == Decimal("1.24")  # 1.235
    assert ledger.convert(Decimal("100.00"), Decimal("1.08254")) == Decimal("108.25")


@given(
    funds=st.lists(amounts, min_size=1, max_size=5),
    spends=st.lists(st.tuples(st.integers(0, 4), amounts), max_size=20),
)
def test_balances_are_receipts_minus_approved_spending(funds, spends):
    pairs = list(enumerate(funds))
    spent = [(k % len(funds), a) for k, a in spends]
    result = ledger.balances(pairs, spent)
    for fund_id, received in pairs:
        assert result[fund_id] == received - sum((a for f, a in spent if f == fund_id), Decimal(0))
    assert sum(result.values()) == sum(funds) - sum(a for _f, a in spent)


def test_an_expense_of_an_unknown_fund_is_an_error():
    with pytest.raises(KeyError):
        ledger.balances([(1, Decimal(10))], [(2, Decimal(1))])


def test_the_burn_is_six_months_of_spending_divided_by_six():
    spending = [
        (date(2024, 12, 15), Decimal("600")),  # exactly six months ago: outside
        (date(2024, 12, 16), Decimal("60")),
        (TODAY, Decimal("540")),
        (TODAY + timedelta(days=1), Decimal("1000")),  # future: outside
    ]
    assert ledger.monthly_burn(spending, TODAY) == Decimal("100.00")
    assert ledger.months_before(date(2025, 8, 31), 6) == date(2025, 2, 28)


def test_runway_without_end_dates_is_balance_over_burn():
    run = ledger.runway([FundFlow(1, Decimal("1200"))], Decimal("100"), TODAY)
    assert run.months == Decimal("12.0")
    assert run.runs_out_on == TODAY + timedelta(days=365)
    assert run.lost == 0


def test_money_of_a_fund_that_ends_is_only_usable_until_its_end():
    # 1,000 in a grant ending in about a month, 300 without end, burn 300 a month: the grant
    # pays for one month (about 300), the rest of it is lost, then 300 lasts one more month.
    ends = TODAY + timedelta(days=30)
    funds = [FundFlow(1, Decimal("1000"), ends_on=ends), FundFlow(2, Decimal("300"))]
    run = ledger.runway(funds, Decimal("300"), TODAY)
    assert run.usable == Decimal("1300")
    assert Decimal("2.0") <= run.months <= Decimal("2.1")
    assert Decimal("690") < run.lost < Decimal("710")
    # A fund that already ended holds nothing usable.
    gone = ledger.runway([FundFlow(1, Decimal("500"), ends_on=TODAY - timedelta(days=1))],
                         Decimal("100"), TODAY)  # fmt: skip
    assert gone.usable == 0 and gone.months == 0 and gone.runs_out_on == TODAY


def test_no_spending_means_no_runway_to_project():
    run = ledger.runway([FundFlow(1, Decimal("1000"))], Decimal("0"), TODAY)
    assert run.months is None and run.runs_out_on is None and run.usable == Decimal("1000")


funds_strategy = st.lists(
    st.tuples(amounts, st.one_of(st.none(), st.integers(-30, 800))), min_size=1, max_size=6
)


def _flows(spec):
    return [
        FundFlow(k, amount, ends_on=None if days is None else TODAY + timedelta(days=days))
        for k, (amount, days) in enumerate(spec)
    ]


@given(spec=funds_strategy, burn=amounts, extra=amounts)
def test_more_money_never_shortens_the_runway(spec, burn, extra):
    before = ledger.runway(_flows(spec), burn, TODAY)
    richer = [(spec[0][0] + extra, spec[0][1])] + spec[1:]
    after = ledger.runway(_flows(richer), burn, TODAY)
    assert after.runs_out_on >= before.runs_out_on
    assert after.months >= before.months


@given(spec=funds_strategy, burn=amounts, more=amounts)
def test_spending_faster_never_lengthens_the_runway(spec, burn, more):
    slow = ledger.runway(_flows(spec), burn, TODAY)
    fast = ledger.runway(_flows(spec), burn + more, TODAY)
    assert fast.runs_out_on <= slow.runs_out_on


@given(spec=funds_strategy, burn=amounts)
def test_end_dates_never_lengthen_the_runway_and_money_is_accounted_for(spec, burn):
    with_ends = ledger.runway(_flows(spec), burn, TODAY)
    without = ledger.runway(_flows([(a, None) for a, _d in spec]), burn, TODAY)
    assert with_ends.runs_out_on <= without.runs_out_on
    assert Decimal(0) <= with_ends.lost <= with_ends.usable
    # What is spent before the money runs out plus what is lost is what was usable.
    days = (with_ends.runs_out_on - TODAY).days
    spent_max = burn / ledger.DAYS_PER_MONTH * (days + 1)
    if not with_ends.capped:
        assert with_ends.usable - with_ends.lost <= spent_max + Decimal("0.01")
    assert with_ends.points[0] == (TODAY, with_ends.usable)
    assert all(p[1] >= 0 for p in with_ends.points)
