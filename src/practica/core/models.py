"""Shared tags: one vocabulary for interests, expertise, needs and topic tags."""

import re
import unicodedata

from django.db import models

TAG_MAX_LENGTH = 50


def normalize_tag(raw: str) -> str:
    """Lower-case, trimmed, inner spaces as hyphens: "Open Science " → "open-science"."""
    text = unicodedata.normalize("NFKC", raw).strip().lower().lstrip("#")
    text = re.sub(r"\s+", "-", text)
    text = re.sub(r"[^\w\-+.]", "", text)
    return text.strip("-")[:TAG_MAX_LENGTH]


class Tag(models.Model):
    name = models.CharField(max_length=TAG_MAX_LENGTH, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SearchDocument(models.Model):
    """One searchable thing (a topic, a post, an article, a profile) as plain text, kept in
    step by the services that write it (``practica.core.search``). Each engine's native
    full-text index is built over this one table (SQLite FTS5, PostgreSQL tsvector + GIN), so
    search is one query whatever the kind. ``community_id`` and ``author_id`` are plain
    integers: core knows no app, and the search queries apply the visibility gate to them.
    """

    kind = models.CharField(max_length=12)
    object_id = models.PositiveBigIntegerField()
    community_id = models.IntegerField(null=True, blank=True)
    author_id = models.IntegerField(null=True, blank=True)
    # Text anyone who may see the thing may search.
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    # Profiles only: fields their owner shows to members of their communities, searchable
    # only by people who share a community with them.
    members_text = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_document")
        ]
        indexes = [
            models.Index(fields=["community_id", "kind", "created_at"]),
            models.Index(fields=["author_id"]),
        ]
