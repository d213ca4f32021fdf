"""Reflection API: rounds, their aggregates, one's own answer, and goal reviews.

Same rules as the pages: members only, a private community answers 404 to anyone outside
it, and no operation returns anyone's answer but the caller's own. A round's results are
aggregates, shown once it has closed with at least three answers (docs/reflection.md).
"""

from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from practica.communities.visibility import community_for_viewer
from practica.core.errors import NotFound
from practica.core.schemas import ERRORS, JsonObject, PageOut, PersonRef, page_out, person_ref

from . import queries, services
from .models import CheckInAnswer, CheckInRound, GoalDecision, StorySharing, ValueCycle

router = Router(tags=["reflection"])

TITLE_MAX = 200
TEXT_MAX = 4000
NOTE_MAX = 500
GOAL_DESCRIPTION_MAX = 5000


# --- schemas -----------------------------------------------------------------------------------


class CheckInRoundIn(JsonObject):
    title: str = Field(max_length=TITLE_MAX)
    prompt: str = Field("", max_length=TEXT_MAX)
    closes_on: date


class CheckInRoundOut(Schema):
    id: int
    community: str
    title: str
    prompt: str
    prompt_html: str
    opened_by: PersonRef | None
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    is_open: bool
    answer_count: int
    answered: bool


class CheckInWorthwhileOut(Schema):
    distribution: dict[str, int]
    mean: float
    median: float


class CheckInCapacityOut(Schema):
    answered: int
    suppressed: bool
    total: int | None


class CheckInResultsOut(Schema):
    count: int
    suppressed: bool
    open: bool
    worthwhile: CheckInWorthwhileOut | None = None
    capacity: CheckInCapacityOut | None = None
    cycles: dict[str, int] | None = None


class SharedStoryOut(Schema):
    name: str | None
    person_id: int | None
    story_html: str
    cycles: list[str]
    should_change: str


class CheckInGoalReviewOut(Schema):
    id: int
    goal_id: int
    goal_title: str
    decision: GoalDecision
    note: str
    decided_by: PersonRef | None
    decided_at: datetime


class CheckInRoundDetailOut(CheckInRoundOut):
    results: CheckInResultsOut
    stories: list[SharedStoryOut]
    goal_reviews: list[CheckInGoalReviewOut]


class CheckInAnswerIn(JsonObject):
    worthwhile: int = Field(ge=1, le=5)
    capacity_hours: int | None = Field(None, ge=0, le=services.MAX_CAPACITY_HOURS)
    story: str = Field("", max_length=TEXT_MAX)
    cycles: list[ValueCycle] = Field(default_factory=list, max_length=5)
    sharing: StorySharing = StorySharing.PRIVATE
    should_change: str = Field("", max_length=TEXT_MAX)


class CheckInAnswerPatchIn(JsonObject):
    worthwhile: int | None = Field(None, ge=1, le=5)
    capacity_hours: int | None = Field(None, ge=0, le=services.MAX_CAPACITY_HOURS)
    story: str | None = Field(None, max_length=TEXT_MAX)
    cycles: list[ValueCycle] | None = Field(None, max_length=5)
    sharing: StorySharing | None = None
    should_change: str | None = Field(None, max_length=TEXT_MAX)


class CheckInAnswerOut(Schema):
    round_id: int
    worthwhile: int
    capacity_hours: int | None
    story: str
    story_html: str
    cycles: list[str]
    sharing: str
    should_change: str
    created_at: datetime
    updated_at: datetime


class CheckInGoalReviewIn(JsonObject):
    goal_id: int = Field(ge=1, le=2**63 - 1)
    decision: GoalDecision
    title: str | None = Field(None, max_length=TITLE_MAX)
    description: str | None = Field(None, max_length=GOAL_DESCRIPTION_MAX)
    note: str = Field("", max_length=NOTE_MAX)


class ReflectionSettingsIn(JsonObject):
    members_may_open: bool


class ReflectionSettingsOut(Schema):
    members_may_open: bool


# --- helpers -----------------------------------------------------------------------------------


def _round(round: CheckInRound, *, answer_count: int, answered: bool) -> dict:
    return {
        "id": round.pk,
        "community": round.community.slug,
        "title": round.title,
        "prompt": round.prompt,
        "prompt_html": round.prompt_html,
        "opened_by": person_ref(round.opened_by),
        "opened_at": round.opened_at,
        "closes_at": round.closes_at,
        "closed_at": round.closed_at,
        "is_open": round.is_open,
        "answer_count": answer_count,
        "answered": answered,
    }


def _results(results: dict) -> dict:
    out = {k: results[k] for k in ("count", "suppressed", "open")}
    if not results["suppressed"]:
        w = results["worthwhile"]
        out["worthwhile"] = {
            "distribution": {str(k): v for k, v in w["distribution"].items()},
            "mean": w["mean"],
            "median": w["median"],
        }
        out["capacity"] = results["capacity"]
        out["cycles"] = results["cycles"]
    return out


def _detail(request, round: CheckInRound) -> dict:
    results = queries.round_results(request.user, round)
    mine = queries.my_answer(request.user, round)
    return {
        **_round(round, answer_count=results["count"], answered=mine is not None),
        "results": _results(results),
        "stories": queries.shared_stories(request.user, round).items,
        "goal_reviews": [
            {
                "id": r.pk,
                "goal_id": r.goal_id,
                "goal_title": r.goal.title,
                "decision": r.decision,
                "note": r.note,
                "decided_by": person_ref(r.decided_by),
                "decided_at": r.decided_at,
            }
            for r in queries.goal_reviews(request.user, round)
        ],
    }


def _answer(answer: CheckInAnswer) -> dict:
    return {
        "round_id": answer.round_id,
        "worthwhile": answer.worthwhile,
        "capacity_hours": answer.capacity_hours,
        "story": answer.story,
        "story_html": answer.story_html,
        "cycles": list(answer.cycles),
        "sharing": answer.sharing,
        "should_change": answer.should_change,
        "created_at": answer.created_at,
        "updated_at": answer.updated_at,
    }


# --- operations --------------------------------------------------------------------------------


@router.get("/communities/{slug}/reflections", response={200: PageOut[CheckInRoundOut], **ERRORS})
def round_list(request, slug: str, page: int = 1):
    """The community's reflection rounds, newest first (members only)."""
    community = community_for_viewer(request.user, slug)
    result = queries.rounds_for_viewer(request.user, community, page)
    return page_out(
        result,
        [_round(r, answer_count=r.answer_count, answered=r.answered > 0) for r in result.items],
    )


@router.post("/communities/{slug}/reflections", response={201: CheckInRoundDetailOut, **ERRORS})
def round_open(request, slug: str, payload: CheckInRoundIn):
    """Open a round (stewards, or any member where the community allows it)."""
    community = community_for_viewer(request.user, slug)
    round = services.checkin_open(
        request.user,
        community,
        title=payload.title,
        prompt=payload.prompt,
        closes_on=payload.closes_on,
    )
    return Status(201, _detail(request, round))


@router.put(
    "/communities/{slug}/reflection-settings", response={200: ReflectionSettingsOut, **ERRORS}
)
def settings_update(request, slug: str, payload: ReflectionSettingsIn):
    """Stewards choose whether any member may open a round."""
    community = community_for_viewer(request.user, slug)
    found = services.reflection_settings_update(
        request.user, community, members_may_open=payload.members_may_open
    )
    return {"members_may_open": found.members_may_open}


@router.get("/reflections/{reflection_id}", response={200: CheckInRoundDetailOut, **ERRORS})
def round_detail(request, reflection_id: int):
    """A round with its aggregates (once it has closed with enough answers), the stories
    their authors shared, and its goal decisions."""
    return _detail(request, queries.round_by_id(request.user, reflection_id))


@router.post("/reflections/{reflection_id}/close", response={200: CheckInRoundDetailOut, **ERRORS})
def round_close(request, reflection_id: int):
    """Close the round early (stewards or the person who opened it)."""
    services.checkin_close(request.user, reflection_id)
    return _detail(request, queries.round_by_id(request.user, reflection_id))


@router.get("/reflections/{reflection_id}/answers", response={200: CheckInAnswerOut, **ERRORS})
def answer_mine(request, reflection_id: int):
    """The caller's own answer (404 if they have not answered): nobody reads anyone else's."""
    round = queries.round_by_id(request.user, reflection_id)
    mine = queries.my_answer(request.user, round)
    if mine is None:
        raise NotFound(_("You have not answered this round yet."))
    return _answer(mine)


@router.post("/reflections/{reflection_id}/answers", response={201: CheckInAnswerOut, **ERRORS})
def answer_create(request, reflection_id: int, payload: CheckInAnswerIn):
    """Answer the round, once (a second answer is 409: change the first with PATCH)."""
    answer = services.checkin_answer(
        request.user,
        reflection_id,
        worthwhile=payload.worthwhile,
        capacity_hours=payload.capacity_hours,
        story=payload.story,
        cycles=[str(c) for c in payload.cycles],
        sharing=payload.sharing,
        should_change=payload.should_change,
    )
    return Status(201, _answer(answer))


@router.patch("/reflections/{reflection_id}/answers", response={200: CheckInAnswerOut, **ERRORS})
def answer_update(request, reflection_id: int, payload: CheckInAnswerPatchIn):
    """Change one's own answer while the round is open; fields left out keep their value."""
    changes = payload.dict(exclude_unset=True)
    if changes.get("cycles") is not None:
        changes["cycles"] = [str(c) for c in changes["cycles"]]
    for key in ("worthwhile", "story", "cycles", "sharing", "should_change"):
        if key in changes and changes[key] is None:
            del changes[key]  # null means "leave it"; only capacity may be cleared
    answer = services.checkin_answer_update(request.user, reflection_id, **changes)
    return _answer(answer)


@router.post(
    "/reflections/{reflection_id}/goal-reviews", response={201: CheckInGoalReviewOut, **ERRORS}
)
def goal_review_create(request, reflection_id: int, payload: CheckInGoalReviewIn):
    """Decide about one active goal in this round (stewards or the round's opener); the
    change is written to the goal's history."""
    review = services.goal_review(
        request.user,
        reflection_id,
        goal_id=payload.goal_id,
        decision=payload.decision,
        title=payload.title,
        description=payload.description,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": review.pk,
            "goal_id": review.goal_id,
            "goal_title": review.goal.title,
            "decision": review.decision,
            "note": review.note,
            "decided_by": person_ref(review.decided_by),
            "decided_at": review.decided_at,
        },
    )
