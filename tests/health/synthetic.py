"""Synthetic activity for health tests: topics, replies and other acts at chosen moments,
written the way services write them (a row plus its activity, dated with ``at``)."""

from datetime import UTC, datetime

from practica.communities.activity import activity_record
from practica.communities.models import Membership
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
