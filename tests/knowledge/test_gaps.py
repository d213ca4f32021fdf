"""The knowledge gaps queries: what each list holds, in which order, as which viewer, and at
what cost in queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practica.accounts.services import profile_update
from practica.communities.models import Membership
from practica.communities.services import community_join, community_leave
from practica.core.errors import NotFound
from practica.discussions.models import Topic
from practica.discussions.services import (
    post_create,
    topic_create,
    topic_hide,
    topic_lock,
    topic_mark_answered,
)
from practica.knowledge import gaps
from practica.knowledge.models import SearchMiss
from practica.knowledge.services import article_set_status, topic_document

DAY = timedelta(days=1)


@pytest.fixture
def ask(community, member):
    """A question (or another kind of topic) in the shared community, ``age`` days old."""

    def make(title, *, age=0, kind="question", author=None, where=None, replies=0):
        topic = topic_create(
            author or member, where or community, kind=kind, title=title, body="What works?"
        )
        created = timezone.now() - age * DAY
        Topic.objects.filter(pk=topic.pk).update(
            created_at=created, last_activity_at=created, reply_count=replies
        )
        topic.refresh_from_db()
        return topic

    return make


@pytest.fixture
def joiner(make_user, community):
    """A new active member of the shared community with these needs and expertise."""

    def make(needs="", expertise="", **audiences):
        person = make_user()
        community_join(person, community, acknowledge_charter=True)
        profile_update(person, person.profile, needs=needs, expertise=expertise, **audiences)
        return person

    return make


def miss(community, query, *, age=0, found=0):
    row = SearchMiss.objects.create(community=community, query=query, result_count=found)
    SearchMiss.objects.filter(pk=row.pk).update(created_at=timezone.now() - age * DAY)


# --- unanswered questions ---------------------------------------------------------------------


def test_unanswered_questions_oldest_first_with_their_wait(ask, community, member, steward):
    middle = ask("How do you run a check-in?", age=10)
    oldest = ask("Where do you keep shared notes?", age=40)
    newest = ask("Who takes minutes?", age=0)
    answered = ask("What time zone do we meet in?", age=50)
    reply = post_create(steward, answered.pk, body="UTC, always.")
    topic_mark_answered(member, answered.pk, reply.pk)
    ask("A discussion, not a question", age=60, kind="discussion")

    page = gaps.unanswered_questions(member, community)

    assert [t.pk for t in page.items] == [oldest.pk, middle.pk, newest.pk]
    assert [t.waiting_days for t in page.items] == [40, 10, 0]
    assert page.total == 3
    assert page.items[0].author.profile.display_name == "Mo Member"


def test_hidden_and_locked_questions_are_not_listed(ask, community, steward, member):
    hidden = ask("Spam question", age=5)
    locked = ask("Settled elsewhere", age=4)
    kept = ask("Still open", age=3)
    topic_hide(steward, hidden.pk, reason="Spam")
    topic_lock(steward, locked.pk)

    for viewer in (member, steward):  # stewards see hidden topics in lists, not here
        assert [t.pk for t in gaps.unanswered_questions(viewer, community).items] == [kept.pk]


def test_questions_of_another_community_are_not_listed(ask, make_community, steward, community):
    other = make_community(steward, name="Elsewhere")
    ask("Asked elsewhere", where=other, author=steward)
    mine = ask("Asked here")
    assert [t.pk for t in gaps.unanswered_questions(steward, community).items] == [mine.pk]


def test_the_list_is_cut_and_counted(ask, community, member):
    topics = [ask(f"Question {n}", age=30 - n) for n in range(5)]
    page = gaps.unanswered_questions(member, community, size=2)
    assert [t.pk for t in page.items] == [topics[0].pk, topics[1].pk]
    assert page.total == 5 and page.pages == 3
    later = gaps.unanswered_questions(member, community, size=2, page=3)
    assert [t.pk for t in later.items] == [topics[4].pk]


# --- searches that found little ---------------------------------------------------------------


def test_search_misses_are_grouped_counted_and_ranked(community, member, make_community, steward):
    miss(community, "grant writing", age=3, found=0)
    miss(community, "grant writing", age=1, found=1)
    miss(community, "grant writing", age=2, found=0)
    miss(community, "zine printing", age=5)
    miss(community, "zine printing", age=0)
    miss(community, "asl interpreters", age=9)
    miss(community, "forgotten", age=gaps.MISS_WINDOW_DAYS + 1)
    miss(make_community(steward, name="Elsewhere"), "grant writing")

    page = gaps.search_misses(member, community)

    rows = [(r["query"], r["searches"], r["best_result_count"]) for r in page.items]
    # Most searched first; among equals, the most recently searched.
    assert rows == [("grant writing", 3, 1), ("zine printing", 2, 0), ("asl interpreters", 1, 0)]
    now = timezone.now()
    assert abs(page.items[0]["last_searched_at"] - (now - DAY)) < timedelta(minutes=1)
    assert abs(page.items[1]["last_searched_at"] - now) < timedelta(minutes=1)
    assert page.total == 3


def test_search_misses_window_can_be_narrowed(community, member):
    miss(community, "old", age=20)
    miss(community, "recent", age=2)
    page = gaps.search_misses(member, community, days=7)
    assert [r["query"] for r in page.items] == ["recent"]


def test_search_misses_second_page(community, member):
    for n in range(5):
        for _ in range(5 - n):
            miss(community, f"query {n}")
    first = gaps.search_misses(member, community, size=2)
    second = gaps.search_misses(member, community, size=2, page=2)
    assert [r["query"] for r in first.items] == ["query 0", "query 1"]
    assert [r["query"] for r in second.items] == ["query 2", "query 3"]
    assert first.total == second.total == 5


# --- needs and expertise ----------------------------------------------------------------------


def test_needs_without_supply_ranked_by_the_gap(joiner, community, member):
    joiner(needs="grant-writing, facilitation")
    joiner(needs="grant-writing, facilitation")
    joiner(needs="grant-writing, evaluation", expertise="facilitation")
    joiner(needs="evaluation", expertise="evaluation")  # evaluation: 2 needs, 1 expertise
    joiner(needs="budgets", expertise="budgets")  # met: not a gap

    page = gaps.needs_without_supply(member, community)

    assert page.items == [
        {"tag": "grant-writing", "needs": 3, "expertise": 0},
        # Equal gaps and needs: by name.
        {"tag": "evaluation", "needs": 2, "expertise": 1},
        {"tag": "facilitation", "needs": 2, "expertise": 1},
    ]
    assert page.total == 3


def test_expertise_without_demand(joiner, community, member):
    joiner(expertise="mapping, budgets")
    joiner(expertise="mapping, storytelling")
    joiner(needs="budgets", expertise="knitting")

    page = gaps.expertise_without_demand(member, community)

    assert page.items == [
        {"tag": "mapping", "expertise": 2, "needs": 0},
        {"tag": "knitting", "expertise": 1, "needs": 0},
        {"tag": "storytelling", "expertise": 1, "needs": 0},
    ]


def test_only_active_members_of_this_community_count(
    joiner, community, member, make_user, make_community, steward
):
    joiner(needs="mapping")
    leaver = joiner(needs="mapping")
    community_leave(leaver, community)
    pending = make_user()
    profile_update(pending, pending.profile, needs="mapping")
    Membership.objects.create(user=pending, community=community, status="pending")
    elsewhere = make_user()
    community_join(elsewhere, make_community(steward, name="Elsewhere"), acknowledge_charter=True)
    profile_update(elsewhere, elsewhere.profile, needs="mapping", expertise="knitting")

    assert gaps.needs_without_supply(member, community).items == [
        {"tag": "mapping", "needs": 1, "expertise": 0}
    ]
    assert gaps.expertise_without_demand(member, community).items == []


def test_counts_only_fields_the_viewer_may_see(joiner, community, member, outsider):
    # Needs are shown to "members of my communities" unless their owner chooses otherwise.
    joiner(needs="mapping")
    joiner(needs="mapping", needs_audience="everyone")
    joiner(needs="mapping", needs_audience="only_me")
    joiner(expertise="budgets")  # expertise is shown to everyone by default
    joiner(expertise="budgets, knitting", expertise_audience="communities")

    as_member = gaps.needs_without_supply(member, community).items
    as_outsider = gaps.needs_without_supply(outsider, community).items
    assert as_member == [{"tag": "mapping", "needs": 2, "expertise": 0}]
    assert as_outsider == [{"tag": "mapping", "needs": 1, "expertise": 0}]

    assert gaps.expertise_without_demand(member, community).items == [
        {"tag": "budgets", "expertise": 2, "needs": 0},
        {"tag": "knitting", "expertise": 1, "needs": 0},
    ]
    assert gaps.expertise_without_demand(None, community).items == [
        {"tag": "budgets", "expertise": 1, "needs": 0}
    ]


def test_a_member_counts_all_of_their_own_profile(joiner, community, member):
    profile_update(member, member.profile, needs="mapping", needs_audience="only_me")
    joiner(needs="mapping", needs_audience="only_me")
    # Mo sees their own need (as the member directory's filter finds them), not the other's.
    assert gaps.needs_without_supply(member, community).items == [
        {"tag": "mapping", "needs": 1, "expertise": 0}
    ]


def test_a_hidden_need_never_hides_the_demand_behind_expertise(joiner, community, outsider):
    joiner(expertise="mapping")
    joiner(needs="mapping")  # members only: to an outsider, mapping looks unasked for
    assert gaps.expertise_without_demand(outsider, community).items == [
        {"tag": "mapping", "expertise": 1, "needs": 0}
    ]


# --- busy topics without an article -----------------------------------------------------------


def test_busy_topics_without_an_article(ask, community, member, steward):
    busiest = ask("Tools for remote workshops", kind="discussion", replies=12)
    busy = ask("Onboarding new members", kind="practice", replies=gaps.BUSY_MIN_REPLIES)
    ask("Quiet one", kind="discussion", replies=gaps.BUSY_MIN_REPLIES - 1)
    hidden = ask("Heated and hidden", kind="discussion", replies=30)
    topic_hide(steward, hidden.pk, reason="Off topic")
    drafted = ask("Drafted already", kind="discussion", replies=20)
    topic_document(member, drafted.pk)  # a draft counts as documenting it
    archived = ask("Documented, then archived", kind="discussion", replies=8)
    article_set_status(steward, topic_document(member, archived.pk).pk, "archived")

    page = gaps.undocumented_busy_topics(member, community)

    assert [t.pk for t in page.items] == [busiest.pk, archived.pk, busy.pk]
    assert [t.reply_count for t in page.items] == [12, 8, gaps.BUSY_MIN_REPLIES]


def test_busy_topics_with_as_many_replies_by_latest_activity(ask, community, member):
    older = ask("Older", kind="discussion", replies=6, age=5)
    newer = ask("Newer", kind="discussion", replies=6, age=1)
    assert [t.pk for t in gaps.undocumented_busy_topics(member, community).items] == [
        newer.pk,
        older.pk,
    ]
    assert gaps.undocumented_busy_topics(member, community, min_replies=7).items == []


def test_replies_made_through_the_service_count(ask, community, member, steward):
    topic = ask("A real conversation", kind="discussion")
    for n in range(gaps.BUSY_MIN_REPLIES):
        post_create(steward if n % 2 else member, topic.pk, body=f"Reply {n}")
    assert [t.pk for t in gaps.undocumented_busy_topics(member, community).items] == [topic.pk]


# --- visibility and cost ----------------------------------------------------------------------

QUERIES = [
    gaps.unanswered_questions,
    gaps.search_misses,
    gaps.needs_without_supply,
    gaps.expertise_without_demand,
    gaps.undocumented_busy_topics,
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.__name__)
def test_a_private_community_is_not_found_for_outsiders(query, private_community, outsider):
    with pytest.raises(NotFound):
        query(outsider, private_community)
    with pytest.raises(NotFound):
        query(None, private_community)


def test_members_of_a_private_community_see_its_gaps(private_community, member, steward, ask):
    miss(private_community, "secret handshake")
    question = ask("Hidden practice?", where=private_community)
    found = gaps.knowledge_gaps(member, private_community)
    assert [t.pk for t in found.unanswered_questions.items] == [question.pk]
    assert [r["query"] for r in found.search_misses.items] == ["secret handshake"]


def _fill(community, ask, joiner, n):
    for i in range(n):
        ask(f"Question {i}", age=i)
        ask(f"Busy {i}", kind="discussion", replies=5 + i)
        miss(community, f"query {i}")
        joiner(needs=f"need-{i}", expertise=f"skill-{i}")


def test_the_number_of_queries_does_not_grow_with_the_data(
    community, member, ask, joiner, django_assert_max_num_queries
):
    _fill(community, ask, joiner, 3)
    member = type(member).objects.get(pk=member.pk)  # no memberships cached
    with django_assert_max_num_queries(7):  # memberships, then one query a list
        small = gaps.knowledge_gaps(member, community, size=5)
    assert small.search_misses.total == 3

    _fill(community, ask, joiner, 12)
    member = type(member).objects.get(pk=member.pk)
    with django_assert_max_num_queries(11):  # memberships, then a list and a count each
        large = gaps.knowledge_gaps(member, community, size=5)
    assert len(large.unanswered_questions.items) == 5
    assert large.unanswered_questions.total == 15
    assert large.needs_without_supply.total == 12  # need-0 … need-11
    assert large.undocumented_busy_topics.total == 15


def test_the_gap_ranks_before_the_number_of_needs(joiner, community, member):
    for _ in range(4):
        joiner(needs="mapping")
    for _ in range(3):
        joiner(expertise="mapping")
    joiner(needs="budgets")
    joiner(needs="budgets")
    # budgets: 2 needed, none offered (gap 2); mapping: 4 needed, 3 offered (gap 1).
    assert [r["tag"] for r in gaps.needs_without_supply(member, community).items] == [
        "budgets",
        "mapping",
    ]


def test_long_lists_are_counted_up_to_a_cap(ask, community, member, monkeypatch):
    monkeypatch.setattr(gaps, "COUNT_CAP", 4)
    for n in range(6):
        ask(f"Question {n}", age=10 - n)
    page = gaps.unanswered_questions(member, community, size=2)
    assert page.total == 4 and page.total_is_capped and page.total_display == "4+"
    assert page.pages == 2
    last = gaps.unanswered_questions(member, community, size=2, page=99)
    assert last.number == 2 and [t.title for t in last.items] == ["Question 2", "Question 3"]
    short = gaps.unanswered_questions(member, community, size=10)
    assert len(short.items) == 6 and short.total_display == "6" and not short.total_is_capped
