"""Reflection: check-in rounds where each member answers privately, value-creation stories,
and the review of the community's goals that a round may carry (docs/reflection.md).

Answers are private to their author: pages and the API show aggregates only, and a story only
as its author allows.
"""

from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import User
from practica.communities.models import Community, Goal


class ReflectionSettings(models.Model):
    """Per community: whether any member (not only stewards) may open a round."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="reflection_settings"
    )
    members_may_open = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=now)


class CheckInRound(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="checkins")
    title = models.CharField(max_length=200)
    prompt = models.TextField(max_length=4000, blank=True)
    prompt_html = models.TextField(blank=True)
    opened_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=now)
    closes_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)  # set when it closed (or early)
    reminded_at = models.DateTimeField(null=True, blank=True)  # the reminder before closing

    class Meta:
        indexes = [models.Index(fields=["community", "opened_at"], name="checkin_community_idx")]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and now() < self.closes_at


class ValueCycle(models.TextChoices):
    """Value-creation cycles (Wenger, Trayner & de Laat 2011)."""

    IMMEDIATE = "immediate", _("Immediate value: activities and interactions")
    POTENTIAL = "potential", _("Potential value: knowledge capital")
    APPLIED = "applied", _("Applied value: changes in practice")
    REALIZED = "realized", _("Realized value: performance improvement")
    REFRAMING = "reframing", _("Reframing value: redefining success")


class StorySharing(models.TextChoices):
    PRIVATE = "private", _("Keep it to myself")
    ANONYMOUS = "anonymous", _("Share it without my name")
    NAMED = "named", _("Share it with my name")


class CheckInAnswer(models.Model):
    round = models.ForeignKey(CheckInRound, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="checkin_answers")
    worthwhile = models.PositiveSmallIntegerField()  # 1–5
    capacity_hours = models.PositiveSmallIntegerField(null=True, blank=True)  # a month, now
    story = models.TextField(max_length=4000, blank=True)
    story_html = models.TextField(blank=True)
    cycles = models.JSONField(default=list, blank=True)  # ValueCycle values
    sharing = models.CharField(
        max_length=10, choices=StorySharing.choices, default=StorySharing.PRIVATE
    )
    should_change = models.TextField(max_length=4000, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_answer_per_round"),
            models.CheckConstraint(
                condition=models.Q(worthwhile__gte=1) & models.Q(worthwhile__lte=5),
                name="worthwhile_one_to_five",
            ),
        ]


class GoalDecision(models.TextChoices):
    KEEP = "keep", _("Keep")
    REVISE = "revise", _("Revise")
    ACHIEVE = "achieve", _("Achieved")
    RETIRE = "retire", _("Retire")


class GoalReview(models.Model):
    """What a round decided about one active goal; the change itself is written to the goal's
    history by ``communities.services.goal_update``."""

    round = models.ForeignKey(CheckInRound, on_delete=models.CASCADE, related_name="goal_reviews")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=10, choices=GoalDecision.choices)
    note = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "goal"], name="one_review_per_goal")
        ]
