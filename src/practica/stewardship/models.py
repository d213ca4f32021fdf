"""What sustains a community: the time its members give, the money it holds and spends, and the
appreciation they write each other (docs/stewardship.md).

Money is ``Decimal`` throughout, in one currency per community (``StewardshipSettings``); an
amount in another currency is kept as written with the rate used, and its value in the
community's currency (``amount_community``) is stored at write time so sums are plain SQL.
"""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import User
from practica.communities.models import Community

MONEY = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 18, "decimal_places": 8}


# --- time and labour ---------------------------------------------------------------------------


class LabourKind(models.TextChoices):
    PLANNING = "planning", _("Planning")
    FACILITATING = "facilitating", _("Facilitating")
    DOCUMENTING = "documenting", _("Documenting")
    MENTORING = "mentoring", _("Mentoring")
    OUTREACH = "outreach", _("Outreach")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Other")


class TimeEntry(models.Model):
    """Time a member says they gave the community: self-reported labour."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="time_entries")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="time_entries")
    day = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    kind = models.CharField(max_length=20, choices=LabourKind.choices)
    note = models.CharField(max_length=500, blank=True)
    # What it was for: a link inside Practica (a topic, an article…) or elsewhere.
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [
            models.Index(fields=["community", "day", "person"], name="time_community_day_idx"),
            models.Index(fields=["person", "day"], name="time_person_day_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24),
                name="time_hours_in_a_day",
            )
        ]


# --- money -------------------------------------------------------------------------------------


class LedgerVisibility(models.TextChoices):
    MEMBERS = "members", _("Members")
    PUBLIC = "public", _("Everyone")


class StewardshipSettings(models.Model):
    """Per community: its currency, who may read the ledger, and from which amount an
    expense needs a second steward's approval. Created with defaults on first use."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="stewardship_settings"
    )
    currency = models.CharField(max_length=3, default="EUR")
    ledger_visibility = models.CharField(
        max_length=10, choices=LedgerVisibility.choices, default=LedgerVisibility.MEMBERS
    )
    approval_threshold = models.DecimalField(**MONEY, default=Decimal("100.00"))
    updated_at = models.DateTimeField(default=now)


class FundKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    DONATION = "donation", _("Donation")
    MEMBERSHIP_FEES = "membership_fees", _("Membership fees")
    IN_KIND = "in_kind", _("In-kind support")
    OTHER = "other", _("Other")


class ExpenseCategory(models.TextChoices):
    VENUE = "venue", _("Venue")
    FACILITATION = "facilitation", _("Facilitation")
    TOOLS = "tools", _("Tools")
    TRAVEL = "travel", _("Travel")
    CATERING = "catering", _("Catering")
    HONORARIA = "honoraria", _("Honoraria")
    OTHER = "other", _("Other")


class Fund(models.Model):
    """Money (or in-kind support valued in money) the community received."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="funds")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=FundKind.choices)
    source = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    rate = models.DecimalField(**RATE, default=Decimal(1))  # community currency per unit
    amount_community = models.DecimalField(**MONEY)
    received_on = models.DateField()
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    # What it may pay for: expense categories; empty means anything.
    restricted_to = models.JSONField(default=list, blank=True)
    restriction_note = models.CharField(max_length=500, blank=True)
    ends_on = models.DateField(null=True, blank=True)  # e.g. a grant's end date
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [models.Index(fields=["community", "received_on"], name="fund_community_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_amount_positive")
        ]


class ExpenseStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVERSED = "reversed", _("Reversed")  # approved by mistake, then taken back


class Expense(models.Model):
    """Money spent, paid from one fund; counts in balances once approved."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="expenses")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="expenses")
    spent_on = models.DateField()
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    rate = models.DecimalField(**RATE, default=Decimal(1))
    amount_community = models.DecimalField(**MONEY)
    category = models.CharField(max_length=20, choices=ExpenseCategory.choices)
    description = models.CharField(max_length=500)
    receipt = models.FileField(upload_to="receipts/%Y/%m/", blank=True)
    status = models.CharField(
        max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="expenses_submitted"
    )
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [
            models.Index(fields=["community", "status", "spent_on"], name="expense_community_idx"),
            models.Index(fields=["fund", "status"], name="expense_fund_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_amount_positive")
        ]


class BudgetLine(models.Model):
    """The amount planned for one category in one year, in the community's currency."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="budget")
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=20, choices=ExpenseCategory.choices)
    amount = models.DecimalField(**MONEY)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "category"], name="budget_line_unique"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]


# --- appreciation ------------------------------------------------------------------------------


class AppreciationNote(models.Model):
    """A written thank-you to a member for something specific."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="appreciations")
    author = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="appreciations_given"
    )
    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="appreciations_received"
    )
    body = models.TextField(max_length=2000)
    body_html = models.TextField(blank=True)
    # What it is for: a post, an article, a time entry (later a gathering); optional.
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The recipient's choice: show it on their profile too.
    on_profile = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [
            models.Index(fields=["community", "created_at"], name="appreciation_wall_idx"),
            models.Index(fields=["recipient", "created_at"], name="appreciation_recipient_idx"),
        ]
