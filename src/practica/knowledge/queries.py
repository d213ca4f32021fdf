"""Reads of the knowledge repository bounded by the viewer (DESIGN rule 2).

Published and archived articles are read by whoever may see their community; drafts only by
its active members (to anyone else a draft does not exist: 404). Each function runs a fixed
number of queries whatever the data size.
"""

import calendar
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.models import Community
from practica.communities.visibility import is_member, require_viewable
from practica.core.errors import InvalidInput, NotFound
from practica.core.models import normalize_tag
from practica.core.pagination import Page, paginate

from . import diffing
from .models import Article, ArticleKind, ArticleRevision, ArticleStatus, CreditRole, Endorsement

# Lists show title, kind, tags and counts, never the text.
_LIST_DEFERRED = ("body", "body_html")
REVISIONS_PER_PAGE = 30
ENDORSER_NAMES_SHOWN = 50


def months_before(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier (the 31st becomes the month's last)."""
    months = max(0, int(months))
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def review_cutoff(community: Community, now=None) -> datetime:
    """Articles last reviewed before this moment need a review."""
    return months_before(now or timezone.now(), community.article_review_months or 12)


def _id(value, what) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(what)
    if not 0 < value < 2**63:
        raise NotFound(what)
    return value


def _list_rows(community: Community):
    return (
        Article.objects.filter(community=community)
        .select_related("created_by__profile")
        .defer(*_LIST_DEFERRED, "created_by__profile__bio", "created_by__profile__bio_html")
        .prefetch_related("tags")
    )


def visible_articles(
    viewer, community: Community, *, kind=None, tag=None, status=None, page=1, size=None
) -> Page:
    """A page of the community's articles, most recently changed first.

    ``status`` is "published" by default; "draft" lists drafts for members (nothing for
    anyone else); "archived" lists the archive, kept apart from the living articles.
    """
    require_viewable(viewer, community)
    status = status or ArticleStatus.PUBLISHED
    rows = _list_rows(community)
    if status not in ArticleStatus.values:
        rows = rows.none()
    elif status == ArticleStatus.DRAFT and not is_member(viewer, community):
        rows = rows.none()
    else:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind) if kind in ArticleKind.values else rows.none()
    if tag:
        rows = rows.filter(tags__name=normalize_tag(str(tag)))
    return paginate(rows.order_by("-updated_at", "-id"), page, size)


def latest_articles(viewer, community: Community, limit=5) -> list[Article]:
    require_viewable(viewer, community)
    rows = _list_rows(community).filter(status=ArticleStatus.PUBLISHED)
    return list(rows.order_by("-updated_at", "-id")[:limit])


def _stale_rows(community: Community):
    return _list_rows(community).filter(
        status=ArticleStatus.PUBLISHED, reviewed_at__lt=review_cutoff(community)
    )


def stale_articles(viewer, community: Community, *, page=1, size=None) -> Page:
    """Published articles nobody has reviewed for the community's review period, the
    longest unreviewed first."""
    require_viewable(viewer, community)
    return paginate(_stale_rows(community).order_by("reviewed_at", "id"), page, size)


def stale_count(viewer, community: Community) -> int:
    require_viewable(viewer, community)
    return _stale_rows(community).count()


def article_for_viewer(viewer, article_id) -> Article:
    """The article with what its page shows, or NotFound (invisible community, or a draft
    to someone who is not a member)."""
    if isinstance(article_id, Article):
        article_id = article_id.pk
    missing = _("No such article.")
    article_id = _id(article_id, missing)
    article = (
        Article.objects.select_related(
            "community",
            "created_by__profile",
            "reviewed_by__profile",
            "source_topic",
        )
        .prefetch_related("tags")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise NotFound(missing)
    require_viewable(viewer, article.community)
    if article.status == ArticleStatus.DRAFT and not is_member(viewer, article.community):
        raise NotFound(missing)
    return article


def _article(viewer, article) -> Article:
    """An Article already read through ``article_for_viewer``, or an id to read."""
    if isinstance(article, Article) and hasattr(article, "_prefetched_objects_cache"):
        return article
    return article_for_viewer(viewer, article)


def article_revisions(viewer, article_id, *, page=1, size=REVISIONS_PER_PAGE) -> Page:
    """The article's revisions, newest first, with their authors (not their text)."""
    article = _article(viewer, article_id)
    rows = (
        ArticleRevision.objects.filter(article=article)
        .select_related("author__profile")
        .defer("body", "author__profile__bio", "author__profile__bio_html")
        .order_by("-number")
    )
    return paginate(rows, page, size)


def revision_for_viewer(viewer, article_id, number) -> ArticleRevision:
    """One revision of the article (by its number within that article), or NotFound."""
    article = _article(viewer, article_id)
    number = _number(number, "number")
    revision = (
        ArticleRevision.objects.select_related("author__profile")
        .filter(article=article, number=number)
        .first()
    )
    if revision is None:
        raise NotFound(_("“%(t)s” has no revision %(n)d.") % {"t": article.title, "n": number})
    revision.article = article
    return revision


def _number(value, field: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(_("Choose two revisions to compare."), field=field)
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(_("A revision number is a whole number, like 3."), field=field)
    if not 0 < number < 2**31:
        raise NotFound(_("This article has no revision %(n)s.") % {"n": value})
    return number


def revision_content(revision: ArticleRevision) -> dict:
    return {
        "title": revision.title,
        "body": revision.body,
        "kind": revision.kind,
        "url": revision.url,
        "tags": [t for t in revision.tags.split(",") if t],
    }


def article_diff(viewer, article_id, from_number, to_number, *, context=diffing.CONTEXT) -> dict:
    """What changed from one revision of the article to another. Both numbers must name
    revisions of this article; anything else is a clear 400 or 404."""
    article = _article(viewer, article_id)
    first = _number(from_number, "from")
    second = _number(to_number, "to")
    revisions = {
        r.number: r
        for r in ArticleRevision.objects.select_related("author__profile").filter(
            article=article, number__in={first, second}
        )
    }
    for number in (first, second):
        if number not in revisions:
            raise NotFound(_("“%(t)s” has no revision %(n)d.") % {"t": article.title, "n": number})
    old, new = revisions[first], revisions[second]
    for revision in (old, new):
        revision.article = article
    return {
        "article": article,
        "old": old,
        "new": new,
        "diff": diffing.revision_diff(
            revision_content(old), revision_content(new), context=context
        ),
    }


def article_credits(viewer, article_id) -> list[dict]:
    """Everyone the article owes something to, in the order they came in, each once with
    every role: ``{"user_id", "name", "roles": [...], "wrote": bool, "source": bool}``."""
    article = _article(viewer, article_id)
    rows = article.credits.order_by("created_at", "id").values_list(
        "user_id", "role", "user__profile__display_name", "user__email"
    )
    people: dict[int, dict] = {}
    for user_id, role, name, email in rows:
        person = people.setdefault(
            user_id,
            {"user_id": user_id, "name": name if name is not None else email, "roles": []},
        )
        if role not in person["roles"]:
            person["roles"].append(role)
    for person in people.values():
        person["wrote"] = CreditRole.WRITER in person["roles"]
        person["source"] = CreditRole.SOURCE in person["roles"]
    return list(people.values())


def endorsers(viewer, article_id) -> dict:
    """Who endorsed the article: ``{"count", "names", "by_viewer"}``. Names are the first
    ENDORSER_NAMES_SHOWN, in the order they endorsed; the count is all of them."""
    article = _article(viewer, article_id)
    rows = list(
        Endorsement.objects.filter(article=article)
        .order_by("created_at", "id")
        .values_list("user_id", "user__profile__display_name", "user__email")[:ENDORSER_NAMES_SHOWN]
    )
    viewer_id = getattr(viewer, "pk", None)
    by_viewer = False
    if viewer_id is not None:
        by_viewer = any(uid == viewer_id for uid, _n, _e in rows) or (
            len(rows) >= ENDORSER_NAMES_SHOWN
            and Endorsement.objects.filter(article=article, user_id=viewer_id).exists()
        )
    return {
        "count": article.endorsement_count,
        "names": [name if name is not None else email for _uid, name, email in rows],
        "by_viewer": by_viewer,
    }
