"""The facilitator view: the community's mirror of who may need a word — newcomers nobody has
answered yet, formerly active members who have gone quiet, questions still waiting — and what
to do next. Shown to every member who may see the community; it never ranks or scores people,
and a member who opted out is counted without being named (docs/health.md).

Why it looks the way it does:

* People are listed in alphabetical order of their display name, never by how much they
  gave, and no count of anyone's contributions leaves this module: the lists say *who* may
  need a word, not who did most. "Gone quiet" needs the counts to find the top quarter; they
  are used for that and dropped.
* A member who unticked "Let my communities' health pages name me"
  (``Profile.named_in_health``) is only counted, in ``unnamed`` — even on their own screen, so
  that what they see is what others see.
* Each list is gathered with one or two aggregate queries (DESIGN rule 3): nothing walks the
  activity stream person by person, and the number of queries does not grow with the data.
* The view is always about *now*; browsing the health page's history (``as_of``) does not
  move it. Its result is cached under the community's cache version, which every write in the
  community (and every profile change) moves on.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practica.communities.models import Activity, Community, Membership, MembershipStatus
from practica.communities.visibility import require_viewable
from practica.core.cache import versions
from practica.discussions.models import Post, Topic, TopicKind

from .cache import TODAY_SECONDS
from .metrics import CONTRIBUTION_VERBS

#: Someone is new for this many days after joining the community or after their first
#: contribution to it.
NEW_DAYS = 30
#: Silent for this long (4 weeks) makes a formerly active member "gone quiet".
QUIET_DAYS = 28
#: "Formerly active" is judged over this many days before the quiet weeks.
FORMERLY_ACTIVE_DAYS = 90
#: Unanswered questions listed (the knowledge gaps page has the rest).
QUESTIONS_SHOWN = 10
#: People named in one list; beyond them the list says "and N more".
NAMED_SHOWN = 30
#: Waiting topics shown per newcomer, oldest first.
TOPICS_PER_NEWCOMER = 3


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _profile_url(user_id: int, is_active: bool) -> str | None:
    """Everyone with an active account has a profile page anyone may open (it shows only
    their name unless they chose to show more: ``communities.queries.profile_for_viewer``);
    a closed account has none."""
    return _url("accounts:profile", user_id) if is_active else None


def _days(since: datetime, now: datetime) -> int:
    return max(0, (now - since).days)


def _alphabetical(people: list[dict]) -> list[dict]:
    return sorted(people, key=lambda p: (p["display_name"].casefold(), p["user_id"]))


def _person(user_id: int, name: str | None, named: bool | None) -> dict:
    """An account made outside Practica's sign-up may lack a profile: it is named
    generically, and, having made no choice, counts as willing to be named."""
    return {
        "user_id": user_id,
        "display_name": name or _("A member"),
        "named": named is not False,
    }


def _split(people: list[dict]) -> dict[str, Any]:
    """``named`` (alphabetical, the first ``NAMED_SHOWN``), ``more`` (named people beyond
    them) and ``unnamed`` (those who opted out: counted, never named)."""
    named = _alphabetical([p for p in people if p["named"]])
    for p in people:
        del p["named"]
    return {
        "named": named[:NAMED_SHOWN],
        "more": max(0, len(named) - NAMED_SHOWN),
        "unnamed": len(people) - len(named),
        "total": len(people),
    }


def _other_reply(now: datetime):
    """A visible reply, before ``now``, by someone other than the outer topic's author."""
    return Post.objects.filter(
        topic=OuterRef("pk"), is_hidden=False, author__isnull=False, created_at__lt=now
    ).exclude(author_id=OuterRef("author_id"))


# --- newcomers waiting for a reply -------------------------------------------------------------


def _waiting_newcomer_topics(community: Community, now: datetime):
    """Visible topics opened in the last ``NEW_DAYS`` days by a newcomer — an active member
    who joined in that time or whose first contribution falls in it — that nobody but their
    author has replied to. Placeholders (imported senders nobody has claimed) and closed
    accounts are left out."""
    since = now - timedelta(days=NEW_DAYS)
    membership = Membership.objects.filter(
        community=community, user_id=OuterRef("author_id"), status=MembershipStatus.ACTIVE
    )
    earlier = Activity.objects.filter(
        community=community,
        actor_id=OuterRef("author_id"),
        verb__in=CONTRIBUTION_VERBS,
        created_at__lt=since,
    )
    return (
        Topic.objects.filter(
            community=community,
            is_hidden=False,
            author__isnull=False,
            author__is_placeholder=False,
            author__is_active=True,
            created_at__gte=since,
            created_at__lt=now,
        )
        .filter(Exists(membership))
        .filter(Q(Exists(membership.filter(joined_at__gte=since))) | ~Q(Exists(earlier)))
        .filter(~Exists(_other_reply(now)))
    )


def newcomers_waiting(community: Community, now: datetime) -> dict[str, Any]:
    """Two queries: the newcomers (one aggregate row each), then the oldest few waiting
    topics of each one named."""
    waiting = _waiting_newcomer_topics(community, now)
    people = [
        _person(uid, name, named)
        for uid, name, named in waiting.values(
            "author_id", "author__profile__display_name", "author__profile__named_in_health"
        )
        .annotate(first=Min("created_at"))
        .values_list(
            "author_id", "author__profile__display_name", "author__profile__named_in_health"
        )
    ]
    result = _split(people)
    shown = {p["user_id"]: p for p in result["named"]}
    for p in shown.values():
        p["profile_url"] = _profile_url(p["user_id"], True)  # closed accounts are left out
        p["topics"] = []
    if shown:
        rows = (
            waiting.filter(author_id__in=list(shown))
            .annotate(
                n=Window(
                    RowNumber(),
                    partition_by=[F("author_id")],
                    order_by=[F("created_at").asc(), F("id").asc()],
                )
            )
            .filter(n__lte=TOPICS_PER_NEWCOMER)
            .order_by("created_at", "id")
            .values_list("author_id", "id", "title", "created_at")
        )
        for author_id, topic_id, title, created_at in rows:
            shown[author_id]["topics"].append(
                {
                    "title": title,
                    "url": _url("discussions:topic", topic_id),
                    "created_at": created_at,
                    "waiting_days": _days(created_at, now),
                }
            )
    return result


# --- formerly active members who have gone quiet -----------------------------------------------


# Grouped by ``actor_id + 0`` rather than the column, as health.queries does: on SQLite,
# grouping by the column lets the planner walk the (actor, created_at) index across every
# community's rows; the expression keeps it on the (community, verb, created_at) range.
_GROUP_BY_ACTOR = ExpressionWrapper(F("actor_id") + Value(0), output_field=IntegerField())


def top_quarter(counts: dict[int, int]) -> set[int]:
    """The top quarter of contributors by number of contributions: ⌈n/4⌉ people (at least
    one), and anyone with as many contributions as the last of them — people with equal counts
    are treated alike, so the set never depends on the order of a list."""
    given = sorted((n for n in counts.values() if n > 0), reverse=True)
    if not given:
        return set()
    threshold = given[max(1, math.ceil(len(given) / 4)) - 1]
    return {who for who, n in counts.items() if n > 0 and n >= threshold}


def gone_quiet(community: Community, now: datetime) -> dict[str, Any]:
    """Members who were among the top quarter of contributors over the ``FORMERLY_ACTIVE_DAYS``
    days before the last ``QUIET_DAYS`` days, are still active members, and have not
    contributed since. Two queries: contributions per person over those days (one aggregate
    row each), then the names of the quiet ones."""
    quiet_since = now - timedelta(days=QUIET_DAYS)
    active_from = quiet_since - timedelta(days=FORMERLY_ACTIVE_DAYS)
    rows = (
        Activity.objects.filter(
            community=community,
            verb__in=CONTRIBUTION_VERBS,
            actor__isnull=False,
            created_at__gte=active_from,
            created_at__lt=now,
        )
        .annotate(who=_GROUP_BY_ACTOR)
        .values("who")
        .annotate(n=Count("id", filter=Q(created_at__lt=quiet_since)), last=Max("created_at"))
        .values_list("who", "n", "last")
    )
    counts, lasts = {}, {}
    for actor_id, n, last in rows:
        counts[actor_id] = n
        lasts[actor_id] = last
    quiet = [who for who in top_quarter(counts) if lasts[who] < quiet_since]
    del counts  # never shown: the list is alphabetical and carries no numbers per person
    people = []
    if quiet:
        members = Membership.objects.filter(
            community=community,
            status=MembershipStatus.ACTIVE,
            user_id__in=quiet,
            user__is_placeholder=False,
            user__is_active=True,
        ).values_list("user_id", "user__profile__display_name", "user__profile__named_in_health")
        people = [
            {**_person(uid, name, named), "last_contribution_at": lasts[uid]}
            for uid, name, named in members
        ]
    result = _split(people)
    for p in result["named"]:
        p["profile_url"] = _profile_url(p["user_id"], True)  # closed accounts are left out
    return result


# --- unanswered questions ----------------------------------------------------------------------


def unanswered_questions(community: Community, now: datetime) -> dict[str, Any]:
    """Visible questions that nobody but their author has replied to, oldest first: the first
    ``QUESTIONS_SHOWN`` and the count of all. Questions with an accepted answer (the author
    may answer their own) and locked ones (nobody can reply) are not waiting. Two queries."""
    waiting = (
        Topic.objects.filter(
            community=community,
            kind=TopicKind.QUESTION,
            answer__isnull=True,
            is_hidden=False,
            is_locked=False,
            author__isnull=False,
            created_at__lt=now,
        )
        .filter(~Exists(_other_reply(now)))
        .order_by("created_at", "id")
    )
    items = [
        {
            "title": title,
            "url": _url("discussions:topic", topic_id),
            "created_at": created_at,
            "waiting_days": _days(created_at, now),
        }
        for topic_id, title, created_at in waiting.values_list("id", "title", "created_at")[
            :QUESTIONS_SHOWN
        ]
    ]
    count = len(items) if len(items) < QUESTIONS_SHOWN else waiting.count()
    return {
        "items": items,
        "count": count,
        "more": count - len(items),
        "gaps_url": _url("knowledge:gaps", community.slug),
    }


# --- what to do next ---------------------------------------------------------------------------


def next_actions(community: Community, found: dict[str, Any]) -> list[dict[str, Any]]:
    """A few plain suggestions derived from the lists, each with an optional link. A
    concluded community is read-only, so nothing is suggested there."""
    if community.is_concluded:
        return []
    actions = []
    newcomers = found["newcomers_waiting"]["total"]
    if newcomers:
        actions.append(
            {
                "text": ngettext(
                    "Welcome %(n)d newcomer whose topic has no reply yet",
                    "Welcome %(n)d newcomers whose topics have no reply yet",
                    newcomers,
                )
                % {"n": newcomers},
                "url": "#facilitator-newcomers",
            }
        )
    if found["gone_quiet"]["total"]:
        actions.append(
            {
                "text": _(
                    "Check in with members who have gone quiet — a personal message works "
                    "better than a broadcast"
                ),
                "url": "#facilitator-quiet",
            }
        )
    questions = found["unanswered_questions"]
    if questions["count"]:
        actions.append(
            {
                "text": ngettext(
                    "%(n)d question is waiting: answer it",
                    "%(n)d questions are waiting: answer one",
                    questions["count"],
                )
                % {"n": questions["count"]},
                "url": questions["items"][0]["url"] if questions["items"] else None,
            }
        )
    if not actions:
        actions.append(
            {
                "text": _(
                    "Nobody is waiting for a word right now: a good moment to document an "
                    "answered question or to thank someone"
                ),
                "url": questions["gaps_url"],
            }
        )
    return actions


# --- the whole view ----------------------------------------------------------------------------


def _compute(community: Community, now: datetime) -> dict[str, Any]:
    found: dict[str, Any] = {
        "newcomers_waiting": newcomers_waiting(community, now),
        "gone_quiet": gone_quiet(community, now),
        "unanswered_questions": unanswered_questions(community, now),
        "new_days": NEW_DAYS,
        "quiet_days": QUIET_DAYS,
        "quiet_weeks": QUIET_DAYS // 7,
        "concluded": community.is_concluded,
    }
    found["next_actions"] = next_actions(community, found)
    return found


def facilitator_mirror(viewer, community: Community, *, now: datetime | None = None) -> dict:
    """Everything the facilitator section of the health page shows (keys documented in
    docs/health.md, "The facilitator view"). NotFound when the viewer may not see the
    community — for a private one, anyone but its members. ``now`` (an aware datetime) is
    for tests; without it the result is cached until the community or a profile changes.

    Keys: ``newcomers_waiting`` and ``gone_quiet``, each ``{"named": [...], "more",
    "unnamed", "total"}``; ``unanswered_questions`` ``{"items": [...], "count", "more",
    "gaps_url"}``; ``next_actions`` ``[{"text", "url"}]``; and the periods used."""
    require_viewable(viewer, community)
    if now is not None:
        return _compute(community, now)
    moment = datetime.now(UTC)
    key = (
        f"health:mirror:{community.pk}:{versions(community.pk)}:"
        f"{moment.date().isoformat()}:{translation.get_language()}"
    )
    found = cache.get(key)
    if found is None:
        found = _compute(community, moment)
        cache.set(key, found, TODAY_SECONDS)
    return found
