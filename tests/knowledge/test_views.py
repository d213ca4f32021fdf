"""Knowledge pages: the community's knowledge page, writing and editing, the article page,
history, revisions, diffs, the actions, "Document this" from a topic, and the community home
section — who may do what, what bad input does, and bounded query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.communities.services import community_join
from practica.discussions.services import post_create, topic_create, topic_mark_answered
from practica.knowledge import services
from practica.knowledge.models import Article, ArticleCredit, ArticleRevision, Endorsement

from .conftest import conclude, queries_for


def list_url(community) -> str:
    return reverse("knowledge:list", args=[community.slug])


def article_url(article, name="article", *args) -> str:
    return reverse(f"knowledge:{name}", args=[article.pk, *args])


# --- the knowledge page -------------------------------------------------------------------------


def test_knowledge_page_shows_published_drafts_for_members_and_stale(
    client_for, community, member, outsider, article, draft, make_article
):
    stale = make_article(title="Dusty practice", status="published")
    Article.objects.filter(pk=stale.pk).update(reviewed_at=timezone.now() - timedelta(days=400))
    as_member = client_for(member).get(list_url(community)).content.decode()
    assert article.title in as_member and draft.title in as_member
    assert "Needs review" in as_member and "mark reviewed" in as_member
    assert "Write an article" in as_member
    as_outsider = client_for(outsider).get(list_url(community)).content.decode()
    assert article.title in as_outsider and draft.title not in as_outsider
    assert "Dusty practice" in as_outsider and "mark reviewed" not in as_outsider
    assert "Write an article" not in as_outsider


def test_knowledge_page_filters_and_archive(client_for, community, steward, make_article):
    make_article(title="A guide", kind="guide", tags="x", status="published")
    old = make_article(title="Old way", status="published")
    services.article_set_status(steward, old.pk, "archived")
    client = client_for()
    guides = client.get(list_url(community), {"kind": "guide"}).content.decode()
    assert "A guide" in guides and "Old way" not in guides
    archive = client.get(list_url(community), {"status": "archived"}).content.decode()
    assert "Old way" in archive and "A guide" not in archive
    assert (
        "Showing articles tagged" in client.get(list_url(community), {"tag": "x"}).content.decode()
    )


def test_empty_knowledge_page_tells_members_what_to_do(client_for, community, member):
    body = client_for(member).get(list_url(community)).content.decode()
    assert "Nothing documented yet" in body and "Document this" in body


def test_private_knowledge_is_not_found(client_for, private_community, member, outsider):
    article = services.article_create(
        member, private_community, kind="guide", title="Hidden", body="B", status="published"
    )
    for who in (None, outsider):
        client = client_for(who)
        for path in (
            list_url(private_community),
            article_url(article),
            article_url(article, "history"),
        ):
            response = client.get(path)
            assert (
                response.status_code in (302, 404) if who is None else response.status_code == 404
            )
            assert "Hidden" not in response.content.decode()


def test_a_draft_is_not_found_for_outsiders(client_for, outsider, draft):
    assert client_for(outsider).get(article_url(draft)).status_code == 404
    assert client_for().get(article_url(draft, "history")).status_code == 404


def test_list_query_count_does_not_grow(
    client_for, community, member, make_article, django_assert_max_num_queries
):
    client = client_for(member)
    for n in range(3):
        make_article(title=f"P{n}", status="published", tags="a, b")
        make_article(title=f"D{n}", tags="c")
    few = queries_for(client, list_url(community))
    for n in range(25):
        make_article(title=f"More {n}", status="published", tags="a, d")
        make_article(title=f"Draft {n}", tags="e")
    Article.objects.update(reviewed_at=timezone.now() - timedelta(days=800))
    with django_assert_max_num_queries(few + 2):  # the stale section fills
        assert client.get(list_url(community)).status_code == 200
    assert few <= 20


# --- writing and editing ------------------------------------------------------------------------


def test_member_writes_an_article(client_for, community, member):
    response = client_for(member).post(
        reverse("knowledge:new", args=[community.slug]),
        {
            "kind": "glossary",
            "title": "Promotora",
            "body": "A community health worker in Latino communities.",
            "tags": "roles",
            "status": "published",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article_url(article)
    assert article.status == "published" and article.kind == "glossary"


def test_new_article_form_errors_are_shown_and_nothing_stored(client_for, community, member):
    client = client_for(member)
    response = client.post(
        reverse("knowledge:new", args=[community.slug]),
        {"kind": "resource", "title": "Link", "body": "Read it", "status": "draft"},
    )
    assert response.status_code == 400
    assert "give its web address" in response.content.decode()
    assert not Article.objects.exists()


def test_new_article_needs_a_member(client_for, community, outsider):
    url = reverse("knowledge:new", args=[community.slug])
    assert client_for(outsider).get(url).status_code == 403
    response = client_for().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_edit_saves_a_revision_with_summary(client_for, steward, article):
    client = client_for(steward)
    form = client.get(article_url(article, "edit"))
    assert form.status_code == 200 and "What did you change?" in form.content.decode()
    response = client.post(
        article_url(article, "edit"),
        {
            "kind": "practice",
            "title": article.title,
            "body": "Knock three times.",
            "tags": "care",
            "summary": "Knock louder",
        },
    )
    assert response.status_code == 302
    latest = ArticleRevision.objects.get(article=article, number=2)
    assert (latest.summary, latest.author) == ("Knock louder", steward)


def test_an_edit_that_changes_nothing_is_shown_as_an_error(client_for, member, article):
    response = client_for(member).post(
        article_url(article, "edit"),
        {
            "kind": "practice",
            "title": article.title,
            "body": article.body,
            "tags": "care, home-visits",
        },
    )
    assert response.status_code == 400 and "Nothing changed" in response.content.decode()
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_outsider_cannot_edit(client_for, outsider, article):
    client = client_for(outsider)
    assert client.get(article_url(article, "edit")).status_code == 302
    assert client.post(article_url(article, "edit"), {"body": "x"}).status_code == 403


# --- the article page ---------------------------------------------------------------------------


def test_article_page_shows_credits_endorsements_and_controls(client_for, member, steward, article):
    services.article_edit(steward, article.pk, body="Knock three times.")
    services.article_endorse(steward, article.pk)
    body = client_for(member).get(article_url(article)).content.decode()
    assert "Knock three times." in body
    assert "Credits" in body and "Mo Member" in body and "Stella Steward" in body
    assert "1 endorsement" in body and "This reflects my practice" in body
    assert "2 revisions" in body and "Back to draft" in body
    steward_body = client_for(steward).get(article_url(article)).content.decode()
    assert "Withdraw my endorsement" in steward_body and 'value="archived"' in steward_body
    assert 'value="archived"' not in body


def test_article_page_hides_write_controls_in_a_concluded_community(
    client_for, community, member, article
):
    conclude(community)
    body = client_for(member).get(article_url(article)).content.decode()
    assert "Improve it" not in body and "This reflects my practice" not in body


def test_article_page_query_count_does_not_grow(
    client_for, community, member, article, make_user, django_assert_max_num_queries
):
    client = client_for(member)
    few = queries_for(client, article_url(article))
    for n in range(15):
        person = make_user(f"Editor {n}")
        community_join(person, community, acknowledge_charter=True)
        services.article_edit(person, article.pk, body=f"Version {n}")
        services.article_endorse(person, article.pk)
    with django_assert_max_num_queries(few):
        assert client.get(article_url(article)).status_code == 200
    assert few <= 14


def test_history_lists_revisions_with_radio_buttons(
    client_for, member, steward, article, django_assert_max_num_queries
):
    client = client_for(member)
    few = queries_for(client, article_url(article, "history"))
    for n in range(10):
        services.article_edit(steward, article.pk, body=f"Version {n}", summary=f"Try {n}")
    with django_assert_max_num_queries(few):
        body = client.get(article_url(article, "history")).content.decode()
    assert 'name="from" value="10" id="from-10" checked' in body
    assert 'name="to" value="11" id="to-11" checked' in body
    assert "Try 9" in body and "Compare the chosen revisions" in body


def test_revision_page_and_restore(client_for, member, steward, article):
    services.article_edit(steward, article.pk, body="Wrong")
    client = client_for(member)
    page = client.get(article_url(article, "revision", 1)).content.decode()
    assert "Knock twice." in page and "Restore this version" in page
    assert client.get(article_url(article, "revision", 9)).status_code == 404
    assert client.get(article_url(article, "restore", 1)).status_code == 302
    response = client.post(article_url(article, "restore", 1), {"summary": "Undo"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body.startswith("Knock twice.") and article.revision_count == 3
    assert ArticleRevision.objects.get(article=article, number=3).summary == "Undo"
    assert client.post(article_url(article, "restore", 42)).status_code == 404


def test_diff_page_shows_word_changes(client_for, member, article):
    services.article_edit(
        member, article.pk, body="Knock twice.\nIntroduce yourself by name.\nListen first."
    )
    client = client_for()
    body = client.get(article_url(article, "diff"), {"from": 1, "to": 2}).content.decode()
    assert "Changes from revision 1 to revision 2" in body
    assert (
        '<ins class="diff-word diff-word-ins">'
        '<span class="visually-hidden">inserted: </span> by name</ins>' in body
    )
    # Without numbers: the latest change.
    assert "revision 1 to revision 2" in client.get(article_url(article, "diff")).content.decode()


@pytest.mark.parametrize(
    "query,status",
    [({"from": "x", "to": "1"}, 400), ({"from": "1", "to": "99"}, 404), ({"from": "-1"}, 404)],
)
def test_bad_diff_numbers_are_clear_errors_not_500s(client_for, article, query, status):
    response = client_for().get(article_url(article, "diff"), query)
    assert response.status_code == status
    assert "Choose two revisions from the history" in response.content.decode()


def test_diff_with_a_foreign_revision_is_not_found(client_for, member, article, make_article):
    other = make_article(title="Other")
    for n in range(3):
        services.article_edit(member, other.pk, body=f"v{n}")
    response = client_for(member).get(article_url(article, "diff"), {"from": 1, "to": 3})
    assert response.status_code == 404 and "has no revision 3" in response.content.decode()


# --- actions ------------------------------------------------------------------------------------


def test_endorse_toggles(client_for, member, article):
    client = client_for(member)
    assert client.post(article_url(article, "endorse")).status_code == 302
    assert Endorsement.objects.filter(article=article, user=member).exists()
    client.post(article_url(article, "endorse"), {"action": "withdraw"})
    assert not Endorsement.objects.filter(article=article).exists()
    assert client.get(article_url(article, "endorse")).status_code == 302


def test_mark_reviewed_from_the_list_goes_back_there(client_for, community, member, article):
    Article.objects.filter(pk=article.pk).update(reviewed_at=timezone.now() - timedelta(days=999))
    response = client_for(member).post(article_url(article, "reviewed"), {"back": "list"})
    assert response.status_code == 302 and response["Location"] == list_url(community)
    article.refresh_from_db()
    assert article.reviewed_by == member


def test_status_changes_and_steward_only_archive(client_for, member, steward, draft):
    member_client = client_for(member)
    member_client.post(article_url(draft, "status"), {"status": "published"})
    draft.refresh_from_db()
    assert draft.status == "published"
    assert (
        member_client.post(article_url(draft, "status"), {"status": "archived"}).status_code == 403
    )
    assert member_client.post(article_url(draft, "status"), {"status": "junk"}).status_code == 400
    client_for(steward).post(article_url(draft, "status"), {"status": "archived"})
    draft.refresh_from_db()
    assert draft.status == "archived"


def test_anonymous_actions_go_to_sign_in(client_for, article):
    for name in ("endorse", "reviewed", "status"):
        response = client_for().post(article_url(article, name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- "Document this" ----------------------------------------------------------------------------


def test_document_this_button_makes_a_draft_and_opens_its_editor(
    client_for, community, member, steward
):
    topic = topic_create(member, community, kind="question", title="How to close?", body="?")
    answer = post_create(steward, topic.pk, body="Agree the next visit.")
    topic_mark_answered(member, topic.pk, answer.pk)
    client = client_for(steward)
    page = client.get(reverse("discussions:topic", args=[topic.pk])).content.decode()
    assert reverse("knowledge:document", args=[topic.pk]) in page and "Document this" in page
    response = client.post(reverse("knowledge:document", args=[topic.pk]))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article_url(article, "edit")
    assert set(ArticleCredit.objects.filter(role="source").values_list("user_id", flat=True)) == {
        member.pk,
        steward.pk,
    }
    detail = client.get(article_url(article)).content.decode()
    assert "Documented from the discussion" in detail and "How to close?" in detail
    # A second press goes to the article already made.
    again = client.post(reverse("knowledge:document", args=[topic.pk]))
    assert again["Location"] == article_url(article) and Article.objects.count() == 1


def test_document_this_is_not_offered_to_outsiders(client_for, community, member, outsider):
    topic = topic_create(member, community, kind="practice", title="Intake", body="Steps")
    client = client_for(outsider)
    page = client.get(reverse("discussions:topic", args=[topic.pk])).content.decode()
    assert reverse("knowledge:document", args=[topic.pk]) not in page
    assert client.post(reverse("knowledge:document", args=[topic.pk])).status_code == 403
    assert not Article.objects.exists()


# --- the community home -------------------------------------------------------------------------


def test_home_section_shows_latest_and_how_many_need_review(
    client_for, community, member, article, make_article
):
    stale = make_article(title="Dusty", status="published")
    Article.objects.filter(pk=stale.pk).update(reviewed_at=timezone.now() - timedelta(days=999))
    services.article_endorse(member, article.pk)  # any write retires the cached home page
    body = client_for().get(reverse("communities:home", args=[community.slug])).content.decode()
    assert article.title in body and "1 article needs a review." in body
