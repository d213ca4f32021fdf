"""The knowledge API: articles, revisions, diffs, restore, endorsements, reviews and
"Document this" — with the same permissions and errors as the pages."""

from datetime import timedelta

from django.utils import timezone

from practica.discussions.services import post_create, topic_create, topic_mark_answered
from practica.knowledge import services
from practica.knowledge.models import Article, ArticleRevision


def test_list_and_create(api_for, community, member, outsider, article, draft):
    status, body = api_for().get(f"/communities/{community.slug}/articles")
    assert status == 200 and [a["title"] for a in body["items"]] == [article.title]
    assert body["items"][0]["tags"] == ["care", "home-visits"]
    _status, drafts = api_for(member).get(f"/communities/{community.slug}/articles?status=draft")
    assert [a["title"] for a in drafts["items"]] == [draft.title]
    _status, none = api_for(outsider).get(f"/communities/{community.slug}/articles?status=draft")
    assert none["items"] == [] and none["total"] == 0

    status, created = api_for(member).post(
        f"/communities/{community.slug}/articles",
        {
            "kind": "resource",
            "title": "Guide",
            "body": "Read ch. 2",
            "url": "https://x.org/g",
            "tags": ["Reading"],
            "status": "published",
        },
    )
    assert status == 201
    assert created["url"] == "https://x.org/g" and created["tags"] == ["reading"]
    assert created["credits"] == [{"user_id": member.pk, "name": "Mo Member", "roles": ["writer"]}]
    assert created["revision_count"] == 1 and created["needs_review"] is False


def test_create_refusals(api_for, community, private_community, member, outsider):
    path = f"/communities/{community.slug}/articles"
    good = {"kind": "practice", "title": "T", "body": "B"}
    assert api_for(outsider).post(path, good)[0] == 403
    assert api_for().post(path, good)[0] == 401
    assert api_for(outsider).post(f"/communities/{private_community.slug}/articles", good)[0] == 404
    assert api_for(member).post(path, {**good, "kind": "poem"})[0] == 422
    status, body = api_for(member).post(path, {**good, "url": "ftp://x"})
    assert status == 400 and "http" in body["detail"]
    assert api_for(member).post(path, {**good, "status": "archived"})[0] == 400
    assert not Article.objects.exists()


def test_get_and_patch(api_for, member, steward, outsider, article, draft):
    status, body = api_for(outsider).get(f"/articles/{article.pk}")
    assert status == 200 and body["body"] == article.body and "<p>" in body["body_html"]
    assert api_for(outsider).get(f"/articles/{draft.pk}")[0] == 404
    status, body = api_for(steward).patch(
        f"/articles/{article.pk}", {"body": "Knock once.", "summary": "Shorter"}
    )
    assert status == 200 and body["revision_count"] == 2
    assert {c["name"] for c in body["credits"]} == {"Mo Member", "Stella Steward"}
    status, body = api_for(member).patch(f"/articles/{article.pk}", {"body": "Knock once."})
    assert status == 400 and "Nothing changed" in body["detail"]
    assert api_for(member).patch(f"/articles/{article.pk}", {})[0] == 400
    assert api_for(outsider).patch(f"/articles/{article.pk}", {"body": "x"})[0] == 403


def test_patch_status_and_content_together_or_not_at_all(api_for, member, steward, article):
    status, _body = api_for(member).patch(
        f"/articles/{article.pk}", {"body": "New text", "status": "archived"}
    )
    assert status == 403
    assert ArticleRevision.objects.filter(article=article).count() == 1
    status, body = api_for(steward).patch(f"/articles/{article.pk}", {"status": "archived"})
    assert status == 200 and body["status"] == "archived"


def test_revisions_and_diff(api_for, member, steward, article, make_article):
    services.article_edit(
        steward,
        article.pk,
        title="Home visits",
        body="Knock twice.\nIntroduce yourself by name.\nListen first.",
        summary="Names",
    )
    status, body = api_for().get(f"/articles/{article.pk}/revisions")
    assert status == 200 and [r["number"] for r in body["items"]] == [2, 1]
    assert body["items"][0]["summary"] == "Names"
    assert body["items"][0]["author"]["display_name"] == "Stella Steward"

    status, diff = api_for().get(f"/articles/{article.pk}/diff?from=1&to=2")
    assert status == 200 and diff["from"] == 1 and diff["to"] == 2 and diff["changed"]
    assert diff["title"] == {"old": "Running a home visit", "new": "Home visits"}
    (change,) = [row for row in diff["body"] if row["kind"] == "change"]
    assert {"op": "ins", "text": " by name"} in change["new"]
    _status, default = api_for().get(f"/articles/{article.pk}/diff")
    assert (default["from"], default["to"]) == (1, 2)

    other = make_article(title="Other")
    for n in range(3):
        services.article_edit(member, other.pk, body=f"v{n}")
    status, body = api_for().get(f"/articles/{article.pk}/diff?from=1&to=4")
    assert status == 404 and "no revision 4" in body["detail"]
    assert api_for().get(f"/articles/{article.pk}/diff?from=x&to=1")[0] == 422
    assert api_for().get(f"/articles/{article.pk}/diff?from=0&to=1")[0] == 404


def test_restore(api_for, member, steward, article):
    services.article_edit(steward, article.pk, body="Wrong")
    status, body = api_for(member).post(f"/articles/{article.pk}/restore", {"number": 1})
    assert status == 200 and body["body"] == article.body and body["revision_count"] == 3
    assert api_for(member).post(f"/articles/{article.pk}/restore", {"number": 9})[0] == 404
    assert api_for(member).post(f"/articles/{article.pk}/restore", {})[0] == 422


def test_endorse_and_unendorse(api_for, member, steward, outsider, article, draft):
    status, body = api_for(steward).post(f"/articles/{article.pk}/endorse")
    assert status == 200
    assert body == {"count": 1, "names": ["Stella Steward"], "endorsed_by_me": True}
    status, body = api_for(steward).delete(f"/articles/{article.pk}/endorse")
    assert body == {"count": 0, "names": [], "endorsed_by_me": False}
    assert api_for(outsider).post(f"/articles/{article.pk}/endorse")[0] == 403
    assert api_for(member).post(f"/articles/{draft.pk}/endorse")[0] == 409


def test_reviewed(api_for, member, article):
    Article.objects.filter(pk=article.pk).update(reviewed_at=timezone.now() - timedelta(days=999))
    assert api_for().get(f"/articles/{article.pk}")[1]["needs_review"] is True
    status, body = api_for(member).post(f"/articles/{article.pk}/reviewed")
    assert status == 200 and body["needs_review"] is False
    assert body["reviewed_by"]["display_name"] == "Mo Member"


def test_document_a_topic(api_for, community, member, steward, outsider):
    topic = topic_create(member, community, kind="question", title="How to close?", body="?")
    answer = post_create(steward, topic.pk, body="Agree the next visit.")
    topic_mark_answered(member, topic.pk, answer.pk)
    assert api_for(outsider).post(f"/topics/{topic.pk}/document")[0] == 403
    status, body = api_for(steward).post(f"/topics/{topic.pk}/document")
    assert status == 201 and body["status"] == "draft" and body["kind"] == "guide"
    assert body["source_topic_id"] == topic.pk
    roles = {c["name"]: c["roles"] for c in body["credits"]}
    assert roles == {"Stella Steward": ["writer", "source"], "Mo Member": ["source"]}
    assert api_for(steward).post(f"/topics/{topic.pk}/document")[0] == 409
    assert api_for(steward).post("/topics/999999/document")[0] == 404


def test_private_articles_are_not_found_through_the_api(
    api_for, private_community, member, outsider
):
    article = services.article_create(
        member, private_community, kind="guide", title="Hidden", body="B", status="published"
    )
    for path in (
        f"/articles/{article.pk}",
        f"/articles/{article.pk}/revisions",
        f"/articles/{article.pk}/diff?from=1&to=1",
        f"/communities/{private_community.slug}/articles",
    ):
        for client in (api_for(), api_for(outsider)):
            status, body = client.get(path)
            assert status == 404 and "Hidden" not in str(body)
