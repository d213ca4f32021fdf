"""The first conversation of a new community, in a real browser.

Ana signs up, creates a community and writes its charter; Ben signs up, joins by
acknowledging the charter and asks a question; Ana answers; Ben marks the answer and thanks
her. Both people use their own browser context, so sessions are real and separate.
"""

import re

import pytest
from playwright.sync_api import expect

from practica.communities.models import Community, Membership
from practica.discussions.models import Post, Topic

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHARTER = "## How we work\n\n- Assume good intent.\n- Share sources.\n- Everyone gets a turn."


def sign_up(page, email, name):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Password", exact=True).fill("a-long-passphrase-for-tests")
    page.get_by_label("Password again").fill("a-long-passphrase-for-tests")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("button", name=re.compile("Log out", re.I))).to_be_visible()


def test_sign_up_create_charter_join_ask_answer_mark_and_thank(new_page):
    ana = new_page()
    sign_up(ana, "ana@example.org", "Ana Lima")

    ana.goto("/communities/new/")
    ana.get_by_label("Name", exact=True).fill("Community Health Workers Exchange")
    ana.get_by_label("Purpose and intentions").fill(
        "Share what works in community health across clinics, councils and charities."
    )
    ana.get_by_label("Values").fill("Curiosity, generosity, evidence over opinion")
    ana.get_by_label("Founding charter").fill(CHARTER)
    ana.get_by_role("button", name="Create the community").click()
    expect(ana.get_by_role("heading", name="Community Health Workers Exchange")).to_be_visible()
    community = Community.objects.get(name="Community Health Workers Exchange")
    ana.goto(f"/c/{community.slug}/charter/")
    expect(ana.get_by_text("Everyone gets a turn.")).to_be_visible()

    ben = new_page(width=390, height=844)  # Ben is on his phone
    sign_up(ben, "ben@example.org", "Ben Okafor")
    ben.goto(f"/c/{community.slug}/")
    ben.get_by_role("link", name="Join", exact=True).first.click()
    expect(ben.get_by_text("Everyone gets a turn.")).to_be_visible()
    join_button = ben.get_by_role("button", name="Join the community")
    join_button.click()  # without the acknowledgement the browser refuses to submit
    assert not Membership.objects.filter(user__email="ben@example.org").exists()
    ben.get_by_label("I have read the charter and will work by it").check()
    join_button.click()
    expect(ben.get_by_role("link", name=re.compile("Start a topic", re.I)).first).to_be_visible()
    membership = Membership.objects.get(user__email="ben@example.org", community=community)
    assert membership.status == "active" and membership.charter_acknowledged.version == 1

    ben.goto(f"/c/{community.slug}/topics/new/?kind=question")
    ben.get_by_label("Title").fill("How do you keep home-visit notes consistent?")
    ben.get_by_label("What would you like to share or ask?").fill(
        "Our team writes visit notes five different ways. What template do you use?"
    )
    ben.get_by_role("button", name="Post the topic").click()
    expect(
        ben.get_by_role("heading", name="How do you keep home-visit notes consistent?")
    ).to_be_visible()
    topic = Topic.objects.get(title__startswith="How do you keep home-visit notes")
    assert topic.kind == "question"

    ana.goto(f"/t/{topic.pk}/")
    ana.get_by_label("Your reply").fill("We use a **SOAP** template with one line per concern.")
    ana.get_by_role("button", name="Post reply").click()
    expect(ana.locator(".prose strong", has_text="SOAP")).to_be_visible()
    answer = Post.objects.get(topic=topic)

    ben.goto(f"/t/{topic.pk}/")
    ben.get_by_role("button", name="Mark as answer").click()
    expect(ben.get_by_text(re.compile("answered", re.I)).first).to_be_visible()
    topic.refresh_from_db()
    assert topic.answer_id == answer.pk

    thanks = ben.locator(f"#post-{answer.pk} .thanks-button")
    thanks.click()
    expect(thanks).to_have_attribute("aria-pressed", "true")
    answer.refresh_from_db()
    assert answer.thanks_count == 1

    # Ana sees that her answer was accepted and thanked.
    ana.goto("/notifications/")
    expect(ana.get_by_text(re.compile("marked your reply as the answer"))).to_be_visible()
    expect(ana.get_by_text(re.compile("thanked you"))).to_be_visible()
