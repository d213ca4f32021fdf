"""Money services: settings, funds, expenses and their approval, the budget — and the ledger
always balancing, whatever valid operations come in whatever order (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practica.communities.models import Activity, AuditEntry
from practica.communities.services import steward_appoint
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.stewardship.models import BudgetLine, Expense, Fund
from practica.stewardship.queries import money as queries
from practica.stewardship.services import money as services

TODAY = date.today()


@pytest.fixture
def second_steward(make_user, community, steward):
    from practica.communities.services import community_join

    person = make_user("Sam Second", "sam@example.org")
    community_join(person, community, acknowledge_charter=True)
    steward_appoint(steward, community, person.pk)
    return person


@pytest.fixture
def grant(community, steward):
    return services.fund_record(
        steward,
        community,
        name="Start-up grant",
        kind="grant",
        source="City health fund",
        amount="5000",
        received_on=TODAY - timedelta(days=60),
        restricted_to=["venue", "catering"],
        restriction_note="Meetings only",
        ends_on=TODAY + timedelta(days=300),
    )


@pytest.fixture
def donations(community, steward):
    return services.fund_record(
        steward, community, name="Donations", kind="donation", source="Members",
        amount="800", received_on=TODAY - timedelta(days=30),
    )  # fmt: skip


def submit(actor, community, fund, amount="50", category="venue", **kw):
    kw.setdefault("spent_on", TODAY)
    kw.setdefault("description", "Room for the spring meetup")
    return services.expense_submit(
        actor, community, fund_id=fund.pk, amount=amount, category=category, **kw
    )


# --- settings ---------------------------------------------------------------------------------


def test_settings_default_then_change_and_audit(community, steward, member):
    assert queries.settings_for(community).currency == "EUR"
    changed = services.money_settings_update(
        steward, community, currency="usd", ledger_visibility="public", approval_threshold="250"
    )
    assert (changed.currency, changed.ledger_visibility) == ("USD", "public")
    assert changed.approval_threshold == Decimal("250.00")
    assert AuditEntry.objects.filter(community=community, action="money_settings_changed").exists()
    with pytest.raises(NotAllowed):
        services.money_settings_update(member, community, currency="GBP")
    for bad in ({"currency": "XYZ"}, {"approval_threshold": "-5"}, {"ledger_visibility": "x"}):
        with pytest.raises(InvalidInput):
            services.money_settings_update(steward, community, **bad)


def test_the_currency_cannot_change_once_money_is_recorded(community, steward, donations):
    with pytest.raises(Conflict):
        services.money_settings_update(steward, community, currency="USD")
    assert queries.settings_for(community).currency == "EUR"


# --- funds ------------------------------------------------------------------------------------


def test_a_fund_in_another_currency_needs_its_rate_and_is_converted(community, steward):
    with pytest.raises(InvalidInput) as err:
        services.fund_record(
            steward, community, name="US gift", kind="donation", source="Friends", amount="100",
            currency="USD", received_on=TODAY,
        )  # fmt: skip
    assert err.value.field == "rate"
    fund = services.fund_record(
        steward, community, name="US gift", kind="donation", source="Friends", amount="100.10",
        currency="USD", rate="0.92125", received_on=TODAY,
    )  # fmt: skip
    assert fund.amount_community == Decimal("92.22")  # 92.217125 → half-even to the cent
    assert Activity.objects.filter(verb="fund_recorded", community=community).count() == 1


@pytest.mark.parametrize(
    "change,field",
    [
        ({"amount": "-10"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "1e12"}, "amount"),
        ({"currency": "ABC"}, "currency"),
        ({"received_on": TODAY + timedelta(days=3)}, "received_on"),
        ({"kind": "loan"}, "kind"),
        ({"restricted_to": ["yachts"]}, "restricted_to"),
        ({"ends_on": TODAY - timedelta(days=400)}, "ends_on"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_funds_are_refused_and_nothing_is_stored(community, steward, change, field):
    data = {"name": "Grant", "kind": "grant", "source": "Fund", "amount": "10",
            "received_on": TODAY - timedelta(days=1), **change}  # fmt: skip
    with pytest.raises(InvalidInput) as err:
        services.fund_record(steward, community, **data)
    assert err.value.field == field
    assert not Fund.objects.exists()


def test_only_stewards_record_funds(community, member, outsider, private_community):
    with pytest.raises(NotAllowed):
        services.fund_record(member, community, name="x", kind="grant", source="y",
                             amount="1", received_on=TODAY)  # fmt: skip
    with pytest.raises(NotFound):
        services.fund_record(outsider, private_community, name="x", kind="grant", source="y",
                             amount="1", received_on=TODAY)  # fmt: skip


# --- expenses ---------------------------------------------------------------------------------


def test_a_members_expense_waits_then_a_steward_approves_it(community, steward, member, grant):
    expense = submit(member, community, grant, "120.50")
    assert expense.status == "pending"
    assert queries.fund_balance(grant) == Decimal("5000.00")
    services.expense_approve(steward, expense.pk, note="Thanks")
    expense.refresh_from_db()
    assert (expense.status, expense.decided_by, expense.decision_note) == (
        "approved", steward, "Thanks",
    )  # fmt: skip
    assert queries.fund_balance(grant) == Decimal("4879.50")
    verbs = set(AuditEntry.objects.filter(community=community).values_list("action", flat=True))
    assert {"expense_submitted", "expense_approved"} <= verbs


def test_a_stewards_small_expense_is_approved_at_once(community, steward, donations):
    expense = submit(steward, community, donations, "99.99", category="tools")
    assert expense.status == "approved" and expense.decided_by == steward


def test_above_the_threshold_another_steward_must_approve(
    community, steward, second_steward, donations
):
    expense = submit(steward, community, donations, "100.00", category="tools")
    assert expense.status == "pending"
    with pytest.raises(NotAllowed):
        services.expense_approve(steward, expense.pk)
    services.expense_approve(second_steward, expense.pk)
    expense.refresh_from_db()
    assert expense.status == "approved" and expense.decided_by == second_steward


def test_a_fund_cannot_pay_for_spending_before_it_was_received(community, steward, donations):
    with pytest.raises(InvalidInput) as refused:
        submit(steward, community, donations, "20", spent_on=donations.received_on - timedelta(1))
    assert refused.value.field == "fund"
    assert not Expense.objects.exists()


def test_raising_the_threshold_does_not_let_a_steward_approve_their_own(
    community, steward, second_steward, donations
):
    expense = submit(steward, community, donations, "150", category="tools")
    services.money_settings_update(steward, community, approval_threshold="1000")
    with pytest.raises(NotAllowed):
        services.expense_approve(steward, expense.pk)
    expense.refresh_from_db()
    assert expense.status == "pending"


def test_restrictions_end_dates_and_overdrafts_are_refused(community, steward, member, grant):
    with pytest.raises(InvalidInput) as err:
        submit(member, community, grant, category="travel")
    assert "may only pay for" in err.value.message
    with pytest.raises(Conflict):
        submit(member, community, grant, "5000.01")
    with pytest.raises(InvalidInput):
        submit(member, community, grant, spent_on=TODAY + timedelta(days=2))
    # Two pending expenses that each fit but together do not: the second approval is refused.
    first = submit(member, community, grant, "3000")
    second = submit(member, community, grant, "2500")
    services.expense_approve(steward, first.pk)
    with pytest.raises(Conflict):
        services.expense_approve(steward, second.pk)
    second.refresh_from_db()
    assert second.status == "pending"
    assert queries.fund_balance(grant) == Decimal("2000.00")


def test_expired_fund_cannot_pay_for_later_spending(community, steward, member):
    fund = services.fund_record(
        steward, community, name="Old grant", kind="grant", source="X", amount="100",
        received_on=TODAY - timedelta(days=100), ends_on=TODAY - timedelta(days=10),
    )  # fmt: skip
    with pytest.raises(InvalidInput):
        submit(member, community, fund, "10")
    assert submit(member, community, fund, "10", spent_on=TODAY - timedelta(days=20))


@pytest.mark.parametrize(
    "change",
    [{"amount": "-3"}, {"amount": "0"}, {"amount": "inf"}, {"currency": "QQQ"},
     {"currency": "USD"}, {"currency": "USD", "rate": "-1"}, {"category": "yachts"},
     {"description": ""}, {"fund_id": 999999}],
)  # fmt: skip
def test_bad_expenses_are_refused_and_nothing_is_stored(community, member, donations, change):
    data = {"fund_id": donations.pk, "spent_on": TODAY, "amount": "10", "category": "tools",
            "description": "Pens", **change}  # fmt: skip
    with pytest.raises(InvalidInput):
        services.expense_submit(member, community, **data)
    assert not Expense.objects.exists()


def test_reject_needs_a_reason_and_withdraw_is_for_the_submitter(
    community, steward, member, donations
):
    expense = submit(member, community, donations, "20", category="tools")
    with pytest.raises(InvalidInput):
        services.expense_reject(steward, expense.pk, note="")
    with pytest.raises(NotAllowed):
        services.expense_withdraw(steward, expense.pk)
    with pytest.raises(NotAllowed):
        services.expense_approve(member, expense.pk)
    services.expense_withdraw(member, expense.pk)
    with pytest.raises(Conflict):
        services.expense_approve(steward, expense.pk)
    other = submit(member, community, donations, "20", category="tools")
    services.expense_reject(steward, other.pk, note="Not ours to pay")
    other.refresh_from_db()
    assert other.status == "rejected" and other.decision_note == "Not ours to pay"
    assert queries.fund_balance(donations) == Decimal("800.00")


def test_outsiders_cannot_touch_a_private_communitys_expenses(
    private_community, steward, member, outsider
):
    fund = services.fund_record(steward, private_community, name="F", kind="grant", source="S",
                                amount="100", received_on=TODAY)  # fmt: skip
    expense = submit(member, private_community, fund, "10", category="tools")
    for act in (services.expense_approve, services.expense_withdraw):
        with pytest.raises(NotFound):
            act(outsider, expense.pk)
    with pytest.raises(NotFound):
        services.expense_approve(steward, 10**30)


def test_a_concluded_community_is_read_only(community, steward, donations):
    from django.utils import timezone

    community.concluded_at = timezone.now()
    community.save()
    with pytest.raises(Conflict):
        submit(steward, community, donations, "5", category="tools")


# --- budget -----------------------------------------------------------------------------------


def test_budget_lines_are_set_changed_and_removed(community, steward, member, donations):
    services.budget_set(steward, community, year=TODAY.year, lines={"venue": "1000", "tools": "50"})
    services.budget_set(steward, community, year=TODAY.year, lines={"tools": "80", "venue": ""})
    assert dict(BudgetLine.objects.values_list("category", "amount")) == {"tools": Decimal("80")}
    submit(steward, community, donations, "30", category="tools")
    rows = {r["category"]: r for r in queries.budget_vs_actual(steward, community, TODAY.year)}
    assert rows["tools"]["actual"] == Decimal("30.00")
    assert rows["tools"]["remaining"] == Decimal("50.00")
    assert rows["venue"]["planned"] is None
    with pytest.raises(NotAllowed):
        services.budget_set(member, community, year=TODAY.year, lines={"tools": "1"})
    for bad in ({"year": 1800, "lines": {"tools": "1"}}, {"year": TODAY.year, "lines": {}},
                {"year": TODAY.year, "lines": {"x": "1"}},
                {"year": TODAY.year, "lines": {"tools": "-1"}}):  # fmt: skip
        with pytest.raises(InvalidInput):
            services.budget_set(steward, community, **bad)


# --- runway -----------------------------------------------------------------------------------


def test_runway_reads_the_trailing_burn(community, steward, second_steward, donations):
    assert queries.community_runway(steward, community).months is None
    submit(steward, community, donations, "60", category="tools")
    run = queries.community_runway(steward, community)
    assert run.burn == Decimal("10.00")
    assert run.usable == Decimal("740.00")
    assert run.months == Decimal("74.0")


# --- the ledger always balances ---------------------------------------------------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["submit", "approve", "reject", "withdraw", "reverse", "fund", "threshold"]
        ),
        st.integers(0, 10),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("900"), places=2),
        st.sampled_from(["venue", "tools", "travel"]),
    ),
    max_size=25,
)


def _rows():
    """Every stored money row, to check that a refused operation changed nothing."""
    return (
        list(Fund.objects.order_by("pk").values()),
        list(Expense.objects.order_by("pk").values()),
    )


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=OPS)
def test_any_sequence_of_operations_keeps_the_ledger_balanced(
    community, steward, second_steward, member, ops
):
    """Against a model of the ledger kept here, apart from the services: what each fund
    received, and each expense's state. Every accepted operation moves the model; every refused
    one leaves every row as it was; balances always equal the model's and never go negative."""
    Expense.objects.all().delete()
    Fund.objects.all().delete()
    funds = [
        services.fund_record(steward, community, name="Venues", kind="grant", source="City",
                             amount="1000", received_on=TODAY, restricted_to=["venue"]),
        services.fund_record(steward, community, name="Open", kind="donation", source="All",
                             amount="500", received_on=TODAY),
    ]  # fmt: skip
    received = {f.pk: Decimal(f.amount) for f in funds}  # the model: money in, per fund
    state: dict[int, tuple[int, Decimal, str, int]] = {}  # expense → (fund, amount, status, by)
    people = [member, steward, second_steward]
    for op, k, amount, category in ops:
        expenses = list(Expense.objects.order_by("pk"))
        before = _rows()
        try:
            if op == "fund":
                fund = services.fund_record(
                    steward, community, name=f"F{k}", kind="other", source="S",
                    amount=amount, received_on=TODAY,
                )  # fmt: skip
                funds.append(fund)
                received[fund.pk] = amount
            elif op == "threshold":
                services.money_settings_update(steward, community, approval_threshold=amount * k)
            elif op == "submit":
                by = people[k % 3]
                e = submit(by, community, funds[k % len(funds)], amount, category)
                state[e.pk] = (e.fund_id, amount, e.status, by.pk)
            elif expenses:
                target = expenses[k % len(expenses)]
                fund_id, value, _status, by = state[target.pk]
                if op == "approve":
                    approver = people[1 + k % 2]
                    services.expense_approve(approver, target.pk)
                    assert approver.pk != by  # nobody approves their own pending expense
                    state[target.pk] = (fund_id, value, "approved", by)
                elif op == "reject":
                    services.expense_reject(people[1 + k % 2], target.pk, note="No")
                    state[target.pk] = (fund_id, value, "rejected", by)
                elif op == "reverse":
                    services.expense_reverse(people[1 + k % 2], target.pk, note="A mistake")
                    state[target.pk] = (fund_id, value, "reversed", by)
                else:
                    services.expense_withdraw(target.submitted_by, target.pk)
                    state[target.pk] = (fund_id, value, "withdrawn", by)
        except (InvalidInput, Conflict, NotAllowed):
            assert _rows() == before  # refused: nothing changed
        spent = {pk: Decimal(0) for pk in received}
        for fund_id, value, status, _by in state.values():
            if status == "approved":
                spent[fund_id] += value
        assert {e.pk: e.status for e in Expense.objects.all()} == {
            pk: status for pk, (_f, _v, status, _b) in state.items()
        }
        for fund in Fund.objects.all():
            balance = queries.fund_balance(fund)
            assert balance == received[fund.pk] - spent[fund.pk] >= 0
            if fund.restricted_to:
                approved = Expense.objects.filter(fund=fund, status="approved")
                assert not approved.exclude(category__in=fund.restricted_to).exists()
        totals = queries.ledger_totals(community)
        assert totals["received"] == sum(received.values())
        assert totals["spent"] == sum(spent.values())
        assert totals["balance"] == totals["received"] - totals["spent"]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("-5", "The amount cannot be negative."),
        ("abc", "The amount: “abc” is not a number"),
        ("1.005", "The amount can have at most two decimal places."),
        ("", "The amount: give an amount."),
    ],
)
def test_a_refused_amount_says_why_in_words(community, steward, amount, words):
    with pytest.raises(InvalidInput) as refused:
        services.fund_record(steward, community, name="Gift", kind="donation", source="Anna",
                             amount=amount, received_on=TODAY)  # fmt: skip
    assert words in refused.value.message and refused.value.field == "amount"


def test_an_approved_expense_can_be_reversed_and_no_longer_counts(
    community, steward, second_steward, member, donations
):
    expense = submit(member, community, donations, "300")
    services.expense_approve(steward, expense.pk)
    assert queries.fund_balance(donations) == Decimal("500.00")
    with pytest.raises(InvalidInput):
        services.expense_reverse(second_steward, expense.pk, note="  ")
    with pytest.raises(NotAllowed):
        services.expense_reverse(member, expense.pk, note="Mine")
    services.expense_reverse(second_steward, expense.pk, note="Paid twice by mistake")
    expense.refresh_from_db()
    assert expense.status == "reversed" and expense.decision_note == "Paid twice by mistake"
    assert queries.fund_balance(donations) == Decimal("800.00")
    assert AuditEntry.objects.filter(action="expense_reversed").count() == 1
    with pytest.raises(Conflict):
        services.expense_reverse(second_steward, expense.pk, note="Again")
    pending = submit(member, community, donations, "10")
    with pytest.raises(Conflict):
        services.expense_reverse(steward, pending.pk, note="Not approved yet")
