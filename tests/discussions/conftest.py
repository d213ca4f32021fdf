"""Fixtures for the topic page tests: a question asked by the member of the shared community,
and a way to count the queries one page runs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practica.discussions.services import topic_create


def queries_for(client, url) -> int:
    """How many queries one GET of ``url`` runs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def question(community, member):
    return topic_create(
        member,
        community,
        kind="question",
        title="How do you run check-ins?",
        body="We tried *rounds* but they drag.",
        tags="facilitation, meetings",
    )
