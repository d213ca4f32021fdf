"""Gathering one window's inputs: what each aggregate holds, and that the number of queries
does not grow with the data."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from practica.communities.activity import activity_record
from practica.communities.models import Membership
from practica.communities.services import community_join
from practica.health import queries
from practica.health.rollup import fold_slots, merge, to_inputs
from tests.health.synthetic import members_since, reply, topic, utc

END = utc(2025, 7, 1)


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
    inputs = queries.window_inputs(community, END, 30)
    assert inputs.contributions == {a.pk: 2, people["b"].pk: 1}


def test_first_last_and_months_active(community, people):
    a = people["a"]
    for when in (utc(2024, 3, 1), utc(2025, 2, 1), utc(2025, 2, 20), utc(2025, 6, 10)):
        topic(community, a, when)
    topic(community, a, utc(2025, 7, 2))  # after the end: ignored
    inputs = queries.window_inputs(community, END, 30)
    assert inputs.first_contribution[a.pk] == utc(2024, 3, 1)
    assert inputs.last_contribution[a.pk] == utc(2025, 6, 10)
    # The 12 months July 2024 – June 2025: February and June.
    assert inputs.months_active[a.pk] == 2
    assert inputs.months_observed == 12
    assert inputs.contributions == {a.pk: 1}


def test_months_observed_for_a_young_community(community, people):
    topic(community, people["a"], utc(2025, 4, 20))
    inputs = queries.window_inputs(community, END, 30)
    assert inputs.months_observed == 3  # April, May, June


def test_months_follow_the_community_time_zone(community, people):
    community.timezone = "Pacific/Auckland"  # UTC+12 in winter
    community.save()
    a = people["a"]
    topic(community, a, utc(2025, 5, 31, 13))  # June 1st, 01:00 in Auckland
    topic(community, a, utc(2025, 6, 5))
    inputs = queries.window_inputs(community, queries.end_of_day(community, END.date()), 30)
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
    topics, late = queries.topic_part(community, utc(2025, 6, 1), None, END)
    facts = {f.author: f for f in topics.values()}
    assert late == {}
    assert facts[a.pk].first_reply_at == utc(2025, 6, 2, 3)
    assert facts[a.pk].is_question
    assert facts[b.pk].first_reply_at is None


def test_sectors_only_where_shown_to_the_community(community, people):
    a, b, member = people["a"], people["b"], people["member"]
    t = topic(community, a, utc(2025, 6, 2))
    reply(t, b, utc(2025, 6, 3))  # b hides their sector
    reply(t, member, utc(2025, 6, 4))  # member has none
    reply(t, a, utc(2025, 6, 5))  # a's own topic: no pair
    pairs = queries.sector_part(community, utc(2025, 6, 1), None, END)
    assert pairs == {("health", None): 2}


def test_organisations_of_those_who_contributed(community, people):
    topic(community, people["a"], utc(2025, 6, 2))
    topic(community, people["member"], utc(2025, 6, 2))
    inputs = queries.window_inputs(community, END, 30)
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
    with django_assert_num_queries(7):
        small = queries.window_inputs(community, END, 30)
    add(20, 10)
    with django_assert_num_queries(7):
        large = queries.window_inputs(community, END, 30)
    assert len(large.topics) == len(small.topics) + 20


def test_daily_and_hourly_counts(community, people):
    a = people["a"]
    topic(community, a, utc(2025, 6, 2, 23, 30))
    topic(community, a, utc(2025, 6, 2, 23, 45))
    topic(community, a, utc(2025, 6, 3, 0, 14, 59))
    slots = queries.slot_counts(community, utc(2025, 6, 1), END)
    assert slots == {utc(2025, 6, 2, 23, 30): 1, utc(2025, 6, 2, 23, 45): 1, utc(2025, 6, 3): 1}
    days, hours = fold_slots(slots, ZoneInfo("Asia/Kolkata"), utc(2025, 6, 2, 23, 40))
    # 05:00, 05:15 and 05:44 on June 3rd in India (UTC+5:30); only the last two from 23:40 UTC
    assert days == {date(2025, 6, 3): 3}
    assert hours[5] == 2 and sum(hours) == 2
    start = queries.weeks_start(community, END, 26)
    assert start.weekday() == 0 and END - start <= timedelta(weeks=26)


def test_a_window_in_two_parts_equals_the_window_at_once(community, people, make_user):
    """Today's window is gathered as the days before a cut plus the rows after it
    (``rollup``): the merged inputs equal the window gathered whole, for every cut."""
    a, b, member = people["a"], people["b"], people["member"]
    t1 = topic(community, a, utc(2025, 5, 20))  # before the window: replies still count
    reply(t1, b, utc(2025, 6, 5))
    t2 = topic(community, a, utc(2025, 6, 2), kind="question")
    reply(t2, a, utc(2025, 6, 10))  # own reply: not a response
    reply(t2, member, utc(2025, 6, 20, 12))  # first response, after the cut below
    reply(t2, b, utc(2025, 6, 25))
    t3 = topic(community, b, utc(2025, 6, 12))
    reply(t3, a, utc(2025, 6, 14))
    topic(community, member, utc(2025, 6, 28))
    reply(topic(community, b, utc(2024, 9, 1)), a, utc(2024, 11, 3))
    start = END - timedelta(days=30)
    edges, observed = queries.window_months(community, queries.community_start(community), END)
    whole = queries.window_inputs(community, END, 30)
    for cut in (utc(2025, 6, 1), utc(2025, 6, 15), utc(2025, 6, 20), utc(2025, 6, 30)):
        before = queries.window_part(community, start, None, cut, edges)
        after = queries.window_part(community, start, cut, END, edges)
        merged = to_inputs(
            merge(before, after),
            as_of=END,
            window_days=30,
            members=whole.members,
            months_observed=observed,
            organisations=whole.organisations,
        )
        assert merged == whole, cut
