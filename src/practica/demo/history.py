"""The history of the demo communities: planned as dated acts, replayed through the
services in order (see ``timeline.py`` for how the rows get their dates)."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.db.models import F, Min
from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import (
    CharterProposal,
    CharterResponse,
    Community,
    Goal,
    GoalRevision,
    Invitation,
    Membership,
    Notification,
)
from practica.communities.services import (
    charter_propose,
    charter_respond,
    charter_settle,
    community_create,
    community_join,
    community_leave,
    goal_create,
    goal_update,
    invitation_accept,
    invitation_create,
    membership_approve,
    steward_appoint,
)
from practica.communities.visibility import forget_memberships
from practica.discussions.models import Post, Thanks, Topic
from practica.discussions.services import (
    post_create,
    post_thank,
    topic_create,
    topic_mark_answered,
    topic_pin,
)

from .accounts import demo_email
from .introductions import introduction
from .people import BY_KEY
from .spec import CharterChange, CommunitySpec, GoalSpec, Joining, Thread
from .timeline import Timeline

# Notifications older than this many days are shown as read; newer ones wait for the reader.
UNREAD_DAYS = 10
HOUR = timedelta(hours=1)


@dataclass
class CommunityState:
    """What the plan knows about one community while its history is replayed."""

    spec: CommunitySpec
    community: Community | None = None
    joined: dict = field(default_factory=dict)
    left: dict = field(default_factory=dict)
    welcome_topic_id: int | None = None


@dataclass
class ThreadState:
    topic_id: int | None = None
    post_ids: list = field(default_factory=list)


class History:
    """Plans every act of the given communities' past, then replays them in order."""

    def __init__(self, users: dict[str, User], *, progress: bool = True):
        self.users = users
        self.progress = progress
        self.now = timezone.now()
        self.timeline = Timeline()

    def at(self, days_ago: float):
        return self.now - timedelta(days=days_ago)

    def latest(self, when, minutes_before_now: float = 1):
        """Nothing in the demo happens in the future."""
        return min(when, self.now - timedelta(minutes=minutes_before_now))

    # --- planning -----------------------------------------------------------------------------

    def replay(self, specs: list[CommunitySpec]) -> None:
        states = [CommunityState(spec) for spec in specs]
        for state in states:
            self.plan_community(state)
        self.timeline.run(self.forget_cached_memberships, progress=self.progress)
        self.finish()

    def forget_cached_memberships(self) -> None:
        """The visibility gate caches memberships on the user object; the loader keeps one
        object per person across many acts, so start every act from the database."""
        for user in self.users.values():
            forget_memberships(user)

    def plan_community(self, state: CommunityState) -> None:
        spec = state.spec
        created = self.at(spec.days_ago)
        state.joined[spec.founder] = created
        self.timeline.add(created, partial(self.create_community, state, created))
        self.timeline.add(created + 2 * HOUR, partial(self.post_welcome, state, created))
        for joining in spec.members:
            self.plan_joining(state, joining)
        for joining in spec.pending:
            self.timeline.add(self.at(joining.days_ago), partial(self.ask_to_join, state, joining))
        for person, days_ago in spec.departures:
            state.left[person] = self.at(days_ago)
            self.timeline.add(self.at(days_ago), partial(self.leave, state, person))
        for steward in spec.stewards:
            when = self.at(steward.days_ago)
            self.require_member(state, steward.appointed_by, when, "appointing a steward")
            term = (
                date.today() + timedelta(days=steward.term_days_left)
                if steward.term_days_left
                else None
            )
            self.timeline.add(when, partial(self.appoint, state, steward, term))
        for change in spec.charter_changes:
            self.plan_charter_change(state, change)
        for goal in spec.goals:
            self.plan_goal(state, goal)
        for thread in spec.threads:
            self.plan_thread(state, thread)

    def require_member(self, state: CommunityState, key: str, when, what: str) -> None:
        """Catch content mistakes early, with a message that says which line is wrong."""
        joined, left = state.joined.get(key), state.left.get(key)
        if joined is None or joined > when or (left is not None and left <= when):
            raise ValueError(f"demo content: {key} is not a member of {state.spec.slug} {what}")

    def plan_joining(self, state: CommunityState, joining: Joining) -> None:
        rng = random.Random(f"{state.spec.slug}/{joining.person}")
        asked = self.at(joining.days_ago)
        policy = state.spec.join_policy
        if policy == "invitation":
            invited = asked - timedelta(hours=rng.uniform(4, 30))
            self.require_member(state, joining.by, invited, f"inviting {joining.person}")
            holder: dict = {}
            self.timeline.add(invited, partial(self.invite, state, joining, holder, invited))
            self.timeline.add(asked, partial(self.accept, state, joining, holder, asked))
            active = asked
        elif policy == "approval":
            active = asked + timedelta(hours=rng.uniform(3, 40))
            self.timeline.add(asked, partial(self.ask_to_join, state, joining))
            self.timeline.add(active, partial(self.approve, state, joining, active))
        else:
            active = asked
            self.timeline.add(asked, partial(self.join, state, joining, asked))
        state.joined[joining.person] = active
        said_hello = self.latest(active + timedelta(hours=rng.uniform(1, 20)))
        self.timeline.add(said_hello, partial(self.introduce, state, joining, said_hello))

    def plan_charter_change(self, state: CommunityState, change: CharterChange) -> None:
        rng = random.Random(change.rationale)
        proposed = self.at(change.days_ago)
        self.require_member(state, change.author, proposed, "proposing a charter change")
        review_ends = proposed + timedelta(days=settings.CHARTER_REVIEW_DAYS)
        holder: dict = {}
        self.timeline.add(
            proposed, partial(self.propose, state, change, holder, proposed, review_ends)
        )
        when = proposed
        for member, position, reason in change.responses:
            when = self.latest(when + timedelta(hours=rng.uniform(2, 20)), 2)
            self.require_member(state, member, when, "responding to a charter proposal")
            if when >= review_ends:
                raise ValueError(f"demo content: {member} responds after the review window")
            self.timeline.add(when, partial(self.respond, holder, member, position, reason, when))
        if not change.still_open:
            self.timeline.add(review_ends, partial(self.settle, holder, review_ends))

    def plan_goal(self, state: CommunityState, goal: GoalSpec) -> None:
        set_at = self.at(goal.days_ago)
        self.require_member(state, goal.author, set_at, f"setting goal {goal.title!r}")
        holder: dict = {}
        self.timeline.add(set_at, partial(self.set_goal, state, goal, holder, set_at))
        for change in goal.changes:
            when = self.at(change.days_ago)
            self.require_member(state, change.by, when, f"changing goal {goal.title!r}")
            self.timeline.add(when, partial(self.change_goal, change, holder, when))

    def plan_thread(self, state: CommunityState, thread: Thread) -> None:
        rng = random.Random(thread.title)
        started = self.at(thread.days_ago)
        self.require_member(state, thread.author, started, f"starting {thread.title!r}")
        ts = ThreadState()
        self.timeline.add(started, partial(self.start_thread, state, thread, ts, started))
        if thread.pinned:
            self.timeline.add(started + HOUR, partial(self.pin, state, ts))
        count = len(thread.replies)
        gap = min(timedelta(hours=30), (self.now - started) / (count + 2))
        when, times = started, []
        for i, reply in enumerate(thread.replies):
            when = max(
                when + gap * rng.uniform(0.4, 1.2), state.joined.get(reply.author, when) + HOUR
            )
            when = self.latest(when, 5 + count - i)
            self.require_member(state, reply.author, when, f"replying to {thread.title!r}")
            times.append(when)
            self.timeline.add(when, partial(self.reply, thread, ts, i, when))
            for thanker in reply.thanked_by:
                if thanker == reply.author:
                    raise ValueError(f"demo content: {thanker} thanks themselves")
                joined = state.joined.get(thanker, when)
                thanked = self.latest(max(when + rng.uniform(1, 30) * HOUR, joined + HOUR))
                self.require_member(state, thanker, thanked, f"thanking in {thread.title!r}")
                self.timeline.add(thanked, partial(self.thank, ts, i, thanker, thanked))
        if thread.answer is not None:
            answered = self.latest(times[thread.answer] + rng.uniform(2, 20) * HOUR)
            self.timeline.add(answered, partial(self.mark_answer, thread, ts, answered))

    # --- acts ---------------------------------------------------------------------------------
    # Each runs one service call (or a few) at its moment, then dates what that call created.

    def create_community(self, state: CommunityState, when) -> None:
        spec = state.spec
        community = community_create(
            self.users[spec.founder],
            name=spec.name,
            purpose=spec.purpose,
            values=spec.values,
            visibility=spec.visibility,
            join_policy=spec.join_policy,
            slug=spec.slug,
            charter=spec.charter,
            community_timezone=spec.timezone,
        )
        state.community = community
        Community.objects.filter(pk=community.pk).update(created_at=when)
        CharterProposal.objects.filter(community=community).update(
            created_at=when, review_ends_at=when, decided_at=when
        )
        Membership.objects.filter(community=community).update(joined_at=when)

    def post_welcome(self, state: CommunityState, created) -> None:
        spec = state.spec
        founder = self.users[spec.founder]
        topic = topic_create(
            founder,
            state.community,
            kind="discussion",
            title=spec.welcome_title,
            body=spec.welcome_body,
            tags=["introductions"],
        )
        topic_pin(founder, topic.pk)
        state.welcome_topic_id = topic.pk
        when = created + 2 * HOUR
        Topic.objects.filter(pk=topic.pk).update(created_at=when, last_activity_at=when)

    def _date_membership(self, state: CommunityState, key: str, when) -> None:
        Membership.objects.filter(community=state.community, user=self.users[key]).update(
            joined_at=when
        )

    def join(self, state: CommunityState, joining: Joining, when) -> None:
        community_join(self.users[joining.person], state.community, acknowledge_charter=True)
        self._date_membership(state, joining.person, when)

    def ask_to_join(self, state: CommunityState, joining: Joining) -> None:
        community_join(
            self.users[joining.person],
            state.community,
            acknowledge_charter=True,
            message=joining.message,
        )
        self._date_membership(state, joining.person, self.at(joining.days_ago))

    def approve(self, state: CommunityState, joining: Joining, when) -> None:
        request = Membership.objects.get(community=state.community, user=self.users[joining.person])
        membership_approve(self.users[joining.by], state.community, request.pk)
        self._date_membership(state, joining.person, when)

    def invite(self, state: CommunityState, joining: Joining, holder: dict, when) -> None:
        holder["invitation"] = invitation_create(
            self.users[joining.by], state.community, demo_email(joining.person)
        )
        holder["invited"] = when

    def accept(self, state: CommunityState, joining: Joining, holder: dict, when) -> None:
        invitation = holder["invitation"]
        invitation_accept(self.users[joining.person], invitation.token, acknowledge_charter=True)
        # Dated only once accepted: the service refuses an invitation whose date has passed.
        invited = holder["invited"]
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=invited,
            expires_at=invited + timedelta(days=settings.INVITATION_DAYS),
            accepted_at=when,
        )
        self._date_membership(state, joining.person, when)

    def appoint(self, state: CommunityState, steward, term_ends) -> None:
        steward_appoint(
            self.users[steward.appointed_by],
            state.community,
            self.users[steward.person].pk,
            term_ends,
        )

    def leave(self, state: CommunityState, key: str) -> None:
        community_leave(self.users[key], state.community)

    def introduce(self, state: CommunityState, joining: Joining, when) -> None:
        body = introduction(BY_KEY[joining.person], state.spec.slug, joining.note)
        post = post_create(self.users[joining.person], state.welcome_topic_id, body=body)
        self._date_post(state.welcome_topic_id, post.pk, when)

    def propose(self, state, change: CharterChange, holder: dict, when, review_ends) -> None:
        proposal = charter_propose(
            self.users[change.author],
            state.community,
            body=change.body,
            rationale=change.rationale,
        )
        holder["proposal"] = proposal
        CharterProposal.objects.filter(pk=proposal.pk).update(created_at=when)
        if change.still_open:
            CharterProposal.objects.filter(pk=proposal.pk).update(review_ends_at=review_ends)

    def respond(self, holder: dict, member: str, position: str, reason: str, when) -> None:
        response = charter_respond(
            self.users[member], holder["proposal"].pk, position=position, reason=reason
        )
        CharterResponse.objects.filter(pk=response.pk).update(created_at=when)

    def settle(self, holder: dict, when) -> None:
        """The review window of a past proposal ended at ``when``: settle it as the scheduled
        task would have, then date the decision."""
        proposal = holder["proposal"]
        CharterProposal.objects.filter(pk=proposal.pk).update(review_ends_at=when)
        proposal.refresh_from_db()
        charter_settle(proposal)
        CharterProposal.objects.filter(pk=proposal.pk).update(decided_at=when)

    def set_goal(self, state, goal: GoalSpec, holder: dict, when) -> None:
        created = goal_create(
            self.users[goal.author],
            state.community,
            title=goal.title,
            description=goal.description,
        )
        holder["goal"] = created
        Goal.objects.filter(pk=created.pk).update(created_at=when, updated_at=when)
        GoalRevision.objects.filter(goal=created).update(changed_at=when)

    def change_goal(self, change, holder: dict, when) -> None:
        goal = holder["goal"]
        goal_update(
            self.users[change.by],
            goal.pk,
            title=change.title,
            description=change.description,
            status=change.status,
            note=change.note,
        )
        Goal.objects.filter(pk=goal.pk).update(updated_at=when)
        latest = GoalRevision.objects.filter(goal=goal).order_by("-id").values("id")[:1]
        GoalRevision.objects.filter(pk__in=latest).update(changed_at=when)

    def start_thread(self, state, thread: Thread, ts: ThreadState, when) -> None:
        topic = topic_create(
            self.users[thread.author],
            state.community,
            kind=thread.kind,
            title=thread.title,
            body=thread.body,
            tags=list(thread.tags),
        )
        ts.topic_id = topic.pk
        Topic.objects.filter(pk=topic.pk).update(created_at=when, last_activity_at=when)

    def pin(self, state: CommunityState, ts: ThreadState) -> None:
        topic_pin(self.users[state.spec.founder], ts.topic_id)

    def reply(self, thread: Thread, ts: ThreadState, index: int, when) -> None:
        reply = thread.replies[index]
        parent = ts.post_ids[reply.reply_to] if reply.reply_to is not None else None
        post = post_create(self.users[reply.author], ts.topic_id, body=reply.text, reply_to=parent)
        ts.post_ids.append(post.pk)
        self._date_post(ts.topic_id, post.pk, when)

    def _date_post(self, topic_id: int, post_id: int, when) -> None:
        Post.objects.filter(pk=post_id).update(created_at=when)
        Topic.objects.filter(pk=topic_id).update(last_activity_at=when)

    def thank(self, ts: ThreadState, index: int, key: str, when) -> None:
        post_thank(self.users[key], ts.post_ids[index])
        Thanks.objects.filter(post_id=ts.post_ids[index], user=self.users[key]).update(
            created_at=when
        )

    def mark_answer(self, thread: Thread, ts: ThreadState, when) -> None:
        topic_mark_answered(self.users[thread.author], ts.topic_id, ts.post_ids[thread.answer])
        Topic.objects.filter(pk=ts.topic_id).update(answered_at=when)

    # --- finishing ----------------------------------------------------------------------------

    def finish(self) -> None:
        """Date the accounts and settle which notifications have been read."""
        demo_users = [u.pk for u in self.users.values()]
        first_joins = (
            Membership.objects.filter(user_id__in=demo_users)
            .values("user_id")
            .annotate(first=Min("joined_at"))
        )
        for row in first_joins:
            User.objects.filter(pk=row["user_id"]).update(date_joined=row["first"] - 2 * HOUR)
        Notification.objects.filter(
            recipient_id__in=demo_users,
            read_at__isnull=True,
            created_at__lt=self.now - timedelta(days=UNREAD_DAYS),
        ).update(read_at=F("created_at") + timedelta(hours=6))
