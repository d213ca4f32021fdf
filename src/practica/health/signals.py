"""Following the activity stream: the tallies health reads, and the cached finished windows.

Every contribution recorded is counted in the community's tallies as it is saved
(``tallies.activity_tally``). A window that ended before today is cached as immutable
(``services``), which holds as long as acts are recorded when they happen. Two things write
the past: an act dated earlier than now (an imported archive keeps its messages' dates) and a
claim of imported messages (their author changes). Either moves the community's history token
on, which every cached finished window is keyed by; a claim or an import also has the tallies
and the topics' first responses worked out again, since rows changed without being saved one
by one.

A claim merges a placeholder into an account with ``UPDATE``s (in a concluded community too,
where nothing is recorded), and a deleted account takes its acts out of the counts: both have
the tallies of the communities concerned rebuilt on their next reading.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.utils.timezone import now

from practica.accounts.models import User
from practica.accounts.services import placeholder_merging
from practica.communities.models import Activity
from practica.discussions.first_response import first_responses_refresh
from practica.discussions.models import Post, Topic

from .cache import bump_history
from .models import ContributionDay
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


@receiver(placeholder_merging, dispatch_uid="practica.health.placeholder_merging")
def _placeholder_merging(sender, placeholder, user, **kwargs) -> None:
    """The placeholder's acts, topics and replies become the account's: where it had any,
    the tallies are rebuilt and the first responses worked out again (a reply to one's own
    topic is no response) once the merge commits."""
    found = set(Activity.objects.filter(actor=placeholder).values_list("community_id", flat=True))
    found |= set(Topic.objects.filter(author=placeholder).values_list("community_id", flat=True))
    found |= set(
        Post.objects.filter(author=placeholder).values_list("topic__community_id", flat=True)
    )
    communities = sorted(c for c in found if c is not None)
    for community_id in communities:
        tallies_forget(community_id)

    def refresh() -> None:
        for community_id in communities:
            first_responses_refresh(community_id=community_id)

    transaction.on_commit(refresh)


@receiver(pre_delete, sender=User, dispatch_uid="practica.health.account_deleted")
def _account_deleted(sender, instance: User, **kwargs) -> None:
    """A deleted account's acts leave the counts: its communities' tallies are rebuilt (its
    days go with it; its hours and replies across sectors only by a rebuild)."""
    communities = ContributionDay.objects.filter(person=instance).values_list(
        "community_id", flat=True
    )
    for community_id in sorted(set(communities)):
        tallies_forget(community_id)
