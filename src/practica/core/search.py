"""Keeping the search index in step: services call ``index_put`` after they write something
searchable and ``index_remove`` when it must no longer be found (deleted, hidden).

The rows live in ``SearchDocument``; each engine's full-text index over that table is kept in
step by database triggers (SQLite FTS5) or a generated column (PostgreSQL), created in core's
migrations. Searching (with the visibility gate) lives in ``practica.knowledge.search``.
"""

from html import unescape

from django.utils.html import strip_tags

from .models import SearchDocument


def plain_text(html_or_markdown: str) -> str:
    """Text for the index: markup dropped, entities decoded (``&lt;`` is "<"), whitespace
    collapsed."""
    return " ".join(unescape(strip_tags(html_or_markdown or "")).split())


def index_put(
    kind: str,
    object_id: int,
    *,
    community_id: int | None,
    author_id: int | None,
    title: str,
    body: str,
    tags: str = "",
    members_text: str = "",
    created_at,
) -> None:
    """Add or replace the index entry of one thing."""
    SearchDocument.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "community_id": community_id,
            "author_id": author_id,
            "title": (title or "")[:300],
            "body": body or "",
            "tags": tags or "",
            "members_text": members_text or "",
            "created_at": created_at,
        },
    )


def index_remove(kind: str, object_ids) -> None:
    """Forget these things (one id or many)."""
    if isinstance(object_ids, int):
        object_ids = [object_ids]
    SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
