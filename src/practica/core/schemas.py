"""Schemas every API router shares: the error body, the page envelope and a person reference.

Routers list ``ERRORS`` in their ``response=`` so the OpenAPI document says which statuses an
operation may answer with; the bodies themselves are built in ``practica.api``'s handlers.
"""

import json
from typing import Generic, TypeVar

from ninja import Schema
from pydantic import model_validator

from .pagination import Page

T = TypeVar("T")

# Statuses the API answers with {"detail": ...}: 400 domain rule broken, 401 not signed in,
# 403 not allowed, 404 missing or hidden, 409 clashes with the current state, 422 the request
# does not match the schema, 429 too many attempts.
ERROR_STATUSES = frozenset({400, 401, 403, 404, 409, 422, 429})


class JsonObject(Schema):
    """Base of every request body: it must be a JSON object. Without this, ninja reads fields
    off whatever JSON value came (a string's methods would fill a topic's title)."""

    @model_validator(mode="before")
    @classmethod
    def _must_be_an_object(cls, data):
        if not isinstance(getattr(data, "_obj", data), dict):
            raise ValueError("The request body must be a JSON object.")
        return data


def require_object_body(request) -> None:
    """For operations whose body is optional: an empty body is fine, any JSON value other
    than an object is refused (ninja would otherwise treat ``"x"`` or ``[]`` as no body)."""
    from practica.core.errors import InvalidInput

    raw = request.body.strip()
    if not raw:
        return
    try:
        value = json.loads(raw)
    except ValueError:
        raise InvalidInput("The request body is not valid JSON.")
    if not isinstance(value, dict):
        raise InvalidInput("The request body must be a JSON object.")


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
