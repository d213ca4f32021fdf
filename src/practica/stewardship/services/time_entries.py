"""Every write about time given: logging, editing and deleting time entries (DESIGN rule 1).

Rules (docs/stewardship-time.md): any active member logs their own time; a day is neither in
the future (after today anywhere on Earth) nor before the community was created; hours are
from 0.25 to 24 with at most two decimals, and one person's entries of one day — across all
their communities — add up to at most 24 hours; the link says what the time was for: a path
inside Practica ("/t/12/") or an http(s) address. Only the author edits an entry; the author or
a steward deletes it, a steward's deletion going to the audit trail.

Verbs in the activity stream: ``time_logged`` (target: the entry), ``time_entry_edited``
(target: the entry) and ``time_entry_deleted`` (no target: the entry is gone); a steward's
deletion is recorded as ``time_entry_removed`` through the audit trail.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.accounts.models import User
from practica.communities.activity import activity_record, audit_record, require_not_concluded
from practica.communities.visibility import (
    is_member,
    is_steward,
    require_member,
    require_viewable,
)
from practica.core.errors import InvalidInput, NotAllowed, NotFound

from ..models import LabourKind, TimeEntry

MIN_HOURS = Decimal("0.25")
MAX_HOURS_A_DAY = Decimal("24")
NOTE_MAX = 500
LINK_MAX = 500
REASON_MAX = 300
# The latest date anywhere on Earth is UTC+14: a member in Kiribati may log "today" while it
# is still yesterday in UTC.
EARLIEST_OFFSET = timedelta(hours=14)

_url_validator = URLValidator(schemes=["http", "https"])

UNSET = object()


# --- cleaning input -----------------------------------------------------------------------------


def latest_allowed_day() -> date:
    return (timezone.now() + EARLIEST_OFFSET).date()


def earliest_allowed_day(community) -> date:
    """The day the community was created (in UTC), less a day for time zones behind UTC."""
    return community.created_at.astimezone(UTC).date() - timedelta(days=1)


def clean_day(value, community) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise InvalidInput(_("Give the day as a date, e.g. 2025-03-14."), field="day")
    if value > latest_allowed_day():
        raise InvalidInput(
            _("You can only log time already given, not in the future."), field="day"
        )
    earliest = earliest_allowed_day(community)
    if value < earliest:
        raise InvalidInput(
            _("%(c)s was created on %(d)s; log time from that day on.")
            % {"c": community.name, "d": (earliest + timedelta(days=1)).isoformat()},
            field="day",
        )
    return value


def clean_hours(value) -> Decimal:
    message = _("Hours must be a number from 0.25 to 24, e.g. 1.5.")
    if isinstance(value, bool) or value is None:
        raise InvalidInput(message, field="hours")
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidInput(message, field="hours")
    if not hours.is_finite() or hours < MIN_HOURS or hours > MAX_HOURS_A_DAY:
        raise InvalidInput(message, field="hours")
    rounded = hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded != hours:
        raise InvalidInput(_("Give hours with at most two decimals, e.g. 1.25."), field="hours")
    return rounded


def clean_kind(value) -> str:
    if value not in LabourKind.values:
        raise InvalidInput(
            _("Kind must be one of: %(k)s.") % {"k": ", ".join(LabourKind.values)}, field="kind"
        )
    return value


def clean_note(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("The note must be text."), field="note")
    value = " ".join(value.split())
    if len(value) > NOTE_MAX:
        raise InvalidInput(
            _("A note can be at most %(n)d characters.") % {"n": NOTE_MAX}, field="note"
        )
    return value


def clean_link(value) -> str:
    """A path inside Practica ("/t/12/") or an http(s) address; anything else is refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("The link must be a web address."), field="link")
    value = value.strip()
    if not value:
        return ""
    message = _(
        "The link must be a page of Practica (starting with /) or a web address "
        "starting with http:// or https://."
    )
    if len(value) > LINK_MAX:
        raise InvalidInput(
            _("A link can be at most %(n)d characters.") % {"n": LINK_MAX}, field="link"
        )
    if value.startswith("/"):
        if value.startswith("//") or "\\" in value or any(c.isspace() for c in value):
            raise InvalidInput(message, field="link")
        return value
    try:
        _url_validator(value)
    except ValidationError:
        raise InvalidInput(message, field="link")
    return value


def _check_day_total(person_id: int, day: date, hours: Decimal, *, exclude: int | None = None):
    """One person's entries of one day add up to at most 24 hours, in all communities."""
    others = TimeEntry.objects.filter(person_id=person_id, day=day)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    logged = others.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if logged + hours > MAX_HOURS_A_DAY:
        raise InvalidInput(
            _(
                "You already logged %(logged)s hours on %(day)s; a day has 24, so at most "
                "%(left)s more."
            )
            % {
                "logged": _fmt(logged),
                "day": day.isoformat(),
                "left": _fmt(max(MAX_HOURS_A_DAY - logged, Decimal(0))),
            },
            field="hours",
        )


def _fmt(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _lock_person(person_id: int) -> None:
    """Serialise one person's writes, so two entries sent at once cannot pass 24 h a day."""
    list(User.objects.select_for_update().filter(pk=person_id).values_list("pk", flat=True))


def _entry_for_write(actor, entry_id) -> TimeEntry:
    try:
        entry_id = int(entry_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such time entry."))
    if not (0 < entry_id < 2**63):
        raise NotFound(_("No such time entry."))
    entry = TimeEntry.objects.select_related("community").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("No such time entry."))
    require_viewable(actor, entry.community)
    if entry.person_id != getattr(actor, "pk", None) and not is_member(actor, entry.community):
        raise NotFound(_("No such time entry."))
    return entry


# --- writes -------------------------------------------------------------------------------------


def time_entry_create(
    actor, community, *, day, hours, kind, note: str = "", link: str = ""
) -> TimeEntry:
    """A member logs time they gave the community."""
    require_member(actor, community)
    require_not_concluded(community)
    day = clean_day(day, community)
    hours = clean_hours(hours)
    kind = clean_kind(kind)
    note = clean_note(note)
    link = clean_link(link)
    with transaction.atomic():
        _lock_person(actor.pk)
        _check_day_total(actor.pk, day, hours)
        entry = TimeEntry.objects.create(
            community=community,
            person=actor,
            day=day,
            hours=hours,
            kind=kind,
            note=note,
            link=link,
        )
        activity_record(actor, community, "time_logged", entry)
    return entry


def time_entry_update(
    actor, entry_id, *, day=UNSET, hours=UNSET, kind=UNSET, note=UNSET, link=UNSET
) -> TimeEntry:
    """The author changes their entry; fields left out stay as they are."""
    entry = _entry_for_write(actor, entry_id)
    if entry.person_id != actor.pk:
        raise NotAllowed(_("Only the person who logged this time can change it."))
    require_member(actor, entry.community)
    require_not_concluded(entry.community)
    changes = {}
    if day is not UNSET:
        changes["day"] = clean_day(day, entry.community)
    if hours is not UNSET:
        changes["hours"] = clean_hours(hours)
    if kind is not UNSET:
        changes["kind"] = clean_kind(kind)
    if note is not UNSET:
        changes["note"] = clean_note(note)
    if link is not UNSET:
        changes["link"] = clean_link(link)
    with transaction.atomic():
        _lock_person(actor.pk)
        new_day = changes.get("day", entry.day)
        new_hours = changes.get("hours", entry.hours)
        _check_day_total(actor.pk, new_day, new_hours, exclude=entry.pk)
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.updated_at = timezone.now()
        entry.save()
        activity_record(actor, entry.community, "time_entry_edited", entry)
    return entry


def time_entry_delete(actor, entry_id, *, reason: str = "") -> None:
    """The author deletes their entry, or a steward removes one (audited, with the reason)."""
    entry = _entry_for_write(actor, entry_id)
    community = entry.community
    require_member(actor, community)
    require_not_concluded(community)
    own = entry.person_id == actor.pk
    if not own and not is_steward(actor, community):
        raise NotAllowed(_("Only the person who logged this time or a steward can delete it."))
    reason = clean_note(reason)[:REASON_MAX]
    with transaction.atomic():
        if own:
            entry.delete()
            activity_record(actor, community, "time_entry_deleted")
            return
        summary = _("Removed %(h)s hours of %(kind)s logged by %(who)s for %(day)s") % {
            "h": _fmt(entry.hours),
            "kind": LabourKind(entry.kind).label,
            "who": entry.person,
            "day": entry.day.isoformat(),
        }
        if reason:
            summary += _(": %(r)s") % {"r": reason}
        entry.delete()
        audit_record(actor, community, "time_entry_removed", summary)
