"""A reflection round in a real browser: Ana opens it, five members answer it privately,
Ana closes it and everyone sees the aggregate — never one another's answers."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from practica.communities.services import community_create, community_join
from practica.reflection.models import CheckInAnswer
from practica.reflection.services import local_today
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    expect(page.get_by_role("button", name=re.compile("Log out", re.I))).to_be_visible()


def answer(page, round_url, *, score, story, sharing):
    page.goto(round_url)
    page.get_by_role("radio", name=re.compile(rf"^\s*{score}\b")).check()
    page.get_by_label("How many hours a month could you give now?").fill("4")
    page.get_by_label("What value did you get? Tell a short story").fill(story)
    page.get_by_label(re.compile("Applied value")).check()
    page.get_by_label(sharing).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Your answer is saved and stays private.")).to_be_visible()


def test_open_answer_close_and_see_the_aggregate(new_page, make_user):
    ana = make_user("Ana Lima", "ana@example.org")
    people = [
        make_user("Ben Okafor", "ben@example.org"),
        make_user("Chloé Martin", "chloe@example.org"),
        make_user("Dev Rao", "dev@example.org"),
        make_user("Eve Moyo", "eve@example.org"),
        make_user("Femi Adeyemi", "femi@example.org"),
    ]
    community = community_create(ana, name="Home Visit Practice", purpose="Home visits.")
    for person in people:
        community_join(person, community, acknowledge_charter=True)

    ana_page = new_page()
    log_in(ana_page, "ana@example.org")
    ana_page.goto(f"/c/{community.slug}/")
    ana_page.get_by_role("link", name="Reflection").click()
    ana_page.get_by_label("Title").fill("Spring check-in")
    closes = local_today(community) + timedelta(days=14)
    ana_page.get_by_label("Closes on").fill(closes.isoformat())
    ana_page.get_by_role("button", name="Open the round").click()
    expect(ana_page.get_by_role("heading", name="Spring check-in")).to_be_visible()
    round_url = ana_page.url

    stories = ["Ben's private story", "Chloé's shared story", "Dev's named story", "", ""]
    sharings = ["Keep it to myself", "Share it without my name", "Share it with my name"]
    sharings += ["Keep it to myself"] * 2
    scores = [3, 4, 5, 4, 4]
    for i, (person, story, sharing, score) in enumerate(
        zip(people, stories, sharings, scores, strict=True)
    ):
        page = new_page(width=390, height=844) if i == 0 else new_page()
        log_in(page, person.email)
        answer(page, round_url, score=score, story=story, sharing=sharing)
        # While the round is open, only the count shows.
        expect(page.get_by_text(re.compile(rf"{i + 1} answers? so far"))).to_be_visible()
    assert CheckInAnswer.objects.count() == 5

    ana_page.goto(round_url)
    expect(ana_page.get_by_text("Ben's private story")).to_have_count(0)
    ana_page.get_by_role("button", name="Close the round").click()
    expect(ana_page.get_by_text("5 answers. Worthwhile: mean 4, median 4.")).to_be_visible()
    expect(ana_page.get_by_text("5 people could give 20 hours a month in all")).to_be_visible()

    ana_page.get_by_role("link", name="Retrospective").first.click()
    expect(ana_page.get_by_text("Chloé's shared story")).to_be_visible()
    expect(ana_page.get_by_text("Dev's named story")).to_be_visible()
    expect(ana_page.get_by_text("Ben's private story")).to_have_count(0)
    expect(ana_page.get_by_text("Chloé Martin")).to_have_count(0)
    expect(ana_page.get_by_role("heading", name=re.compile("Health at the round"))).to_be_visible()
