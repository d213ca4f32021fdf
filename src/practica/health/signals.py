"""Following the activity stream: the tallies health reads, and the cached finished windows.

Every contribution recorded is counted in the community's tallies as it is saved
(``tallies.activity_tally``). A window that ended before today is cached as immutable
(``services``), which holds as long as acts are recorded when they happen. Two things write
the past: an act dated earlier than now (an imported archive keeps its messages' dates) and a
claim of imported messages (their author changes). Either moves the community's history token
on, which every cached finished window is keyed by; a claim or an import also has the tallies
and the topics' first responses worked out again, since rows changed without being saved one
by one.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.timezone import now

from practica.communities.models import Activity
from practica.discussions.first_response import first_responses_refresh

from .cache import bump_history
from .tallies import activity_tally, tallies_forget

# An act recorded this much before "now" rewrites a window that may already be finished.
BACKDATED_AFTER = timedelta(minutes=5)
HISTORY_VERBS = frozenset({"imported_messages_claimed", "archive_imported"})


@receiver(post_save, sender=Activity, dispatch_uid="practica.health.history")
def _activity_saved(sender, instance: Activity, created: bool, **kwargs) -> None:
    if instance.community_id is None or kwargs.get("raw"):
        return
    if created:
        activity_tally(instance)
    if instance.verb in HISTORY_VERBS:
        community_id = instance.community_id
        tallies_forget(community_id)
        transaction.on_commit(lambda: first_responses_refresh(community_id=community_id))
    if instance.verb in HISTORY_VERBS or instance.created_at < now() - BACKDATED_AFTER:
        bump_history(instance.community_id)
