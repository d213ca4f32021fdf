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
