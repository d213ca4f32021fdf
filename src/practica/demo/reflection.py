"""The demo communities' reflection: three closed check-in rounds over the last nine months
(answers growing more positive, stories shared anonymously or with a name, one round that
reviewed the goals) and one round open now, which ana.lima — steward of
community-health-practice — has not answered yet.

Everything goes through the services (``practica.reflection.services``); each round's rows are
then moved back to when it happened. People who are not active members at load time are
skipped, so edits elsewhere in the demo cannot make loading fail.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import (
    Community,
    Goal,
    GoalRevision,
    GoalStatus,
    Membership,
    MembershipStatus,
)
from practica.communities.visibility import forget_memberships
from practica.core.errors import PracticaError
from practica.reflection.models import CheckInAnswer, CheckInRound, GoalReview
from practica.reflection.services import (
    checkin_answer,
    checkin_open,
    checkin_settle,
    goal_review,
    local_today,
)

from .timeline import Backdater

ROUNDS = [
    # (title, days ago it opened, days it stayed open, mean worthwhile it leans to)
    ("Autumn check-in", 280, 14, 3.2),
    ("Winter check-in", 190, 14, 3.6),
    ("Spring check-in", 95, 14, 3.9),
]
OPEN_ROUND = ("Summer check-in", 4, 14)

STORIES = [
    (
        "A peer showed me how they run intake calls; I used the script the next week.",
        ["immediate", "applied"],
    ),
    (
        "The evaluation guide saved our team a month of work on the grant report.",
        ["potential", "realized"],
    ),
    (
        "Hearing how other CHWs handle refusals changed how I think about a 'failed' visit.",
        ["reframing"],
    ),
    ("I met two people working on the same problem in another country.", ["immediate"]),
    (
        "We adopted the shared home-visit template; fewer notes go missing now.",
        ["applied", "realized"],
    ),
    (
        "The discussion on task sharing gave me words for what I had been doing for years.",
        ["potential", "reframing"],
    ),
]
CHANGES = [
    "Alternate call times so people in Asia can join.",
    "Fewer channels; one place for announcements.",
    "Pair newcomers with someone for their first month.",
    "Write up the calls, even briefly.",
    "",
    "",
]
SHARING = ["named", "anonymous", "anonymous", "private", "private"]

SLUGS = ("community-health-practice", "research-software-commons")


def load_reflection(users: dict[str, User], slugs) -> None:
    """Write the reflection rounds of these demo communities (those just created)."""
    for slug in slugs:
        community = Community.objects.filter(slug=slug, concluded_at__isnull=True).first()
        if slug not in SLUGS or community is None:
            continue
        _Loader(users, community).load()


class _Loader:
    def __init__(self, users: dict[str, User], community: Community):
        self.community = community
        self.rng = random.Random(community.slug)
        self.now = timezone.now()
        self.backdater = Backdater()
        memberships = Membership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE
        ).select_related("user")
        self.members = [m.user for m in memberships.order_by("user_id")]
        stewards = [m.user for m in memberships if m.is_steward]
        ana = users.get("ana.lima")
        self.opener = ana if ana in stewards else (stewards[0] if stewards else None)

    def load(self) -> None:
        if self.opener is None or len(self.members) < 4:
            return
        for index, (title, days_ago, length, lean) in enumerate(ROUNDS):
            round = self._round(title, days_ago, length, lean, skip=set())
            if round is not None and index == len(ROUNDS) - 1:
                self._review_goals(round)
        title, days_ago, length = OPEN_ROUND
        self._round(title, days_ago, length, 4.0, skip={self.opener.pk}, close=False)

    def _round(self, title, days_ago, length, lean, *, skip, close=True):
        forget_memberships(self.opener)
        try:
            round = checkin_open(
                self.opener,
                self.community,
                title=title,
                prompt="A few minutes to look back: is this community worth your time, "
                "and what should we change?",
                closes_on=local_today(self.community) + timedelta(days=length),
            )
        except PracticaError:
            return None
        opened = self.now - timedelta(days=days_ago)
        self.backdater.stamp(opened)
        share = 0.55 + self.rng.random() * 0.25
        for person in self.members:
            if person.pk in skip or self.rng.random() > share:
                continue
            self._answer(round, person, lean, opened)
        closes = opened + timedelta(days=length)
        CheckInRound.objects.filter(pk=round.pk).update(opened_at=opened, closes_at=closes)
        round.refresh_from_db()
        if close:
            checkin_settle(round)
            self.backdater.stamp(closes)
        return round

    def _answer(self, round, person, lean, opened) -> None:
        forget_memberships(person)
        score = min(5, max(1, round_half(self.rng.gauss(lean, 0.9))))
        story, cycles = self.rng.choice(STORIES)
        sharing = self.rng.choice(SHARING)
        try:
            answer = checkin_answer(
                person,
                round.pk,
                worthwhile=score,
                capacity_hours=self.rng.choice([None, 2, 4, 4, 6, 8, 10]),
                story=story if self.rng.random() < 0.7 else "",
                cycles=cycles,
                sharing=sharing,
                should_change=self.rng.choice(CHANGES),
            )
        except PracticaError:
            return
        # Within the round and never in the future (the open round began a few days ago).
        when = min(opened + timedelta(days=self.rng.uniform(0.2, 10)), self.now)
        CheckInAnswer.objects.filter(pk=answer.pk).update(created_at=when, updated_at=when)
        self.backdater.stamp(when)

    def _review_goals(self, round) -> None:
        goals = list(
            Goal.objects.filter(community=self.community, status=GoalStatus.ACTIVE).order_by("pk")
        )[:2]
        when = min(round.closes_at + timedelta(days=2), self.now)
        started = timezone.now()
        for goal, decision in zip(goals, ["keep", "achieve"], strict=False):
            forget_memberships(self.opener)
            try:
                review = goal_review(
                    self.opener,
                    round.pk,
                    goal_id=goal.pk,
                    decision=decision,
                    note="Agreed on the call after the spring check-in.",
                )
            except PracticaError:
                continue
            GoalReview.objects.filter(pk=review.pk).update(decided_at=when)
            GoalRevision.objects.filter(goal=goal, changed_at__gte=started).update(changed_at=when)
            Goal.objects.filter(pk=goal.pk, updated_at__gte=started).update(updated_at=when)
            self.backdater.stamp(when)


def round_half(value: float) -> int:
    return int(value + 0.5)
