"""Cache keys of health results.

- A finished window (one whose end is before the start of today in the community's time
  zone) cannot change any more: its indicators are kept under the community id, the window
  length, its end and the community's *history token*, for ``FINISHED_SECONDS``.
- Today's alerts, for the community home, are kept for ``PART_SECONDS`` (the day, and the
  next while its hourly refresh comes).
- Today's result changes with every write: it is kept under the community's cache version
  (``practica.core.cache.versions``), which every write moves on, for ``TODAY_SECONDS``.
- The history token moves on only when the past is rewritten (``signals``).
"""

import uuid

from django.core.cache import cache
from django.db import transaction

FINISHED_SECONDS = 30 * 24 * 3600
TODAY_SECONDS = 600
PART_SECONDS = 2 * 24 * 3600


def _history_key(community_id: int) -> str:
    return f"health:history:{community_id}"


def history_token(community_id: int) -> str:
    key = _history_key(community_id)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex[:16], FINISHED_SECONDS)
        token = cache.get(key) or uuid.uuid4().hex[:16]
    return token


def bump_history(community_id: int) -> None:
    """Retire every cached finished window of the community, now and once the transaction
    commits (a window computed in between from rows read before the commit is retired too)."""
    key = _history_key(community_id)
    cache.set(key, uuid.uuid4().hex[:16], FINISHED_SECONDS)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex[:16], FINISHED_SECONDS))
