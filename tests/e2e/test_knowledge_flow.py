"""From a question to documented, searchable knowledge, in a real browser.

Ben asks a question and Ana answers it; Ben marks the answer. Ana turns the thread into a
draft article with "Document this", edits it twice (Ben is credited as a source), publishes
it, compares the first and the latest revision, and finally Ben finds the article by
searching for a word that only its latest revision contains.
"""

import re

import pytest
from playwright.sync_api import expect

from practica.communities.services import community_create, community_join
from practica.knowledge.models import Article, CreditRole
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    expect(page.get_by_role("button", name=re.compile("Log out", re.I))).to_be_visible()


def edit_article(page, article_id, *, body, summary):
    page.goto(f"/a/{article_id}/edit/")
    page.get_by_label("Text").fill(body)
    page.get_by_label("What did you change?").fill(summary)
    page.get_by_role("button", name="Save as a new revision").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def test_question_answered_documented_edited_diffed_and_found(new_page, make_user):
    ana = make_user("Ana Lima", "ana@example.org")
    ben = make_user("Ben Okafor", "ben@example.org")
    community = community_create(
        ana,
        name="Home Visit Practice",
        purpose="Sharing how community health workers run home visits.",
    )
    community_join(ben, community, acknowledge_charter=True)

    ben_page = new_page(width=390, height=844)
    log_in(ben_page, "ben@example.org")
    ben_page.goto(f"/c/{community.slug}/topics/new/?kind=question")
    ben_page.get_by_label("Title").fill("How do you keep home-visit notes consistent?")
    ben_page.get_by_label("What would you like to share or ask?").fill(
        "Our team writes visit notes five different ways. What template do you use?"
    )
    ben_page.get_by_role("button", name="Post the topic").click()
    expect(ben_page.get_by_role("heading", name=re.compile("home-visit notes"))).to_be_visible()
    topic_url = ben_page.url

    ana_page = new_page()
    log_in(ana_page, "ana@example.org")
    ana_page.goto(topic_url)
    ana_page.get_by_label("Your reply").fill("We use a SOAP template with one line per concern.")
    ana_page.get_by_role("button", name="Post reply").click()
    expect(ana_page.get_by_text("one line per concern")).to_be_visible()

    ben_page.goto(topic_url)
    ben_page.get_by_role("button", name="Mark as answer").click()
    expect(ben_page.get_by_text(re.compile("answered", re.I)).first).to_be_visible()

    # Ana documents the answered question: a draft that links back and credits Ben.
    ana_page.goto(topic_url)
    ana_page.get_by_role("button", name="Document this").click()
    article = Article.objects.get(source_topic__title__startswith="How do you keep")
    assert article.status == "draft"
    assert article.credits.filter(user=ben, role=CreditRole.SOURCE).exists()

    edit_article(
        ana_page,
        article.pk,
        body="Write every home-visit note as SOAP: subjective, objective, assessment, plan.",
        summary="Turned the thread into steps",
    )
    ana_page.goto(f"/a/{article.pk}/")
    ana_page.get_by_role("button", name="Publish").click()
    expect(ana_page.get_by_text(re.compile("Published", re.I)).first).to_be_visible()
    edit_article(
        ana_page,
        article.pk,
        body=(
            "Write every home-visit note as SOAP: subjective, objective, assessment, plan.\n\n"
            "Add a safeguarding line at the end of each visit."
        ),
        summary="Added safeguarding",
    )
    article.refresh_from_db()
    assert article.revision_count == 3 and article.status == "published"

    # The history compares the first draft with the latest revision.
    ana_page.goto(f"/a/{article.pk}/history/")
    ana_page.locator("#from-1").check()
    ana_page.locator("#to-3").check()
    ana_page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(ana_page.locator("ins", has_text="safeguarding").first).to_be_visible()
    expect(ana_page.locator("del").first).to_be_visible()

    # Ben finds it by a word only the latest revision has.
    ben_page.goto("/search/?q=safeguarding")
    result = ben_page.get_by_role("link", name=re.compile("home-visit notes", re.I)).first
    expect(result).to_be_visible()
    highlight = ben_page.locator("mark", has_text=re.compile("safeguarding", re.I))
    expect(highlight.first).to_be_visible()
    result.click()
    expect(ben_page).to_have_url(re.compile(rf"/a/{article.pk}/"))
