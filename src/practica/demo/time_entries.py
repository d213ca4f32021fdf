"""The demo communities' logged time: about fourteen months of entries from their active
members, written through the service (``practica.stewardship``) and then dated.

Each community has a few people who carry much of the planning and facilitating and a wider
circle who give an hour now and then, so the labour page shows its concentration measures and
warnings; in the community health practice Ana Lima (who says she can give 8 hours a month)
gave more than that in two recent months, so she sees the private burnout note. Entries are
generated from a fixed seed per community: loading twice gives the same history.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import Community, Membership, MembershipStatus
from practica.communities.visibility import forget_memberships
from practica.core.errors import PracticaError
from practica.stewardship.models import LabourKind, TimeEntry
from practica.stewardship.services.time_entries import time_entry_create

from .timeline import Backdater

DAYS = 420

# Who carries more in each community (by demo key); everyone else gives a little.
CARRIERS = {
    "community-health-practice": ("ana.lima", "naledi.dlamini", "carlos.mendoza"),
}

NOTES = {
    LabourKind.PLANNING: ("Planned the next meetup", "Agenda for the monthly call", "Roadmap"),
    LabourKind.FACILITATING: ("Facilitated the monthly call", "Hosted the peer session"),
    LabourKind.DOCUMENTING: ("Wrote up the call notes", "Improved a practice article"),
    LabourKind.MENTORING: ("Paired with a new member", "Answered questions one to one"),
    LabourKind.OUTREACH: ("Invited two clinics", "Talked about us at a conference"),
    LabourKind.ADMINISTRATION: ("Sorted the shared drive", "Grant report"),
    LabourKind.OTHER: ("Helped where needed",),
}
HEAVY_KINDS = [LabourKind.PLANNING, LabourKind.FACILITATING, LabourKind.DOCUMENTING]
LIGHT_KINDS = list(LabourKind)


def _log(person, community, day, hours, kind, rng, backdater) -> None:
    """Log through the service, then date the entry and its activity to that day."""
    note = rng.choice(NOTES[kind])
    try:
        entry = time_entry_create(person, community, day=day, hours=hours, kind=kind, note=note)
    except PracticaError:  # a day already full, or a date the rules refuse: skip it
        return
    # The evening of that day, or now for an entry made today.
    when = min(timezone.make_aware(datetime.combine(day, time(18, 0))), timezone.now())
    TimeEntry.objects.filter(pk=entry.pk).update(created_at=when, updated_at=when)
    backdater.stamp(when)


def load_time_entries(users: dict[str, User], slugs) -> None:
    today = timezone.now().date()
    backdater = Backdater()
    keys = {user.pk: key for key, user in users.items()}
    for slug in slugs:
        community = Community.objects.filter(slug=slug).first()
        if community is None or community.is_concluded:
            continue
        rng = random.Random(f"time:{slug}")
        carriers = CARRIERS.get(slug, ())
        memberships = Membership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE
        ).select_related("user")
        earliest = max(community.created_at.date(), today - timedelta(days=DAYS))
        planned = []
        for m in memberships:
            person = m.user
            forget_memberships(person)
            key = keys.get(person.pk, "")
            heavy = key in carriers or (not carriers and rng.random() < 0.25)
            # Ana keeps to her 8 hours a month, but for the last two months (below).
            steady = key == "ana.lima"
            start = max(earliest, m.joined_at.date())
            day = start
            while day <= today - timedelta(days=(14 if steady else 0)):
                gap = (
                    rng.randint(9, 13)
                    if steady
                    else rng.randint(3, 7)
                    if heavy
                    else rng.randint(12, 40)
                )
                day += timedelta(days=gap)
                if day > today:
                    break
                kind = rng.choice(HEAVY_KINDS if heavy else LIGHT_KINDS)
                choices = [1, 1.5, 2] if steady else [1, 1.5, 2, 2.5, 3] if heavy else [0.5, 1, 1.5]
                hours = Decimal(str(rng.choice(choices)))
                planned.append((day, person, hours, kind))
        # Ana gave more than her 8 hours a month in the last two months.
        ana = users.get("ana.lima")
        if ana is not None and slug == "community-health-practice":
            for back in (3, 9, 16, 33, 40, 47):
                planned.append((today - timedelta(days=back), ana, Decimal("3"), HEAVY_KINDS[1]))
        for day, person, hours, kind in sorted(planned, key=lambda p: (p[0], p[1].pk)):
            _log(person, community, day, hours, kind, rng, backdater)
