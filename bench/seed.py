"""Filling a database with a community-sized load, fast, for the benchmark.

Rows go in with ``executemany`` in batches (``bulk.Inserter``), with primary keys chosen here
so that posts can point at their topic, thanks at their post and a question at its answer
without reading ids back. Nothing goes through the services — at half a million posts they
would take hours — so this module computes every derived value exactly as the services leave
it:

* ``Community.member_count`` = active memberships; ``Membership.charter_acknowledged`` = v1;
* ``Topic.reply_count`` = its posts, ``last_activity_at`` = its newest post (or creation);
* ``Post.thanks_count`` = its thanks; ``Topic.answer`` is a post of that topic;
* one ``Activity`` per join, topic, reply and thanks, and a reply notification to the topic's
  author for every post by someone else (read once it is two weeks old);
* ``*_html`` rendered once per distinct Markdown text and reused.

Some topics of the measured community carry exactly 100 posts, for the topic page.

The search index is filled as the services would fill it (``discussions.indexing``,
``accounts.indexing``): one ``SearchDocument`` per visible topic, per post of a visible topic
and per profile, inserted in bulk like everything else. On SQLite the FTS5 triggers are
dropped meanwhile and the index is built in one 'rebuild' at the end
(``SEARCH_INDEX_BY_TRIGGERS``).
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from tqdm import tqdm

from practica.accounts.indexing import profile_document_text
from practica.accounts.models import PROFILE_FIELDS, Audience, Profile, Sector, User
from practica.communities.models import (
    Activity,
    CharterProposal,
    Community,
    Goal,
    GoalRevision,
    Membership,
    Notification,
    ProposalStatus,
)
from practica.core.markdown import render_markdown
from practica.core.models import SearchDocument, Tag
from practica.core.search import plain_text
from practica.discussions.models import Post, Thanks, Topic, TopicKind

from . import texts
from .bulk import Inserter, next_id, spread, spread_proportional

EMAIL_DOMAIN = "bench.practica.example"
PASSWORD = "bench-password"
MEASURED_SLUG = "bench-commons-00"
HUNDRED = 100  # posts on the topics the topic page is measured with
TOPICS_PER_TRANSACTION = 1_000
READ_AFTER = timedelta(days=14)
# True: let the FTS5 triggers index each row as it is inserted. False: drop them, insert, run
# FTS5 'rebuild' once and put the triggers back. At the default scale (553,209 documents) the
# triggers took 21.9 s and insert + rebuild 19.4 s (docs/benchmarks.md, "Search").
SEARCH_INDEX_BY_TRIGGERS = False


@dataclass(frozen=True)
class Scale:
    members: int
    communities: int
    topics: int
    posts: int

    @property
    def hundred_post_topics(self) -> int:
        """How many topics get exactly 100 posts (all in the measured community)."""
        if self.topics < 2 or self.posts < 2 * HUNDRED:
            return 0
        return max(1, min(20, self.topics // 2_500))


SCALES = {
    "small": Scale(members=100, communities=5, topics=1_000, posts=10_000),
    "default": Scale(members=5_000, communities=50, topics=50_000, posts=500_000),
    "large": Scale(members=20_000, communities=200, topics=200_000, posts=2_000_000),
}


def login_email(index: int = 0) -> str:
    return f"member{index:05d}@{EMAIL_DOMAIN}"


def community_sizes(scale: Scale) -> list[int]:
    """A few large communities and a long tail of small ones (a Zipf-like spread)."""
    smallest = min(scale.members, 10)
    return [
        min(scale.members, max(smallest, round(scale.members * 0.5 / (k + 1) ** 0.8)))
        for k in range(scale.communities)
    ]


def _rendered(pool: list[str]) -> list[tuple[str, str]]:
    """Each distinct text with its HTML, rendered once."""
    return [(text, render_markdown(text)) for text in pool]


class Seeder:
    def __init__(self, scale: Scale, *, seed: int = 1, progress: bool = True):
        self.scale = scale
        self.rng = random.Random(seed)
        self.progress = progress
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.dt = connection.ops.adapt_datetimefield_value
        self.ct = {
            model: ContentType.objects.get_for_model(model).pk for model in (Community, Post, Topic)
        }
        self.bios = _rendered(texts.BIOS)
        self.topic_bodies = _rendered(texts.TOPIC_BODIES)
        self.post_bodies = _rendered(texts.POST_BODIES)
        # The text each body is indexed with, computed once per distinct body.
        self.plain = {
            body: plain_text(html or body)
            for body, html in (*self.bios, *self.topic_bodies, *self.post_bodies)
        }
        self.sector_labels = {value: str(label) for value, label in Sector.choices}

    def _bar(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit=desc, disable=not self.progress)

    def run(self) -> None:
        self.documents = Inserter(SearchDocument)
        with search_index_paused(not SEARCH_INDEX_BY_TRIGGERS):
            self.seed_tags()
            self.seed_people()
            self.seed_communities()
            self.seed_discussions()
        self.reset_sequences()

    # --- people -------------------------------------------------------------------------------

    def seed_tags(self) -> None:
        Tag.objects.bulk_create([Tag(name=n) for n in texts.TAGS], ignore_conflicts=True)
        self.tag_ids = list(Tag.objects.filter(name__in=texts.TAGS).values_list("pk", flat=True))
        self.tag_names = dict(Tag.objects.filter(pk__in=self.tag_ids).values_list("pk", "name"))

    def seed_people(self) -> None:
        rng, count = self.rng, self.scale.members
        password = make_password(PASSWORD)  # hashed once, shared by every bench account
        first_user, first_profile = next_id(User), next_id(Profile)
        self.user_ids = list(range(first_user, first_user + count))
        self.names: dict[int, str] = {}
        users, profiles = Inserter(User), Inserter(Profile)
        tags_per_field = {"interests": (2, 5), "expertise": (1, 3), "needs": (0, 2)}
        tag_links = {f: Inserter(getattr(Profile, f).through) for f in tags_per_field}
        audiences = [Audience.EVERYONE] * 6 + [Audience.COMMUNITIES] * 3 + [Audience.ONLY_ME]
        first, last = texts.FIRST_NAMES, texts.LAST_NAMES
        with self._bar(count, "people") as bar, transaction.atomic():
            for i, user_id in enumerate(self.user_ids):
                name = f"{first[i % len(first)]} {last[(i // len(first) + i) % len(last)]}"
                self.names[user_id] = name
                joined = self.dt(self.now - timedelta(days=rng.uniform(30, 1000)))
                users.add(
                    id=user_id,
                    email=login_email(i),
                    password=password,
                    is_active=True,
                    is_staff=False,
                    is_superuser=False,
                    is_placeholder=False,
                    date_joined=joined,
                )
                bio, bio_html = rng.choice(self.bios)
                location, zone = rng.choice(texts.LOCATIONS)
                profile_id = first_profile + i
                # Drawn in the order the profile's columns always were, so the data stays the
                # same for a given --seed.
                pronouns = rng.choice(texts.PRONOUNS)
                sector = rng.choice(Sector.values)
                discipline = rng.choice(texts.DISCIPLINES)
                organisation = rng.choice(texts.ORGANISATIONS)
                hours = rng.choice([None, 2, 4, 8, 12, 20])
                audience = {f: rng.choice(audiences) for f in PROFILE_FIELDS}
                profiles.add(
                    id=profile_id,
                    user=user_id,
                    display_name=name,
                    pronouns=pronouns,
                    bio=bio,
                    bio_html=bio_html,
                    sector=sector,
                    discipline=discipline,
                    organisation=organisation,
                    location=location,
                    timezone=zone,
                    hours_per_month=hours,
                    updated_at=joined,
                    **{f"{f}_audience": audience[f] for f in PROFILE_FIELDS},
                )
                values = {
                    "bio": self.plain[bio],
                    "sector": self.sector_labels[sector],
                    "discipline": discipline,
                    "organisation": organisation,
                    "location": location,
                }
                for field, (low, high) in tags_per_field.items():
                    chosen = rng.sample(self.tag_ids, rng.randint(low, high))
                    for tag_id in chosen:
                        tag_links[field].add(profile=profile_id, tag=tag_id)
                    values[field] = " ".join(sorted(self.tag_names[t] for t in chosen))
                self._profile_document(user_id, name, joined, audience, values)
                bar.update()
            for inserter in (users, profiles, *tag_links.values(), self.documents):
                inserter.flush()

    def _profile_document(self, user_id, name, joined, audience, values) -> None:
        """The search document ``accounts.indexing.profile_index`` would write."""
        text = profile_document_text(audience, values)
        self.documents.add(
            kind="profile",
            object_id=user_id,
            community_id=None,
            author_id=user_id,
            title=name,
            body=text["body"],
            tags=text["tags"],
            members_text=text["members_text"],
            created_at=joined,
        )

    # --- communities --------------------------------------------------------------------------

    def seed_communities(self) -> None:
        rng, scale, dt = self.rng, self.scale, self.dt
        sizes = community_sizes(scale)
        first_community, first_charter = next_id(Community), next_id(CharterProposal)
        first_goal = next_id(Goal)
        self.community_ids = list(range(first_community, first_community + scale.communities))
        self.members_of: dict[int, list[int]] = {}
        self.created_of: dict[int, datetime] = {}
        self.joined: dict[tuple[int, int], datetime] = {}
        communities, charters = Inserter(Community), Inserter(CharterProposal)
        memberships, activities = Inserter(Membership), Inserter(Activity)
        goals, revisions = Inserter(Goal), Inserter(GoalRevision)
        purpose_html, values_html = render_markdown(texts.PURPOSE), render_markdown(texts.VALUES)
        charter_html = render_markdown(texts.CHARTER)
        sectors = ["Public health", "Research software", "Education", "Community energy"]
        with self._bar(scale.communities, "communities") as bar, transaction.atomic():
            for k, community_id in enumerate(self.community_ids):
                members = self._members(k, sizes[k])
                self.members_of[community_id] = members
                created = self.now - timedelta(days=rng.uniform(400, 1000))
                self.created_of[community_id] = created
                private = k % 10 == 7
                founder, charter_id = members[0], first_charter + k
                communities.add(
                    id=community_id,
                    name=f"Bench commons {k:02d}",
                    slug=f"bench-commons-{k:02d}",
                    purpose=texts.PURPOSE,
                    purpose_html=purpose_html,
                    values=texts.VALUES,
                    values_html=values_html,
                    visibility="private" if private else "public",
                    join_policy="invitation" if private else "open",
                    sector=rng.choice(sectors),
                    timezone="UTC",
                    created_by=founder,
                    created_at=dt(created),
                    member_count=len(members),
                    article_review_months=12,
                    concluded_at=None,
                    concluded_note="",
                    concluded_note_html="",
                )
                charters.add(
                    id=charter_id,
                    community=community_id,
                    body=texts.CHARTER,
                    body_html=charter_html,
                    rationale="Founding charter",
                    proposed_by=founder,
                    created_at=dt(created),
                    review_ends_at=dt(created),
                    status=ProposalStatus.ADOPTED,
                    decided_at=dt(created),
                    version=1,
                )
                for position, user_id in enumerate(members):
                    when = created
                    if position:  # the founder joined at creation, the others since
                        when += (self.now - created) * rng.uniform(0, 0.95)
                    self.joined[(user_id, community_id)] = when
                    memberships.add(
                        user=user_id,
                        community=community_id,
                        role="steward" if position < 2 else "member",
                        status="active",
                        charter_acknowledged=charter_id,
                        request_message="",
                        joined_at=dt(when),
                        updated_at=dt(when),
                    )
                    activities.add(
                        actor=user_id,
                        community=community_id,
                        verb="joined",
                        target_type=self.ct[Community],
                        target_id=community_id,
                        created_at=dt(when),
                    )
                for g, title in enumerate(("Publish a shared guide", "Meet every month")):
                    goal_id = first_goal + 2 * k + g
                    goals.add(
                        id=goal_id,
                        community=community_id,
                        title=title,
                        description="",
                        description_html="",
                        status="active",
                        created_by=founder,
                        created_at=dt(created),
                        updated_at=dt(created),
                    )
                    revisions.add(
                        goal=goal_id,
                        title=title,
                        description="",
                        status="active",
                        note="Goal set",
                        changed_by=founder,
                        changed_at=dt(created),
                    )
                bar.update()
            for inserter in (communities, charters, memberships, goals, revisions, activities):
                inserter.flush()

    def _members(self, k: int, size: int) -> list[int]:
        """Who belongs to the k-th community, founder and second steward first. The bench
        login belongs to the measured community as an ordinary member, never a steward."""
        members = self.rng.sample(self.user_ids, size)
        login = self.user_ids[0]
        if k == 0 and login not in members:
            members[-1] = login
        if login in members[:2]:
            members.remove(login)
            members.append(login)
        return members

    # --- discussions --------------------------------------------------------------------------

    def _topic_plan(self) -> list[tuple[int, int]]:
        """(community id, post count) per topic. Topics follow community size; the measured
        community also holds the topics with exactly 100 posts."""
        scale, rng = self.scale, self.rng
        hundreds = scale.hundred_post_topics
        sizes = [len(self.members_of[c]) for c in self.community_ids]
        shares = spread_proportional(scale.topics - hundreds, sizes, rng)
        owners = [c for c, n in zip(self.community_ids, shares, strict=True) for _ in range(n)]
        rng.shuffle(owners)
        counts = spread(scale.posts - HUNDRED * hundreds, len(owners), rng)
        plan = list(zip(owners, counts, strict=True))
        for _ in range(hundreds):
            plan.insert(rng.randrange(len(plan) + 1), (self.community_ids[0], HUNDRED))
        return plan

    def seed_discussions(self) -> None:
        plan = self._topic_plan()
        self.next_topic, self.next_post = next_id(Topic), next_id(Post)
        self.topics, self.posts, self.thanks = Inserter(Topic), Inserter(Post), Inserter(Thanks)
        self.topic_tags, self.activities = Inserter(Topic.tags.through), Inserter(Activity)
        self.notifications = Inserter(Notification)
        self.pinned: dict[int, int] = {}
        writers = (self.topics, self.posts, self.thanks, self.topic_tags, self.activities,
                   self.notifications, self.documents)  # fmt: skip
        with self._bar(len(plan), "topics") as bar:
            for start in range(0, len(plan), TOPICS_PER_TRANSACTION):
                chunk = plan[start : start + TOPICS_PER_TRANSACTION]
                # A topic names its answer before the post row exists: foreign keys are
                # checked at commit, and each chunk commits topics and posts together.
                with transaction.atomic():
                    for community_id, post_count in chunk:
                        self._topic(community_id, post_count)
                    for writer in writers:
                        writer.flush()
                bar.set_postfix(posts=self.posts.written, refresh=False)
                bar.update(len(chunk))

    def _topic(self, community_id: int, post_count: int) -> None:
        rng, now, dt = self.rng, self.now, self.dt
        topic_id = self.next_topic
        self.next_topic += 1
        author = rng.choice(self.members_of[community_id])
        start = max(self.joined[(author, community_id)], self.created_of[community_id])
        if post_count == HUNDRED:  # the measured topics are recent and busy
            start = max(start, now - timedelta(days=30))
        created = start + (now - start) * rng.random()
        kind, title = rng.choice(TopicKind.values), rng.choice(texts.TOPIC_TITLES)
        body, body_html = rng.choice(self.topic_bodies)
        span = (now - created) * rng.uniform(0.05, 0.6)
        times = sorted(created + span * rng.random() for _ in range(post_count))
        post_ids = list(range(self.next_post, self.next_post + post_count))
        self.next_post += post_count
        posted = [
            self._post(topic_id, community_id, author, kind, title, post_ids, index, when)
            for index, when in enumerate(times)
        ]
        answer_id = answered_at = None
        if kind == TopicKind.QUESTION and post_ids and rng.random() < 0.6:
            pick = rng.randrange(min(3, post_count))
            answer_id = post_ids[pick]
            answered_at = dt(min(now, times[pick] + timedelta(hours=rng.uniform(1, 48))))
        pinned = self.pinned.get(community_id, 0) < 2
        self.pinned[community_id] = self.pinned.get(community_id, 0) + pinned
        hidden = rng.random() < 0.003
        self.topics.add(
            id=topic_id,
            community=community_id,
            author=author,
            kind=kind,
            title=title,
            body=body,
            body_html=body_html,
            created_at=dt(created),
            last_activity_at=dt(times[-1] if times else created),
            reply_count=post_count,
            is_pinned=pinned,
            is_locked=rng.random() < 0.01,
            is_hidden=hidden,
            hidden_reason="Breaks the charter's rule on client privacy." if hidden else "",
            answer=answer_id,
            answered_at=answered_at,
        )
        tag_ids = rng.sample(self.tag_ids, rng.randint(0, 3))
        for tag_id in tag_ids:
            self.topic_tags.add(topic=topic_id, tag=tag_id)
        self._activity(author, community_id, f"{kind}_started", Topic, topic_id, created)
        if not hidden:  # discussions.indexing: hidden topics and their posts are not found
            tags = " ".join(sorted(self.tag_names[t] for t in tag_ids))
            documents = [("topic", topic_id, author, body, created)]
            documents += [("post", *post) for post in posted]
            for doc_kind, object_id, by, text, when in documents:
                self.documents.add(
                    kind=doc_kind,
                    object_id=object_id,
                    community_id=community_id,
                    author_id=by,
                    title=title,
                    body=self.plain[text],
                    tags=tags,
                    members_text="",
                    created_at=dt(when),
                )

    def _post(self, topic_id, community_id, topic_author, kind, title, post_ids, index, when):
        """The index-th post of a topic; it may reply to an earlier one."""
        rng, dt = self.rng, self.dt
        post_id = post_ids[index]
        members = self.members_of[community_id]
        author = rng.choice(members)
        body, body_html = rng.choice(self.post_bodies)
        thankers = []
        if rng.random() < 0.1:
            thankers = [u for u in rng.sample(members, min(len(members), 3)) if u != author]
            thankers = thankers[: rng.randint(1, 3)]
        self.posts.add(
            id=post_id,
            topic=topic_id,
            author=author,
            body=body,
            body_html=body_html,
            reply_to=post_ids[rng.randrange(index)] if index and rng.random() < 0.1 else None,
            created_at=dt(when),
            is_hidden=False,
            hidden_reason="",
            thanks_count=len(thankers),
        )
        self._activity(author, community_id, "replied", Post, post_id, when)
        posted = (post_id, author, body, when)
        for user_id in thankers:
            thanked = min(self.now, when + timedelta(hours=rng.uniform(1, 72)))
            self.thanks.add(post=post_id, user=user_id, created_at=dt(thanked))
            self._activity(user_id, community_id, "thanked", Post, post_id, thanked)
        if author != topic_author:
            is_question = kind == TopicKind.QUESTION
            verb = "answered your question" if is_question else "replied to"
            self.notifications.add(
                recipient=topic_author,
                actor=author,
                community=community_id,
                kind="answer" if is_question else "reply",
                text=f"{self.names[author]} {verb} “{title}”"[:300],
                url=f"/t/{topic_id}/#post-{post_id}",
                created_at=dt(when),
                read_at=dt(when + timedelta(days=1)) if self.now - when > READ_AFTER else None,
            )
        return posted

    def _activity(self, actor, community_id, verb, model, target_id, when) -> None:
        self.activities.add(
            actor=actor,
            community=community_id,
            verb=verb,
            target_type=self.ct[model],
            target_id=target_id,
            created_at=self.dt(when),
        )

    # --- finishing ----------------------------------------------------------------------------

    def reset_sequences(self) -> None:
        """PostgreSQL keeps a sequence per table; after explicit ids it must move past them."""
        models = [User, Profile, Community, CharterProposal, Goal, Topic, Post]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")  # what autovacuum would have done by now


@contextmanager
def search_index_paused(paused: bool):
    """With ``paused`` on SQLite: drop the FTS5 triggers, and afterwards rebuild the index in
    one pass and put the triggers back (``core/0003_search_index``)."""
    if not paused or connection.vendor != "sqlite":
        yield
        return
    from importlib import import_module

    migration = import_module("practica.core.migrations.0003_search_index")
    triggers = [sql for sql in migration.SQLITE_CREATE if sql.startswith("CREATE TRIGGER")]
    with connection.cursor() as cursor:
        for sql in migration.SQLITE_DROP[:3]:
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(migration.SQLITE_CREATE[-1])  # 'rebuild'
            for sql in triggers:
                cursor.execute(sql)


def seed(scale: Scale, *, seed: int = 1, progress: bool = True) -> None:
    """Write ``scale`` worth of consistent data into the default database."""
    Seeder(scale, seed=seed, progress=progress).run()
    # The rows went in around the services, which are what retire cached page fragments
    # (practica.core.cache); fragments of an earlier database must not be served for this one.
    cache.clear()
