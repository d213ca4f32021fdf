"""Where a community's knowledge is missing, read as a viewer may see it (DESIGN rule 2).

Five lists, each with its evidence, read with a few aggregate queries (no query per row):

* questions still waiting for an answer, oldest first, with how long each has waited;
* searches that found nothing or nearly nothing (``SearchMiss``, logged by the search without
  who searched), grouped by their normalised text over the last ``MISS_WINDOW_DAYS`` days;
* needs without supply: tags active members list as knowledge needs while fewer list them as
  expertise, ranked by the difference; and the converse, expertise nobody lists as a need;
* busy topics (``BUSY_MIN_REPLIES`` replies or more) that no article documents yet.

**Counting people is a visibility question.** A member's needs and expertise are profile
fields with an audience each. The counts only include fields the viewer may see: a member of
the community shares it with every other member, so sees "everyone" and "members of my
communities" fields (and all of their own); anyone else sees "everyone" fields only. So a need
hidden from outsiders never adds to what an outsider is shown — the numbers match what the
member directory's filters would find for the same viewer.

**What counts as documented.** A topic is documented when an article that is not archived
names it as its source — a draft included, since "Document this" refuses a second article
while one is in progress. An archived article no longer documents anything: the community
decided it no longer holds, so the topic is a gap again.

Every list comes as a ``Page``: the gaps page shows the first few of each, and a page per
list shows the rest.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from practica.accounts.models import Audience, Profile
from practica.communities.models import Community, Membership, MembershipStatus
from practica.communities.visibility import is_member, profile_field_filter_q, require_viewable
from practica.core.pagination import Page, parse_page
from practica.discussions.models import Topic, TopicKind

from .models import Article, ArticleStatus, SearchMiss

# Searches older than this no longer say much about what the community is missing now.
MISS_WINDOW_DAYS = 180
# A topic this busy holds knowledge worth writing down.
BUSY_MIN_REPLIES = 5
# How many of each list the gaps page shows; the page of one list shows PAGE_SIZE at a time.
OVERVIEW_SIZE = 8
PAGE_SIZE = 20
# Lists are counted up to this many items, and shown as "1000+" beyond.
COUNT_CAP = 1000


@dataclass
class KnowledgeGaps:
    unanswered_questions: Page
    search_misses: Page
    needs_without_supply: Page
    expertise_without_demand: Page
    undocumented_busy_topics: Page


def _page(rows, page, size: int) -> Page:
    """Like ``core.pagination.paginate``, with two savings. A first page that holds the whole
    list (the usual case on the gaps page) costs one query, not two: it reads one row more
    than it shows, and only counts when that row exists. And the count stops at
    ``COUNT_CAP`` (``total_is_capped`` then says so), so a community with tens of thousands
    of open questions is not counted row by row on every visit."""
    number = parse_page(page)
    if number == 1:
        items = list(rows[: size + 1])
        if len(items) <= size:  # the whole list, so its length is exact
            return _capped(Page(items=items, number=1, size=size, total=len(items)), exact=True)
        return _capped(Page(items=items[:size], number=1, size=size, total=_count(rows)))
    total = _count(rows)
    pages = max(1, -(-min(total, COUNT_CAP) // size))
    number = min(number, pages)
    start = (number - 1) * size
    items = list(rows[start : start + size])
    return _capped(Page(items=items, number=number, size=size, total=total))


def _count(rows) -> int:
    # Unordered: counting needs no sort.
    return rows.order_by()[: COUNT_CAP + 1].count()


def _capped(page: Page, *, exact: bool = False) -> Page:
    if exact:
        page.total_is_capped = False
        page.total_display = str(page.total)
        return page
    page.total_is_capped = page.total > COUNT_CAP
    page.total = min(page.total, COUNT_CAP)
    page.total_display = f"{page.total}+" if page.total_is_capped else str(page.total)
    return page


# --- questions waiting ------------------------------------------------------------------------


def unanswered_questions(viewer, community: Community, *, page=1, size=OVERVIEW_SIZE) -> Page:
    """Questions without an answer, oldest first, each with ``waiting_days``. Hidden and
    locked questions are left out: nobody can answer them. Read along the partial index
    ``topic_unanswered_idx`` (its condition is repeated here so the planner matches it)."""
    require_viewable(viewer, community)
    rows = (
        Topic.objects.filter(
            community=community,
            kind=TopicKind.QUESTION,
            answer__isnull=True,
            is_hidden=False,
            is_locked=False,
        )
        .select_related("author__profile")
        .only(
            "id",
            "title",
            "created_at",
            "reply_count",
            "author__id",
            "author__email",
            "author__profile__display_name",
        )
        .order_by("created_at", "id")
    )
    result = _page(rows, page, size)
    today = timezone.now()
    for topic in result.items:
        topic.waiting_days = max(0, (today - topic.created_at).days)
    return result


# --- searches that found little ---------------------------------------------------------------


def search_misses(
    viewer, community: Community, *, days=MISS_WINDOW_DAYS, page=1, size=OVERVIEW_SIZE
) -> Page:
    """Searches that found at most one result, grouped by their normalised text: how many
    times each was searched, when last, and the most it ever found. Most searched first.

    Items are dicts ``{query, searches, last_searched_at, best_result_count}``. Nothing about
    who searched is stored, so nothing about them can be shown."""
    require_viewable(viewer, community)
    since = timezone.now() - timedelta(days=days)
    rows = (
        SearchMiss.objects.filter(community=community, created_at__gte=since)
        .values("query")
        .annotate(
            searches=Count("id"),
            last_searched_at=Max("created_at"),
            best_result_count=Max("result_count"),
        )
        .order_by("-searches", "-last_searched_at", "query")
    )
    return _page(rows, page, size)


# --- needs and expertise ----------------------------------------------------------------------


def _viewer_audiences(viewer, community: Community) -> tuple[list[str], int | None]:
    """The audiences of members' profile fields this viewer belongs to, and the viewer's own
    id when they are a member (who sees all of their own profile)."""
    if is_member(viewer, community):
        return [Audience.EVERYONE, Audience.COMMUNITIES], viewer.pk
    return [Audience.EVERYONE], None


def _tag_holders(field: str, community: Community, audiences: list[str], own_id):
    """Rows of ``Profile.<field>`` (needs or expertise) of the community's active members,
    limited to the people who show that field to the viewer."""
    through = getattr(Profile, field).through
    shown = profile_field_filter_q(field, set(audiences), prefix="profile")
    if own_id is not None:
        shown |= Q(profile__user_id=own_id)
    members = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE).values(
        "user_id"
    )
    return through.objects.filter(shown, profile__user_id__in=members)


@dataclass
class TagCounts:
    """How many of the community's members list each tag as a need and as expertise, as
    the viewer may see them: tag id -> (name, count)."""

    needs: dict[int, tuple[str, int]]
    expertise: dict[int, tuple[str, int]]


def tag_counts(viewer, community: Community) -> TagCounts:
    """Two grouped queries, one per profile-tag table, each read once whatever the number of
    tags. The result holds one entry per distinct tag the members use, a vocabulary that
    stays small next to the number of people; ranking it in Python costs less than asking
    the database to rank by a difference of two correlated counts."""
    require_viewable(viewer, community)
    audiences, own_id = _viewer_audiences(viewer, community)

    def counted(field: str) -> dict[int, tuple[str, int]]:
        rows = (
            _tag_holders(field, community, audiences, own_id)
            .order_by()
            .values("tag_id", "tag__name")
            .annotate(n=Count("id"))
            .values_list("tag_id", "tag__name", "n")
        )
        return {tag_id: (name, n) for tag_id, name, n in rows}

    return TagCounts(needs=counted("needs"), expertise=counted("expertise"))


def _list_page(items: list, page, size: int) -> Page:
    total = len(items)
    number = min(parse_page(page), max(1, -(-total // size)))
    start = (number - 1) * size
    page = Page(items=items[start : start + size], number=number, size=size, total=total)
    return _capped(page, exact=True)


def needs_without_supply(
    viewer, community: Community, *, page=1, size=OVERVIEW_SIZE, counts: TagCounts | None = None
) -> Page:
    """Tags more members list as a knowledge need than as expertise, the widest gap first
    (then the most needed, then by name). Items are ``{tag, needs, expertise}``."""
    counts = counts or tag_counts(viewer, community)
    rows = []
    for tag_id, (name, needs) in counts.needs.items():
        expertise = counts.expertise.get(tag_id, ("", 0))[1]
        if needs > expertise:
            rows.append({"tag": name, "needs": needs, "expertise": expertise})
    rows.sort(key=lambda r: (r["expertise"] - r["needs"], -r["needs"], r["tag"]))
    return _list_page(rows, page, size)


def expertise_without_demand(
    viewer, community: Community, *, page=1, size=OVERVIEW_SIZE, counts: TagCounts | None = None
) -> Page:
    """Tags members list as expertise that nobody lists as a need yet, the most offered
    first, then by name. Items are ``{tag, expertise, needs}`` (``needs`` is 0)."""
    counts = counts or tag_counts(viewer, community)
    rows = [
        {"tag": name, "expertise": expertise, "needs": 0}
        for tag_id, (name, expertise) in counts.expertise.items()
        if tag_id not in counts.needs
    ]
    rows.sort(key=lambda r: (-r["expertise"], r["tag"]))
    return _list_page(rows, page, size)


# --- busy topics nobody documented ------------------------------------------------------------


def _documenting_articles():
    return Article.objects.filter(source_topic_id=OuterRef("pk")).exclude(
        status=ArticleStatus.ARCHIVED
    )


def undocumented_busy_topics(
    viewer, community: Community, *, min_replies=BUSY_MIN_REPLIES, page=1, size=OVERVIEW_SIZE
) -> Page:
    """Visible topics with at least ``min_replies`` replies that no article (other than an
    archived one) documents, the most replies first, then the most recently active."""
    require_viewable(viewer, community)
    rows = (
        Topic.objects.filter(community=community, is_hidden=False, reply_count__gte=min_replies)
        .exclude(Exists(_documenting_articles()))
        .only("id", "title", "kind", "reply_count", "last_activity_at", "answer_id", "created_at")
        .order_by("-reply_count", "-last_activity_at", "-id")
    )
    return _page(rows, page, size)


def knowledge_gaps(viewer, community: Community, *, size=OVERVIEW_SIZE) -> KnowledgeGaps:
    """The first ``size`` of every list, for the gaps page and the API."""
    counts = tag_counts(viewer, community)
    return KnowledgeGaps(
        unanswered_questions=unanswered_questions(viewer, community, size=size),
        search_misses=search_misses(viewer, community, size=size),
        needs_without_supply=needs_without_supply(viewer, community, size=size, counts=counts),
        expertise_without_demand=expertise_without_demand(
            viewer, community, size=size, counts=counts
        ),
        undocumented_busy_topics=undocumented_busy_topics(viewer, community, size=size),
    )
