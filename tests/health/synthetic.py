"""Synthetic activity for health tests: topics, replies and other acts at chosen moments,
written the way services write them (a row plus its activity, dated with ``at``)."""

from datetime import UTC, datetime, timedelta

from django.utils.timezone import now

from practica.communities.activity import activity_record
from practica.communities.models import Membership
from practica.communities.services import community_join
from practica.discussions.models import Post, Topic


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def topic(community, author, at, kind="question", title="A topic"):
    t = Topic.objects.create(
        community=community,
        author=author,
        kind=kind,
        title=title,
        body="…",
        body_html="<p>…</p>",
        created_at=at,
        last_activity_at=at,
    )
    activity_record(author, community, f"{kind}_started", t, at=at)
    return t


def reply(t, author, at):
    p = Post.objects.create(topic=t, author=author, body="…", body_html="<p>…</p>", created_at=at)
    activity_record(author, t.community, "replied", p, at=at)
    return p


def members_since(community, when) -> None:
    """Date every membership of the community back to ``when``."""
    Membership.objects.filter(community=community).update(joined_at=when)


def declining(community, make_user):
    """Windows of 30 days back from today: 10 people contributed 61–90 days ago (all new),
    5 of them 31–60 days ago, 2 in the last 30 — two falls of more than 20 %, fewer
    newcomers: the decline alert, today and yesterday alike."""
    people = [make_user(f"Dee {i}") for i in range(10)]
    for person in people:
        community_join(person, community, acknowledge_charter=True)
    members_since(community, now() - timedelta(days=400))
    for i, person in enumerate(people):
        topic(community, person, now() - timedelta(days=75), kind="discussion")
        if i < 5:
            topic(community, person, now() - timedelta(days=45), kind="discussion")
        if i < 2:
            topic(community, person, now() - timedelta(days=10), kind="discussion")
    return community
