"""Reads of discussions bounded by the viewer (DESIGN rule 2). Hidden topics are listed only
for stewards; a hidden post shows its reason instead of its text to everyone but stewards and
its author. Each function runs a fixed number of queries whatever the data size."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.visibility import is_steward, require_viewable, visible_community_q
from practica.core.errors import NotFound
from practica.core.models import normalize_tag
from practica.core.pagination import Page, paginate

from .models import Post, Thanks, Topic, TopicKind

POSTS_PER_PAGE = 50


def _topic_rows(viewer, community: Community):
    rows = Topic.objects.filter(community=community)
    if not is_steward(viewer, community):
        rows = rows.filter(is_hidden=False)
    return rows.select_related("author__profile").prefetch_related("tags")


def topics_for_viewer(
    viewer, community: Community, *, kind=None, tag=None, unanswered=False, page=1, size=None
) -> Page:
    """Pinned first, then by latest activity; filter by kind, tag, or unanswered questions."""
    require_viewable(viewer, community)
    rows = _topic_rows(viewer, community)
    if kind:
        rows = rows.filter(kind=kind) if kind in TopicKind.values else rows.none()
    if tag:
        rows = rows.filter(tags__name=normalize_tag(tag))
    if unanswered:
        rows = rows.filter(kind=TopicKind.QUESTION, answer__isnull=True)
    return paginate(rows.order_by("-is_pinned", "-last_activity_at", "-id"), page, size)


def latest_topics(viewer, community: Community, limit=8) -> list[Topic]:
    require_viewable(viewer, community)
    return list(_topic_rows(viewer, community).order_by("-last_activity_at", "-id")[:limit])


def unanswered_questions(viewer, community: Community, limit=5) -> list[Topic]:
    """Open questions, oldest first: the ones that have waited longest need help most."""
    require_viewable(viewer, community)
    return list(
        _topic_rows(viewer, community)
        .filter(kind=TopicKind.QUESTION, answer__isnull=True, is_locked=False)
        .order_by("created_at", "id")[:limit]
    )


def topic_for_viewer(viewer, topic_id) -> Topic:
    """The topic if its community is visible to the viewer, else NotFound. Hidden topics are
    returned too (the page says why they were hidden); lists leave them out."""
    try:
        topic_id = int(topic_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such topic."))
    topic = (
        Topic.objects.select_related("community", "author__profile", "answer__author__profile")
        .prefetch_related("tags")
        .filter(pk=topic_id)
        .first()
    )
    if topic is None:
        raise NotFound(_("No such topic."))
    require_viewable(viewer, topic.community)
    return topic


def topic_posts(viewer, topic: Topic, page=1, size=POSTS_PER_PAGE) -> Page:
    """A page of replies in order, with authors, what they reply to, and who said thanks."""
    rows = (
        Post.objects.filter(topic=topic)
        .select_related("author__profile", "reply_to__author__profile")
        .prefetch_related(
            Prefetch("thanks", queryset=Thanks.objects.select_related("user__profile"))
        )
        .order_by("created_at", "id")
    )
    result = paginate(rows, page, size)
    viewer_id = getattr(viewer, "pk", None)
    steward = is_steward(viewer, topic.community)
    for post in result.items:
        thanks = list(post.thanks.all())
        post.thanked_by_viewer = any(t.user_id == viewer_id for t in thanks)
        post.thanker_names = [str(t.user) for t in thanks]
        post.show_body = not post.is_hidden or steward or post.author_id == viewer_id
    return result


def post_for_viewer(viewer, post_id) -> Post:
    try:
        post_id = int(post_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such post."))
    post = (
        Post.objects.select_related("topic__community", "author__profile")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise NotFound(_("No such post."))
    require_viewable(viewer, post.topic.community)
    return post


def topics_by_author(viewer, user_id, limit=10) -> list[Topic]:
    """Someone's recent topics in communities this viewer can see (for their profile page)."""
    return list(
        Topic.objects.filter(visible_community_q(viewer), author_id=user_id, is_hidden=False)
        .select_related("community")
        .order_by("-created_at")[:limit]
    )


def post_page_number(post: Post, size=POSTS_PER_PAGE) -> int:
    """Which page of its topic a post is on, for links to it."""
    before = (
        Post.objects.filter(topic_id=post.topic_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.id))
        .count()
    )
    return before // size + 1
