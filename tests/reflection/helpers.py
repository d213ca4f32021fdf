"""Builders shared by the reflection tests."""

from datetime import timedelta

from django.utils import timezone

from practica.communities.services import community_join
from practica.reflection.models import CheckInRound
from practica.reflection.services import checkin_answer, checkin_open, local_today


def open_round(actor, community, *, title="Spring check-in", days=7, prompt=""):
    return checkin_open(
        actor,
        community,
        title=title,
        prompt=prompt,
        closes_on=local_today(community) + timedelta(days=days),
    )


def add_members(make_user, community, n):
    people = []
    for i in range(n):
        person = make_user(f"Extra {i}", f"extra{i}-{community.pk}@example.org")
        community_join(person, community, acknowledge_charter=True)
        people.append(person)
    return people


def answer(person, round, worthwhile=4, **fields):
    return checkin_answer(person, round.pk, worthwhile=worthwhile, **fields)


def expire(round):
    """Move a round's closing time into the past (as if its time were up)."""
    CheckInRound.objects.filter(pk=round.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    round.refresh_from_db()
    return round
