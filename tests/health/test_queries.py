"""Gathering windows' inputs from the tallies: what each aggregate holds, and that the number
of queries does not grow with the data."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from practica.communities.activity import activity_record
from practica.communities.models import Membership
from practica.communities.services import community_join
from practica.health import queries
from practica.health.rollup import fold_hours
from practica.health.tallies import tallies_ready
from tests.health.synthetic import members_since, reply, topic, utc

END = utc(2025, 7, 1)


def window_inputs(community, end, days, born=None):
    tallies_ready(community)
    return queries.window_inputs(community, end, days, born)


@pytest.fixture
def people(community, steward, member, make_user):
    a = make_user("Ada", sector="health", organisation="Acme")
    b = make_user("Ben", sector="academia", organisation="Acme", sector_audience="only_me")
    for person in (a, b):
        community_join(person, community, acknowledge_charter=True)
    members_since(community, utc(2024, 1, 1))
    return {"a": a, "b": b, "steward": steward, "member": member}


def test_contributions_exclude_reactions_and_acts_without_a_person(community, people):
    a = people["a"]
    t = topic(community, a, utc(2025, 6, 2))
    p = reply(t, people["b"], utc(2025, 6, 3))
    activity_record(a, community, "thanked", p, at=utc(2025, 6, 4))
    activity_record(a, community, "post_edited", p, at=utc(2025, 6, 4))
    activity_record(None, community, "replied", p, at=utc(2025, 6, 4))
    activity_record(a, community, "article_edited", p, at=utc(2025, 6, 5))
    inputs = window_inputs(community, END, 30)
    assert inputs.contributions == {a.pk: 2, people["b"].pk: 1}


def test_first_last_and_months_active(community, people):
    a = people["a"]
    for when in (utc(2024, 3, 1), utc(2025, 2, 1), utc(2025, 2, 20), utc(2025, 6, 10)):
        topic(community, a, when)
    topic(community, a, utc(2025, 7, 2))  # after the end: ignored
    inputs = window_inputs(community, END, 30)
    # Moments between the same window edges as the real ones: the first before every edge
    # (the months observed begin in July 2024), the last in the window.
    assert inputs.first_contribution[a.pk] < utc(2024, 7, 1)
    assert END - timedelta(days=30) <= inputs.last_contribution[a.pk] < END
    # The 12 months July 2024 – June 2025: February and June.
    assert inputs.months_active[a.pk] == 2
    assert inputs.months_observed == 12
    assert inputs.contributions == {a.pk: 1}


def test_months_observed_for_a_young_community(community, people):
    topic(community, people["a"], utc(2025, 4, 20))
    inputs = window_inputs(community, END, 30)
    assert inputs.months_observed == 3  # April, May, June


def test_months_follow_the_community_time_zone(community, people):
    community.timezone = "Pacific/Auckland"  # UTC+12 in winter
    community.save()
    a = people["a"]
    topic(community, a, utc(2025, 5, 31, 13))  # June 1st, 01:00 in Auckland
    topic(community, a, utc(2025, 6, 5))
    inputs = window_inputs(community, queries.end_of_day(community, END.date()), 30)
    assert inputs.months_active[a.pk] == 1


def test_first_reply_by_someone_else_before_the_end(community, people):
    a, b = people["a"], people["b"]
    t = topic(community, a, utc(2025, 6, 2))
    reply(t, a, utc(2025, 6, 2, 1))  # the author's own: not a response
    hidden = reply(t, b, utc(2025, 6, 2, 2))
    hidden.is_hidden = True  # moderated away: not a response
    hidden.save()
    reply(t, b, utc(2025, 6, 2, 3))
    late = topic(community, b, utc(2025, 6, 20))
    reply(late, a, utc(2025, 7, 5))  # after the end
    facts = {f.author: f for f in queries.topic_facts(community, utc(2025, 6, 1), END)}
    assert facts[a.pk].first_reply_at == utc(2025, 6, 2, 3)
    assert facts[a.pk].is_question
    assert facts[b.pk].first_reply_at is None


def test_sectors_only_where_shown_to_the_community(community, people):
    a, b, member = people["a"], people["b"], people["member"]
    t = topic(community, a, utc(2025, 6, 2))
    reply(t, b, utc(2025, 6, 3))  # b hides their sector
    reply(t, member, utc(2025, 6, 4))  # member has none
    reply(t, a, utc(2025, 6, 5))  # a's own topic: no pair
    tallies_ready(community)
    assert queries.reply_sectors(community, utc(2025, 6, 1), END) == {("health", None): 2}


def test_organisations_of_those_who_contributed(community, people):
    topic(community, people["a"], utc(2025, 6, 2))
    topic(community, people["member"], utc(2025, 6, 2))
    inputs = window_inputs(community, END, 30)
    assert inputs.organisations == {people["a"].pk: "Acme"}
    assert queries.organisations_of([people["b"].pk, people["member"].pk]) == {
        people["b"].pk: "Acme"
    }


def test_members_at_a_past_moment(community, people, make_user):
    late = make_user("Late")
    community_join(late, community, acknowledge_charter=True)
    Membership.objects.filter(user=late).update(joined_at=utc(2025, 8, 1))
    left = Membership.objects.get(user=people["b"])
    left.status = "left"
    left.save()
    Membership.objects.filter(pk=left.pk).update(updated_at=utc(2025, 6, 15))
    at_end = queries.members_at(community, END)
    assert late.pk not in at_end and people["b"].pk not in at_end
    assert people["b"].pk in queries.members_at(community, utc(2025, 6, 10))


def test_the_number_of_queries_does_not_grow_with_the_data(
    community, people, django_assert_num_queries
):
    a, b = people["a"], people["b"]

    def add(n, day):
        for i in range(n):
            t = topic(community, a if i % 2 else b, utc(2025, 6, day, i))
            reply(t, b if i % 2 else a, utc(2025, 6, day, i, 30))

    add(2, 3)
    tallies_ready(community)
    # When the community began; one per stretch between the window's edges (its start and
    # end, the previous window's start, end - τ; the first month observed is June, the
    # window's start) and one for earlier; members, organisations, topics, pairs of sectors.
    with django_assert_num_queries(1 + 3 + 1 + 4):
        small = queries.window_inputs(community, END, 30)
    add(20, 10)
    with django_assert_num_queries(1 + 3 + 1 + 4):
        large = queries.window_inputs(community, END, 30)
    assert len(large.topics) == len(small.topics) + 20


def test_daily_and_hourly_counts(community, people):
    community.timezone = "Asia/Kolkata"  # UTC+5:30
    community.save()
    a = people["a"]
    topic(community, a, utc(2025, 5, 31, 18, 29))  # May 31st 23:59 in India: before
    topic(community, a, utc(2025, 6, 2, 23, 30))
    topic(community, a, utc(2025, 6, 2, 23, 45))
    topic(community, a, utc(2025, 6, 3, 0, 14, 59))
    tallies_ready(community)
    india = ZoneInfo("Asia/Kolkata")
    rows = queries.hour_counts(community, datetime(2025, 6, 1, tzinfo=india), END)
    # 05:00, 05:15 and 05:44 on June 3rd in India
    assert sorted(rows) == [(date(2025, 6, 3), 5, 3)]
    days, hours = fold_hours(rows, date(2025, 6, 3))
    assert days == {date(2025, 6, 3): 3}
    assert hours[5] == 3 and sum(hours) == 3
    start = queries.weeks_start(community, END, 26)
    assert start.weekday() == 0 and END - start <= timedelta(weeks=26)
