"""Schemas every API router shares: the error body, the page envelope and a person reference.

Routers list ``ERRORS`` in their ``response=`` so the OpenAPI document says which statuses an
operation may answer with; the bodies themselves are built in ``practica.api``'s handlers.
"""

from typing import Generic, TypeVar

from ninja import Schema

from .pagination import Page

T = TypeVar("T")

# Statuses the API answers with {"detail": ...}: 400 domain rule broken, 401 not signed in,
# 403 not allowed, 404 missing or hidden, 409 clashes with the current state, 422 the request
# does not match the schema, 429 too many attempts.
ERROR_STATUSES = frozenset({400, 401, 403, 404, 409, 422, 429})


class ErrorOut(Schema):
    detail: str


ERRORS = {ERROR_STATUSES: ErrorOut}


class PageOut(Schema, Generic[T]):
    """One page of a list: ``page`` is 1-based, ``pages`` is at least 1."""

    items: list[T]
    page: int
    pages: int
    total: int


def page_out(page: Page, items: list) -> dict:
    """The page envelope around ``items`` (the page's rows already turned into dicts)."""
    return {"items": items, "page": page.number, "pages": page.pages, "total": page.total}


class PersonRef(Schema):
    id: int
    display_name: str


def person_ref(user) -> dict | None:
    """``{id, display_name}`` for a user, or None for a deleted one. Callers select_related
    ``…__profile`` so that this costs no query."""
    if user is None:
        return None
    profile = getattr(user, "profile", None)
    return {"id": user.pk, "display_name": profile.display_name if profile else str(user)}
