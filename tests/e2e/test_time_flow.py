"""Time in a real browser: a member logs the hours they gave, sees them among their own
entries and in the community's hours by kind of work; a refused entry keeps what was typed."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()


def test_log_time_and_see_it_counted(new_page, community, member):
    page = new_page()
    login(page, member)
    page.goto(f"/c/{community.slug}/")
    page.get_by_role("link", name="Sustaining").click()
    expect(page).to_have_url(re.compile(rf"/c/{community.slug}/time/"))
    expect(page.locator("#time-mine").locator("..")).to_contain_text(
        "You have not logged any time here yet."
    )

    day = date.today().isoformat()  # the community was created today
    page.get_by_label("Day").fill(day)
    page.get_by_role("spinbutton", name="Hours").fill("30")  # more than a day holds
    page.get_by_label("Kind of work").select_option("facilitating")
    page.get_by_label("Note").fill("Ran the spring call")
    page.get_by_role("button", name="Log time").click()
    expect(page.locator(".form-card")).to_contain_text("24")  # the error names the limit
    expect(page.get_by_label("Note")).to_have_value("Ran the spring call")

    page.get_by_role("spinbutton", name="Hours").fill("2.5")
    page.get_by_role("button", name="Log time").click()
    mine = page.locator("#time-mine").locator("..")
    expect(mine).to_contain_text("Facilitating")
    expect(mine).to_contain_text("2.5")
    expect(mine).to_contain_text("Ran the spring call")
    shared = page.locator("#time-community").locator("..")
    expect(shared.get_by_role("row", name=re.compile("Facilitating"))).to_contain_text("2.5")
