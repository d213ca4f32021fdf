"""The money API: same rules as the pages, amounts as strings, clear errors."""

from datetime import timedelta

from practica.stewardship.models import Expense, Fund
from practica.stewardship.services import money as services
from tests.stewardship.test_money_services import TODAY, second_steward  # noqa: F401


def _fund(api, slug, **change):
    data = {"name": "Grant", "kind": "grant", "source": "Foundation", "amount": "1000",
            "received_on": (TODAY - timedelta(days=5)).isoformat(), **change}  # fmt: skip
    return api.post(f"/communities/{slug}/funds", data)


def test_funds_expenses_approval_and_runway(
    community,
    steward,
    second_steward,  # noqa: F811
    member,
    api_for,  # noqa: F811
):
    slug = community.slug
    status, fund = _fund(api_for(steward), slug, restricted_to=["venue"])
    assert status == 201 and fund["balance"] == "1000.00" and fund["restricted_to"] == ["venue"]
    status, expense = api_for(member).post(
        f"/communities/{slug}/expenses",
        {"fund_id": fund["id"], "spent_on": TODAY.isoformat(), "amount": "240.5",
         "category": "venue", "description": "Hall"},
    )  # fmt: skip
    assert status == 201 and expense["status"] == "pending" and expense["amount"] == "240.50"
    status, body = api_for(member).post(f"/communities/{slug}/expenses/{expense['id']}/approve")
    assert status == 403
    status, body = api_for(second_steward).post(
        f"/communities/{slug}/expenses/{expense['id']}/approve", {"note": "ok"}
    )
    assert status == 200 and body["status"] == "approved" and body["decision_note"] == "ok"
    status, funds = api_for(member).get(f"/communities/{slug}/funds")
    assert funds["items"][0]["balance"] == "759.50"
    status, runway = api_for(member).get(f"/communities/{slug}/runway")
    assert status == 200
    assert runway["burn_per_month"] == "40.08" and runway["usable"] == "759.50"
    assert runway["months"] == "18.9" and runway["runs_out_on"]
    status, page = api_for(member).get(f"/communities/{slug}/expenses?status=approved")
    assert page["total"] == 1


def test_bad_input_is_refused_clearly_and_nothing_is_stored(community, steward, member, api_for):
    slug = community.slug
    api = api_for(steward)
    for change in (
        {"amount": "-1"},
        {"amount": "NaN"},
        {"currency": "XYZ"},
        {"currency": "USD"},
        {"received_on": (TODAY + timedelta(days=9)).isoformat()},
    ):
        status, body = _fund(api, slug, **change)
        assert status in (400, 422), change
        assert body["detail"]
    assert not Fund.objects.exists()
    status, fund = _fund(api, slug, restricted_to=["venue"])
    status, body = api_for(member).post(
        f"/communities/{slug}/expenses",
        {"fund_id": fund["id"], "spent_on": TODAY.isoformat(), "amount": "5",
         "category": "travel", "description": "Train"},
    )  # fmt: skip
    assert status == 400 and "may only pay for" in body["detail"]
    status, body = api_for(member).post(
        f"/communities/{slug}/expenses",
        {"fund_id": fund["id"], "spent_on": TODAY.isoformat(), "amount": "5000",
         "category": "venue", "description": "Castle"},
    )  # fmt: skip
    assert status == 409
    assert not Expense.objects.exists()


def test_own_expense_above_threshold_and_withdraw(community, steward, api_for):
    slug = community.slug
    _s, fund = _fund(api_for(steward), slug)
    _s, expense = api_for(steward).post(
        f"/communities/{slug}/expenses",
        {"fund_id": fund["id"], "spent_on": TODAY.isoformat(), "amount": "500",
         "category": "tools", "description": "Laptop"},
    )  # fmt: skip
    status, body = api_for(steward).post(f"/communities/{slug}/expenses/{expense['id']}/approve")
    assert status == 403 and "another steward approves it" in body["detail"]
    status, body = api_for(steward).post(f"/communities/{slug}/expenses/{expense['id']}/withdraw")
    assert status == 200 and body["status"] == "withdrawn"


def test_reverse_an_approved_expense(community, steward, member, api_for):
    slug = community.slug
    _s, fund = _fund(api_for(steward), slug)
    _s, expense = api_for(steward).post(
        f"/communities/{slug}/expenses",
        {"fund_id": fund["id"], "spent_on": TODAY.isoformat(), "amount": "20",
         "category": "tools", "description": "Pens"},
    )  # fmt: skip
    assert expense["status"] == "approved"  # a steward's small expense
    path = f"/communities/{slug}/expenses/{expense['id']}/reverse"
    assert api_for(member).post(path, {"note": "No"})[0] == 403
    assert api_for(steward).post(path, {})[0] == 400
    status, body = api_for(steward).post(path, {"note": "Refunded by the shop"})
    assert status == 200 and body["status"] == "reversed"
    assert api_for(steward).post(path, {"note": "Again"})[0] == 409


def test_budget_and_settings(community, steward, member, api_for):
    slug = community.slug
    status, body = api_for(steward).call(
        "put", f"/communities/{slug}/budget",
        {"year": TODAY.year, "lines": [{"category": "venue", "amount": "1200"}]},
    )  # fmt: skip
    assert status == 200
    venue = next(line for line in body["lines"] if line["category"] == "venue")
    assert venue["planned"] == "1200.00" and venue["actual"] == "0.00"
    status, _b = api_for(member).call(
        "put", f"/communities/{slug}/budget",
        {"year": TODAY.year, "lines": [{"category": "venue", "amount": "1"}]},
    )  # fmt: skip
    assert status == 403
    status, body = api_for(steward).patch(
        f"/communities/{slug}/stewardship-settings",
        {"ledger_visibility": "public", "approval_threshold": "75"},
    )
    assert status == 200 and body["ledger_public"] is True and body["approval_threshold"] == "75.00"
    assert api_for(None).get(f"/communities/{slug}/funds")[0] == 200
    assert api_for(member).patch(f"/communities/{slug}/stewardship-settings",
                                 {"currency": "USD"})[0] == 403  # fmt: skip


def test_private_and_members_only_ledgers(community, private_community, steward, outsider, api_for):
    services.money_settings_update(steward, private_community, ledger_visibility="public")
    for path in ("funds", "expenses", "runway", "budget", "stewardship-settings"):
        assert api_for(outsider).get(f"/communities/{private_community.slug}/{path}")[0] == 404
        assert api_for(None).get(f"/communities/{private_community.slug}/{path}")[0] == 404
        assert api_for(outsider).get(f"/communities/{community.slug}/{path}")[0] == 403
        assert api_for(None).get(f"/communities/{community.slug}/{path}")[0] == 401
