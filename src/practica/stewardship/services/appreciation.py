"""Every write about appreciation notes (docs/stewardship-appreciation.md): writing one to a
fellow member, the recipient showing it on their profile or not, its author deleting it, and
a steward removing one that breaks the charter (audited)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.activity import (
    activity_record,
    audit_record,
    notify,
    require_not_concluded,
)
from practica.communities.models import Community, Membership, MembershipStatus
from practica.communities.visibility import is_steward, require_member
from practica.core.errors import InvalidInput, NotAllowed, RateLimited
from practica.core.markdown import render_markdown
from practica.core.text import clean_body

from ..models import AppreciationNote
from ..queries.appreciation import TARGET_KINDS, appreciation_for_viewer

BODY_MAX = 2000
# A note is a considered act, not a reaction: twenty a day per author is generous for a
# person and stops a script or a slip of the hand from flooding a community's wall.
DAILY_LIMIT = 20
REASON_MAX = 300


def _wall_url(note: AppreciationNote) -> str:
    return reverse("stewardship:appreciation", args=[note.community.slug]) + f"#note-{note.pk}"


def _recipient(community: Community, recipient) -> int:
    """An active member of the community, by user or id."""
    uid = getattr(recipient, "pk", recipient)
    try:
        uid = int(uid)
    except (TypeError, ValueError, OverflowError):
        uid = 0
    if (
        not 0 < uid < 2**63
        or not Membership.objects.filter(
            community=community, user_id=uid, status=MembershipStatus.ACTIVE
        ).exists()
    ):
        raise InvalidInput(
            _("Choose a member of %(c)s to appreciate.") % {"c": community.name},
            field="recipient",
        )
    return uid


def _target(actor, community: Community, recipient_id: int, kind, target_id):
    """The (content type, id) a note is for, checked: it exists in this community, the
    author may see it, and it is the recipient's work."""
    if kind in (None, "") and target_id in (None, ""):
        return None, None
    if kind not in TARGET_KINDS:
        raise InvalidInput(
            _("A note can be for: %(k)s.") % {"k": ", ".join(TARGET_KINDS)}, field="target"
        )
    try:
        target_id = int(target_id)
    except (TypeError, ValueError, OverflowError):
        target_id = 0
    target_kind = TARGET_KINDS[kind]
    info = None
    if 0 < target_id < 2**63:
        info = target_kind.describe(actor, community, [target_id]).get(target_id)
    if info is None:
        raise InvalidInput(
            _("There is no such %(k)s in %(c)s that you can see.")
            % {"k": str(target_kind.label).lower(), "c": community.name},
            field="target",
        )
    if recipient_id not in info.people:
        raise InvalidInput(
            _("“%(t)s” is not their work; link something they did, or nothing.")
            % {"t": info.title},
            field="target",
        )
    return ContentType.objects.get_for_model(target_kind.model), target_id


def appreciation_create(
    actor, community: Community, *, recipient, body, target_kind=None, target_id=None
) -> AppreciationNote:
    """Write a note to a fellow member for something specific; they are told."""
    require_member(actor, community)
    require_not_concluded(community)
    recipient_id = _recipient(community, recipient)
    if recipient_id == actor.pk:
        raise InvalidInput(
            _("Appreciation is for someone else — thank a fellow member."), field="recipient"
        )
    body = clean_body(body, empty_message=_("Say what you appreciate."))
    if len(body) > BODY_MAX:
        raise InvalidInput(
            _("A note can be at most %(n)d characters.") % {"n": BODY_MAX}, field="body"
        )
    target_type, target_id = _target(actor, community, recipient_id, target_kind, target_id)
    since = timezone.now() - timedelta(days=1)
    if AppreciationNote.objects.filter(author=actor, created_at__gte=since).count() >= (
        DAILY_LIMIT
    ):
        raise RateLimited(
            _("You have written %(n)d notes in the last day; please wait a little.")
            % {"n": DAILY_LIMIT}
        )
    with transaction.atomic():
        note = AppreciationNote.objects.create(
            community=community,
            author=actor,
            recipient_id=recipient_id,
            body=body,
            body_html=render_markdown(body),
            target_type=target_type,
            target_id=target_id,
        )
        activity_record(actor, community, "appreciated", note)
        notify(
            [recipient_id],
            actor=actor,
            community=community,
            kind="appreciation",
            text=_("%(who)s wrote you an appreciation note in %(c)s")
            % {"who": actor, "c": community.name},
            url=_wall_url(note),
        )
    return note


def appreciation_set_on_profile(actor, note_id, on_profile: bool) -> AppreciationNote:
    """The recipient shows a note on their profile, or hides it from there again."""
    note = appreciation_for_viewer(actor, note_id)
    if note.recipient_id != actor.pk:
        raise NotAllowed(_("Only the person a note is addressed to can show it on a profile."))
    if not isinstance(on_profile, bool):
        raise InvalidInput(_("Say whether to show the note: true or false."), field="on_profile")
    require_not_concluded(note.community)
    if note.on_profile == on_profile:
        return note
    with transaction.atomic():
        note.on_profile = on_profile
        note.save(update_fields=["on_profile"])
        verb = "appreciation_shown" if on_profile else "appreciation_unshown"
        activity_record(actor, note.community, verb, note)
    return note


def appreciation_delete(actor, note_id, *, reason: str = "") -> None:
    """Its author deletes a note; a steward removes one that breaks the charter, with a
    reason, in the audit trail members can read."""
    note = appreciation_for_viewer(actor, note_id)
    community = note.community
    require_not_concluded(community)
    own = note.author_id == actor.pk
    if not own and not is_steward(actor, community):
        raise NotAllowed(_("Only its author or a steward can remove this note."))
    reason = " ".join(str(reason or "").split())
    if len(reason) > REASON_MAX:
        raise InvalidInput(
            _("A reason can be at most %(n)d characters.") % {"n": REASON_MAX}, field="reason"
        )
    if not own and not reason:
        raise InvalidInput(
            _("Say which part of the charter the note breaks; its author is told."),
            field="reason",
        )
    with transaction.atomic():
        if own:
            activity_record(actor, community, "appreciation_deleted")
        else:
            audit_record(
                actor,
                community,
                "appreciation_removed",
                _("Removed a note from %(a)s to %(r)s: %(why)s")
                % {"a": note.author or _("a former member"), "r": note.recipient, "why": reason},
            )
            if note.author_id:
                notify(
                    [note.author_id],
                    actor=actor,
                    community=community,
                    kind="appreciation_removed",
                    text=_("A steward removed your note to %(r)s: %(why)s")
                    % {"r": note.recipient, "why": reason},
                    url=reverse("stewardship:appreciation", args=[community.slug]),
                )
        AppreciationNote.objects.filter(pk=note.pk).delete()
