"""API: the community's knowledge gaps, ``GET /communities/{slug}/gaps``.

The same five lists as the gaps page, as the viewer may see them (a private community answers
404 to everyone outside it; needs and expertise are counted from the profile fields the
viewer may see). Each list holds the first ``limit`` items (10 by default, at most 50), in the
page's order.
"""

from datetime import datetime

from django.urls import reverse
from ninja import Query, Router, Schema

from practica.accounts.api import optional_auth
from practica.communities.visibility import community_for_viewer
from practica.core.schemas import ERRORS, PersonRef, person_ref

from .. import gaps

router = Router(tags=["knowledge"])

LIMIT_DEFAULT = 10
LIMIT_MAX = 50


class UnansweredQuestionOut(Schema):
    topic_id: int
    title: str
    url: str
    asked_at: datetime
    waiting_days: int
    author: PersonRef | None


class SearchMissOut(Schema):
    query: str
    searches: int
    last_searched_at: datetime
    best_result_count: int


class NeedOut(Schema):
    tag: str
    needs: int
    expertise: int


class ExpertiseOut(Schema):
    tag: str
    expertise: int
    needs: int


class BusyTopicOut(Schema):
    topic_id: int
    title: str
    url: str
    reply_count: int
    last_activity_at: datetime


class GapsOut(Schema):
    unanswered_questions: list[UnansweredQuestionOut]
    search_misses: list[SearchMissOut]
    needs_without_supply: list[NeedOut]
    expertise_without_demand: list[ExpertiseOut]
    undocumented_busy_topics: list[BusyTopicOut]


def _topic_url(topic_id: int) -> str:
    return reverse("discussions:topic", args=[topic_id])


@router.get("/communities/{slug}/gaps", auth=optional_auth, response={200: GapsOut, **ERRORS})
def community_gaps(request, slug: str, limit: int = Query(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX)):
    """Where the community's knowledge is missing: unanswered questions (oldest first),
    searches that found at most one result in the last 180 days (most searched first), tags
    more members need than offer (widest gap first), expertise nobody needs (most offered
    first), and topics with 5 or more replies that no article documents (busiest first)."""
    community = community_for_viewer(request.user, slug)
    found = gaps.knowledge_gaps(request.user, community, size=limit)
    return {
        "unanswered_questions": [
            {
                "topic_id": t.pk,
                "title": t.title,
                "url": _topic_url(t.pk),
                "asked_at": t.created_at,
                "waiting_days": t.waiting_days,
                "author": person_ref(t.author),
            }
            for t in found.unanswered_questions.items
        ],
        "search_misses": found.search_misses.items,
        "needs_without_supply": found.needs_without_supply.items,
        "expertise_without_demand": found.expertise_without_demand.items,
        "undocumented_busy_topics": [
            {
                "topic_id": t.pk,
                "title": t.title,
                "url": _topic_url(t.pk),
                "reply_count": t.reply_count,
                "last_activity_at": t.last_activity_at,
            }
            for t in found.undocumented_busy_topics.items
        ],
    }
