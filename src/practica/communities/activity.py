"""Appending to the event stream, the audit trail and notifications.

Services in every app call these inside their transaction; nothing else writes these tables.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from practica.core.cache import bump_community, bump_inbox
from practica.core.errors import Conflict

from .models import Activity, AuditEntry, Membership, MembershipStatus, Notification

# What may still happen in a concluded (read-only) community: people may leave or step down,
# stewards may reopen it, and its record may be exported.
CONCLUDED_ALLOWED_VERBS = frozenset(
    {"left", "steward_stepped_down", "concluded", "reopened", "exported"}
)


def require_not_concluded(community) -> None:
    """Refuse a write in a concluded community: its record is kept as it was."""
    if community is not None and community.is_concluded:
        raise Conflict(_("%(c)s has concluded; its record is read-only.") % {"c": community.name})


def activity_record(actor, community, verb: str, target=None, *, at=None) -> Activity:
    """Append an act to the stream. Every write in a community passes here, so this is also
    where the community's cached page fragments are retired (practica.core.cache), and where
    a write in a concluded community is refused — inside the service's transaction, so
    nothing of it is kept. ``at`` dates the act in the past (importers keep original dates).
    """
    if verb not in CONCLUDED_ALLOWED_VERBS:
        require_not_concluded(community)
    if community is not None:
        bump_community(community.pk)
    kwargs = {"actor": actor, "community": community, "verb": verb}
    if at is not None:
        kwargs["created_at"] = at
    if target is not None:
        kwargs["target_type"] = ContentType.objects.get_for_model(target)
        kwargs["target_id"] = target.pk
    # One transaction with what follows the act's saving (health's tallies count it), even
    # where the caller has none.
    with transaction.atomic():
        return Activity.objects.create(**kwargs)


def audit_record(actor, community, action: str, summary: str, target=None) -> AuditEntry:
    """A steward action, for the members' audit trail — and, like every act, for the stream."""
    activity_record(actor, community, action, target)
    return AuditEntry.objects.create(
        actor=actor, community=community, action=action, summary=summary[:500]
    )


def notify(recipients: Iterable, *, actor, community, kind: str, text: str, url: str) -> None:
    """One notification per recipient, never to the actor themselves, in one INSERT.

    A notification about a community goes only to its active members: someone who left (or
    whose request is pending) must not learn what is said there, e.g. through a reply to a
    topic they wrote before leaving.
    """
    wanted: list[int] = []
    for user in recipients:
        uid = user if isinstance(user, int) else user.pk
        if uid is None or uid in wanted or (actor is not None and uid == actor.pk):
            continue
        wanted.append(uid)
    if community is not None and wanted:
        members = set(
            Membership.objects.filter(
                community=community, status=MembershipStatus.ACTIVE, user_id__in=wanted
            ).values_list("user_id", flat=True)
        )
        wanted = [uid for uid in wanted if uid in members]
    rows = []
    for uid in wanted:
        rows.append(
            Notification(
                recipient_id=uid,
                actor=actor,
                community=community,
                kind=kind,
                text=text[:300],
                url=url[:300],
            )
        )
    Notification.objects.bulk_create(rows)
    bump_inbox(wanted)
