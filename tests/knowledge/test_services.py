"""Writing to the knowledge repository: revisions, credits, counters, statuses, endorsements,
reviews and "Document this" — and every way a write is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practica.communities.models import Activity
from practica.communities.services import community_join, community_leave
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.core.models import SearchDocument
from practica.discussions.services import (
    post_create,
    post_hide,
    topic_create,
    topic_mark_answered,
)
from practica.knowledge import services
from practica.knowledge.models import (
    Article,
    ArticleCredit,
    ArticleRevision,
    Endorsement,
)

from .conftest import conclude


def verbs(community) -> list[str]:
    return list(
        Activity.objects.filter(community=community).order_by("id").values_list("verb", flat=True)
    )


def indexed(article) -> bool:
    return SearchDocument.objects.filter(kind="article", object_id=article.pk).exists()


def credits(article) -> set[tuple[int, str]]:
    return set(ArticleCredit.objects.filter(article=article).values_list("user_id", "role"))


# --- creating -----------------------------------------------------------------------------------


def test_create_writes_revision_one_credit_activity_and_no_index_for_a_draft(
    community, member, draft
):
    assert draft.status == "draft" and draft.revision_count == 1
    revision = ArticleRevision.objects.get(article=draft)
    assert (revision.number, revision.author, revision.title) == (1, member, "Half an idea")
    assert revision.summary == "First version"
    assert credits(draft) == {(member.pk, "writer")}
    assert verbs(community)[-1] == "article_created"
    assert not indexed(draft)  # drafts are not searchable


def test_create_published_is_indexed_with_tags_and_markdown_rendered(community, member):
    article = services.article_create(
        member,
        community,
        kind="guide",
        title="  Interpreting   at the clinic ",
        body="**Always** ask first.",
        tags="Interpreting, Language Access, interpreting",
        status="published",
    )
    assert article.title == "Interpreting at the clinic"
    assert "<strong>Always</strong>" in article.body_html
    assert sorted(t.name for t in article.tags.all()) == ["interpreting", "language-access"]
    assert ArticleRevision.objects.get(article=article).tags == "interpreting,language-access"
    doc = SearchDocument.objects.get(kind="article", object_id=article.pk)
    assert doc.community_id == community.pk and "Always ask first" in doc.body
    assert "language-access" in doc.tags


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * 50_001}, "body"),
        ({"kind": "poem"}, "kind"),
        ({"kind": "resource", "url": ""}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "not a link"}, "url"),
        ({"status": "archived"}, "status"),
        ({"status": "gone"}, "status"),
        ({"summary": "x" * 301}, "summary"),
        ({"tags": ["x" * 51]}, "tags"),
    ],
)
def test_create_refuses_bad_input_with_the_field(community, member, fields, field):
    data = {"kind": "practice", "title": "T", "body": "B", **fields}
    with pytest.raises(InvalidInput) as err:
        services.article_create(member, community, **data)
    assert err.value.field == field
    assert not Article.objects.exists()


def test_a_resource_keeps_its_link(community, member):
    article = services.article_create(
        member,
        community,
        kind="resource",
        title="WHO guideline",
        body="Chapter 3 is the useful part.",
        url="https://www.who.int/publications/chw",
    )
    assert article.url == "https://www.who.int/publications/chw"


# --- who may write ------------------------------------------------------------------------------


def test_outsider_may_not_create_in_a_public_community(community, outsider):
    with pytest.raises(NotAllowed):
        services.article_create(outsider, community, kind="practice", title="T", body="B")


def test_outsider_gets_not_found_in_a_private_community(private_community, outsider):
    with pytest.raises(NotFound):
        services.article_create(outsider, private_community, kind="practice", title="T", body="B")


def test_former_member_may_no_longer_write_or_edit(community, make_user, make_article):
    former = make_user("Fran Former")
    community_join(former, community, acknowledge_charter=True)
    article = make_article(author=former, status="published")
    community_leave(former, community)
    with pytest.raises(NotAllowed):
        services.article_create(former, community, kind="practice", title="T", body="B")
    with pytest.raises(NotAllowed):
        services.article_edit(former, article.pk, body="Changed")
    with pytest.raises(NotAllowed):
        services.article_endorse(former, article.pk)
    with pytest.raises(NotAllowed):
        services.article_mark_reviewed(former, article.pk)


def test_private_community_writes_are_not_found_for_outsiders(private_community, member, outsider):
    article = services.article_create(
        member, private_community, kind="practice", title="Hidden", body="B", status="published"
    )
    for call in (
        lambda: services.article_edit(outsider, article.pk, body="x"),
        lambda: services.article_set_status(outsider, article.pk, "draft"),
        lambda: services.article_restore(outsider, article.pk, 1),
        lambda: services.article_endorse(outsider, article.pk),
        lambda: services.article_mark_reviewed(outsider, article.pk),
    ):
        with pytest.raises(NotFound):
            call()


def test_a_draft_does_not_exist_for_an_outsider_of_a_public_community(draft, outsider):
    with pytest.raises(NotFound):
        services.article_edit(outsider, draft.pk, body="x")
    with pytest.raises(NotFound):
        services.article_set_status(outsider, draft.pk, "published")


def test_nothing_can_be_written_in_a_concluded_community(community, member, steward, article):
    conclude(community)
    before = (ArticleRevision.objects.count(), Activity.objects.count())
    for call in (
        lambda: services.article_create(member, community, kind="practice", title="T", body="B"),
        lambda: services.article_edit(member, article.pk, body="New"),
        lambda: services.article_restore(member, article.pk, 1),
        lambda: services.article_set_status(steward, article.pk, "archived"),
        lambda: services.article_endorse(steward, article.pk),
        lambda: services.article_mark_reviewed(member, article.pk),
    ):
        with pytest.raises(Conflict):
            call()
    assert (ArticleRevision.objects.count(), Activity.objects.count()) == before


def test_unknown_and_junk_article_ids_are_not_found(member):
    for junk in (0, -1, 2**63, "abc", None, 999_999):
        with pytest.raises(NotFound):
            services.article_edit(member, junk, body="x")


# --- editing ------------------------------------------------------------------------------------


def test_any_member_edits_and_each_edit_is_a_revision_with_credit(
    community, member, steward, article
):
    reviewed_before = article.reviewed_at
    services.article_edit(steward, article.pk, body="Knock once.", summary="Shorter")
    article = services.article_edit(
        member, article.pk, title="Home visits", tags=["visits"], kind="guide"
    )
    assert article.revision_count == 3
    numbers = list(
        ArticleRevision.objects.filter(article=article).values_list("number", "author_id")
    )
    assert numbers == [(1, member.pk), (2, steward.pk), (3, member.pk)]
    second = ArticleRevision.objects.get(article=article, number=2)
    assert (second.summary, second.body) == ("Shorter", "Knock once.")
    assert second.title == "Running a home visit"
    assert article.kind == "guide" and article.body == "Knock once."
    assert [t.name for t in article.tags.all()] == ["visits"]
    assert credits(article) == {(member.pk, "writer"), (steward.pk, "writer")}
    assert article.reviewed_at > reviewed_before and article.reviewed_by == member
    assert verbs(community)[-2:] == ["article_edited", "article_edited"]
    doc = SearchDocument.objects.get(kind="article", object_id=article.pk)
    assert doc.title == "Home visits" and doc.tags == "visits"


def test_an_edit_that_changes_nothing_is_refused(article, member):
    with pytest.raises(InvalidInput, match="Nothing changed"):
        services.article_edit(
            member, article.pk, title=article.title, body=article.body, tags="care, home-visits"
        )
    with pytest.raises(InvalidInput):
        services.article_edit(member, article.pk)
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_an_archived_article_cannot_be_edited(article, member, steward):
    services.article_set_status(steward, article.pk, "archived")
    with pytest.raises(Conflict):
        services.article_edit(member, article.pk, body="New")
    with pytest.raises(Conflict):
        services.article_restore(member, article.pk, 1)


# --- restoring ----------------------------------------------------------------------------------


def test_restore_copies_an_old_revision_into_a_new_one(community, member, steward, article):
    original = (article.title, article.body)
    services.article_edit(steward, article.pk, title="Wrong title", body="Wrong", tags="")
    article = services.article_restore(member, article.pk, 1)
    assert (article.title, article.body) == original
    assert sorted(t.name for t in article.tags.all()) == ["care", "home-visits"]
    latest = ArticleRevision.objects.get(article=article, number=3)
    assert latest.restored_from == 1 and latest.summary == "Restored revision 1"
    assert latest.author == member
    assert verbs(community)[-1] == "article_restored"
    assert ArticleRevision.objects.filter(article=article).count() == 3  # nothing rewritten


def test_restore_of_the_current_content_or_a_missing_number_is_refused(member, article):
    with pytest.raises(InvalidInput, match="Nothing changed"):
        services.article_restore(member, article.pk, 1)
    with pytest.raises(NotFound):
        services.article_restore(member, article.pk, 7)
    with pytest.raises(InvalidInput):
        services.article_restore(member, article.pk, "two")


def test_restore_cannot_reach_another_articles_revision(member, make_article, article):
    other = make_article(title="Other", body="Other text")
    services.article_edit(member, other.pk, body="Other text 2")
    with pytest.raises(NotFound):
        services.article_restore(member, article.pk, 2)


# --- status -------------------------------------------------------------------------------------


def test_any_member_publishes_and_returns_to_draft_and_index_follows(
    community, member, steward, draft
):
    services.article_set_status(steward, draft.pk, "published")
    assert indexed(draft)
    services.article_set_status(member, draft.pk, "draft")
    assert not indexed(draft)
    assert verbs(community)[-2:] == ["article_status", "article_status"]


def test_only_a_steward_archives_and_unarchives(member, steward, article):
    with pytest.raises(NotAllowed):
        services.article_set_status(member, article.pk, "archived")
    services.article_set_status(steward, article.pk, "archived")
    assert indexed(article)  # archived articles stay findable
    with pytest.raises(NotAllowed):
        services.article_set_status(member, article.pk, "published")
    services.article_set_status(steward, article.pk, "published")
    assert Article.objects.get(pk=article.pk).status == "published"


def test_same_status_changes_nothing_and_junk_status_is_refused(community, member, article):
    before = Activity.objects.count()
    services.article_set_status(member, article.pk, "published")
    assert Activity.objects.count() == before
    with pytest.raises(InvalidInput):
        services.article_set_status(member, article.pk, "deleted")


# --- endorsing and reviewing --------------------------------------------------------------------


def test_endorse_counts_once_and_withdraws(community, member, steward, article):
    services.article_endorse(steward, article.pk)
    services.article_endorse(steward, article.pk)
    article = services.article_endorse(member, article.pk)
    assert article.endorsement_count == 2
    assert Endorsement.objects.filter(article=article).count() == 2
    article = services.article_endorse(steward, article.pk, endorsed=False)
    article = services.article_endorse(steward, article.pk, endorsed=False)
    assert article.endorsement_count == 1
    assert verbs(community).count("article_endorsed") == 2


def test_a_draft_cannot_be_endorsed_and_outsiders_cannot_endorse(draft, article, member, outsider):
    with pytest.raises(Conflict):
        services.article_endorse(member, draft.pk)
    with pytest.raises(NotAllowed):
        services.article_endorse(outsider, article.pk)


def test_mark_reviewed_moves_the_review_date(community, steward, article):
    old = timezone.now() - timedelta(days=500)
    Article.objects.filter(pk=article.pk).update(reviewed_at=old, reviewed_by=None)
    article = services.article_mark_reviewed(steward, article.pk)
    assert article.reviewed_at > old and article.reviewed_by == steward
    assert verbs(community)[-1] == "article_reviewed"
    assert ArticleRevision.objects.filter(article=article).count() == 1  # no new revision


# --- "Document this" ----------------------------------------------------------------------------


@pytest.fixture
def answered_question(community, member, steward, make_user):
    helper = make_user("Hana Helper")
    community_join(helper, community, acknowledge_charter=True)
    topic = topic_create(
        member,
        community,
        kind="question",
        title="How do you close a home visit?",
        body="I never know how to *leave*.",
        tags="home-visits",
    )
    first = post_create(helper, topic.pk, body="Summarise what you agreed.")
    answer = post_create(steward, topic.pk, body="Agree the next visit before you stand up.")
    hidden = post_create(helper, topic.pk, body="Rude remark that was hidden.")
    post_hide(steward, hidden.pk, reason="Rule 1")
    topic_mark_answered(member, topic.pk, answer.pk)
    return {"topic": topic, "helper": helper, "first": first, "answer": answer}


def test_document_makes_a_credited_draft_that_links_back(
    community, member, steward, make_user, answered_question
):
    topic = answered_question["topic"]
    documenter = make_user("Dora Documenter")
    community_join(documenter, community, acknowledge_charter=True)
    article = services.topic_document(documenter, topic.pk)
    assert article.status == "draft" and article.kind == "guide"
    assert article.source_topic == topic and article.title == topic.title
    assert f"/t/{topic.pk}/" in article.body
    body = article.body
    assert "Agree the next visit" in body and "Summarise what you agreed" in body
    assert body.index("Agree the next visit") < body.index("Summarise what you agreed")
    assert "Rude remark" not in body
    assert "Stella Steward" in body and "Hana Helper" in body and "Mo Member" in body
    assert credits(article) == {
        (documenter.pk, "writer"),
        (member.pk, "source"),
        (steward.pk, "source"),
        (answered_question["helper"].pk, "source"),
    }
    assert [t.name for t in article.tags.all()] == ["home-visits"]
    assert verbs(community)[-1] == "topic_documented"
    assert not indexed(article)


def test_a_practice_topic_becomes_a_practice_and_only_once(community, member):
    topic = topic_create(member, community, kind="practice", title="Our intake", body="Steps")
    article = services.topic_document(member, topic.pk)
    assert article.kind == "practice"
    with pytest.raises(Conflict, match="already documented"):
        services.topic_document(member, topic.pk)


def test_document_is_refused_to_outsiders_and_in_private_communities(
    community, private_community, member, outsider
):
    public = topic_create(member, community, kind="practice", title="P", body="x")
    private = topic_create(member, private_community, kind="practice", title="S", body="x")
    with pytest.raises(NotAllowed):
        services.topic_document(outsider, public.pk)
    with pytest.raises(NotFound):
        services.topic_document(outsider, private.pk)
    with pytest.raises(NotFound):
        services.topic_document(member, 10**9)
    assert not Article.objects.exists()


def test_document_is_refused_in_a_concluded_community(community, member):
    topic = topic_create(member, community, kind="practice", title="P", body="x")
    conclude(community)
    with pytest.raises(Conflict):
        services.topic_document(member, topic.pk)


def test_document_keeps_a_long_discussion_under_the_length_limit(community, member, steward):
    topic = topic_create(member, community, kind="discussion", title="Long one", body="Start")
    for n in range(12):
        post_create(steward, topic.pk, body=f"Reply {n} " + "x" * 9_000)
    article = services.topic_document(member, topic.pk)
    assert len(article.body) <= 50_000
    assert "Reply 0" in article.body and "Reply 11" not in article.body


def test_document_of_a_very_long_opening_post_can_be_saved_again(community, member, settings):
    lines = (f"line {n} " + "y" * 60 for n in range(1500))
    body = "\n".join(lines)[: settings.MAX_BODY_LENGTH]
    topic = topic_create(member, community, kind="practice", title="Huge", body=body)
    article = services.topic_document(member, topic.pk)
    assert len(article.body) <= settings.MAX_BODY_LENGTH
    assert article.body.count("\n") > 100 and "…" in article.body
    edited = services.article_edit(member, article.pk, title="Huge, written up")
    assert edited.body == article.body
