"""Reads of reflection, bounded by who is asking.

Rounds are the members' business: non-members of a public community are refused, and anyone
who cannot see the community gets NotFound. Nobody reads another person's answer: results
are aggregates (``aggregates.summarise``), shown once the round has closed and only when at
least ``MIN_GROUP`` people answered — while a round is open, watching the mean move after
each answer would give away that answer. Stories and "what should change" are shown only as
their authors chose (anonymous or named), under the same conditions.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from practica.communities.models import Goal, GoalStatus
from practica.communities.visibility import can_view_community, require_member
from practica.core.errors import NotFound
from practica.core.pagination import Page, paginate

from . import aggregates, services
from .models import CheckInAnswer, CheckInRound, GoalReview, StorySharing

#: How many earlier rounds the trend shows.
TREND_ROUNDS = 12
STORIES_PER_PAGE = 20


def rounds_for_viewer(viewer, community, page=1) -> Page:
    """The community's rounds, newest first, each with its number of answers and whether
    the viewer answered it. Rounds past their time are closed first."""
    require_member(viewer, community)
    services.checkin_settle_due(community)
    rows = (
        CheckInRound.objects.filter(community=community)
        .select_related("opened_by__profile")
        .annotate(
            answer_count=Count("answers"),
            answered=Count("answers", filter=Q(answers__person=viewer)),
        )
        .order_by("-opened_at", "-pk")
    )
    return paginate(rows, page)


def round_for_viewer(viewer, community, round_id) -> CheckInRound:
    """One round of ``community``, closed first if its time is up."""
    message = _("No such reflection round.")
    round_id = services._as_id(round_id, message)
    round = (
        CheckInRound.objects.select_related("community", "opened_by__profile")
        .filter(pk=round_id, community=community)
        .first()
    )
    if round is None or not can_view_community(viewer, round.community):
        raise NotFound(message)
    require_member(viewer, round.community)
    return services.checkin_settle(round)


def round_by_id(viewer, round_id) -> CheckInRound:
    """A round by its id alone (the API), with the same checks."""
    message = _("No such reflection round.")
    found = (
        CheckInRound.objects.select_related("community")
        .filter(pk=services._as_id(round_id, message))
        .first()
    )
    if found is None or not can_view_community(viewer, found.community):
        raise NotFound(message)
    return round_for_viewer(viewer, found.community, found.pk)


def my_answer(viewer, round: CheckInRound) -> CheckInAnswer | None:
    """The viewer's own answer: the one answer anyone is ever shown."""
    if viewer is None or not viewer.is_authenticated:
        return None
    return CheckInAnswer.objects.filter(round=round, person=viewer).first()


def results_visible(round: CheckInRound, count: int) -> bool:
    return not round.is_open and not aggregates.is_suppressed(count)


def round_results(viewer, round: CheckInRound) -> dict:
    """The round's aggregates. While it is open, or when fewer than ``MIN_GROUP`` answered,
    only the number of answers."""
    require_member(viewer, round.community)
    rows = list(
        CheckInAnswer.objects.filter(round=round).values("worthwhile", "capacity_hours", "cycles")
    )
    if round.is_open:
        return {"count": len(rows), "suppressed": True, "open": True}
    return {**aggregates.summarise(rows), "open": False}


def shared_stories(viewer, round: CheckInRound, page=1) -> Page:
    """Stories (and what their authors think should change) that authors chose to share,
    once results may be shown; an anonymous one carries no name."""
    require_member(viewer, round.community)
    answers = CheckInAnswer.objects.filter(round=round)
    if not results_visible(round, answers.count()):
        return Page(items=[], number=1, size=STORIES_PER_PAGE, total=0)
    rows = (
        answers.exclude(sharing=StorySharing.PRIVATE)
        .exclude(story="", should_change="")
        .select_related("person__profile")
        # By their words, not in the order people answered: the order of answering (which
        # members may know) must not tell an anonymous story's author.
        .order_by("story", "should_change", "pk")
    )
    found = paginate(rows, page, STORIES_PER_PAGE)
    found.items = [_story(a) for a in found.items]
    return found


def _story(answer: CheckInAnswer) -> dict:
    named = answer.sharing == StorySharing.NAMED
    return {
        "name": answer.person.display_name if named else None,
        "person_id": answer.person_id if named else None,
        "story_html": answer.story_html,
        "cycles": list(answer.cycles),
        "should_change": answer.should_change,
    }


def goal_reviews(viewer, round: CheckInRound) -> list[GoalReview]:
    require_member(viewer, round.community)
    return list(
        GoalReview.objects.filter(round=round)
        .select_related("goal", "decided_by__profile")
        .order_by("decided_at", "pk")[:200]
    )


def goals_to_review(viewer, round: CheckInRound) -> list[Goal]:
    """Active goals this round has not decided about yet (a bounded list)."""
    require_member(viewer, round.community)
    reviewed = GoalReview.objects.filter(round=round).values("goal_id")
    return list(
        Goal.objects.filter(community=round.community, status=GoalStatus.ACTIVE)
        .exclude(pk__in=reviewed)
        .order_by("created_at", "pk")[:100]
    )


def trend(viewer, community, *, until: CheckInRound | None = None) -> list[dict]:
    """Closed rounds, oldest first (the latest ``TREND_ROUNDS``, up to ``until``): answers
    and the mean of "worthwhile" where it may be shown."""
    require_member(viewer, community)
    rounds = CheckInRound.objects.filter(community=community, closed_at__isnull=False)
    if until is not None:
        rounds = rounds.filter(opened_at__lte=until.opened_at)
    rounds = list(rounds.order_by("-opened_at", "-pk")[:TREND_ROUNDS])
    rounds.reverse()
    scores: dict[int, list[int]] = {r.pk: [] for r in rounds}
    for round_id, score in CheckInAnswer.objects.filter(round__in=rounds).values_list(
        "round_id", "worthwhile"
    ):
        scores[round_id].append(score)
    return aggregates.trend(
        [
            {"id": r.pk, "title": r.title, "closes_at": r.closed_at, "scores": scores[r.pk]}
            for r in rounds
        ]
    )
