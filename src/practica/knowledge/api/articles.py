"""API: articles."""

from ninja import Router

router = Router(tags=["knowledge"])
