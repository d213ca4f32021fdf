"""What search finds of the knowledge repository: published and archived articles become
search documents (``practica.core.search``); drafts are work in progress and are taken out,
so nobody finds a draft through search, not even its community's members."""

from practica.core.search import index_put, index_remove, plain_text

from .models import Article, ArticleStatus

SEARCHABLE = frozenset({ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED})


def article_index(article: Article, tag_names: list[str] | None = None) -> None:
    """Put the article in the index as it is now, or take it out if it is a draft.

    ``tag_names`` saves a query when the caller already has them.
    """
    if article.status not in SEARCHABLE:
        index_remove("article", article.pk)
        return
    if tag_names is None:
        tag_names = [t.name for t in article.tags.all()]
    index_put(
        "article",
        article.pk,
        community_id=article.community_id,
        author_id=article.created_by_id,
        title=article.title,
        body=plain_text(article.body_html or article.body),
        tags=" ".join(tag_names),
        created_at=article.created_at,
    )
