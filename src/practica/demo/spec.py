"""The shapes the demo content is written in. Times are "days ago" so the content reads as a
history; the loader turns them into dates relative to the moment it runs."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reply:
    author: str
    text: str
    # Whose thanks this reply receives.
    thanked_by: tuple[str, ...] = ()
    # Index (within the thread's replies) of the reply this one answers, if any.
    reply_to: int | None = None


@dataclass(frozen=True)
class Thread:
    author: str
    kind: str  # discussion, question, practice, idea
    days_ago: float
    title: str
    body: str
    tags: tuple[str, ...] = ()
    replies: tuple[Reply, ...] = ()
    # Index of the reply the asker marks as the answer (questions only).
    answer: int | None = None
    pinned: bool = False


@dataclass(frozen=True)
class Joining:
    person: str
    days_ago: float
    # Who approved the request or sent the invitation (per the community's join policy).
    by: str | None = None
    message: str = ""
    # Why a person who belongs to several communities is here; shown in their introduction.
    note: str = ""


@dataclass(frozen=True)
class CharterChange:
    author: str
    days_ago: float
    body: str
    rationale: str
    # (member, position, reason), in the order they responded.
    responses: tuple[tuple[str, str, str], ...] = ()
    # Closed proposals are settled after the review window; an open one is still in review.
    still_open: bool = False


@dataclass(frozen=True)
class GoalChange:
    days_ago: float
    by: str
    note: str
    status: str | None = None
    title: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class GoalSpec:
    author: str
    days_ago: float
    title: str
    description: str
    changes: tuple[GoalChange, ...] = ()


@dataclass(frozen=True)
class StewardSpec:
    person: str
    appointed_by: str
    days_ago: float
    # Days from today until the term ends; None means no end date.
    term_days_left: int | None = None


@dataclass(frozen=True)
class CommunitySpec:
    slug: str
    name: str
    purpose: str
    values: str
    visibility: str
    join_policy: str
    timezone: str
    founder: str
    days_ago: float
    charter: str
    members: tuple[Joining, ...]
    welcome_title: str
    welcome_body: str
    charter_changes: tuple[CharterChange, ...] = ()
    goals: tuple[GoalSpec, ...] = ()
    stewards: tuple[StewardSpec, ...] = ()
    threads: tuple[Thread, ...] = ()
    # Requests to join still waiting for a steward.
    pending: tuple[Joining, ...] = ()
    # (person, days ago) for members who left.
    departures: tuple[tuple[str, float], ...] = field(default_factory=tuple)
