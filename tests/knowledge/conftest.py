"""Fixtures for the knowledge repository tests: an article written by the shared community's
member, a concluded community, and a way to count the queries one page runs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practica.communities.models import Community
from practica.knowledge.services import article_create


def queries_for(client, url) -> int:
    """How many queries one GET of ``url`` runs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def make_article(community, member):
    def make(author=None, where=None, **fields):
        fields.setdefault("kind", "practice")
        fields.setdefault("title", "Running a home visit")
        fields.setdefault("body", "Knock twice.\nIntroduce yourself.\nListen first.")
        fields.setdefault("tags", "home-visits, care")
        return article_create(author or member, where or community, **fields)

    return make


@pytest.fixture
def article(make_article):
    """A published practice with one revision."""
    return make_article(status="published")


@pytest.fixture
def draft(make_article):
    return make_article(title="Half an idea", body="Still thinking.", status="draft")


def conclude(community) -> None:
    """Mark a community concluded (read-only), as its stewards' service would."""
    Community.objects.filter(pk=community.pk).update(
        concluded_at=timezone.now(), concluded_note="It became a foundation."
    )
    community.refresh_from_db()
