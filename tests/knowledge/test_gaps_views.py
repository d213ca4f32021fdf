"""The knowledge gaps page: who may see it, what each section shows, its empty states, the
"Document this" button, the pages of one list, and its cost in queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.accounts.services import profile_update
from practica.communities.services import community_join
from practica.discussions.models import Topic
from practica.discussions.services import topic_create
from practica.knowledge import gaps
from practica.knowledge.models import Article, SearchMiss

from .conftest import conclude, queries_for


def gaps_url(community, query=""):
    return reverse("knowledge:gaps", args=[community.slug]) + query


@pytest.fixture
def topic_in(member):
    def make(community, title, *, kind="question", age=0, replies=0):
        topic = topic_create(member, community, kind=kind, title=title, body="Tell me more.")
        when = timezone.now() - timedelta(days=age)
        Topic.objects.filter(pk=topic.pk).update(
            created_at=when, last_activity_at=when, reply_count=replies
        )
        return topic

    return make


@pytest.fixture
def filled(community, topic_in, make_user):
    """Something in every section of the shared community."""
    topic_in(community, "Where do you keep shared notes?", age=40)
    topic_in(community, "Tools for remote workshops", kind="discussion", replies=9)
    for _ in range(3):
        SearchMiss.objects.create(community=community, query="grant writing", result_count=0)
    needy = make_user("Nia Needs")
    community_join(needy, community, acknowledge_charter=True)
    profile_update(needy, needy.profile, needs="evaluation", expertise="knitting")
    return community


def test_anyone_can_read_a_public_communitys_gaps(client_for, filled):
    response = client_for().get(gaps_url(filled))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Knowledge gaps" in html
    assert "Where do you keep shared notes?" in html
    assert "waiting for 40 days" in html
    assert "grant writing" in html
    assert "Tools for remote workshops" in html
    assert "knitting" in html  # expertise is shown to everyone by default
    # Needs are shown to members only by default: an outsider's count leaves them out.
    assert "#evaluation" not in html
    # Each section says why it matters.
    assert "Searches are recorded without who made them" in html
    assert "hard to find again in a long thread" in html


def test_members_see_needs_shown_to_members(client_for, filled, member):
    html = client_for(member).get(gaps_url(filled)).content.decode()
    assert "#evaluation" in html
    assert f'href="/c/{filled.slug}/members/?need=evaluation"' in html
    assert f'href="/c/{filled.slug}/members/?expertise=knitting"' in html


def test_a_search_miss_links_to_searching_again(client_for, filled):
    html = client_for().get(gaps_url(filled)).content.decode()
    assert f"/search/?q=grant%20writing&amp;community={filled.slug}" in html


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_private_communitys_gaps_are_not_found_for_outsiders(
    client_for, private_community, outsider, topic_in, who
):
    topic_in(private_community, "A secret question")
    SearchMiss.objects.create(community=private_community, query="hidden query", result_count=0)
    client = client_for(outsider if who == "outsider" else None)
    for query in ("", "?section=misses", "?section=busy"):
        response = client.get(gaps_url(private_community, query))
        assert response.status_code == 404
        body = response.content.decode()
        assert "A secret question" not in body and "hidden query" not in body


def test_members_of_a_private_community_see_its_gaps(client_for, private_community, member):
    SearchMiss.objects.create(community=private_community, query="hidden query", result_count=0)
    response = client_for(member).get(gaps_url(private_community))
    assert response.status_code == 200
    assert "hidden query" in response.content.decode()


def test_empty_states_say_what_would_show_up(client_for, community, member):
    html = client_for(member).get(gaps_url(community)).content.decode()
    assert "Every question asked here has an answer" in html
    assert "No search here has come back empty lately" in html
    assert "Every need members list is offered" in html
    assert "No conversation with 5 replies or more is waiting" in html


def test_hidden_topics_are_not_shown(client_for, community, steward, topic_in):
    from practica.discussions.services import topic_hide

    hidden = topic_in(community, "Hidden busy thread", kind="discussion", replies=30)
    topic_hide(steward, hidden.pk, reason="Off topic")
    html = client_for(steward).get(gaps_url(community)).content.decode()
    assert "Hidden busy thread" not in html


def test_members_can_document_a_busy_topic_from_the_page(client_for, community, member, topic_in):
    topic = topic_in(community, "Tools for remote workshops", kind="discussion", replies=9)
    client = client_for(member)
    html = client.get(gaps_url(community)).content.decode()
    action = reverse("knowledge:document", args=[topic.pk])
    assert f'action="{action}"' in html

    response = client.post(action)
    assert response.status_code == 302
    article = Article.objects.get(source_topic=topic)
    assert article.status == "draft"
    # Documented (a draft counts): the topic leaves the list.
    assert "Tools for remote workshops" not in client.get(gaps_url(community)).content.decode()


def test_no_document_button_for_outsiders_or_in_a_concluded_community(
    client_for, community, member, outsider, topic_in
):
    topic = topic_in(community, "Tools for remote workshops", kind="discussion", replies=9)
    action = f'action="{reverse("knowledge:document", args=[topic.pk])}"'
    for viewer in (None, outsider):
        html = client_for(viewer).get(gaps_url(community)).content.decode()
        assert "Tools for remote workshops" in html and action not in html
    conclude(community)
    html = client_for(member).get(gaps_url(community)).content.decode()
    assert "Tools for remote workshops" in html and action not in html
    assert "This community has concluded" in html


def test_without_the_document_action_no_button_is_shown(client_for, community, member, topic_in):
    from unittest import mock

    from django.urls import NoReverseMatch

    topic_in(community, "Tools for remote workshops", kind="discussion", replies=9)
    with mock.patch("practica.knowledge.views.gaps.reverse") as fake:
        real = reverse

        def refuse(name, *args, **kwargs):
            if name == "knowledge:document":
                raise NoReverseMatch(name)
            return real(name, *args, **kwargs)

        fake.side_effect = refuse
        html = client_for(member).get(gaps_url(community)).content.decode()
    assert "Tools for remote workshops" in html
    assert "Document this</button>" not in html


def test_many_questions_link_to_the_topic_lists_unanswered_filter(client_for, community, topic_in):
    for n in range(gaps.OVERVIEW_SIZE + 2):
        topic_in(community, f"Question number {n}", age=50 - n)
    html = client_for().get(gaps_url(community)).content.decode()
    assert "Question number 0" in html
    assert f"Question number {gaps.OVERVIEW_SIZE}" not in html
    expected = f"/c/{community.slug}/topics/?kind=question&unanswered=1"
    assert f'href="{expected.replace("&", "&amp;")}"' in html
    assert f"All {gaps.OVERVIEW_SIZE + 2} unanswered questions" in html
    # The link leads to a list that holds them.
    listed = client_for().get(expected)
    assert listed.status_code == 200
    assert f"Question number {gaps.OVERVIEW_SIZE + 1}" in listed.content.decode()


def test_one_list_a_page_at_a_time(client_for, community):
    total = gaps.PAGE_SIZE + 3
    for n in range(total):
        for _ in range(total - n):  # query 0 searched most, so first
            SearchMiss.objects.create(community=community, query=f"query {n:02}", result_count=0)
    overview = client_for().get(gaps_url(community)).content.decode()
    assert f"All {total} searches" in overview
    assert 'href="?section=misses"' not in overview  # an absolute link to the page of the list
    assert f'{gaps_url(community)}?section=misses"' in overview

    first = client_for().get(gaps_url(community, "?section=misses")).content.decode()
    assert "query 00" in first and f"query {gaps.PAGE_SIZE - 1:02}" in first
    assert f"query {gaps.PAGE_SIZE:02}" not in first
    assert "Page 1 of 2" in first
    second = client_for().get(gaps_url(community, "?section=misses&page=2")).content.decode()
    assert f"query {gaps.PAGE_SIZE:02}" in second and "query 00" not in second


@pytest.mark.parametrize("section", ["needs", "supply", "busy", "misses"])
def test_every_list_has_its_page(client_for, filled, member, section):
    response = client_for(member).get(gaps_url(filled, f"?section={section}"))
    assert response.status_code == 200
    assert "← Knowledge gaps" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?section=nope", "?section=misses&page=abc", "?section=busy&page=-4", "?page=9999"]
)
def test_odd_addresses_still_answer(client_for, filled, query):
    assert client_for().get(gaps_url(filled, query)).status_code == 200


def test_the_page_only_reads(client_for, community, member):
    assert client_for(member).post(gaps_url(community)).status_code == 405


def test_the_page_runs_a_bounded_number_of_queries(client_for, community, member, topic_in):
    def add(n):
        for i in range(n):
            topic_in(community, f"Question {i}", age=i)
            topic_in(community, f"Busy {i}", kind="discussion", replies=6 + i)
            SearchMiss.objects.create(community=community, query=f"query {i}", result_count=0)

    client = client_for(member)
    add(2)
    few = queries_for(client, gaps_url(community))
    add(gaps.OVERVIEW_SIZE + 5)
    many = queries_for(client, gaps_url(community))
    # More rows add at most one count query per list that now runs over.
    assert many <= few + 5
    assert many <= 30
