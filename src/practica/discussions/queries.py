"""Reads of discussions bounded by the viewer (DESIGN rule 2). Hidden topics are listed only
for stewards; a hidden post shows its reason instead of its text to everyone but stewards and
its author. Each function runs a fixed number of queries whatever the data size."""

from django.db.models import Q
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.visibility import is_steward, require_viewable, visible_community_q
from practica.core.cache import remembered, versions
from practica.core.errors import NotFound
from practica.core.models import normalize_tag
from practica.core.pagination import Page, paginate, parse_page

from .models import Post, Thanks, Topic, TopicKind

# Replies per page. The API keeps 50; the topic page shows 25, because rendering a post as
# HTML costs far more than reading it.
POSTS_PER_PAGE = 50
POSTS_PER_TOPIC_PAGE = 25


# Lists show a topic's title, counts and author's name, never its text or the author's bio.
_LIST_DEFERRED = ("body", "body_html", "author__profile__bio", "author__profile__bio_html")


def _topic_rows(viewer, community: Community):
    rows = Topic.objects.filter(community=community)
    if not is_steward(viewer, community):
        rows = rows.filter(is_hidden=False)
    return rows.select_related("author__profile").defer(*_LIST_DEFERRED).prefetch_related("tags")


def topics_for_viewer(
    viewer, community: Community, *, kind=None, tag=None, unanswered=False, page=1, size=None
) -> Page:
    """Pinned first, then by latest activity; filter by kind, tag, or unanswered questions.

    A page is kept in the cache until something in the community or someone's name changes
    (practica.core.cache): counting a large community's topics and reading a page with its
    authors and tags costs milliseconds, and lists (the API's above all) are read far more
    often than topics are written. Stewards, who also see hidden topics, have pages of their
    own.
    """
    require_viewable(viewer, community)
    steward = is_steward(viewer, community)
    rows = _topic_rows(viewer, community)
    if kind:
        rows = rows.filter(kind=kind) if kind in TopicKind.values else rows.none()
    if tag:
        tag = normalize_tag(tag)
        rows = rows.filter(tags__name=tag)
    if unanswered:
        rows = rows.filter(kind=TopicKind.QUESTION, answer__isnull=True)
    rows = rows.order_by("-is_pinned", "-last_activity_at", "-id")
    filters = (kind, tag, bool(unanswered), parse_page(page), size)
    return remembered(
        "topic-list",
        (community.pk, versions(community.pk), steward, filters),
        lambda: paginate(rows, page, size),
    )


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


def topic_for_viewer(viewer, topic_id, *, details=True) -> Topic:
    """The topic if its community is visible to the viewer, else NotFound. Hidden topics are
    returned too (the page says why they were hidden); lists leave them out.

    With ``details=False`` only the topic and its community are read — enough to check
    access and to find the page in the cache — without its author, answer and tags.
    """
    try:
        topic_id = int(topic_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such topic."))
    rows = Topic.objects.select_related("community")
    if details:
        rows = rows.select_related("author__profile", "answer__author__profile")
        rows = rows.prefetch_related("tags")
    topic = rows.filter(pk=topic_id).first()
    if topic is None:
        raise NotFound(_("No such topic."))
    require_viewable(viewer, topic.community)
    return topic


# A page of replies shows authors' names and whom a post answers, never their bios or the
# text of the post replied to.
_POST_DEFERRED = (
    "author__profile__bio",
    "author__profile__bio_html",
    "reply_to__body",
    "reply_to__body_html",
    "reply_to__author__profile__bio",
    "reply_to__author__profile__bio_html",
)


def topic_posts(viewer, topic: Topic, page=1, size=POSTS_PER_PAGE) -> Page:
    """A page of replies in order, with authors, what they reply to, and who said thanks."""
    rows = (
        Post.objects.filter(topic=topic)
        .select_related("author__profile", "reply_to__author__profile")
        .defer(*_POST_DEFERRED)
        .order_by("created_at", "id")
    )
    result = paginate(rows, page, size)
    thanks = _thanks_of([post.pk for post in result.items])
    viewer_id = getattr(viewer, "pk", None)
    steward = is_steward(viewer, topic.community)
    for post in result.items:
        given = thanks.get(post.pk, [])
        post.thanked_by_viewer = any(user_id == viewer_id for user_id, _name in given)
        post.thanker_names = [name for _user_id, name in given]
        post.show_body = not post.is_hidden or steward or post.author_id == viewer_id
    return result


def _thanks_of(post_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Who thanked each post, in the order they did: (user id, name) pairs from one query
    that builds no model objects — a page of replies can carry hundreds of thanks."""
    rows = (
        Thanks.objects.filter(post_id__in=post_ids)
        .order_by("id")
        .values_list("post_id", "user_id", "user__profile__display_name", "user__email")
    )
    given: dict[int, list[tuple[int, str]]] = {}
    for post_id, user_id, name, email in rows:
        # As str(user): the profile's name, or the address of an account without a profile.
        given.setdefault(post_id, []).append((user_id, name if name is not None else email))
    return given


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


def viewer_post_relations(viewer, topic: Topic) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The ids of the topic's posts the viewer wrote, and of those they thanked.

    With their role in the community, this is all that makes one person's view of a topic
    page differ from another's, so it keys the page's cached rendering.
    """
    if not getattr(viewer, "is_authenticated", False):
        return (), ()
    wrote = Post.objects.filter(topic=topic, author=viewer).order_by("id")
    thanked = Thanks.objects.filter(post__topic=topic, user=viewer).order_by("post_id")
    return (
        tuple(wrote.values_list("id", flat=True)),
        tuple(thanked.values_list("post_id", flat=True)),
    )


def post_page_number(post: Post, size=POSTS_PER_TOPIC_PAGE) -> int:
    """Which page of the topic page a post is on, for links to it."""
    before = (
        Post.objects.filter(topic_id=post.topic_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.id))
        .count()
    )
    return before // size + 1
