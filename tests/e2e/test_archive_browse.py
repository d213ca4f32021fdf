"""An exported archive, unzipped and opened from disk in Chromium: no server, no network.

A steward exports a community with a question, its answer, a hidden reply and an article
edited twice; the zip is unpacked into a temporary folder and index.html opened through
file://. Following links reaches a topic, an article with its history, a tag page and a month
page and comes back; every link on every page of the archive resolves to a file in it.
"""

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from practica.communities.services import community_conclude
from practica.discussions.services import post_create, post_hide, topic_create
from practica.knowledge.archive import archive_export
from practica.knowledge.services import article_create, article_edit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unpacked(community, steward, member, tmp_path):
    topic = topic_create(
        member,
        community,
        kind="question",
        title="How do you run a first home visit?",
        body="I start next week.",
        tags="home-visits",
    )
    post_create(steward, topic.pk, body="Knock twice and introduce yourself.")
    hidden = post_create(steward, topic.pk, body="Something a steward hid")
    post_hide(steward, hidden.pk, reason="Off topic")
    article = article_create(
        member,
        community,
        kind="practice",
        title="First home visits",
        body="Knock twice.",
        tags="home-visits",
        status="published",
    )
    article_edit(steward, article.pk, body="Knock twice.\nListen first.", summary="Listen")
    article_edit(member, article.pk, body="Knock twice.\nListen first.\nLeave a card.")
    community_conclude(steward, community, note="It became the Home Visits Network.")
    zip_path = tmp_path / "archive.zip"
    archive_export(steward, community, zip_path)
    folder = tmp_path / "site"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(folder)
    return {"folder": folder, "topic": topic, "article": article}


def _file_of(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def test_the_archive_browses_offline(browser, unpacked):
    folder = unpacked["folder"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    # Nothing may be fetched from a network: the archive is self-contained.
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    index = (folder / "index.html").as_uri()
    page.goto(index)
    expect(page.get_by_role("heading", name="Open Health Practitioners", level=1)).to_be_visible()
    expect(page.get_by_text("It became the Home Visits Network.").first).to_be_visible()
    expect(page.get_by_text("Be kind. Share sources.")).to_be_visible()
    # The stylesheet shipped in the zip is applied.
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"

    # A topic, from the topics list.
    page.get_by_role("navigation").get_by_role("link", name="Topics").click()
    page.get_by_role("link", name="How do you run a first home visit?").click()
    expect(page.get_by_text("Knock twice and introduce yourself.")).to_be_visible()
    expect(page.get_by_text("Something a steward hid")).to_have_count(0)

    # Its tag, then the article listed there, with its history.
    page.get_by_role("link", name="#home-visits").first.click()
    expect(page.get_by_role("heading", name="#home-visits")).to_be_visible()
    page.get_by_role("link", name="First home visits").click()
    expect(page.get_by_role("heading", name="Revision history")).to_be_visible()
    expect(page.locator(".revisions > li")).to_have_count(3)
    page.get_by_text("Revision 2 by Stella Steward").click()  # opens the <details>
    expect(page.get_by_text("Listen first.").first).to_be_visible()

    # Its month, and back.
    page.locator("main .meta a[href*='dates/']").first.click()
    assert re.search(r"/dates/\d{4}-\d{2}\.html$", page.url)
    expect(page.get_by_role("link", name="First home visits")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="First home visits")).to_be_visible()
    page.get_by_role("link", name="Home", exact=True).click()
    assert _file_of(page.url) == folder / "index.html"

    # The date and tag indexes, from the home page.
    page.get_by_role("link", name="Browse by date").click()
    expect(page.get_by_role("heading", name="By date")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Tags").click()
    expect(page.get_by_role("link", name="#home-visits")).to_be_visible()

    assert all(url.startswith("file://") for url in requests), requests
    context.close()


def test_every_link_on_every_page_resolves(browser, unpacked):
    """Each page is opened in the browser and every href it holds is resolved by the browser
    itself (a.href) and checked against the files on disk."""
    folder = unpacked["folder"]
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) >= 12
    context = browser.new_context()
    page = context.new_page()
    checked = 0
    for html in pages:
        page.goto(html.as_uri())
        hrefs = page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            assert href.startswith("file://"), f"{html.name}: {href}"
            target = _file_of(href)
            assert target.is_file(), f"{html.relative_to(folder)} links to a missing {target}"
            assert folder in target.parents, f"{html.relative_to(folder)} leaves the archive"
            checked += 1
    assert checked > 100
    context.close()
