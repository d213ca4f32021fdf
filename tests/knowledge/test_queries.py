"""Reading the knowledge repository as different viewers: drafts for members only, private
communities invisible, diffs only between revisions of the same article, stale articles."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from practica.communities.models import Community
from practica.core.errors import InvalidInput, NotFound
from practica.knowledge import queries, services
from practica.knowledge.models import Article


def titles(page) -> list[str]:
    return [a.title for a in page.items]


def test_drafts_are_listed_for_members_only(community, member, outsider, article, draft):
    assert titles(queries.visible_articles(member, community, status="draft")) == [draft.title]
    assert titles(queries.visible_articles(outsider, community, status="draft")) == []
    assert titles(queries.visible_articles(None, community, status="draft")) == []
    # The default list is the published articles, for everyone.
    for viewer in (member, outsider, None):
        assert titles(queries.visible_articles(viewer, community)) == [article.title]


def test_a_draft_is_not_found_for_non_members(member, outsider, draft):
    assert queries.article_for_viewer(member, draft.pk) == draft
    for viewer in (outsider, None):
        with pytest.raises(NotFound):
            queries.article_for_viewer(viewer, draft.pk)
        with pytest.raises(NotFound):
            queries.article_revisions(viewer, draft.pk)


def test_private_community_articles_are_not_found_for_outsiders(
    private_community, member, outsider
):
    article = services.article_create(
        member, private_community, kind="guide", title="S", body="B", status="published"
    )
    assert queries.article_for_viewer(member, article.pk).pk == article.pk
    for viewer in (outsider, None):
        for read, args in (
            (queries.article_for_viewer, (article.pk,)),
            (queries.article_revisions, (article.pk,)),
            (queries.revision_for_viewer, (article.pk, 1)),
            (queries.article_diff, (article.pk, 1, 1)),
            (queries.article_credits, (article.pk,)),
            (queries.endorsers, (article.pk,)),
            (queries.visible_articles, (private_community,)),
            (queries.stale_articles, (private_community,)),
        ):
            with pytest.raises(NotFound):
                read(viewer, *args)


def test_archived_articles_are_kept_apart(community, member, steward, article, make_article):
    other = make_article(title="Old way", status="published")
    services.article_set_status(steward, other.pk, "archived")
    assert titles(queries.visible_articles(member, community)) == [article.title]
    assert titles(queries.visible_articles(None, community, status="archived")) == ["Old way"]
    assert titles(queries.visible_articles(None, community, status="nonsense")) == []


def test_filters_by_kind_and_tag(community, make_article):
    make_article(title="A", kind="guide", tags="x", status="published")
    make_article(title="B", kind="practice", tags="x, y", status="published")
    assert titles(queries.visible_articles(None, community, kind="guide")) == ["A"]
    assert sorted(titles(queries.visible_articles(None, community, tag="X"))) == ["A", "B"]
    assert titles(queries.visible_articles(None, community, tag="y")) == ["B"]
    assert titles(queries.visible_articles(None, community, kind="poem")) == []


def test_revisions_and_a_revision_by_its_number(member, steward, article):
    services.article_edit(steward, article.pk, body="Second", summary="Rewrote it")
    page = queries.article_revisions(None, article.pk)
    assert [(r.number, r.author_id) for r in page.items] == [(2, steward.pk), (1, member.pk)]
    revision = queries.revision_for_viewer(None, article.pk, 1)
    assert revision.body == "Knock twice.\nIntroduce yourself.\nListen first."
    with pytest.raises(NotFound):
        queries.revision_for_viewer(None, article.pk, 3)
    with pytest.raises(InvalidInput):
        queries.revision_for_viewer(None, article.pk, "one")


def test_diff_shows_changed_words_title_and_tags(member, article):
    services.article_edit(
        member,
        article.pk,
        title="Running a good home visit",
        body="Knock twice.\nIntroduce yourself by name.\nListen first.",
        tags="care, visits",
    )
    result = queries.article_diff(None, article.pk, 1, 2)
    diff = result["diff"]
    assert diff["changed"] and result["old"].number == 1 and result["new"].number == 2
    assert diff["title"]["new"] == "Running a good home visit"
    assert diff["tags"] == {"added": ["visits"], "removed": ["home-visits"]}
    (change,) = [row for row in diff["body"] if row["kind"] == "change"]
    assert {"op": "ins", "text": " by name"} in change["new"]
    # The other way round, the words are deleted.
    back = queries.article_diff(None, article.pk, 2, 1)["diff"]
    (change,) = [row for row in back["body"] if row["kind"] == "change"]
    assert {"op": "del", "text": " by name"} in change["old"]


def test_diff_of_a_revision_with_itself_has_no_changes(article):
    assert queries.article_diff(None, article.pk, 1, 1)["diff"]["changed"] is False


def test_diff_with_a_revision_of_another_article_is_not_found(member, article, make_article):
    other = make_article(title="Other")
    services.article_edit(member, other.pk, body="Changed other")
    services.article_edit(member, other.pk, body="Changed other again")
    with pytest.raises(NotFound, match="has no revision 3"):
        queries.article_diff(member, article.pk, 1, 3)


@pytest.mark.parametrize(
    "first,second,error",
    [
        ("", "1", InvalidInput),
        (None, "1", InvalidInput),
        ("abc", "1", InvalidInput),
        ("1", "1.5", InvalidInput),
        ("1", "0", NotFound),
        ("-2", "1", NotFound),
        ("1", str(2**70), NotFound),
        ("1", "99", NotFound),
    ],
)
def test_bad_diff_numbers_are_clear_errors(article, first, second, error):
    with pytest.raises(error):
        queries.article_diff(None, article.pk, first, second)


def test_credits_list_every_contributor_once_with_roles(community, member, steward, article):
    services.article_edit(steward, article.pk, body="Edited")
    services.article_edit(member, article.pk, body="Edited again")
    people = queries.article_credits(None, article.pk)
    assert [(p["name"], p["roles"]) for p in people] == [
        ("Mo Member", ["writer"]),
        ("Stella Steward", ["writer"]),
    ]


def test_endorsers_give_names_count_and_the_viewers_own(member, steward, article):
    services.article_endorse(steward, article.pk)
    found = queries.endorsers(member, article.pk)
    assert found == {"count": 1, "names": ["Stella Steward"], "by_viewer": False}
    assert queries.endorsers(steward, article.pk)["by_viewer"] is True


def test_stale_articles_follow_the_communitys_review_period(community, member, make_article):
    fresh = make_article(title="Fresh", status="published")
    old = make_article(title="Old", status="published")
    old_draft = make_article(title="Old draft")
    now = timezone.now()
    Article.objects.filter(pk__in=[old.pk, old_draft.pk]).update(
        reviewed_at=now - timedelta(days=400)
    )
    Article.objects.filter(pk=fresh.pk).update(reviewed_at=now - timedelta(days=200))
    assert titles(queries.stale_articles(None, community)) == ["Old"]
    assert queries.stale_count(None, community) == 1
    Community.objects.filter(pk=community.pk).update(article_review_months=6)
    community.refresh_from_db()
    assert titles(queries.stale_articles(None, community)) == ["Old", "Fresh"]
    services.article_mark_reviewed(member, old.pk)
    assert titles(queries.stale_articles(None, community)) == ["Fresh"]


@pytest.mark.parametrize(
    "moment,months,expected",
    [
        (datetime(2025, 3, 31, 12), 1, datetime(2025, 2, 28, 12)),
        (datetime(2024, 3, 31), 1, datetime(2024, 2, 29)),
        (datetime(2025, 1, 15), 12, datetime(2024, 1, 15)),
        (datetime(2025, 1, 15), 13, datetime(2023, 12, 15)),
        (datetime(2025, 1, 15), 0, datetime(2025, 1, 15)),
    ],
)
def test_months_before_is_calendar_months(moment, months, expected):
    moment = moment.replace(tzinfo=UTC)
    assert queries.months_before(moment, months) == expected.replace(tzinfo=UTC)
