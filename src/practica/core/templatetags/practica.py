"""Small presentation helpers shared by every app's templates: ``{% load practica %}``."""

import hashlib

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Labels for the "kind" values the apps use (topic kinds, notification kinds). Core knows no
# app, so the words live here; an unknown kind still reads well ("join_request" → "Join request").
KIND_LABELS = {
    "discussion": _("Discussion"),
    "question": _("Question"),
    "practice": _("Practice"),
    "idea": _("Idea"),
    "reply": _("Reply"),
    "answer": _("Answer"),
    "answer_accepted": _("Answer accepted"),
    "mention": _("Mention"),
    "thanks": _("Thanks"),
    "join_request": _("Join request"),
    "join_approved": _("Join approved"),
    "charter_proposal": _("Charter proposal"),
    "charter_objection": _("Charter objection"),
}


@register.filter
def initials(name) -> str:
    """Up to two initials: "Ada Lovelace" → "AL", "plato" → "P", "" → "?"."""
    words = [w for w in str(name or "").split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.filter
def avatar_hue(name) -> int:
    """A stable hue (0–359) for a name, so a person keeps the same colour on every page.

    A hash rather than Python's ``hash()`` because that one changes between processes.
    """
    digest = hashlib.blake2s(str(name or "").strip().lower().encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % 360


@register.filter
def kind_label(kind) -> str:
    """The human word for a kind value: "question" → "Question"."""
    kind = str(kind or "")
    if kind in KIND_LABELS:
        return str(KIND_LABELS[kind])
    return kind.replace("_", " ").replace("-", " ").capitalize()
