"""API: gaps."""

from ninja import Router

router = Router(tags=["knowledge"])
