"""API: archive."""

from ninja import Router

router = Router(tags=["knowledge"])
