"""Money in a real browser: a member submits an expense above the approval threshold, a second
steward approves it, and the runway on the ledger changes."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def funded(community, steward, make_user):
    from practica.communities.services import community_join, steward_appoint
    from practica.stewardship.services.money import fund_record

    second = make_user("Sam Second", "sam@example.org")
    community_join(second, community, acknowledge_charter=True)
    steward_appoint(steward, community, second.pk)
    from datetime import date

    fund_record(steward, community, name="Start-up grant", kind="grant", source="City fund",
                amount="3000", received_on=date.today() - timedelta(days=10))  # fmt: skip
    return second


def login(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()


def test_submit_approve_and_see_the_runway_change(new_page, community, member, funded):
    page = new_page()
    login(page, member)
    page.goto(f"/c/{community.slug}/money/")
    expect(page.locator("#runway-headline")).to_contain_text("Nothing was spent")
    page.get_by_role("link", name="Submit an expense").click()
    page.get_by_label("What it was for").fill("Hall for the spring gathering")
    page.get_by_label("Category").select_option("venue")
    page.get_by_label("Amount").fill("600")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("The expense is waiting for a steward.")).to_be_visible()
    expect(page.locator("tr.money-pending")).to_contain_text("Hall for the spring gathering")

    other = new_page()
    login(other, funded)
    other.goto(f"/c/{community.slug}/money/")
    pending = other.locator("#pending")
    expect(pending).to_contain_text("Hall for the spring gathering")
    pending.get_by_role("button", name="Approve").click()
    expect(other.get_by_text("Approved: it now counts in the balances.")).to_be_visible()

    page.reload()
    expect(page.locator("#runway-headline")).to_contain_text("months at the current rate")
    expect(page.locator("#money-balance")).to_have_text(re.compile(r"2,?400\.00"))
