"""What stewards believe about their community's stage, kept as a history."""

from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import User
from practica.communities.models import Community

from .lifecycle import STAGES

NOTE_MAX_LENGTH = 1000


class Stage(models.TextChoices):
    POTENTIAL = STAGES[0], _("Potential")
    COALESCING = STAGES[1], _("Coalescing")
    MATURING = STAGES[2], _("Maturing")
    STEWARDSHIP = STAGES[3], _("Stewardship")
    TRANSFORMATION = STAGES[4], _("Transformation")


class StageAssessment(models.Model):
    """A steward's reading of the stage the community is in. Never edited: a new reading is a
    new row, so the page can show the latest beside Practica's estimate, and a past "as of"
    shows the reading that held then."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="stage_assessments"
    )
    stage = models.CharField(max_length=16, choices=Stage.choices)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["community", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.community_id}: {self.stage}"
