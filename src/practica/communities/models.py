"""Community, membership, invitations, charter proposals and responses, goals with history,
and the kernel tables: Activity (the event stream), Notification and AuditEntry."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

User = settings.AUTH_USER_MODEL


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public — anyone can read")
    PRIVATE = "private", _("Private — members only, invisible to others")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open — anyone can join")
    APPROVAL = "approval", _("Approval — a steward approves each request")
    INVITATION = "invitation", _("Invitation only")


class Community(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    purpose = models.TextField(help_text=_("The community's intentions: why it exists."))
    purpose_html = models.TextField(blank=True)
    values = models.TextField(blank=True)
    values_html = models.TextField(blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default="public")
    join_policy = models.CharField(max_length=12, choices=JoinPolicy.choices, default="open")
    sector = models.CharField(max_length=60, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)
    # Kept by membership services so lists need no COUNT per row.
    member_count = models.PositiveIntegerField(default=0)
    # Knowledge: an article not reviewed for this many months is flagged for review.
    article_review_months = models.PositiveSmallIntegerField(default=12)
    # A concluded community is read-only; the note says what it became.
    concluded_at = models.DateTimeField(null=True, blank=True)
    concluded_note = models.TextField(blank=True)
    concluded_note_html = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "communities"
        indexes = [models.Index(fields=["visibility", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def is_concluded(self) -> bool:
        return self.concluded_at is not None


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    STEWARD = "steward", _("Steward")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Asked to join")
    DECLINED = "declined", _("Request declined")
    LEFT = "left", _("Left")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=MembershipStatus.choices, default="active")
    steward_term_ends = models.DateField(null=True, blank=True)
    charter_acknowledged = models.ForeignKey(
        "CharterProposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_message = models.TextField(max_length=1000, blank=True)
    joined_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="one_membership_per_user")
        ]
        indexes = [
            models.Index(fields=["community", "status", "joined_at"]),
            models.Index(fields=["user", "status"]),
            # The directory's count is read from this index alone, and its sort by name joins
            # profiles from the member ids it holds without reading membership rows.
            models.Index(fields=["community", "status", "user"], name="membership_directory_idx"),
        ]

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_steward(self) -> bool:
        """A steward whose term (if any) has not ended."""
        if not self.is_active or self.role != Role.STEWARD:
            return False
        return self.steward_term_ends is None or self.steward_term_ends >= now().date()


def active_steward_q(prefix: str = "") -> Q:
    """Q for memberships that carry steward powers today (term not ended)."""
    return Q(**{f"{prefix}status": MembershipStatus.ACTIVE, f"{prefix}role": Role.STEWARD}) & (
        Q(**{f"{prefix}steward_term_ends__isnull": True})
        | Q(**{f"{prefix}steward_term_ends__gte": now().date()})
    )


class Invitation(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    # Only the SHA-256 of the link's token is stored: a copy of the database opens no doors.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > now()


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open for responses")
    ADOPTED = "adopted", _("Adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_ADOPTED = "not_adopted", _("Not adopted (objection stood)")


class CharterProposal(models.Model):
    """A proposed version of the charter. Adopted proposals are the charter's versions."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="charter_proposals"
    )
    body = models.TextField()
    body_html = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    proposed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)
    review_ends_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=ProposalStatus.choices, default="open")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["community", "status", "version"]),
            models.Index(fields=["status", "review_ends_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "version"], name="one_charter_version_number"
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN


class Position(models.TextChoices):
    CONSENT = "consent", _("Consent")
    CONCERN = "concern", _("Concern (consent with reservations)")
    OBJECTION = "objection", _("Objection")


class CharterResponse(models.Model):
    proposal = models.ForeignKey(
        CharterProposal, on_delete=models.CASCADE, related_name="responses"
    )
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    position = models.CharField(max_length=10, choices=Position.choices)
    reason = models.TextField(max_length=4000, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="one_response_per_member")
        ]


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    REVISED = "revised", _("Revised")
    RETIRED = "retired", _("Retired")


class Goal(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    description_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default="active")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [models.Index(fields=["community", "status"])]


class GoalRevision(models.Model):
    """One entry in a goal's history: its state after a change, who made it and why."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices)
    note = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["changed_at", "id"]


class Activity(models.Model):
    """The event stream (DESIGN rule 3): one row per meaningful act, appended by services."""

    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="activities")
    verb = models.CharField(max_length=40)
    target_type = models.ForeignKey(ContentType, null=True, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(null=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [
            models.Index(fields=["community", "created_at"]),
            # Health reads the stream with these two alone (covering): contributions of a span
            # of time, and each person's contributions over the whole history in person order.
            models.Index(
                fields=["community", "verb", "created_at", "actor"], name="activity_verb_time_idx"
            ),
            models.Index(
                fields=["community", "actor", "created_at", "verb"], name="activity_person_idx"
            ),
            models.Index(fields=["actor", "created_at"]),
        ]


class Notification(models.Model):
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    community = models.ForeignKey(Community, null=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]


class AuditEntry(models.Model):
    """Every steward action, readable by the community's members (egalitarian by design)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    summary = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [models.Index(fields=["community", "created_at"])]
