"""Every write of reflection: settings, opening and closing check-in rounds, answering them,
reviewing goals in a round, and telling members when a round opens or is about to close.

Answers are private (docs/reflection.md): the activity stream records *that* someone checked
in (on the round), never what they answered; notifications and mail say only that a round
opened or closes soon.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.activity import (
    activity_record,
    audit_record,
    notify,
    require_not_concluded,
)
from practica.communities.models import Goal, GoalStatus, Membership, MembershipStatus
from practica.communities.services import goal_update
from practica.communities.visibility import (
    can_view_community,
    is_member,
    is_steward,
    require_member,
    require_steward,
)
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.core.markdown import render_markdown
from practica.core.text import clean_title

from .aggregates import CYCLES
from .models import (
    CheckInAnswer,
    CheckInRound,
    GoalDecision,
    GoalReview,
    ReflectionSettings,
    StorySharing,
)

logger = logging.getLogger(__name__)

#: The latest a round may close, counted from the day it opens.
MAX_ROUND_DAYS = 90
#: The reminder goes out this long before a round closes (not at all for a shorter round).
REMIND_BEFORE = timedelta(days=2)
MAX_CAPACITY_HOURS = 744  # every hour of a 31-day month


# --- small validators --------------------------------------------------------------------------


def _text(value, field: str, label: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(f)s must be text.") % {"f": label}, field=field)
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(_("%(f)s contains a character that is not allowed.") % {"f": label})
    if required and not value:
        raise InvalidInput(_("%(f)s is required.") % {"f": label}, field=field)
    if len(value) > limit:
        raise InvalidInput(
            _("%(f)s is too long (at most %(n)d characters).") % {"f": label, "n": limit},
            field=field,
        )
    return value


def _as_id(value, message: str) -> int:
    if isinstance(value, bool):
        raise NotFound(message)
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(message)
    if not 0 < number < 2**63:
        raise NotFound(message)
    return number


def _worthwhile(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        number = 0
    if isinstance(value, (bool, float)) or not 1 <= number <= 5:
        raise InvalidInput(
            _("Choose how worthwhile your time is, from 1 to 5."), field="worthwhile"
        )
    return number


def _capacity(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        number = -1
    if isinstance(value, (bool, float)) or not 0 <= number <= MAX_CAPACITY_HOURS:
        raise InvalidInput(
            _("Capacity is a whole number of hours a month, from 0 to %(n)d.")
            % {"n": MAX_CAPACITY_HOURS},
            field="capacity_hours",
        )
    return number


def _cycles(values) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise InvalidInput(_("Cycles must be a list."), field="cycles")
    chosen = []
    for value in values:
        if value not in CYCLES:
            raise InvalidInput(_("Unknown value-creation cycle."), field="cycles")
        if value not in chosen:
            chosen.append(value)
    return [c for c in CYCLES if c in chosen]


def _sharing(value) -> str:
    if value is None or value == "":
        return StorySharing.PRIVATE
    if value not in StorySharing.values:
        raise InvalidInput(_("Choose how your story may be shared."), field="sharing")
    return value


def _zone(community) -> ZoneInfo:
    try:
        return ZoneInfo(community.timezone)
    except (ValueError, KeyError, OSError):  # a zone name the system does not know
        return ZoneInfo("UTC")


def local_today(community) -> date:
    return timezone.now().astimezone(_zone(community)).date()


def closing_instant(community, day: date) -> datetime:
    """A round "closing on" a day closes at the end of that day in the community's zone."""
    nxt = day + timedelta(days=1)
    return datetime(nxt.year, nxt.month, nxt.day, tzinfo=_zone(community))


def closing_day(round: CheckInRound) -> date:
    """The last day a round takes answers, in its community's zone."""
    moment = round.closed_at or round.closes_at
    return (moment.astimezone(_zone(round.community)) - timedelta(microseconds=1)).date()


def _closes_at(community, closes_on) -> datetime:
    if isinstance(closes_on, str):
        try:
            closes_on = date.fromisoformat(closes_on)
        except ValueError:
            closes_on = None
    if isinstance(closes_on, datetime) or not isinstance(closes_on, date):
        raise InvalidInput(_("Give the closing date as YYYY-MM-DD."), field="closes_on")
    today = local_today(community)
    if closes_on < today:
        raise InvalidInput(_("The closing date must not be in the past."), field="closes_on")
    if closes_on > today + timedelta(days=MAX_ROUND_DAYS):
        raise InvalidInput(
            _("A round closes within %(n)d days of opening.") % {"n": MAX_ROUND_DAYS},
            field="closes_on",
        )
    return closing_instant(community, closes_on)


# --- settings ----------------------------------------------------------------------------------


def reflection_settings(community) -> ReflectionSettings:
    """The community's settings; the defaults (unsaved) until a steward first changes them,
    so that reading a page never writes."""
    found = ReflectionSettings.objects.filter(community=community).first()
    return found or ReflectionSettings(community=community)


def reflection_settings_update(actor, community, *, members_may_open) -> ReflectionSettings:
    """Stewards choose whether any member may open a round."""
    require_steward(actor, community)
    require_not_concluded(community)
    if not isinstance(members_may_open, bool):
        raise InvalidInput(_("Choose yes or no."), field="members_may_open")
    with transaction.atomic():
        found, _created = ReflectionSettings.objects.select_for_update().get_or_create(
            community=community
        )
        if found.members_may_open == members_may_open:
            return found
        found.members_may_open = members_may_open
        found.updated_at = timezone.now()
        found.save()
        summary = (
            _("Any member may now open a reflection round.")
            if members_may_open
            else _("Only stewards may now open a reflection round.")
        )
        audit_record(actor, community, "reflection_settings_changed", summary, found)
    return found


def may_open_round(actor, community) -> bool:
    if is_steward(actor, community):
        return True
    return is_member(actor, community) and reflection_settings(community).members_may_open


# --- rounds ------------------------------------------------------------------------------------


def round_url(round: CheckInRound) -> str:
    return reverse("reflection:round", kwargs={"slug": round.community.slug, "round_id": round.pk})


def _round(actor, round_id, *, lock: bool = False) -> CheckInRound:
    """A round the actor may act in: NotFound unless they can see its community; members
    only (NotAllowed for a non-member of a public community)."""
    message = _("No such reflection round.")
    round_id = _as_id(round_id, message)
    rows = CheckInRound.objects.select_related("community")
    if lock:
        rows = rows.select_for_update()
    found = rows.filter(pk=round_id).first()
    if found is None or not can_view_community(actor, found.community):
        raise NotFound(message)
    require_member(actor, found.community)
    return found


def _active_member_ids(community, *, exclude=()) -> list[int]:
    return list(
        Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        .exclude(user_id__in=list(exclude))
        .values_list("user_id", flat=True)
    )


def checkin_open(actor, community, *, title, prompt="", closes_on) -> CheckInRound:
    """Open a round: stewards may, and any member where the community allows it. Members are
    told at once (in-app); mail, the reminder and the closing follow as background tasks."""
    require_member(actor, community)
    require_not_concluded(community)
    if not may_open_round(actor, community):
        raise NotAllowed(_("Only stewards may open a reflection round in this community."))
    # One line: it becomes the subject of the mail announcing the round.
    title = clean_title(title, empty_message=_("Give the round a title."))
    prompt = _text(prompt, "prompt", _("Prompt"), 4000)
    closes_at = _closes_at(community, closes_on)
    with transaction.atomic():
        round = CheckInRound.objects.create(
            community=community,
            title=title,
            prompt=prompt,
            prompt_html=render_markdown(prompt) if prompt else "",
            opened_by=actor,
            closes_at=closes_at,
        )
        activity_record(actor, community, "checkin_opened", round)
        notify(
            _active_member_ids(community),
            actor=actor,
            community=community,
            kind="checkin_opened",
            text=_("A reflection round is open: %(t)s") % {"t": title},
            url=round_url(round),
        )
        from .tasks import schedule_round

        transaction.on_commit(lambda: schedule_round(round))
    return round


def may_close(actor, round: CheckInRound) -> bool:
    return is_steward(actor, round.community) or (
        actor is not None and actor.is_authenticated and round.opened_by_id == actor.pk
    )


def checkin_close(actor, round_id) -> CheckInRound:
    """Close a round early: its stewards or the person who opened it."""
    round = _round(actor, round_id)
    require_not_concluded(round.community)
    if not may_close(actor, round):
        raise NotAllowed(_("Only stewards or the person who opened it may close this round."))
    with transaction.atomic():
        locked = CheckInRound.objects.select_for_update().get(pk=round.pk)
        if not locked.is_open:
            raise Conflict(_("This round has already closed."))
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        if is_steward(actor, round.community):
            audit_record(
                actor,
                round.community,
                "checkin_closed",
                _("Closed the reflection round “%(t)s” early.") % {"t": round.title},
                locked,
            )
        else:
            activity_record(actor, round.community, "checkin_closed", locked)
    locked.community = round.community
    return locked


def checkin_settle(round: CheckInRound) -> CheckInRound:
    """Close a round whose closing time has passed. Safe to call any number of times (the
    scheduled task, or before a round is read)."""
    if round.closed_at is not None or round.closes_at > timezone.now():
        return round
    if round.community.is_concluded:
        return round  # a concluded community's record stays as it was
    with transaction.atomic():
        locked = CheckInRound.objects.select_for_update().get(pk=round.pk)
        if locked.closed_at is None:
            locked.closed_at = locked.closes_at
            locked.save(update_fields=["closed_at"])
            activity_record(None, round.community, "checkin_closed", locked, at=locked.closes_at)
    round.closed_at = locked.closed_at
    return round


def checkin_settle_due(community=None) -> int:
    due = CheckInRound.objects.filter(
        closed_at__isnull=True,
        closes_at__lte=timezone.now(),
        community__concluded_at__isnull=True,
    ).select_related("community")
    if community is not None:
        due = due.filter(community=community)
    count = 0
    for round in due:
        checkin_settle(round)
        count += 1
    return count


# --- answers -----------------------------------------------------------------------------------


def _answer_fields(*, worthwhile, capacity_hours, story, cycles, sharing, should_change) -> dict:
    story = _text(story, "story", _("Your story"), 4000)
    return {
        "worthwhile": _worthwhile(worthwhile),
        "capacity_hours": _capacity(capacity_hours),
        "story": story,
        "story_html": render_markdown(story) if story else "",
        "cycles": _cycles(cycles),
        "sharing": _sharing(sharing),
        "should_change": _text(should_change, "should_change", _("What should change"), 4000),
    }


def checkin_answer(
    actor,
    round_id,
    *,
    worthwhile,
    capacity_hours=None,
    story="",
    cycles=(),
    sharing=StorySharing.PRIVATE,
    should_change="",
) -> CheckInAnswer:
    """Answer a round, once: a second answer is a Conflict (edit the first instead)."""
    round = _round(actor, round_id)
    require_not_concluded(round.community)
    checkin_settle(round)
    if not round.is_open:
        raise Conflict(_("This round has closed; answers are no longer taken."))
    fields = _answer_fields(
        worthwhile=worthwhile,
        capacity_hours=capacity_hours,
        story=story,
        cycles=cycles,
        sharing=sharing,
        should_change=should_change,
    )
    if CheckInAnswer.objects.filter(round=round, person=actor).exists():
        raise Conflict(_("You have already answered this round; you can change your answer."))
    try:
        with transaction.atomic():
            answer = CheckInAnswer.objects.create(round=round, person=actor, **fields)
            activity_record(actor, round.community, "checked_in", round)
    except IntegrityError:  # answered at the same moment from another tab
        raise Conflict(_("You have already answered this round; you can change your answer."))
    return answer


def checkin_answer_update(actor, round_id, **changes) -> CheckInAnswer:
    """Change one's own answer while the round is open. Unnamed fields keep their value."""
    round = _round(actor, round_id)
    require_not_concluded(round.community)
    checkin_settle(round)
    answer = CheckInAnswer.objects.filter(round=round, person=actor).first()
    if answer is None:
        raise NotFound(_("You have not answered this round yet."))
    if not round.is_open:
        raise Conflict(_("This round has closed; answers can no longer change."))
    allowed = {"worthwhile", "capacity_hours", "story", "cycles", "sharing", "should_change"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    current = {k: getattr(answer, k) for k in allowed}
    current.update(changes)
    fields = _answer_fields(**current)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(answer, key, value)
        answer.updated_at = timezone.now()
        answer.save()
        activity_record(actor, round.community, "checkin_answer_revised", round)
    return answer


# --- goal review -------------------------------------------------------------------------------


def may_review_goals(actor, round: CheckInRound) -> bool:
    """Stewards and the person who opened the round record what it decided about goals."""
    return may_close(actor, round)


_DECISION_STATUS = {
    GoalDecision.ACHIEVE: GoalStatus.ACHIEVED,
    GoalDecision.RETIRE: GoalStatus.RETIRED,
}


def goal_review(
    actor, round_id, *, goal_id, decision, title=None, description=None, note=""
) -> GoalReview:
    """Record what the round decided about one active goal, and write it to the goal's
    history: revise changes its words (it stays active), achieve and retire its status;
    keep leaves the goal as it is. One decision per goal and round."""
    round = _round(actor, round_id)
    require_not_concluded(round.community)
    if not may_review_goals(actor, round):
        raise NotAllowed(_("Stewards or the person who opened the round record goal decisions."))
    if decision not in GoalDecision.values:
        raise InvalidInput(_("Choose keep, revise, achieve or retire."), field="decision")
    goal_pk = _as_id(goal_id, _("No such goal."))
    goal = Goal.objects.filter(pk=goal_pk, community=round.community).first()
    if goal is None:
        raise NotFound(_("No such goal."))
    if goal.status != GoalStatus.ACTIVE:
        raise Conflict(_("Only active goals are reviewed; this one is no longer active."))
    note = _text(note, "note", _("Note"), 500)
    changes: dict = {}
    if decision == GoalDecision.REVISE:
        title = _text(title if title is not None else goal.title, "title", _("Title"), 200)
        description = _text(
            description if description is not None else goal.description,
            "description",
            _("Description"),
            5000,
        )
        if not title:
            raise InvalidInput(_("A revised goal needs a title."), field="title")
        if title == goal.title and description == goal.description:
            raise InvalidInput(_("Change the goal's title or description to revise it."))
        changes = {"title": title, "description": description}
    elif decision in _DECISION_STATUS:
        changes = {"status": _DECISION_STATUS[decision]}
    history_note = note or _("Reviewed in “%(t)s”.") % {"t": round.title}
    try:
        with transaction.atomic():
            review = GoalReview.objects.create(
                round=round, goal=goal, decision=decision, note=note, decided_by=actor
            )
            if changes:
                review.goal = goal_update(actor, goal.pk, note=history_note[:500], **changes)
            activity_record(actor, round.community, "goal_reviewed", review)
    except IntegrityError:
        raise Conflict(_("This round has already decided about that goal."))
    return review


# --- announcements and reminders (run by tasks) ------------------------------------------------


def _mail(round: CheckInRound, member_ids, subject: str, body: str) -> int:
    people = (
        Membership.objects.filter(
            community=round.community,
            status=MembershipStatus.ACTIVE,
            user_id__in=list(member_ids),
            user__is_active=True,
            user__is_placeholder=False,
        )
        .select_related("user")
        .order_by("user_id")
    )
    messages = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [m.user.email]) for m in people
    ]
    if not messages:
        return 0
    try:
        return get_connection(fail_silently=False).send_messages(messages) or 0
    except (OSError, smtplib.SMTPException, BadHeaderError) as exc:
        logger.warning("Reflection mail for round %s failed: %s", round.pk, exc)
        return 0


def checkin_announce(round_id) -> int:
    """Mail every member (but the opener) that a round is open; returns mails sent."""
    round = CheckInRound.objects.select_related("community").filter(pk=round_id).first()
    if round is None or not round.is_open or round.community.is_concluded:
        return 0
    link = settings.BASE_URL + round_url(round)
    subject = _("Reflection round open in %(c)s: %(t)s") % {
        "c": round.community.name,
        "t": round.title,
    }
    body = _(
        "A reflection round is open in %(c)s until %(d)s.\n\n"
        "Is your time there worthwhile? What value did you get, and what should change? "
        "Your answer is private: the community sees only what all answers add up to, and "
        "your story only if you choose to share it.\n\n%(link)s\n"
    ) % {"c": round.community.name, "d": _closing_words(round), "link": link}
    ids = _active_member_ids(round.community, exclude=[round.opened_by_id or 0])
    return _mail(round, ids, subject, body)


def _closing_words(round: CheckInRound) -> str:
    local = round.closes_at.astimezone(_zone(round.community)) - timedelta(seconds=1)
    return local.strftime("%Y-%m-%d %H:%M")


def checkin_remind(round_id) -> int:
    """Remind the members who have not answered, once, before the round closes: in-app and
    by mail. Returns the number of people reminded."""
    with transaction.atomic():
        round = (
            CheckInRound.objects.select_for_update()
            .select_related("community")
            .filter(pk=round_id)
            .first()
        )
        if (
            round is None
            or not round.is_open
            or round.reminded_at is not None
            or round.community.is_concluded
        ):
            return 0
        round.reminded_at = timezone.now()
        round.save(update_fields=["reminded_at"])
        answered = CheckInAnswer.objects.filter(round=round).values_list("person_id", flat=True)
        ids = _active_member_ids(round.community, exclude=answered)
        notify(
            ids,
            actor=None,
            community=round.community,
            kind="checkin_reminder",
            text=_("The reflection round “%(t)s” closes soon.") % {"t": round.title},
            url=round_url(round),
        )
    subject = _("Reflection round closes soon: %(t)s") % {"t": round.title}
    body = _(
        "The reflection round “%(t)s” in %(c)s closes on %(d)s and you have not answered yet. "
        "It takes a few minutes, and your answer is private.\n\n%(link)s\n"
    ) % {
        "t": round.title,
        "c": round.community.name,
        "d": _closing_words(round),
        "link": settings.BASE_URL + round_url(round),
    }
    _mail(round, ids, subject, body)
    return len(ids)


def checkin_remind_due() -> int:
    """Remind every open round that closes within ``REMIND_BEFORE`` and was not reminded."""
    moment = timezone.now()
    due = CheckInRound.objects.filter(
        closed_at__isnull=True,
        reminded_at__isnull=True,
        closes_at__gt=moment,
        closes_at__lte=moment + REMIND_BEFORE,
        community__concluded_at__isnull=True,
    ).values_list("pk", flat=True)
    return sum(checkin_remind(pk) for pk in list(due))
