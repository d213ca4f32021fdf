"""``GET /api/v1/communities/{slug}/gaps``: the five lists as JSON, as the viewer may see them."""

from datetime import datetime, timedelta

from django.utils import timezone

from practica.accounts.services import profile_update
from practica.communities.services import community_join
from practica.discussions.models import Topic
from practica.discussions.services import topic_create, topic_hide
from practica.knowledge.models import SearchMiss
from practica.knowledge.services import topic_document


def _topic(community, author, title, *, kind="question", age=0, replies=0):
    topic = topic_create(author, community, kind=kind, title=title, body="Tell me more.")
    when = timezone.now() - timedelta(days=age)
    Topic.objects.filter(pk=topic.pk).update(
        created_at=when, last_activity_at=when, reply_count=replies
    )
    return topic


def test_every_list_with_its_evidence(api_for, community, member, steward, make_user):
    old = _topic(community, member, "Where do you keep shared notes?", age=12)
    new = _topic(community, steward, "Who takes minutes?", age=1)
    busy = _topic(community, member, "Remote workshop tools", kind="discussion", replies=7)
    documented = _topic(community, member, "Documented thread", kind="discussion", replies=9)
    topic_document(member, documented.pk)
    SearchMiss.objects.create(community=community, query="grant writing", result_count=1)
    SearchMiss.objects.create(community=community, query="grant writing", result_count=0)
    needy = make_user("Nia Needs")
    community_join(needy, community, acknowledge_charter=True)
    profile_update(needy, needy.profile, needs="evaluation", expertise="knitting")

    status, body = api_for(member).get(f"/communities/{community.slug}/gaps")

    assert status == 200
    assert set(body) == {
        "unanswered_questions",
        "search_misses",
        "needs_without_supply",
        "expertise_without_demand",
        "undocumented_busy_topics",
    }
    questions = body["unanswered_questions"]
    assert [q["topic_id"] for q in questions] == [old.pk, new.pk]
    assert questions[0]["title"] == "Where do you keep shared notes?"
    assert questions[0]["url"] == f"/t/{old.pk}/"
    assert questions[0]["waiting_days"] == 12
    assert questions[0]["author"] == {"id": member.pk, "display_name": "Mo Member"}
    assert questions[1]["author"]["display_name"] == "Stella Steward"
    asked = datetime.fromisoformat(questions[0]["asked_at"])
    assert abs(asked - (timezone.now() - timedelta(days=12))) < timedelta(minutes=1)

    [miss] = body["search_misses"]
    assert miss["query"] == "grant writing"
    assert miss["searches"] == 2
    assert miss["best_result_count"] == 1
    assert datetime.fromisoformat(miss["last_searched_at"]) <= timezone.now()

    assert body["needs_without_supply"] == [{"tag": "evaluation", "needs": 1, "expertise": 0}]
    assert body["expertise_without_demand"] == [{"tag": "knitting", "expertise": 1, "needs": 0}]

    [topic] = body["undocumented_busy_topics"]
    assert topic["topic_id"] == busy.pk
    assert topic["title"] == "Remote workshop tools"
    assert topic["url"] == f"/t/{busy.pk}/"
    assert topic["reply_count"] == 7
    assert "last_activity_at" in topic


def test_anonymous_readers_get_a_public_communitys_gaps_without_members_only_fields(
    api_for, community, make_user
):
    needy = make_user()
    community_join(needy, community, acknowledge_charter=True)
    profile_update(needy, needy.profile, needs="evaluation, budgets", needs_audience="communities")
    open_needs = make_user()
    community_join(open_needs, community, acknowledge_charter=True)
    profile_update(open_needs, open_needs.profile, needs="budgets", needs_audience="everyone")

    status, body = api_for().get(f"/communities/{community.slug}/gaps")
    assert status == 200
    assert body["needs_without_supply"] == [{"tag": "budgets", "needs": 1, "expertise": 0}]


def test_a_private_community_is_not_found_for_outsiders(
    api_for, private_community, member, outsider
):
    SearchMiss.objects.create(community=private_community, query="secret", result_count=0)
    for client in (api_for(), api_for(outsider)):
        status, body = client.get(f"/communities/{private_community.slug}/gaps")
        assert status == 404
        assert "secret" not in str(body)
    status, body = api_for(member).get(f"/communities/{private_community.slug}/gaps")
    assert status == 200
    assert body["search_misses"][0]["query"] == "secret"


def test_no_such_community(api_for, member):
    status, body = api_for(member).get("/communities/nowhere/gaps")
    assert status == 404 and body["detail"]


def test_hidden_topics_are_left_out(api_for, community, member, steward):
    question = _topic(community, member, "Spam?")
    busy = _topic(community, member, "Flame war", kind="discussion", replies=40)
    topic_hide(steward, question.pk, reason="Spam")
    topic_hide(steward, busy.pk, reason="Heated")
    status, body = api_for(steward).get(f"/communities/{community.slug}/gaps")
    assert status == 200
    assert body["unanswered_questions"] == [] and body["undocumented_busy_topics"] == []


def test_limit_cuts_every_list(api_for, community, member):
    for n in range(4):
        _topic(community, member, f"Question {n}", age=10 - n)
        SearchMiss.objects.create(community=community, query=f"query {n}", result_count=0)
    status, body = api_for(member).get(f"/communities/{community.slug}/gaps?limit=2")
    assert status == 200
    assert [q["title"] for q in body["unanswered_questions"]] == ["Question 0", "Question 1"]
    assert len(body["search_misses"]) == 2
    status, body = api_for(member).get(f"/communities/{community.slug}/gaps")
    assert len(body["unanswered_questions"]) == 4


def test_a_limit_out_of_range_is_refused(api_for, community, member):
    for bad in ("0", "51", "many", "-1"):
        status, body = api_for(member).get(f"/communities/{community.slug}/gaps?limit={bad}")
        assert status == 422, bad
        assert "limit" in body["detail"]


def test_the_operation_is_documented(api_for):
    status, schema = api_for().get("/openapi.json")
    assert status == 200
    operation = schema["paths"]["/api/v1/communities/{slug}/gaps"]["get"]
    assert "200" in operation["responses"] and "404" in operation["responses"]
