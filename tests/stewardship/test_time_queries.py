"""The community's labour summary and one's own: sums, shares, capacity, credited labour, the
window, who may read it, and a bounded number of queries however much is logged."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practica.communities.services import community_join
from practica.core.errors import NotAllowed, NotFound
from practica.discussions.services import post_create, topic_create, topic_mark_answered
from practica.knowledge.services import article_create
from practica.stewardship.models import TimeEntry
from practica.stewardship.queries import time_entries as q
from practica.stewardship.services.time_entries import time_entry_create


def _join(community, person):
    community_join(person, community, acknowledge_charter=True)
    return person


@pytest.fixture
def crew(community, make_user, steward, member):
    """Six people who gave time; three of them carry most of it."""
    people = [steward, member] + [_join(community, make_user(f"Helper {i}")) for i in range(4)]
    today = timezone.now().date()
    for person, hours in zip(people, ["20", "20", "20", "2", "2", "2"], strict=True):
        time_entry_create(person, community, day=today, hours=hours, kind="planning")
    return people


def test_sums_by_kind_and_month_and_the_shares(community, crew, steward):
    time_entry_create(crew[1], community, day=timezone.now().date(), hours="1", kind="mentoring")
    s = q.labour_summary(steward, community)
    kinds = {row["kind"]: row["hours"] for row in s.by_kind}
    assert kinds["planning"] == Decimal("66") and kinds["mentoring"] == Decimal("1")
    assert s.total_hours == Decimal("67") and s.entry_count == 7
    assert len(s.by_month) == 12 and s.by_month[-1]["hours"] == Decimal("67")
    c = s.concentration
    assert c.contributors == 6 and c.absence_factor == 2
    assert abs(c.top3_share - 61 / 67) < 1e-9
    assert "top3" in s.warnings


def test_capacity_counts_only_what_people_show_their_communities(community, crew, steward):
    shown, hidden = crew[1], crew[2]
    shown.profile.hours_per_month = 10
    shown.profile.hours_per_month_audience = "communities"
    shown.profile.save()
    hidden.profile.hours_per_month = 5
    hidden.profile.hours_per_month_audience = "only_me"
    hidden.profile.save()
    s = q.labour_summary(steward, community)
    assert s.capacity_people == 1 and s.capacity_hours == Decimal(10)
    assert s.over_capacity_people == 1  # the hidden one is not counted, nor named anywhere
    assert "over_capacity" in s.warnings
    # Each person sees their own months over capacity, whatever its audience.
    mine = q.my_summary(hidden, community)
    assert mine.capacity == 5 and len(mine.over_capacity) == 1
    assert mine.over_capacity[0][1] == Decimal("20")
    assert q.my_summary(crew[3], community).over_capacity == []


def test_a_year_window_and_the_years_offered(community, member, steward):
    today = timezone.now().date()
    last_year = today.year - 1
    TimeEntry.objects.create(
        community=community, person=member, day=date(last_year, 6, 1), hours=3, kind="outreach"
    )
    years = q.available_years(community)
    assert years[0] == today.year and last_year in years
    assert q.parse_year(str(last_year), years) == last_year
    assert q.parse_year("1066", years) is None and q.parse_year("x", years) is None
    s = q.labour_summary(member, community, year=last_year)
    assert s.total_hours == Decimal(3) and len(s.by_month) == 12
    assert s.by_month[5] == {**s.by_month[5], "month": f"{last_year}-06", "hours": Decimal(3)}


def test_credited_labour_comes_from_the_stream_apart_from_logged_time(community, member, steward):
    article_create(member, community, kind="practice", title="Intake", body="Ask.")
    topic = topic_create(steward, community, kind="question", title="How?", body="Tell me")
    reply = post_create(member, topic.pk, body="Like this")
    topic_mark_answered(steward, topic.pk, reply.pk)
    s = q.labour_summary(steward, community)
    counts = {row["key"]: (row["count"], row["people"]) for row in s.credited}
    assert counts["articles_written"] == (1, 1)
    assert counts["replies"] == (1, 1)
    assert counts["answers"] == (1, 1)  # credited to the reply's author, not the asker
    assert s.total_hours == 0
    mine = {row["key"]: row["count"] for row in q.my_summary(member, community).credited}
    assert mine["answers"] == 1 and mine["articles_written"] == 1
    theirs = {row["key"]: row["count"] for row in q.my_summary(steward, community).credited}
    assert theirs["answers"] == 0


def test_members_only(community, private_community, outsider, member):
    with pytest.raises(NotAllowed):
        q.labour_summary(outsider, community)
    with pytest.raises(NotFound):
        q.labour_summary(outsider, private_community)
    with pytest.raises(NotAllowed):
        q.community_entries(member, community)
    assert q.labour_summary(member, private_community).total_hours == 0


def _queries(viewer, community) -> int:
    viewer = type(viewer).objects.get(pk=viewer.pk)  # no cached memberships
    with CaptureQueriesContext(connection) as ctx:
        q.labour_summary(viewer, community)
        q.my_summary(viewer, community)
        q.my_entries(viewer, community)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_entries(community, crew, steward):
    few = _queries(steward, community)
    today = timezone.now().date()
    TimeEntry.objects.bulk_create(
        TimeEntry(
            community=community,
            person=crew[i % 6],
            day=today - timedelta(days=i % 300),
            hours=Decimal("0.5"),
            kind="documenting",
        )
        for i in range(600)
    )
    assert _queries(steward, community) == few
    assert few <= 14
