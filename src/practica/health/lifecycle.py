"""Lifecycle stage, momentum, the decline alert and stage-aware suggestions, as pure rules.

Why pure and rule-based: a community should be able to read *why* Practica thinks it is
coalescing or losing momentum, and argue with it; a documented, ordered list of rules on a few
numbers does that, where a fitted model would not. Every rule is in docs/health.md.

Words for people: every reason, alert and suggestion is a ``Message`` — a stable ``code``, its
``params`` and an English template. ``Message.render(translate)`` formats it through the
translation function the caller passes (Django's ``gettext`` in the web layer; the identity
here). The templates are marked with ``gettext_noop`` so ``makemessages`` finds them. Counts
are written as "label: n" so one template reads right for any number in any language.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it now (same name as Django's, so
    ``makemessages`` extracts it)."""
    return message


def _identity(message: str) -> str:
    return message


POTENTIAL = "potential"
COALESCING = "coalescing"
MATURING = "maturing"
STEWARDSHIP = "stewardship"
TRANSFORMATION = "transformation"
#: Wenger, McDermott & Snyder (2002), Cultivating Communities of Practice, ch. 4–5.
STAGES: tuple[str, ...] = (POTENTIAL, COALESCING, MATURING, STEWARDSHIP, TRANSFORMATION)

STAGE_LABELS: dict[str, str] = {
    POTENTIAL: gettext_noop("potential"),
    COALESCING: gettext_noop("coalescing"),
    MATURING: gettext_noop("maturing"),
    STEWARDSHIP: gettext_noop("stewardship"),
    TRANSFORMATION: gettext_noop("transformation"),
}

RISING = "rising"
STEADY = "steady"
FALLING = "falling"

MESSAGES: dict[str, str] = {
    # stage reasons
    "concluded": gettext_noop("the community has concluded; its record is kept"),
    "active_halved": gettext_noop(
        "people contributing fell from %(before)d to %(after)d between the last two windows"
    ),
    "dormant": gettext_noop(
        "no contributions in the last %(days)d days, after %(contributors)d people had contributed"
    ),
    "few_members": gettext_noop("members so far: %(n)d"),
    "few_active": gettext_noop("people contributing in the last %(days)d days: %(n)d"),
    "no_core_no_articles": gettext_noop("no core group yet and no articles"),
    "young": gettext_noop("months since the community began: %(months)d"),
    "articles_few": gettext_noop("articles so far: %(n)d, the first ones are appearing"),
    "no_articles": gettext_noop("no articles yet: the practice is not written down"),
    "new_contributors": gettext_noop("new contributors in the last %(days)d days: %(n)d"),
    "core": gettext_noop("core group: %(n)d"),
    "core_stable": gettext_noop("core group: %(n)d, %(pct)d%% of the previous core still in it"),
    "established": gettext_noop("years since the community began: %(years)d"),
    "articles_many": gettext_noop("articles: %(n)d, new in the last %(days)d days: %(new)d"),
    "plateau": gettext_noop(
        "people contributing steady (%(before)d, then %(after)d), few newcomers"
    ),
    "growing": gettext_noop("people contributing: %(before)d, then %(after)d"),
    # alerts
    "decline": gettext_noop(
        "Losing momentum: people contributing fell by more than 20%% two windows in a row "
        "(%(a0)d, %(a1)d, %(a2)d)"
    ),
    "decline_newcomers": gettext_noop("and fewer newcomers (%(n0)d, then %(n2)d)"),
    "decline_response": gettext_noop("and first replies take longer (%(t0).0f h, then %(t2).0f h)"),
    # suggestions
    "s_invite": gettext_noop("Invite people who share the concern this community is about."),
    "s_charter": gettext_noop("Write down the purpose and how you want to work together."),
    "s_goals": gettext_noop("Agree on a first goal everyone can see progress on."),
    "s_newcomers_waiting": gettext_noop(
        "Newcomers' questions still waiting for an answer: %(n)d. Answer them first."
    ),
    "s_unanswered": gettext_noop(
        "Look at the unanswered questions, newcomers' first: a first reply keeps people."
    ),
    "s_introductions": gettext_noop("Introduce members to each other who could help."),
    "s_gatherings": gettext_noop("Meet regularly, so members get to know each other."),
    "s_document_n": gettext_noop(
        "Answered questions not yet written down as articles: %(n)d. Document them."
    ),
    "s_document": gettext_noop("Document the answers that helped, so they can be found."),
    "s_gaps": gettext_noop("Look at the knowledge gaps: what is asked but not written."),
    "s_review": gettext_noop("Review articles that are due, so the knowledge stays true."),
    "s_new_voices": gettext_noop("Bring in new voices: invite people from other sectors."),
    "s_reflect_goals": gettext_noop("Run a reflection check-in on whether the goals still fit."),
    "s_export": gettext_noop("Export the archive, so what was learned is kept."),
    "s_goals_next": gettext_noop("Decide together what comes next: continue, merge or close."),
}


@dataclass(frozen=True)
class Message:
    """Something said to people: a stable code (for tests and translations), its parameters,
    and ``render`` for the words."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Translate = _identity) -> str:
        return translate(MESSAGES[self.code]) % dict(self.params)

    def as_dict(self, translate: Translate = _identity) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params), "text": self.render(translate)}


# --- stage -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageInputs:
    """The few numbers the stage rules read. Counts of people come from the current and
    previous window's indicators; ``core_stability`` from the level flow (``None`` when there
    was no previous core); ``article_count`` counts the community's articles that are not
    archived, ``new_articles`` those created in the window; ``contributors_ever`` everyone who
    ever contributed before ``as_of``."""

    window_days: int
    age_days: int
    member_count: int
    active_members: int
    previous_active_members: int
    new_contributors: int
    core_size: int
    core_stability: float | None = None
    article_count: int = 0
    new_articles: int = 0
    contributors_ever: int = 0
    concluded: bool = False


@dataclass(frozen=True)
class StageEstimate:
    stage: str
    reasons: tuple[Message, ...]

    def summary(self, translate: Translate = _identity) -> str:
        """The reasons and the stage in one line: "…; core group: 4 → coalescing"."""
        words = "; ".join(r.render(translate) for r in self.reasons)
        return f"{words} → {translate(STAGE_LABELS[self.stage])}"

    def as_dict(self, translate: Translate = _identity) -> dict[str, Any]:
        return {
            "estimate": self.stage,
            "label": translate(STAGE_LABELS[self.stage]),
            "reasons": [r.as_dict(translate) for r in self.reasons],
            "summary": self.summary(translate),
        }


# Thresholds of the rules, named so docs/health.md and the tests speak of the same numbers.
FADING_MIN_PREVIOUS_ACTIVE = 5
DORMANT_MIN_CONTRIBUTORS = 3
DORMANT_MIN_AGE_DAYS = 180
POTENTIAL_MIN_MEMBERS = 5
POTENTIAL_MIN_ACTIVE = 3
COALESCING_MAX_AGE_DAYS = 365
COALESCING_MAX_ARTICLES = 10
STEWARDSHIP_MIN_AGE_DAYS = 730
STEWARDSHIP_MIN_ARTICLES = 25
STEWARDSHIP_MIN_CORE_STABILITY = 0.6
STEWARDSHIP_MAX_GROWTH = 0.10
STEWARDSHIP_MAX_NEWCOMER_SHARE = 0.25


def _core_reason(s: StageInputs) -> Message:
    if s.core_stability is not None:
        pct = round(100 * s.core_stability)
        return Message("core_stable", {"n": s.core_size, "pct": pct})
    return Message("core", {"n": s.core_size})


def _growth(s: StageInputs) -> float:
    """Relative change of people contributing, previous window to this one."""
    if s.previous_active_members > 0:
        return (s.active_members - s.previous_active_members) / s.previous_active_members
    return 1.0 if s.active_members > 0 else 0.0


def estimate_stage(s: StageInputs) -> StageEstimate:
    """The first rule that holds, in this order (the last always holds, so every input gets
    exactly one stage, with at least one reason):

    1. transformation — concluded; or people contributing at most half of the previous
       window's (from at least 5); or nobody contributing for a whole window in a community
       at least 180 days old where 3 or more people once contributed;
    2. potential — fewer than 5 members, or fewer than 3 people contributing, or neither a
       core group nor any article;
    3. coalescing — less than a year old, or fewer than 10 articles;
    4. stewardship — at least two years old, 25 or more articles, at least 60 % of the
       previous core still core, people contributing grew by at most 10 %, and newcomers are
       under a quarter of those contributing;
    5. maturing — everything else: established, documented, and still growing or changing.
    """
    days = s.window_days
    if s.concluded:
        return StageEstimate(TRANSFORMATION, (Message("concluded"),))
    if (
        s.previous_active_members >= FADING_MIN_PREVIOUS_ACTIVE
        and 2 * s.active_members <= s.previous_active_members
    ):
        reason = Message(
            "active_halved", {"before": s.previous_active_members, "after": s.active_members}
        )
        return StageEstimate(TRANSFORMATION, (reason,))
    if (
        s.active_members == 0
        and s.contributors_ever >= DORMANT_MIN_CONTRIBUTORS
        and s.age_days >= DORMANT_MIN_AGE_DAYS
    ):
        reason = Message("dormant", {"days": days, "contributors": s.contributors_ever})
        return StageEstimate(TRANSFORMATION, (reason,))

    potential: list[Message] = []
    if s.member_count < POTENTIAL_MIN_MEMBERS:
        potential.append(Message("few_members", {"n": s.member_count}))
    if s.active_members < POTENTIAL_MIN_ACTIVE:
        potential.append(Message("few_active", {"days": days, "n": s.active_members}))
    if s.core_size == 0 and s.article_count == 0:
        potential.append(Message("no_core_no_articles"))
    if potential:
        return StageEstimate(POTENTIAL, tuple(potential))

    newcomers = Message("new_contributors", {"days": days, "n": s.new_contributors})
    if s.age_days < COALESCING_MAX_AGE_DAYS or s.article_count < COALESCING_MAX_ARTICLES:
        reasons = [newcomers, _core_reason(s)]
        if s.age_days < COALESCING_MAX_AGE_DAYS:
            reasons.insert(0, Message("young", {"months": s.age_days // 30}))
        if s.article_count == 0:
            reasons.append(Message("no_articles"))
        elif s.article_count < COALESCING_MAX_ARTICLES:
            reasons.append(Message("articles_few", {"n": s.article_count}))
        return StageEstimate(COALESCING, tuple(reasons))

    articles = Message("articles_many", {"n": s.article_count, "days": days, "new": s.new_articles})
    people = {"before": s.previous_active_members, "after": s.active_members}
    newcomer_share = s.new_contributors / s.active_members if s.active_members else 0.0
    if (
        s.age_days >= STEWARDSHIP_MIN_AGE_DAYS
        and s.article_count >= STEWARDSHIP_MIN_ARTICLES
        and s.core_stability is not None
        and s.core_stability >= STEWARDSHIP_MIN_CORE_STABILITY
        and _growth(s) <= STEWARDSHIP_MAX_GROWTH
        and newcomer_share < STEWARDSHIP_MAX_NEWCOMER_SHARE
    ):
        reasons = (
            Message("established", {"years": s.age_days // 365}),
            articles,
            _core_reason(s),
            Message("plateau", people),
        )
        return StageEstimate(STEWARDSHIP, reasons)
    return StageEstimate(
        MATURING, (articles, _core_reason(s), Message("growing", people), newcomers)
    )


def stage_inputs_from(
    indicators: Mapping[str, Any],
    *,
    age_days: int,
    article_count: int = 0,
    new_articles: int = 0,
    contributors_ever: int = 0,
    concluded: bool = False,
) -> StageInputs:
    """Build the stage inputs from ``metrics.compute_indicators``'s result plus the facts
    about the community it does not hold."""
    previous = indicators.get("previous") or {}
    flow = indicators.get("level_flow") or {}
    return StageInputs(
        window_days=int(indicators["window_days"]),
        age_days=age_days,
        member_count=int(indicators.get("member_count", 0)),
        active_members=int(indicators["active_members"]),
        previous_active_members=int(previous.get("active_members", 0)),
        new_contributors=int(indicators["new_contributors"]),
        core_size=int(indicators["levels"]["core"]),
        core_stability=flow.get("core_stability"),
        article_count=article_count,
        new_articles=new_articles,
        contributors_ever=contributors_ever,
        concluded=concluded,
    )


# --- momentum ----------------------------------------------------------------------------------

#: A least-squares slope of at least 5 % of the series' mean per window is a trend.
TREND_THRESHOLD = 0.05


def trend(values: Sequence[float]) -> dict[str, Any]:
    """Trend of one series, oldest window first: the least-squares ``slope`` per window,
    ``change`` from the previous window to the last (a fraction; ``None`` from 0), and a
    ``direction``: rising / falling when the slope is at least 5 % of the series' mean per
    window, steady otherwise (and for fewer than two windows or an all-zero series)."""
    values = [float(v) for v in values]
    result: dict[str, Any] = {"values": values, "slope": None, "change": None}
    direction = STEADY
    if len(values) >= 2:
        slope = statistics.linear_regression(range(len(values)), values).slope
        result["slope"] = slope
        mean = statistics.fmean(values)
        if mean > 0:
            relative = slope / mean
            if relative >= TREND_THRESHOLD:
                direction = RISING
            elif relative <= -TREND_THRESHOLD:
                direction = FALLING
        if values[-2] > 0:
            result["change"] = (values[-1] - values[-2]) / values[-2]
    result["direction"] = direction
    return result


def momentum(active_members: Sequence[int], contributions: Sequence[int]) -> dict[str, Any]:
    """Momentum over the last windows (oldest first): the trend of people contributing and of
    contributions; the overall ``direction`` is that of people contributing, or of
    contributions when people are steady — people leaving matters more than volume."""
    people = trend(active_members)
    volume = trend(contributions)
    direction = people["direction"] if people["direction"] != STEADY else volume["direction"]
    return {"active_members": people, "contributions": volume, "direction": direction}


# --- decline alert -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowSummary:
    """What the alert reads from one window's indicators."""

    active_members: int
    new_contributors: int
    median_first_response_hours: float | None = None


def summary_from(indicators: Mapping[str, Any]) -> WindowSummary:
    return WindowSummary(
        active_members=int(indicators["active_members"]),
        new_contributors=int(indicators["new_contributors"]),
        median_first_response_hours=indicators.get("median_first_response_hours"),
    )


DECLINE_FALL = 0.20


def decline_alert(windows: Sequence[WindowSummary]) -> Message | None:
    """The decline alert, on the last three windows w0, w1, w2 (oldest first): people
    contributing fell by more than 20 % twice in a row (a1 < 0.8·a0 and a2 < 0.8·a1), while
    over the same two windows new contributors also fell (n2 < n0) or the median time to first
    response rose (t2 > t0, both known). ``None`` when it does not fire or fewer than three
    windows are known."""
    if len(windows) < 3:
        return None
    w0, w1, w2 = windows[-3:]
    keep = 1 - DECLINE_FALL
    if not (w1.active_members < keep * w0.active_members):
        return None
    if not (w2.active_members < keep * w1.active_members):
        return None
    fewer_newcomers = w2.new_contributors < w0.new_contributors
    t0, t2 = w0.median_first_response_hours, w2.median_first_response_hours
    slower = t0 is not None and t2 is not None and t2 > t0
    if not (fewer_newcomers or slower):
        return None
    params: dict[str, Any] = {
        "a0": w0.active_members,
        "a1": w1.active_members,
        "a2": w2.active_members,
        "fewer_newcomers": fewer_newcomers,
        "slower_response": slower,
        "n0": w0.new_contributors,
        "n2": w2.new_contributors,
        "t0": t0,
        "t2": t2,
    }
    return DeclineMessage("decline", params)


class DeclineMessage(Message):
    """The decline alert names which of its two conditions held."""

    def render(self, translate: Translate = _identity) -> str:
        p = dict(self.params)
        parts = [translate(MESSAGES["decline"]) % p]
        if p["fewer_newcomers"]:
            parts.append(translate(MESSAGES["decline_newcomers"]) % p)
        if p["slower_response"]:
            parts.append(translate(MESSAGES["decline_response"]) % p)
        return " ".join(parts)


def alerts(windows: Sequence[WindowSummary]) -> list[Message]:
    """Every alert that holds now (today only the decline alert)."""
    found = decline_alert(windows)
    return [found] if found else []


# --- suggestions -------------------------------------------------------------------------------

#: Practica features a suggestion can point to; the web layer maps each to a page.
FEATURES: tuple[str, ...] = (
    "invite_members",
    "charter",
    "goals",
    "unanswered_questions",
    "introductions",
    "gatherings",
    "document_answers",
    "knowledge_gaps",
    "article_review",
    "reflection_checkin",
    "archive_export",
)


@dataclass(frozen=True)
class Suggestion:
    feature: str
    message: Message

    def as_dict(self, translate: Translate = _identity) -> dict[str, Any]:
        return {"feature": self.feature, **self.message.as_dict(translate)}


def _newcomer_questions(waiting: int) -> Suggestion:
    if waiting > 0:
        return Suggestion("unanswered_questions", Message("s_newcomers_waiting", {"n": waiting}))
    return Suggestion("unanswered_questions", Message("s_unanswered"))


def suggestions(
    stage: str,
    *,
    declining: bool = False,
    newcomers_waiting: int = 0,
    unanswered_rate: float | None = None,
    answered_undocumented: int = 0,
) -> list[Suggestion]:
    """What communities at this stage typically need (Wenger et al. 2002, ch. 4–5), each
    linked to the feature that does it, most pressing first. ``declining`` (the decline alert
    fired) puts a reflection check-in first; an unanswered rate of a quarter or more adds the
    unanswered questions wherever the stage did not already."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage: {stage}")
    document = (
        Suggestion("document_answers", Message("s_document_n", {"n": answered_undocumented}))
        if answered_undocumented > 0
        else Suggestion("document_answers", Message("s_document"))
    )
    by_stage: dict[str, list[Suggestion]] = {
        POTENTIAL: [
            Suggestion("invite_members", Message("s_invite")),
            Suggestion("charter", Message("s_charter")),
            Suggestion("goals", Message("s_goals")),
        ],
        COALESCING: [
            _newcomer_questions(newcomers_waiting),
            Suggestion("introductions", Message("s_introductions")),
            Suggestion("gatherings", Message("s_gatherings")),
        ],
        MATURING: [
            document,
            Suggestion("knowledge_gaps", Message("s_gaps")),
            Suggestion("goals", Message("s_goals")),
        ],
        STEWARDSHIP: [
            Suggestion("article_review", Message("s_review")),
            Suggestion("invite_members", Message("s_new_voices")),
            Suggestion("reflection_checkin", Message("s_reflect_goals")),
        ],
        TRANSFORMATION: [
            Suggestion("reflection_checkin", Message("s_reflect_goals")),
            Suggestion("archive_export", Message("s_export")),
            Suggestion("goals", Message("s_goals_next")),
        ],
    }
    found = list(by_stage[stage])
    features = {s.feature for s in found}
    if declining and found[0].feature != "reflection_checkin":
        found = [s for s in found if s.feature != "reflection_checkin"]
        found.insert(0, Suggestion("reflection_checkin", Message("s_reflect_goals")))
    if unanswered_rate is not None and unanswered_rate >= 0.25:
        if "unanswered_questions" not in features:
            found.insert(1 if declining else 0, _newcomer_questions(newcomers_waiting))
    return found
