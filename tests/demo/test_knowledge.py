"""The demo's knowledge repository: articles with revisions by different members, endorsed,
one documented from an answered question, one that needs a review — all dated in the past."""

import pytest
from django.db.models import Count
from django.utils import timezone

from practica.communities.models import Community, Membership
from practica.knowledge.models import Article, ArticleCredit, ArticleRevision
from practica.knowledge.queries import stale_articles, visible_articles


@pytest.fixture
def demo(demo_loaded, db):
    return None


def test_every_demo_community_has_published_articles_with_several_revisions(demo):
    for community in Community.objects.all():
        insider = Membership.objects.filter(community=community, status="active").first().user
        page = visible_articles(insider, community)
        assert page.total >= 2, community.slug
        revised = [a for a in page.items if a.revision_count >= 2]
        assert revised, community.slug
        for article in revised:
            authors = ArticleRevision.objects.filter(article=article).values("author").distinct()
            assert authors.count() >= 2, article.title
    assert Article.objects.filter(endorsement_count__gte=2).exists()


def test_one_article_is_documented_from_an_answered_question_and_credits_sources(demo):
    documented = Article.objects.filter(source_topic__isnull=False)
    assert documented.count() >= 3
    for article in documented:
        assert article.source_topic.answer_id is not None
        assert ArticleCredit.objects.filter(article=article, role="source").count() >= 2


def test_history_is_dated_in_the_past_and_in_order(demo):
    now = timezone.now()
    assert not Article.objects.filter(created_at__gt=now - timezone.timedelta(hours=1)).exists()
    for article in Article.objects.annotate(n=Count("revisions")):
        dates = list(article.revisions.order_by("number").values_list("created_at", flat=True))
        assert dates == sorted(dates), article.title
        assert article.created_at >= article.community.created_at


def test_the_oldest_community_has_an_article_that_needs_review(demo):
    health = Community.objects.get(slug="community-health-practice")
    stale = stale_articles(None, health)
    assert [a.title for a in stale.items] == ["When the clinic moved: keeping TB patients"]
