"""Every write about communities: creation and settings, membership, invitations, stewards,
the charter's consent process, goals and notifications (DESIGN rule 1).

Each service checks permission, validates, writes in one transaction, appends to the activity
stream, and schedules follow-ups with ``transaction.on_commit``.
"""

import hashlib
import logging
import secrets
import smtplib
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import BadHeaderError, send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practica.accounts.services import clean_email
from practica.core import ratelimit
from practica.core.cache import bump_inbox
from practica.core.errors import (
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFound,
    RateLimited,
    Unavailable,
)
from practica.core.markdown import render_markdown
from practica.core.timeutil import is_valid_timezone

from .activity import activity_record, audit_record, notify, require_not_concluded
from .models import (
    CharterProposal,
    CharterResponse,
    Community,
    Goal,
    GoalRevision,
    GoalStatus,
    Invitation,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Notification,
    Position,
    ProposalStatus,
    Role,
    Visibility,
    active_steward_q,
)
from .visibility import (
    forget_memberships,
    membership_of,
    require_member,
    require_steward,
    require_viewable,
)

NAME_MAX = 120
SLUG_MAX = 60
PURPOSE_MAX = 5000
VALUES_MAX = 5000
# The sector or sectors a community draws from, in its own words ("public health, housing").
SECTOR_MAX = 60
RESERVED_SLUGS = {"new", "api", "admin", "static", "accounts", "me", "search"}
# After a steward declines a request, the same person may ask again after this many days.
DECLINED_WAIT_DAYS = 30
# Invitations one member may send per day: enough for a workshop, too few for spam.
INVITATIONS_PER_DAY = 50

logger = logging.getLogger(__name__)


def _require_text(value, field: str, label: str, limit: int, *, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(f)s must be text.") % {"f": label}, field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("%(f)s is required.") % {"f": label}, field=field)
    if len(value) > limit:
        raise InvalidInput(
            _("%(f)s can be at most %(n)d characters.") % {"f": label, "n": limit}, field=field
        )
    return value


def _require_choice(value, choices, field: str, label: str) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise InvalidInput(
            _("%(f)s must be one of: %(a)s.") % {"f": label, "a": allowed}, field=field
        )
    return value


def _clean_slug(slug) -> str:
    if not isinstance(slug, str):
        raise InvalidInput(_("The address must be text."), field="slug")
    cleaned = slugify(slug)[:SLUG_MAX].strip("-")
    if not cleaned or cleaned != slug or cleaned in RESERVED_SLUGS:
        raise InvalidInput(
            _("Use lower-case letters, digits and hyphens for the address (e.g. open-health)."),
            field="slug",
        )
    return cleaned


def _as_id(value, message: str) -> int:
    """Ids arrive from URLs, forms and JSON; anything that is not a number names nothing."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(message)
    if not 0 < number < 2**63:  # beyond the database's integers nothing can match
        raise NotFound(message)
    return number


def _unique_slug(name: str) -> str:
    base = slugify(name)[: SLUG_MAX - 6].strip("-") or "community"
    if base in RESERVED_SLUGS:
        base = f"{base}-community"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def community_create(
    actor,
    *,
    name,
    purpose,
    values="",
    visibility=Visibility.PUBLIC,
    join_policy=JoinPolicy.OPEN,
    slug=None,
    charter="",
    community_timezone="UTC",
    sector="",
) -> Community:
    """Name a community and its intentions; the creator becomes its first steward.

    A charter written at creation is the founding version (v1): there is nobody else yet
    to consent, so it is adopted at once.
    """
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Sign in to create a community."))
    name = _require_text(name, "name", _("Name"), NAME_MAX)
    purpose = _require_text(purpose, "purpose", _("Purpose"), PURPOSE_MAX)
    values = _require_text(values, "values", _("Values"), VALUES_MAX, required=False)
    charter = _require_text(
        charter, "charter", _("Charter"), settings.MAX_BODY_LENGTH, required=False
    )
    visibility = _require_choice(visibility, Visibility, "visibility", _("Visibility"))
    join_policy = _require_choice(join_policy, JoinPolicy, "join_policy", _("Join policy"))
    sector = _require_text(sector, "sector", _("Sector"), SECTOR_MAX, required=False)
    if not is_valid_timezone(community_timezone):
        raise InvalidInput(_("Choose a time zone such as Europe/Berlin."), field="timezone")
    if slug:
        slug = _clean_slug(slug)
        if Community.objects.filter(slug=slug).exists():
            raise Conflict(_("That address is taken; choose another."), field="slug")
    else:
        slug = _unique_slug(name)

    with transaction.atomic():
        community = Community.objects.create(
            name=name,
            slug=slug,
            purpose=purpose,
            purpose_html=render_markdown(purpose),
            values=values,
            values_html=render_markdown(values),
            visibility=visibility,
            join_policy=join_policy,
            sector=sector,
            timezone=community_timezone,
            created_by=actor,
            member_count=1,
        )
        membership = Membership.objects.create(user=actor, community=community, role=Role.STEWARD)
        if charter:
            version = CharterProposal.objects.create(
                community=community,
                body=charter,
                body_html=render_markdown(charter),
                rationale=_("Founding charter"),
                proposed_by=actor,
                review_ends_at=timezone.now(),
                status=ProposalStatus.ADOPTED,
                decided_at=timezone.now(),
                version=1,
            )
            membership.charter_acknowledged = version
            membership.save(update_fields=["charter_acknowledged"])
            activity_record(actor, community, "charter_adopted", version)
        audit_record(actor, community, "created", _("Created the community"), community)
        activity_record(actor, community, "joined", community)
    forget_memberships(actor)
    return community


COMMUNITY_SETTINGS = {
    "name",
    "purpose",
    "values",
    "visibility",
    "join_policy",
    "sector",
    "timezone",
    "article_review_months",
}
# Knowledge: an article unreviewed for this many months is flagged for review.
REVIEW_MONTHS_MIN, REVIEW_MONTHS_MAX = 1, 120


def community_update(actor, community: Community, **changes) -> Community:
    """Stewards edit the community's settings; every change is written to the audit trail."""
    require_steward(actor, community)
    require_not_concluded(community)
    unknown = set(changes) - COMMUNITY_SETTINGS
    if unknown:
        raise InvalidInput(_("Unknown setting: %(f)s") % {"f": ", ".join(sorted(unknown))})
    clean: dict = {}
    for field, value in changes.items():
        if value is None:
            continue
        if field == "name":
            clean[field] = _require_text(value, field, _("Name"), NAME_MAX)
        elif field == "purpose":
            clean[field] = _require_text(value, field, _("Purpose"), PURPOSE_MAX)
        elif field == "values":
            clean[field] = _require_text(value, field, _("Values"), VALUES_MAX, required=False)
        elif field == "visibility":
            clean[field] = _require_choice(value, Visibility, field, _("Visibility"))
        elif field == "join_policy":
            clean[field] = _require_choice(value, JoinPolicy, field, _("Join policy"))
        elif field == "sector":
            clean[field] = _require_text(value, field, _("Sector"), SECTOR_MAX, required=False)
        elif field == "timezone":
            if not is_valid_timezone(value):
                raise InvalidInput(_("Choose a time zone such as Europe/Berlin."), field=field)
            clean[field] = value
        elif field == "article_review_months":
            clean[field] = _review_months(value)
    changed = [f for f, v in clean.items() if getattr(community, f) != v]
    if not changed:
        return community
    with transaction.atomic():
        for field in changed:
            setattr(community, field, clean[field])
        community.purpose_html = render_markdown(community.purpose)
        community.values_html = render_markdown(community.values)
        community.save()
        audit_record(
            actor,
            community,
            "settings_changed",
            _("Changed settings: %(f)s") % {"f": ", ".join(sorted(changed))},
        )
    return community


def _review_months(value) -> int:
    message = _("Review articles every %(a)d to %(b)d months.") % {
        "a": REVIEW_MONTHS_MIN,
        "b": REVIEW_MONTHS_MAX,
    }
    if isinstance(value, bool):
        raise InvalidInput(message, field="article_review_months")
    try:
        months = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(message, field="article_review_months")
    if str(months) != str(value).strip() and not isinstance(value, int):
        raise InvalidInput(message, field="article_review_months")
    if not REVIEW_MONTHS_MIN <= months <= REVIEW_MONTHS_MAX:
        raise InvalidInput(message, field="article_review_months")
    return months


# --- membership -------------------------------------------------------------------------------


def current_charter(community: Community) -> CharterProposal | None:
    return (
        CharterProposal.objects.filter(community=community, status=ProposalStatus.ADOPTED)
        .order_by("-version")
        .first()
    )


def _stewards(community: Community):
    return Membership.objects.filter(active_steward_q(), community=community).values_list(
        "user_id", flat=True
    )


def _activate(actor, community, membership, charter) -> Membership:
    membership.status = MembershipStatus.ACTIVE
    membership.role = membership.role or Role.MEMBER
    membership.charter_acknowledged = charter
    membership.joined_at = timezone.now()
    membership.save()
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    community.refresh_from_db(fields=["member_count"])
    activity_record(actor, community, "joined", community)
    forget_memberships(actor)
    return membership


def community_join(
    actor, community: Community, *, acknowledge_charter=False, message="", invitation=None
) -> Membership:
    """Join (open), ask to join (approval), or join with an invitation (any policy).

    Joining requires acknowledging the current charter, if the community has one. Returns
    the membership, whose status says whether it is active or pending a steward's approval.
    """
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Sign in to join a community."))
    if invitation is None:
        require_viewable(actor, community)
    require_not_concluded(community)
    message = _require_text(message, "message", _("Message"), 1000, required=False)
    existing = membership_of(actor, community)
    if existing is not None and existing.is_active:
        raise Conflict(_("You are already a member of %(c)s.") % {"c": community})
    if existing is not None and existing.status == MembershipStatus.PENDING and invitation is None:
        raise Conflict(_("Your request to join is waiting for a steward."))
    charter = current_charter(community)
    if charter is not None and acknowledge_charter is not True:
        raise InvalidInput(
            _("Please read the charter and confirm that you will work by it."),
            field="acknowledge_charter",
        )
    if invitation is None and community.join_policy == JoinPolicy.INVITATION:
        raise NotAllowed(
            _("%(c)s is invitation only. Ask a member to invite you.") % {"c": community}
        )
    if (
        invitation is None
        and existing is not None
        and existing.status == MembershipStatus.DECLINED
        and existing.updated_at > timezone.now() - timedelta(days=DECLINED_WAIT_DAYS)
    ):
        again = (existing.updated_at + timedelta(days=DECLINED_WAIT_DAYS)).date()
        raise Conflict(
            _("Your last request was declined. You can ask again from %(d)s.") % {"d": again}
        )

    try:
        with transaction.atomic():
            return _join(actor, community, existing, charter, message, invitation)
    except IntegrityError:  # the same person joined twice at once (a double click)
        forget_memberships(actor)
        raise Conflict(_("You are already a member of %(c)s.") % {"c": community})


def _join(actor, community, existing, charter, message, invitation) -> Membership:
    membership = existing or Membership(user=actor, community=community)
    if invitation is not None or community.join_policy == JoinPolicy.OPEN:
        return _activate(actor, community, membership, charter)
    membership.status = MembershipStatus.PENDING
    membership.role = Role.MEMBER
    membership.request_message = message
    membership.charter_acknowledged = charter
    membership.save()
    forget_memberships(actor)
    activity_record(actor, community, "join_requested", community)
    notify(
        _stewards(community),
        actor=actor,
        community=community,
        kind="join_request",
        text=_("%(who)s asked to join %(c)s") % {"who": actor, "c": community},
        url=reverse("communities:requests", args=[community.slug]),
    )
    return membership


def _pending_request(community: Community, membership_id) -> Membership:
    m = Membership.objects.filter(
        pk=_as_id(membership_id, _("No such join request.")),
        community=community,
        status=MembershipStatus.PENDING,
    ).first()
    if m is None:
        raise NotFound(_("No such join request."))
    return m


def membership_approve(actor, community: Community, membership_id) -> Membership:
    require_steward(actor, community)
    require_not_concluded(community)
    with transaction.atomic():
        m = _pending_request(community, membership_id)
        _activate(m.user, community, m, m.charter_acknowledged)
        audit_record(actor, community, "join_approved", _("Approved %(who)s") % {"who": m.user})
        notify(
            [m.user_id],
            actor=actor,
            community=community,
            kind="join_approved",
            text=_("Welcome! Your request to join %(c)s was approved.") % {"c": community},
            url=reverse("communities:home", args=[community.slug]),
        )
    return m


def membership_decline(actor, community: Community, membership_id, reason="") -> Membership:
    require_steward(actor, community)
    require_not_concluded(community)
    reason = _require_text(reason, "reason", _("Reason"), 500, required=False)
    with transaction.atomic():
        m = _pending_request(community, membership_id)
        m.status = MembershipStatus.DECLINED
        m.save(update_fields=["status", "updated_at"])
        audit_record(
            actor,
            community,
            "join_declined",
            _("Declined %(who)s's request") % {"who": m.user} + (f": {reason}" if reason else ""),
        )
    return m


def community_leave(actor, community: Community) -> Membership:
    m = require_member(actor, community)
    if m.is_steward:
        others = (
            Membership.objects.filter(active_steward_q(), community=community)
            .exclude(user=actor)
            .exists()
        )
        if not others and community.member_count > 1:
            raise Conflict(
                _("You are the only steward. Ask another member to take on the role first.")
            )
    with transaction.atomic():
        m.status = MembershipStatus.LEFT
        m.role = Role.MEMBER
        m.steward_term_ends = None
        m.save()
        Community.objects.filter(pk=community.pk).update(member_count=F("member_count") - 1)
        community.refresh_from_db(fields=["member_count"])
        activity_record(actor, community, "left", community)
    forget_memberships(actor)
    return m


def steward_appoint(actor, community: Community, user_id, term_ends: date | None = None):
    """A steward hands the steward role to another member, optionally until a date.

    Nobody appoints themselves (that would also erase their own term end). When every
    steward's term has ended, any member may appoint one, so housekeeping never stalls;
    it is audited like every steward action.
    """
    if Membership.objects.filter(active_steward_q(), community=community).exists():
        require_steward(actor, community)
    else:
        require_member(actor, community)
    require_not_concluded(community)
    if str(user_id) == str(getattr(actor, "pk", None)):
        raise InvalidInput(_("Ask another member to appoint you; nobody appoints themselves."))
    if term_ends is not None and term_ends < timezone.now().date():
        raise InvalidInput(_("A term cannot end in the past."), field="term_ends")
    m = Membership.objects.filter(
        community=community,
        user_id=_as_id(user_id, _("That person is not a member.")),
        status=MembershipStatus.ACTIVE,
    ).first()
    if m is None:
        raise NotFound(_("That person is not a member."))
    with transaction.atomic():
        m.role = Role.STEWARD
        m.steward_term_ends = term_ends
        m.save()
        until = _(" until %(d)s") % {"d": term_ends.isoformat()} if term_ends else ""
        audit_record(
            actor,
            community,
            "steward_appointed",
            _("Made %(who)s a steward") % {"who": m.user} + until,
        )
    return m


def steward_step_down(actor, community: Community) -> Membership:
    m = require_steward(actor, community)
    others = (
        Membership.objects.filter(active_steward_q(), community=community)
        .exclude(user=actor)
        .exists()
    )
    if not others:
        raise Conflict(_("You are the only steward. Appoint another member first."))
    with transaction.atomic():
        m.role = Role.MEMBER
        m.steward_term_ends = None
        m.save()
        audit_record(actor, community, "steward_stepped_down", _("Stepped down as steward"))
    forget_memberships(actor)
    return m


# --- invitations ------------------------------------------------------------------------------


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(actor, community: Community, email) -> Invitation:
    """Any member may invite someone by email; the link works for INVITATION_DAYS days.

    The mail is sent before the transaction commits: if the mail server refuses it, no
    invitation is stored and the inviter is told to try again (never a 500). The returned
    invitation carries the link's token in ``.token``; only its hash is stored.
    """
    require_member(actor, community)
    require_not_concluded(community)
    email = clean_email(email)
    if not ratelimit.hit("invite", str(actor.pk), INVITATIONS_PER_DAY, 24 * 3600):
        raise RateLimited(
            _("You have sent %(n)d invitations today; please wait until tomorrow.")
            % {"n": INVITATIONS_PER_DAY}
        )
    token = secrets.token_urlsafe(32)
    link = settings.BASE_URL + reverse("communities:invitation", args=[token])
    subject = _("%(who)s invites you to %(c)s on Practica") % {"who": actor, "c": community}
    body = _(
        "%(who)s invites you to join %(c)s, a community of practice on Practica.\n\n"
        "Its purpose: %(purpose)s\n\n"
        "Accept the invitation here (the link works for %(days)d days):\n%(link)s\n"
    ) % {
        "who": actor,
        "c": community,
        "purpose": community.purpose[:500],
        "days": settings.INVITATION_DAYS,
        "link": link,
    }
    with transaction.atomic():
        invitation = Invitation.objects.create(
            community=community,
            email=email,
            token_hash=invitation_token_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        )
        activity_record(actor, community, "invited", invitation)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        except (OSError, smtplib.SMTPException, BadHeaderError) as exc:
            logger.warning("Invitation mail to %s failed: %s", email, exc)
            raise Unavailable(
                _("The invitation email could not be sent just now. Please try again later.")
            )
    invitation.token = token
    return invitation


def invitation_for_token(token) -> Invitation:
    if not isinstance(token, str) or not token or len(token) > 64:
        raise NotFound(_("This invitation link is not valid."))
    invitation = (
        Invitation.objects.select_related("community")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation link is not valid."))
    return invitation


def _check_usable(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise Conflict(_("This invitation has expired. Ask for a new one."))


def invitation_accept(actor, token, *, acknowledge_charter=False) -> Membership:
    invitation = invitation_for_token(token)
    _check_usable(invitation)
    with transaction.atomic():
        # Re-read under a lock: two people using one link at once cannot both get in.
        invitation = (
            Invitation.objects.select_for_update().select_related("community").get(pk=invitation.pk)
        )
        _check_usable(invitation)
        membership = community_join(
            actor,
            invitation.community,
            acknowledge_charter=acknowledge_charter,
            invitation=invitation,
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


# --- charter: consent decision-making ---------------------------------------------------------


def charter_propose(actor, community: Community, *, body, rationale="") -> CharterProposal:
    """Any member proposes a new charter version, open for responses for the review window.

    When the proposer is the community's only member there is nobody to consent, so the
    proposal is adopted at once.
    """
    require_member(actor, community)
    require_not_concluded(community)
    body = _require_text(body, "body", _("Charter text"), settings.MAX_BODY_LENGTH)
    rationale = _require_text(rationale, "rationale", _("Reason"), 4000, required=False)
    now = timezone.now()
    with transaction.atomic():
        proposal = CharterProposal.objects.create(
            community=community,
            body=body,
            body_html=render_markdown(body),
            rationale=rationale,
            proposed_by=actor,
            review_ends_at=now + timedelta(days=settings.CHARTER_REVIEW_DAYS),
        )
        activity_record(actor, community, "charter_proposed", proposal)
        if community.member_count <= 1:
            _adopt(proposal)
        else:
            members = Membership.objects.filter(
                community=community, status=MembershipStatus.ACTIVE
            ).values_list("user_id", flat=True)
            notify(
                members,
                actor=actor,
                community=community,
                kind="charter_proposal",
                text=_("%(who)s proposed a new charter for %(c)s — your response is welcome")
                % {"who": actor, "c": community},
                url=reverse("communities:proposal", args=[community.slug, proposal.pk]),
            )
            from .tasks import schedule_charter_settle

            transaction.on_commit(lambda: schedule_charter_settle(proposal))
    return proposal


def _adopt(proposal: CharterProposal) -> None:
    # Lock the community's row so that two proposals settled at once by two workers cannot
    # take the same version number. Callers hold a transaction.
    Community.objects.select_for_update().only("pk").get(pk=proposal.community_id)
    latest = CharterProposal.objects.filter(community=proposal.community).aggregate(
        n=Max("version")
    )["n"]
    proposal.status = ProposalStatus.ADOPTED
    proposal.version = (latest or 0) + 1
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "version", "decided_at"])
    activity_record(proposal.proposed_by, proposal.community, "charter_adopted", proposal)


def _open_proposal(proposal_id) -> CharterProposal:
    proposal = CharterProposal.objects.select_related("community").filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound(_("No such charter proposal."))
    return proposal


def charter_proposal_for_viewer(viewer, proposal_id) -> CharterProposal:
    try:
        proposal_id = int(proposal_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such charter proposal."))
    proposal = _open_proposal(proposal_id)
    require_viewable(viewer, proposal.community)
    return proposal


def charter_respond(actor, proposal_id, *, position, reason="") -> CharterResponse:
    """A member consents, raises a concern or objects; a reason is needed for the latter two.

    A member may change their response while the proposal is open.
    """
    proposal = charter_proposal_for_viewer(actor, proposal_id)
    require_member(actor, proposal.community)
    require_not_concluded(proposal.community)
    position = _require_choice(position, Position, "position", _("Response"))
    reason = _require_text(reason, "reason", _("Reason"), 4000, required=False)
    if position != Position.CONSENT and not reason:
        raise InvalidInput(
            _("Please give the reason for your concern or objection, so it can be worked with."),
            field="reason",
        )
    charter_settle(proposal)
    if not proposal.is_open:
        raise Conflict(_("This proposal is closed; responses can no longer change."))
    with transaction.atomic():
        response, _created = CharterResponse.objects.update_or_create(
            proposal=proposal, member=actor, defaults={"position": position, "reason": reason}
        )
        activity_record(actor, proposal.community, "charter_responded", proposal)
        if position == Position.OBJECTION:
            notify(
                [proposal.proposed_by_id],
                actor=actor,
                community=proposal.community,
                kind="charter_objection",
                text=_("%(who)s objected to your charter proposal") % {"who": actor},
                url=reverse("communities:proposal", args=[proposal.community.slug, proposal.pk]),
            )
    return response


def charter_withdraw(actor, proposal_id) -> CharterProposal:
    proposal = charter_proposal_for_viewer(actor, proposal_id)
    require_member(actor, proposal.community)
    require_not_concluded(proposal.community)
    if proposal.proposed_by_id != actor.pk:
        raise NotAllowed(_("Only the person who proposed it can withdraw a proposal."))
    charter_settle(proposal)
    if not proposal.is_open:
        raise Conflict(_("This proposal is already closed."))
    with transaction.atomic():
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_at"])
        activity_record(actor, proposal.community, "charter_withdrawn", proposal)
    return proposal


def charter_settle(proposal: CharterProposal) -> CharterProposal:
    """Close an open proposal whose review window has ended: adopted unless an objection stands.

    Safe to call any number of times (by the scheduled task, or before a charter is read):
    the row is re-read under a lock so two callers cannot both adopt it.
    """
    if not proposal.is_open or proposal.review_ends_at > timezone.now():
        return proposal
    if proposal.community.is_concluded:
        return proposal  # a concluded community's record stays as it was
    with transaction.atomic():
        locked = CharterProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.is_open:
            # Only objections of people who are still members stand.
            objected = locked.responses.filter(
                position=Position.OBJECTION,
                member__memberships__community_id=locked.community_id,
                member__memberships__status=MembershipStatus.ACTIVE,
            ).exists()
            if objected:
                locked.status = ProposalStatus.NOT_ADOPTED
                locked.decided_at = timezone.now()
                locked.save(update_fields=["status", "decided_at"])
                activity_record(None, locked.community, "charter_not_adopted", locked)
            else:
                _adopt(locked)
    proposal.refresh_from_db()
    return proposal


def charter_settle_due(community: Community | None = None) -> int:
    """Settle every open proposal whose window has ended; returns how many were settled."""
    due = CharterProposal.objects.filter(
        status=ProposalStatus.OPEN,
        review_ends_at__lte=timezone.now(),
        community__concluded_at__isnull=True,
    ).select_related("community")
    if community is not None:
        due = due.filter(community=community)
    count = 0
    for proposal in due:
        charter_settle(proposal)
        count += 1
    return count


# --- goals ------------------------------------------------------------------------------------


def goal_create(actor, community: Community, *, title, description="") -> Goal:
    """Any member may add a goal; goals are the community's, not the stewards'."""
    require_member(actor, community)
    require_not_concluded(community)
    title = _require_text(title, "title", _("Title"), 200)
    description = _require_text(description, "description", _("Description"), 5000, required=False)
    with transaction.atomic():
        goal = Goal.objects.create(
            community=community,
            title=title,
            description=description,
            description_html=render_markdown(description),
            created_by=actor,
        )
        GoalRevision.objects.create(
            goal=goal,
            title=title,
            description=description,
            status=goal.status,
            note=_("Goal set"),
            changed_by=actor,
        )
        activity_record(actor, community, "goal_set", goal)
    return goal


def goal_update(actor, goal_id, *, title=None, description=None, status=None, note="") -> Goal:
    """Change a goal's words or status; every change is kept in its history with a note."""
    goal_id = _as_id(goal_id, _("No such goal."))
    goal = Goal.objects.select_related("community").filter(pk=goal_id).first()
    if goal is None:
        raise NotFound(_("No such goal."))
    require_member(actor, goal.community)
    require_not_concluded(goal.community)
    if title is not None:
        title = _require_text(title, "title", _("Title"), 200)
    if description is not None:
        description = _require_text(
            description, "description", _("Description"), 5000, required=False
        )
    if status is not None:
        status = _require_choice(status, GoalStatus, "status", _("Status"))
    note = _require_text(note, "note", _("Note"), 500, required=False)
    changes = {
        k: v
        for k, v in {"title": title, "description": description, "status": status}.items()
        if v is not None and getattr(goal, k) != v
    }
    if not changes:
        return goal
    with transaction.atomic():
        for field, value in changes.items():
            setattr(goal, field, value)
        goal.description_html = render_markdown(goal.description)
        goal.updated_at = timezone.now()
        goal.save()
        GoalRevision.objects.create(
            goal=goal,
            title=goal.title,
            description=goal.description,
            status=goal.status,
            note=note,
            changed_by=actor,
        )
        verb = f"goal_{goal.status}" if "status" in changes else "goal_revised"
        activity_record(actor, goal.community, verb, goal)
    return goal


# --- notifications ----------------------------------------------------------------------------


def notifications_mark_read(actor, ids=None) -> int:
    """Mark the actor's notifications read: the given ids, or all of them."""
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Sign in first."))
    rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        if isinstance(ids, (str, bytes)) or not hasattr(ids, "__iter__"):
            raise InvalidInput(_("Notification ids must be numbers."))
        clean = []
        for value in ids:
            try:
                number = int(value)
            except (TypeError, ValueError, OverflowError):
                raise InvalidInput(_("Notification ids must be numbers."))
            if 0 < number < 2**63:  # anything beyond the database's integers names nothing
                clean.append(number)
        rows = rows.filter(pk__in=clean)
    marked = rows.update(read_at=timezone.now())
    bump_inbox([actor.pk])
    return marked


def notification_open(actor, notification_id) -> str:
    """Mark one of the actor's notifications read and return where it points."""
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Sign in first."))
    notification = Notification.objects.filter(
        pk=_as_id(notification_id, _("No such notification.")), recipient=actor
    ).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        bump_inbox([actor.pk])
    # Only paths on this site: a stored URL is never an open redirect.
    url = notification.url
    return url if url.startswith("/") and not url.startswith("//") else "/"


# --- concluding a community -------------------------------------------------------------------

CONCLUDED_NOTE_MAX = 2000


def community_conclude(actor, community: Community, *, note) -> Community:
    """A steward marks the community concluded: from now on it is a read-only record, with a
    note saying what it became (a network, a foundation, another community…).

    Charter proposals whose review window has ended are settled as usual first; those still
    open are withdrawn, since nobody can respond any more. Members are told.
    """
    require_steward(actor, community)
    if community.is_concluded:
        raise Conflict(_("%(c)s has already concluded.") % {"c": community.name})
    note = _require_text(
        note, "note", _("What the community became"), CONCLUDED_NOTE_MAX, required=True
    )
    charter_settle_due(community)
    now = timezone.now()
    with transaction.atomic():
        locked = Community.objects.select_for_update().get(pk=community.pk)
        if locked.concluded_at is not None:
            raise Conflict(_("%(c)s has already concluded.") % {"c": community.name})
        still_open = list(
            CharterProposal.objects.filter(community=community, status=ProposalStatus.OPEN)
        )
        for proposal in still_open:
            proposal.status = ProposalStatus.WITHDRAWN
            proposal.decided_at = now
            proposal.save(update_fields=["status", "decided_at"])
            activity_record(actor, community, "charter_withdrawn", proposal)
        community.concluded_at = now
        community.concluded_note = note
        community.concluded_note_html = render_markdown(note)
        community.save(update_fields=["concluded_at", "concluded_note", "concluded_note_html"])
        summary = _("Concluded the community: %(note)s") % {"note": note}
        audit_record(actor, community, "concluded", summary, community)
        notify(
            _active_member_ids(community),
            actor=actor,
            community=community,
            kind="community_concluded",
            text=_("%(c)s has concluded; its record stays readable.") % {"c": community.name},
            url=reverse("communities:home", args=[community.slug]),
        )
    return community


def community_reopen(actor, community: Community) -> Community:
    """A steward takes a concluded community back into use; the note is kept in the audit
    trail, and members are told."""
    require_steward(actor, community)
    if not community.is_concluded:
        raise Conflict(_("%(c)s has not concluded.") % {"c": community.name})
    with transaction.atomic():
        locked = Community.objects.select_for_update().get(pk=community.pk)
        if locked.concluded_at is None:
            raise Conflict(_("%(c)s has not concluded.") % {"c": community.name})
        community.concluded_at = None
        community.concluded_note = ""
        community.concluded_note_html = ""
        community.save(update_fields=["concluded_at", "concluded_note", "concluded_note_html"])
        audit_record(actor, community, "reopened", _("Reopened the community"), community)
        notify(
            _active_member_ids(community),
            actor=actor,
            community=community,
            kind="community_reopened",
            text=_("%(c)s is open again.") % {"c": community.name},
            url=reverse("communities:home", args=[community.slug]),
        )
    return community


def _active_member_ids(community: Community):
    return Membership.objects.filter(
        community=community, status=MembershipStatus.ACTIVE
    ).values_list("user_id", flat=True)
