"""The health page in a real browser: a member picks a window and a day with the form, opens a
chart's data table and reads the contributions of a week that the test counted itself from the
acts it wrote; on a phone the page fits the screen."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.health.synthetic import members_since, reply, topic, utc

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def monday(moment):
    day = moment.date()
    return day - timedelta(days=day.weekday())


@pytest.fixture
def active_spring(community, steward, member, make_user):
    """Questions and replies spread over April–June 2025 (the community's time zone is UTC),
    and the number of contributions in each week, counted here from the acts themselves."""
    cleo = make_user("Cleo Reed")
    from practica.communities.services import community_join

    community_join(cleo, community, acknowledge_charter=True)
    members_since(community, utc(2024, 1, 1))
    acts = []
    for n, (day, hour) in enumerate([(7, 9), (8, 14), (23, 10), (2 + 30, 8), (3 + 30, 16)]):
        opened = utc(2025, 4, 1, hour) + timedelta(days=day)
        author = (member, cleo, steward)[n % 3]
        t = topic(community, author, opened, kind="question", title=f"Question {n}")
        acts.append(opened)
        for k, who in enumerate((steward, cleo, member)):
            if who != author and k <= n % 2:
                answered = opened + timedelta(hours=3 + 5 * k)
                reply(t, who, answered)
                acts.append(answered)
    for day in (2, 3, 4):  # a busy week in June
        opened = utc(2025, 6, day, 11)
        t = topic(community, cleo, opened, kind="discussion", title=f"June {day}")
        reply(t, member, opened + timedelta(hours=1))
        acts += [opened, opened + timedelta(hours=1)]
    return {"community": community, "weeks": Counter(monday(a) for a in acts)}


def test_a_member_reads_a_weeks_contributions_from_the_chart_data(
    new_page, live_server, active_spring, member
):
    community = active_spring["community"]
    weeks = active_spring["weeks"]
    busy = max(weeks, key=lambda w: weeks[w])
    label = f"{busy.day} {busy.strftime('%b')} {busy.year}"

    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill("a-long-test-passphrase-42")
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.goto(f"/c/{community.slug}/")
    page.get_by_role("navigation", name="Community sections").get_by_role(
        "link", name="Health"
    ).click()
    expect(page.get_by_role("heading", name="Community health")).to_be_visible()

    # History: the form asks for a window and a day, and the address keeps them.
    page.get_by_label("Window", exact=True).select_option("90")
    page.get_by_label("As of", exact=True).fill("2025-06-30")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"window=90&as_of=2025-06-30"))
    expect(page.get_by_text("Showing the 90 days from 2 Apr 2025 to 30 Jun 2025")).to_be_visible()

    figure = page.locator("#chart-activity-figure")
    expect(figure.get_by_role("img", name="Activity over time")).to_be_visible()
    table = figure.get_by_role("table", name="Activity over time")
    expect(table).to_be_hidden()
    figure.get_by_text("Show the data").click()
    expect(table).to_be_visible()
    row = table.get_by_role("row", name=re.compile(rf"^{re.escape(label)}\b"))
    expect(row.get_by_role("cell")).to_have_text(str(weeks[busy]))
    # A quiet week reads 0, not nothing.
    quiet = busy + timedelta(days=7)
    quiet_label = f"{quiet.day} {quiet.strftime('%b')} {quiet.year}"
    quiet_row = table.get_by_role("row", name=re.compile(rf"^{re.escape(quiet_label)}\b"))
    expect(quiet_row.get_by_role("cell")).to_have_text(str(weeks.get(quiet, 0)))


def test_the_health_page_fits_a_phone(new_page, active_spring):
    community = active_spring["community"]
    page = new_page(width=390, height=844)
    page.goto(f"/c/{community.slug}/health/?window=90&as_of=2025-06-30")
    expect(page.get_by_role("heading", name="How the community is doing")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The cards stack: one per row.
    lefts = page.locator(".health-card").evaluate_all(
        "cards => cards.map(c => Math.round(c.getBoundingClientRect().left))"
    )
    assert len(lefts) >= 8 and len(set(lefts)) == 1
    width = page.locator("svg#chart-activity").evaluate("svg => svg.getBoundingClientRect().width")
    assert 250 < width <= 390
