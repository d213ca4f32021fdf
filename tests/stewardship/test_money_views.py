"""The money pages: who can read the ledger, the forms, approvals, receipts and the CSV."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practica.stewardship.models import Expense, Fund
from practica.stewardship.services import money as services
from tests.stewardship.test_money_services import TODAY, second_steward, submit  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fund(community, steward):
    return services.fund_record(steward, community, name="Donations", kind="donation",
                                source="Members", amount="800",
                                received_on=TODAY - timedelta(days=30))  # fmt: skip


def url(community, name="", **query):
    base = f"/c/{community.slug}/money/{name}"
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_members_read_the_ledger_others_are_asked_to_join(
    community, steward, member, outsider, client_for, fund
):
    submit(member, community, fund, "25", category="tools")
    page = client_for(member).get(url(community))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Donations" in body and "Room for the spring meetup" in body
    assert client_for(outsider).get(url(community)).status_code == 403
    anonymous = client_for(None).get(url(community))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    services.money_settings_update(steward, community, ledger_visibility="public")
    assert client_for(None).get(url(community)).status_code == 200
    assert client_for(outsider).get(url(community, "ledger.csv")).status_code == 200


def test_a_private_communitys_ledger_is_never_public(
    private_community, steward, outsider, client_for
):
    services.money_settings_update(steward, private_community, ledger_visibility="public")
    assert client_for(outsider).get(url(private_community)).status_code == 404
    assert client_for(None).get(url(private_community)).status_code == 404
    assert client_for(outsider).get(url(private_community, "ledger.csv")).status_code == 404


def test_the_ledger_page_runs_a_bounded_number_of_queries(
    community, steward, member, client_for, fund
):
    from django.core.cache import cache

    client = client_for(steward)
    client.get(url(community))
    cache.clear()  # compare pages rendered afresh (the body is kept between readings)
    with CaptureQueriesContext(connection) as few:
        client.get(url(community))
    for k in range(30):
        submit(member, community, fund, "1", category="tools", description=f"Pens {k}")
    services.fund_record(steward, community, name="More", kind="other", source="S",
                         amount="5", received_on=TODAY)  # fmt: skip
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(community, status="pending", page=2))
    assert response.status_code == 200
    assert len(many) <= len(few) + 3


def test_submit_approve_by_another_steward_and_the_runway_changes(
    community,
    steward,
    second_steward,  # noqa: F811
    member,
    client_for,
    fund,  # noqa: F811
):
    before = client_for(member).get(url(community)).content.decode()
    response = client_for(member).post(
        url(community, "expenses/new/"),
        {"fund": fund.pk, "spent_on": TODAY.isoformat(), "amount": "300", "currency": "EUR",
         "category": "venue", "description": "Hall for the gathering",
         "receipt": SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.status == "pending" and expense.receipt
    ledger = client_for(steward).get(url(community)).content.decode()
    assert "Waiting for your approval" in ledger and "Hall for the gathering" in ledger
    done = client_for(second_steward).post(
        url(community, "expenses/decide/"), {"expense_id": expense.pk, "action": "approve"}
    )
    assert done.status_code == 302
    expense.refresh_from_db()
    assert expense.status == "approved"
    after = client_for(member).get(url(community)).content.decode()
    assert "Nothing was spent in the last six months" in before
    assert "months at the current rate" in after


def test_a_steward_cannot_approve_their_own_large_expense_on_the_page(
    community, steward, client_for, fund
):
    expense = submit(steward, community, fund, "150", category="tools")
    client = client_for(steward)
    response = client.post(
        url(community, "expenses/decide/"), {"expense_id": expense.pk, "action": "approve"},
        follow=True,
    )  # fmt: skip
    assert "another steward approves it" in response.content.decode()
    expense.refresh_from_db()
    assert expense.status == "pending"


def test_bad_expense_input_shows_errors_and_stores_nothing(community, member, client_for, fund):
    for data in (
        {"amount": "-5"}, {"amount": "NaN"}, {"currency": "USD"}, {"category": "travel",
         "amount": "900"}, {"spent_on": (TODAY + timedelta(days=5)).isoformat()},
    ):  # fmt: skip
        payload = {"fund": fund.pk, "spent_on": TODAY.isoformat(), "amount": "5",
                   "currency": "EUR", "category": "tools", "description": "x", **data}  # fmt: skip
        response = client_for(member).post(url(community, "expenses/new/"), payload)
        assert response.status_code in (400, 409), data
        assert "errorlist" in response.content.decode()
    assert not Expense.objects.exists()


def test_receipts_are_for_members_only_and_always_downloaded(
    community, steward, member, outsider, client_for, fund
):
    expense = submit(member, community, fund, "10", category="tools",
                     receipt=SimpleUploadedFile("x.html", PDF))  # fmt: skip
    response = client_for(member).get(url(community, "receipt/", expense=expense.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    services.money_settings_update(steward, community, ledger_visibility="public")
    assert client_for(outsider).get(url(community, "receipt/", expense=expense.pk)).status_code \
        == 403  # fmt: skip
    assert client_for(member).get(url(community, "receipt/", expense=999999)).status_code == 404


def test_only_pdf_png_or_jpeg_receipts_up_to_10_mb(community, member, fund):
    with pytest.raises(Exception) as err:
        submit(member, community, fund, "10", category="tools",
               receipt=SimpleUploadedFile("r.pdf", b"<html><script>alert(1)</script>"))  # fmt: skip
    assert "PDF, PNG or JPEG" in str(err.value)
    big = SimpleUploadedFile("r.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(Exception) as err:
        submit(member, community, fund, "10", category="tools", receipt=big)
    assert "10 MB" in str(err.value)
    assert not Expense.objects.exists()


def test_stewards_record_funds_plan_the_budget_and_change_settings(
    community, steward, member, client_for
):
    client = client_for(steward)
    response = client.post(
        url(community, "funds/new/"),
        {"name": "Grant", "kind": "grant", "source": "Foundation", "amount": "1000",
         "currency": "USD", "rate": "0.9", "received_on": TODAY.isoformat(),
         "restricted_to": ["venue", "travel"]},
    )  # fmt: skip
    assert response.status_code == 302
    fund = Fund.objects.get()
    assert fund.amount_community == Decimal("900.00") and fund.restricted_to == ["venue", "travel"]
    response = client.post(url(community, "budget/"), {"year": TODAY.year, "line_venue": "400"})
    assert response.status_code == 302
    page = client.get(url(community)).content.decode()
    assert "400.00" in page
    response = client.post(url(community, "settings/"), {"currency": "GBP",
                           "ledger_visibility": "members", "approval_threshold": "50"})  # fmt: skip
    assert response.status_code == 409
    # Members are sent back to the ledger from the stewards' forms, and refused on POST.
    assert client_for(member).get(url(community, "funds/new/")).status_code == 302
    assert client_for(member).get(url(community, "budget/")).status_code == 302
    assert client_for(member).get(url(community, "settings/")).status_code == 403
    assert client_for(member).post(url(community, "funds/new/"), {"name": "x"}).status_code == 403


def test_csv_export_holds_funds_and_expenses_and_defuses_formulas(
    community, member, client_for, fund
):
    submit(member, community, fund, "12.5", category="tools", description="=HYPERLINK(1)")
    response = client_for(member).get(url(community, "ledger.csv"))
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "type" and rows[1][0] == "fund" and rows[2][0] == "expense"
    assert rows[2][5] == "'=HYPERLINK(1)" and rows[2][9] == "12.50"


def test_a_steward_reverses_an_approved_expense_on_the_ledger(
    community, steward, member, client_for, fund
):
    expense = submit(member, community, fund, "40", category="tools")
    services.expense_approve(steward, expense.pk)
    page = client_for(steward).get(url(community)).content.decode()
    assert "Reverse this expense" in page
    assert "Reverse this expense" not in client_for(member).get(url(community)).content.decode()
    response = client_for(steward).post(
        url(community, "expenses/decide/"),
        {"expense_id": expense.pk, "action": "reverse", "note": "Refunded"},
        follow=True,
    )
    assert "no longer counts in the balances" in response.content.decode()
    expense.refresh_from_db()
    assert expense.status == "reversed"


def test_csv_export_holds_every_fund_not_only_a_page_of_them(
    community, steward, member, client_for, fund
):
    for k in range(55):
        services.fund_record(
            steward, community, name=f"Gift {k}", kind="donation", source="Member",
            amount="10", received_on=fund.received_on,
        )  # fmt: skip
    response = client_for(member).get(url(community, "ledger.csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sum(1 for row in rows if row[0] == "fund") == 56


def test_junk_filters_and_pages_do_not_fail(community, member, client_for, fund):
    client = client_for(member)
    for query in ("status=nope&category=x&fund=abc&page=-1", "year=99999", "fund=99999999999"):
        assert client.get(url(community) + "?" + query).status_code == 200
