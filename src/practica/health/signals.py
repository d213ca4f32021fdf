"""Retiring cached finished windows when history itself changes.

A window that ended before today is cached as immutable (``services``), which holds as long as
acts are recorded when they happen. Two things write the past: an act dated earlier than now
(an imported archive keeps its messages' dates) and a claim of imported messages (their
author changes). Either moves the community's history token on, which every cached finished
window is keyed by.
"""

from datetime import timedelta

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.timezone import now

from practica.communities.models import Activity

from .cache import bump_history

# An act recorded this much before "now" rewrites a window that may already be finished.
BACKDATED_AFTER = timedelta(minutes=5)
HISTORY_VERBS = frozenset({"imported_messages_claimed", "archive_imported"})


@receiver(post_save, sender=Activity, dispatch_uid="practica.health.history")
def _activity_saved(sender, instance: Activity, created: bool, **kwargs) -> None:
    if instance.community_id is None:
        return
    if instance.verb in HISTORY_VERBS or instance.created_at < now() - BACKDATED_AFTER:
        bump_history(instance.community_id)
