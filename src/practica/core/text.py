"""Checking what people type into titles, texts and choices, with the same rules and the same
clear messages wherever Practica takes them (topics, replies, articles…)."""

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import InvalidInput


def clean_title(title, *, empty_message: str) -> str:
    """A title on one line, inner whitespace collapsed, at most MAX_TITLE_LENGTH."""
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput(empty_message, field="title")
    title = " ".join(title.split())
    if len(title) > settings.MAX_TITLE_LENGTH:
        raise InvalidInput(
            _("A title can be at most %(n)d characters.") % {"n": settings.MAX_TITLE_LENGTH},
            field="title",
        )
    return title


def clean_body(body, *, empty_message: str) -> str:
    """Markdown text, trimmed, with Windows line endings made plain, at most MAX_BODY_LENGTH."""
    if not isinstance(body, str) or not body.strip():
        raise InvalidInput(empty_message, field="body")
    body = body.strip().replace("\r\n", "\n")
    if len(body) > settings.MAX_BODY_LENGTH:
        raise InvalidInput(
            _("Text can be at most %(n)d characters.") % {"n": settings.MAX_BODY_LENGTH},
            field="body",
        )
    return body


def clean_choice(value, choices: list[str], *, field: str) -> str:
    """One of ``choices``, or a message naming them all."""
    if value not in choices:
        raise InvalidInput(
            _("%(f)s must be one of: %(k)s.") % {"f": field.capitalize(), "k": ", ".join(choices)},
            field=field,
        )
    return value
