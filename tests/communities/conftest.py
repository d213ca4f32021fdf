"""Helpers for the community and topic page tests: counting queries per page, and growing a
community's data so tests can show that a page's cost does not grow with it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practica.communities.services import community_join


def queries_for(client, url) -> int:
    """How many queries one GET of ``url`` runs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def add_members(make_user):
    """Add ``n`` people who share their interests with everyone to a community."""

    def add(community, n, **profile):
        people = []
        for _i in range(n):
            person = make_user(interests="evaluation, open-science", expertise="statistics")
            community_join(person, community, acknowledge_charter=True)
            people.append(person)
        return people

    return add
