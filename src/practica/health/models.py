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


# --- tallies of the activity stream --------------------------------------------------------------
#
# Health reads these instead of the stream itself: a million acts are a few hundred thousand
# person-days, and every window of any length is a sum of whole local days. They are kept as
# acts are recorded (``tallies.activity_tally``) and rebuilt from the stream whenever they may
# not match it any more (``tallies.tallies_rebuild``): when first read, after the community's
# time zone changed, after history was rewritten (an imported archive, a claim).


class TallyState(models.Model):
    """The tallies of a community are built, in the time zone named here. Missing, or with
    another zone than the community's: they are rebuilt before they are read."""

    community = models.OneToOneField(
        Community, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    timezone = models.CharField(max_length=64)
    built_at = models.DateTimeField(default=now)


class ContributionDay(models.Model):
    """How many contributions one person made on one day (the community's local day).
    ``month`` is that day's month as ``year * 12 + month - 1``, so months group as integers."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    month = models.PositiveIntegerField()
    contributions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person", "day"], name="health_contribution_person_day"
            )
        ]
        # Windows read a range of days; the index holds every column they need.
        indexes = [
            models.Index(
                fields=["community", "day", "person", "month", "contributions"],
                name="health_contribution_day_idx",
            )
        ]


class ActivityHour(models.Model):
    """Contributions in one local hour (0–23) of one local day: the rhythm charts."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    contributions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "day", "hour"], name="health_activity_day_hour"
            )
        ]


class SectorReplyDay(models.Model):
    """Replies on one local day to someone else's topic, per (topic author's sector,
    replier's sector) as each showed it to the community when the reply was written; an
    empty sector is one not known or not shown."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    author_sector = models.CharField(max_length=20, blank=True)
    replier_sector = models.CharField(max_length=20, blank=True)
    replies = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "day", "author_sector", "replier_sector"],
                name="health_sector_reply_day",
            )
        ]
