"""Measuring community health at a million activity events.

``seed_health_community`` writes one more community, ``bench-health``, whose activity stream
holds ``events`` rows (1,000,000 at the default scale): joins, topics, replies and thanks over
three years, with topics and posts behind them, as the services would leave them. Who acts is
drawn from a long-tailed spread (a few people write most, as in real communities), and the
community grows over its life, so every window has newcomers, regulars and people drifting
away. Its topics are not put in the search index (health never reads it).

The seeder writes the stream in bulk, past the signals that keep health's tallies
(``practica.health.tallies``), so it builds them once at the end, as ``practica
health-refresh --rebuild`` would (timed and printed).

``run`` then times ``community_health`` in-process, in the three situations a page meets:

* **cold** — nothing cached: today's window and the six before it gathered from the tallies
  (what the first visit of a day pays);
* **after a write** — the finished windows' indicators cached, today's recomputed (what the
  first view after any new post pays);
* **cached** — the result of today kept under the community's version (every other view).

Target (issue 4): health computes in ≤ 1 s on SQLite — cold and after a write alike.
"""

import math
import random
import statistics
import time
from bisect import bisect
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from tqdm import tqdm

from practica.accounts.models import User
from practica.communities.models import Activity, CharterProposal, Community, Membership
from practica.core.cache import bump_community
from practica.discussions.models import Post, Thanks, Topic, TopicKind
from practica.health.tallies import tallies_rebuild

from .bulk import Inserter, next_id

SLUG = "bench-health"
TARGET_SECONDS = 1.0
PAGE_P50_FACTOR = 5  # the health page's p50 against the floor (bench/measure.py)
LIFE_DAYS = 3 * 365
MEMBERS = 3_000
REPLIES_PER_TOPIC = 12  # on average; a long tail
THANKS_SHARE = 0.25  # of replies thanked once
BODY = "Thanks — we tried this in our network and it worked."


def _events_per_topic() -> float:
    """Activity rows one topic brings: itself, its replies and their thanks."""
    return 1 + REPLIES_PER_TOPIC * (1 + THANKS_SHARE)


class HealthSeeder:
    """One community with ``events`` activity rows, written in bulk like ``seed.Seeder``."""

    def __init__(self, events: int, *, seed: int = 1, progress: bool = True):
        self.events = events
        self.rng = random.Random(seed)
        self.progress = progress
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.born = self.now - timedelta(days=LIFE_DAYS)
        self.dt = connection.ops.adapt_datetimefield_value
        self.ct = {m: ContentType.objects.get_for_model(m).pk for m in (Community, Post, Topic)}

    def _when(self) -> datetime:
        """A moment in the community's life, later ones likelier (it grew)."""
        return self.born + timedelta(days=LIFE_DAYS * math.sqrt(self.rng.random()))

    def run(self) -> int:
        rng, dt = self.rng, self.dt
        people = list(
            User.objects.filter(is_placeholder=False).order_by("pk").values_list("pk", flat=True)
        )
        members = rng.sample(people, min(MEMBERS, len(people)))
        # A long tail: the k-th member acts with weight 1 / (k + 1) ** 1.1.
        weights = list(accumulate(1 / (k + 1) ** 1.1 for k in range(len(members))))
        total_weight = weights[-1]

        def someone() -> int:
            return members[bisect(weights, rng.random() * total_weight)]

        community_id = next_id(Community)
        joined = [self.born] + [self._when() for _ in members[1:]]
        with transaction.atomic():
            self._community(community_id, members, joined)
        activities = Inserter(Activity)
        for user_id, when in zip(members, joined, strict=True):
            self._activity(activities, user_id, community_id, "joined", Community, community_id,
                           when)  # fmt: skip
        topics_wanted = max(1, round((self.events - len(members)) / _events_per_topic()))
        topics, posts, thanks = Inserter(Topic), Inserter(Post), Inserter(Thanks)
        topic_id, post_id = next_id(Topic), next_id(Post)
        bar = tqdm(total=self.events, desc="health events", disable=not self.progress)
        bar.update(len(members))
        written = len(members)
        while written < self.events:
            with transaction.atomic():
                for _ in range(min(500, topics_wanted)):
                    if written >= self.events:
                        break
                    author, created = someone(), self._when()
                    kind = rng.choice(TopicKind.values)
                    room = self.events - written - 1
                    count = min(room, int(rng.expovariate(1 / REPLIES_PER_TOPIC)))
                    span = (self.now - created) * rng.uniform(0.01, 0.3)
                    times = sorted(created + span * rng.random() ** 2 for _ in range(count))
                    self._activity(activities, author, community_id, f"{kind}_started", Topic,
                                   topic_id, created)  # fmt: skip
                    written += 1
                    first_post, replied, first_response = post_id, [], None
                    for when in times:
                        if written >= self.events:
                            break
                        replier = someone()
                        thanked = rng.random() < THANKS_SHARE and written + 1 < self.events
                        posts.add(
                            id=post_id, topic=topic_id, author=replier, body=BODY,
                            body_html=f"<p>{BODY}</p>", reply_to=None, created_at=dt(when),
                            is_hidden=False, hidden_reason="", thanks_count=int(thanked),
                        )  # fmt: skip
                        self._activity(activities, replier, community_id, "replied", Post,
                                       post_id, when)  # fmt: skip
                        written += 1
                        replied.append(when)
                        if first_response is None and replier != author:
                            first_response = when
                        if thanked:
                            by = someone()
                            at = min(self.now, when + timedelta(hours=rng.uniform(1, 48)))
                            thanks.add(post=post_id, user=by, created_at=dt(at))
                            self._activity(activities, by, community_id, "thanked", Post,
                                           post_id, at)  # fmt: skip
                            written += 1
                        post_id += 1
                    answer = first_post if kind == TopicKind.QUESTION and replied else None
                    topics.add(
                        id=topic_id, community=community_id, author=author, kind=kind,
                        title="How do you keep a working group going?", body=BODY,
                        body_html=f"<p>{BODY}</p>", created_at=dt(created),
                        last_activity_at=dt(replied[-1] if replied else created),
                        reply_count=len(replied), is_pinned=False, is_locked=False,
                        is_hidden=False, hidden_reason="", answer=answer,
                        answered_at=dt(replied[0]) if answer else None,
                        first_response_at=dt(first_response) if first_response else None,
                    )  # fmt: skip
                    topic_id += 1
                for writer in (topics, posts, thanks, activities):
                    writer.flush()
            bar.n = written
            bar.refresh()
        bar.close()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                from django.core.management.color import no_style

                for sql in connection.ops.sequence_reset_sql(no_style(), [Topic, Post]):
                    cursor.execute(sql)
                cursor.execute("ANALYZE")
        # What the services keep as acts are recorded, built once for the bulk-written stream.
        started = time.perf_counter()
        tallies_rebuild(Community.objects.get(pk=community_id))
        if self.progress:
            print(f"health tallies built in {time.perf_counter() - started:.1f} s")
        return community_id

    def _community(self, community_id: int, members: list[int], joined: list[datetime]) -> None:
        dt = self.dt
        row = Inserter(Community)
        row.add(
            id=community_id, name="Bench health", slug=SLUG, purpose="Health at scale.",
            purpose_html="<p>Health at scale.</p>", values="", values_html="",
            visibility="public", join_policy="open", sector="Public health",
            timezone="Europe/Berlin", created_by=members[0], created_at=dt(self.born),
            member_count=len(members), article_review_months=12, concluded_at=None,
            concluded_note="", concluded_note_html="",
        )  # fmt: skip
        row.flush()
        charter = CharterProposal.objects.create(
            community_id=community_id, body="Be kind.", body_html="<p>Be kind.</p>",
            rationale="Founding charter", proposed_by_id=members[0], created_at=self.born,
            review_ends_at=self.born, status="adopted", decided_at=self.born, version=1,
        )  # fmt: skip
        memberships = Inserter(Membership)
        for position, (user_id, when) in enumerate(zip(members, joined, strict=True)):
            memberships.add(
                user=user_id, community=community_id,
                role="steward" if position < 2 else "member", status="active",
                charter_acknowledged=charter.pk, request_message="",
                joined_at=dt(when), updated_at=dt(when),
            )  # fmt: skip
        memberships.flush()

    def _activity(self, writer, actor, community_id, verb, model, target_id, when) -> None:
        writer.add(
            actor=actor, community=community_id, verb=verb, target_type=self.ct[model],
            target_id=target_id, created_at=self.dt(when),
        )  # fmt: skip


def seed_health_community(events: int, *, seed: int = 1, progress: bool = True) -> int:
    return HealthSeeder(events, seed=seed, progress=progress).run()


def _timed(fn, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _stats(samples: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "max_ms": round(max(samples), 1),
        "samples": len(samples),
    }


def run(rounds: int = 5) -> dict:
    """Time ``community_health`` on the bench-health community (see the module's docstring)."""
    from django.contrib.auth.models import AnonymousUser

    from practica.health.services import community_health

    community = Community.objects.filter(slug=SLUG).first()
    if community is None:
        return {"verdict": "UNAVAILABLE", "reason": f"no community {SLUG!r}: seed first"}
    viewer = AnonymousUser()
    events = Activity.objects.filter(community=community).count()
    report: dict = {"community": SLUG, "events": events, "target_ms": TARGET_SECONDS * 1000}
    for days in (90, 30):

        def compute(days=days):
            return community_health(viewer, community, window_days=days)

        def cold():
            cache.clear()
            compute()

        def after_write():
            bump_community(community.pk)
            compute()

        compute()  # warm the finished windows for "after a write"
        report[f"window_{days}"] = {
            "cold": _stats(_timed(cold, rounds)),
            "after_write": _stats(_timed(after_write, rounds)),
            "cached": _stats(_timed(compute, rounds * 20)),
        }
    limit = TARGET_SECONDS * 1000
    worst = max(
        report[f"window_{d}"][case]["p50_ms"] for d in (90, 30) for case in ("cold", "after_write")
    )
    report["verdict"] = "PASS" if worst <= limit else "FAIL"
    return report


def print_report(report: dict) -> None:
    print(f"\nHealth ({report.get('community')}, {report.get('events', 0):,} activity events)")
    if report["verdict"] == "UNAVAILABLE":
        print(f"  UNAVAILABLE: {report['reason']}")
        return
    print(f"{'window':<8} {'case':<12} {'p50 ms':>9} {'max ms':>9}")
    for days in (90, 30):
        for case in ("cold", "after_write", "cached"):
            row = report[f"window_{days}"][case]
            print(f"{days:<8} {case:<12} {row['p50_ms']:>9.1f} {row['max_ms']:>9.1f}")
    print(f"target ≤ {report['target_ms']:.0f} ms, cold and after a write: {report['verdict']}")
