"""Turning what people type ("Open science, evaluation") into shared Tag rows."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from .errors import InvalidInput
from .models import TAG_MAX_LENGTH, Tag, normalize_tag

MAX_TAGS = 20


def parse_tags(value: str | Iterable[str] | None) -> list[str]:
    """Accept a comma-separated string or a list; return unique normalised names in order."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(",")
    else:
        try:
            items = list(value)
        except TypeError:  # a number or a boolean where a list was expected
            raise InvalidInput(_("Tags must be text."), field="tags")
    names: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(_("Tags must be text."), field="tags")
        if len(item.strip()) > TAG_MAX_LENGTH:
            raise InvalidInput(
                _("A tag can be at most %(n)d characters.") % {"n": TAG_MAX_LENGTH}, field="tags"
            )
        name = normalize_tag(item)
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise InvalidInput(_("At most %(n)d tags.") % {"n": MAX_TAGS}, field="tags")
    return names


def tags_get_or_create(names: list[str]) -> list[Tag]:
    """Rows for these names, creating the missing ones in one query."""
    if not names:
        return []
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=n) for n in names if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    return [existing[n] for n in names]
