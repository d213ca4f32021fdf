"""Appending to the event stream, the audit trail and notifications.

Services in every app call these inside their transaction; nothing else writes these tables.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from .models import Activity, AuditEntry, Notification


def activity_record(actor, community, verb: str, target=None) -> Activity:
    kwargs = {"actor": actor, "community": community, "verb": verb}
    if target is not None:
        kwargs["target_type"] = ContentType.objects.get_for_model(target)
        kwargs["target_id"] = target.pk
    return Activity.objects.create(**kwargs)


def audit_record(actor, community, action: str, summary: str) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor, community=community, action=action, summary=summary[:500]
    )


def notify(recipients: Iterable, *, actor, community, kind: str, text: str, url: str) -> None:
    """One notification per recipient, never to the actor themselves, in one INSERT."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        uid = user if isinstance(user, int) else user.pk
        if uid is None or uid in seen or (actor is not None and uid == actor.pk):
            continue
        seen.add(uid)
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
