"""Every write to the knowledge repository (DESIGN rule 1): writing and editing articles,
restoring an old revision, publishing and archiving, endorsing, marking reviewed, and
"Document this" — turning a discussion into a draft article.

Egalitarian by design: any active member may write, edit, publish or restore; only archiving
(and bringing an article back from the archive) is a steward's housekeeping. Every change of
content writes an ``ArticleRevision`` (numbered 1…n, with author and summary) and credits the
editor; a change that changes nothing is refused rather than stored as an empty revision.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.communities.activity import activity_record, require_not_concluded
from practica.communities.models import Community
from practica.communities.visibility import (
    is_member,
    member_community_ids,
    require_member,
    require_steward,
    require_viewable,
)
from practica.core import ratelimit
from practica.core.errors import Conflict, InvalidInput, NotFound
from practica.core.markdown import render_markdown
from practica.core.tags import parse_tags, tags_get_or_create
from practica.core.text import clean_body, clean_choice, clean_title
from practica.discussions.models import Post, Topic, TopicKind
from practica.discussions.queries import topic_for_viewer

from .indexing import article_index
from .models import (
    Article,
    ArticleCredit,
    ArticleKind,
    ArticleRevision,
    ArticleStatus,
    CreditRole,
    Endorsement,
    SearchMiss,
)

URL_MAX = 500
SUMMARY_MAX = 300
# How much of a discussion "Document this" copies: enough to start from, never a wall.
DOCUMENT_MAX_POSTS = 30

_url_validator = URLValidator(schemes=["http", "https"])


# --- cleaning input -----------------------------------------------------------------------------


def _clean_title(title) -> str:
    return clean_title(title, empty_message=_("Give the article a title."))


def _clean_body(body) -> str:
    return clean_body(body, empty_message=_("Write the article's text first."))


def _clean_kind(kind) -> str:
    return clean_choice(kind, ArticleKind.values, field="kind")


def _clean_url(url) -> str:
    if url is None:
        return ""
    if not isinstance(url, str):
        raise InvalidInput(_("The link must be a web address."), field="url")
    url = url.strip()
    if not url:
        return ""
    if len(url) > URL_MAX:
        raise InvalidInput(
            _("A link can be at most %(n)d characters.") % {"n": URL_MAX}, field="url"
        )
    try:
        _url_validator(url)
    except ValidationError:
        raise InvalidInput(
            _("The link must be a full web address starting with http:// or https://."),
            field="url",
        )
    return url


def _clean_summary(summary) -> str:
    if summary is None:
        return ""
    if not isinstance(summary, str):
        raise InvalidInput(_("The summary must be text."), field="summary")
    summary = " ".join(summary.split())
    if len(summary) > SUMMARY_MAX:
        raise InvalidInput(
            _("Keep the summary under %(n)d characters.") % {"n": SUMMARY_MAX},
            field="summary",
        )
    return summary


def _require_link(kind: str, url: str) -> None:
    if kind == ArticleKind.RESOURCE and not url:
        raise InvalidInput(
            _("A resource is a link with an annotation: give its web address."), field="url"
        )


def _clean_number(number, field="number") -> int:
    try:
        number = int(number)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(_("A revision number is a whole number, like 3."), field=field)
    if number < 1 or number > 2**31:
        raise NotFound(_("This article has no revision %(n)s.") % {"n": number})
    return number


# --- finding what to change ---------------------------------------------------------------------


def _article_for_write(actor, article_id, *, lock: bool = True) -> Article:
    """The article, if the actor may see it; drafts are invisible (404) to non-members."""
    try:
        article_id = int(article_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such article."))
    if not 0 < article_id < 2**63:
        raise NotFound(_("No such article."))
    rows = Article.objects.select_related("community")
    if lock:
        rows = rows.select_for_update(of=("self",))
    article = rows.filter(pk=article_id).first()
    if article is None:
        raise NotFound(_("No such article."))
    require_viewable(actor, article.community)
    if article.status == ArticleStatus.DRAFT and not is_member(actor, article.community):
        raise NotFound(_("No such article."))
    return article


def _writable(actor, community: Community) -> None:
    require_member(actor, community)
    require_not_concluded(community)


def _tag_snapshot(names: list[str]) -> str:
    return ",".join(names)


def _current_tags(article: Article) -> list[str]:
    return list(article.tags.order_by("name").values_list("name", flat=True))


def _sorted_unique(names: list[str]) -> list[str]:
    return sorted(set(names))


def _credit(article: Article, users, role: str) -> None:
    rows = [ArticleCredit(article=article, user_id=uid, role=role) for uid in users if uid]
    ArticleCredit.objects.bulk_create(rows, ignore_conflicts=True)


def _write_revision(
    article: Article, actor, *, tags: list[str], summary: str, restored_from=None
) -> ArticleRevision:
    """Append the article's current content as its next revision and credit the writer."""
    article.revision_count += 1
    revision = ArticleRevision.objects.create(
        article=article,
        number=article.revision_count,
        kind=article.kind,
        title=article.title,
        body=article.body,
        url=article.url,
        status=article.status,
        tags=_tag_snapshot(tags),
        author=actor,
        summary=summary,
        restored_from=restored_from,
        created_at=article.updated_at,
    )
    _credit(article, [actor.pk], CreditRole.WRITER)
    return revision


# --- writing ------------------------------------------------------------------------------------


def article_create(
    actor,
    community: Community,
    *,
    kind,
    title,
    body,
    tags=None,
    url="",
    status="draft",
    summary="",
) -> Article:
    """Any member writes an article, as a draft (the default) or published straight away."""
    _writable(actor, community)
    kind = _clean_kind(kind)
    title = _clean_title(title)
    body = _clean_body(body)
    url = _clean_url(url)
    _require_link(kind, url)
    if status not in (ArticleStatus.DRAFT, ArticleStatus.PUBLISHED):
        raise InvalidInput(
            _("A new article is a draft or published; only a steward archives."),
            field="status",
        )
    summary = _clean_summary(summary) or _("First version")
    tag_names = _sorted_unique(parse_tags(tags))
    return _create(actor, community, kind, title, body, url, status, tag_names, summary)


def _create(actor, community, kind, title, body, url, status, tag_names, summary, *, source=None):
    now = timezone.now()
    with transaction.atomic():
        article = Article.objects.create(
            community=community,
            kind=kind,
            title=title,
            body=body,
            body_html=render_markdown(body),
            url=url,
            status=status,
            created_by=actor,
            created_at=now,
            updated_at=now,
            reviewed_at=now,
            reviewed_by=actor,
            source_topic=source,
        )
        if tag_names:
            article.tags.set(tags_get_or_create(tag_names))
        _write_revision(article, actor, tags=tag_names, summary=summary)
        Article.objects.filter(pk=article.pk).update(revision_count=article.revision_count)
        article_index(article, tag_names)
        activity_record(
            actor, community, "topic_documented" if source else "article_created", article
        )
    return article


def article_edit(
    actor, article_id, *, title=None, body=None, kind=None, tags=None, url=None, summary=""
) -> Article:
    """Any member edits any article that is not archived; the edit is a new revision with
    its author and summary, credits its author, and counts as a review."""
    summary = _clean_summary(summary)
    with transaction.atomic():
        article = _article_for_write(actor, article_id)
        _writable(actor, article.community)
        if article.status == ArticleStatus.ARCHIVED:
            raise Conflict(
                _("This article is archived; a steward must bring it back before it changes.")
            )
        new_kind = _clean_kind(kind) if kind is not None else article.kind
        new_title = _clean_title(title) if title is not None else article.title
        new_body = _clean_body(body) if body is not None else article.body
        new_url = _clean_url(url) if url is not None else article.url
        _require_link(new_kind, new_url)
        old_tags = _current_tags(article)
        new_tags = _sorted_unique(parse_tags(tags)) if tags is not None else old_tags
        _apply_content(
            actor,
            article,
            (new_kind, new_title, new_body, new_url, new_tags),
            old_tags=old_tags,
            summary=summary,
        )
        activity_record(actor, article.community, "article_edited", article)
    return article


def _apply_content(actor, article, content, *, old_tags, summary, restored_from=None) -> None:
    """Store new content as the next revision, or refuse if nothing would change."""
    kind, title, body, url, tags = content
    before = (article.kind, article.title, article.body, article.url, old_tags)
    if (kind, title, body, url, tags) == before:
        raise InvalidInput(
            _("Nothing changed: this is the text the article already has."), field="body"
        )
    now = timezone.now()
    article.kind, article.title, article.url = kind, title, url
    if body != article.body:
        article.body = body
        article.body_html = render_markdown(body)
    article.updated_at = now
    article.reviewed_at, article.reviewed_by = now, actor
    if tags != old_tags:
        article.tags.set(tags_get_or_create(tags))
    _write_revision(article, actor, tags=tags, summary=summary, restored_from=restored_from)
    article.save()
    article_index(article, tags)


def article_restore(actor, article_id, number, summary="") -> Article:
    """Bring back an old revision's content as a new revision (history is never rewritten)."""
    summary = _clean_summary(summary)
    number = _clean_number(number)
    with transaction.atomic():
        article = _article_for_write(actor, article_id)
        _writable(actor, article.community)
        if article.status == ArticleStatus.ARCHIVED:
            raise Conflict(
                _("This article is archived; a steward must bring it back before it changes.")
            )
        old = ArticleRevision.objects.filter(article=article, number=number).first()
        if old is None:
            raise NotFound(_("This article has no revision %(n)s.") % {"n": number})
        tags = _sorted_unique([t for t in old.tags.split(",") if t])
        summary = summary or _("Restored revision %(n)d") % {"n": number}
        _apply_content(
            actor,
            article,
            (old.kind, old.title, old.body, old.url, tags),
            old_tags=_current_tags(article),
            summary=summary,
            restored_from=number,
        )
        activity_record(actor, article.community, "article_restored", article)
    return article


def article_set_status(actor, article_id, status) -> Article:
    """Publish a draft or take it back to draft (any member); archive or bring back from the
    archive (stewards only). Setting the status it already has changes nothing."""
    if status not in ArticleStatus.values:
        raise InvalidInput(
            _("Status must be one of: %(s)s.") % {"s": ", ".join(ArticleStatus.values)},
            field="status",
        )
    with transaction.atomic():
        article = _article_for_write(actor, article_id)
        _writable(actor, article.community)
        if ArticleStatus.ARCHIVED in (status, article.status):
            require_steward(actor, article.community)
        if article.status == status:
            return article
        article.status = status
        article.save(update_fields=["status"])
        # The latest revision records the status the content was in; keep it current.
        ArticleRevision.objects.filter(article=article, number=article.revision_count).update(
            status=status
        )
        article_index(article)
        activity_record(actor, article.community, "article_status", article)
    return article


def article_endorse(actor, article_id, endorsed: bool = True) -> Article:
    """A member says the article reflects their practice (or takes that back)."""
    with transaction.atomic():
        article = _article_for_write(actor, article_id)
        _writable(actor, article.community)
        if endorsed:
            if article.status != ArticleStatus.PUBLISHED:
                raise Conflict(_("Only a published article can be endorsed."))
            _row, created = Endorsement.objects.get_or_create(article=article, user=actor)
            if created:
                Article.objects.filter(pk=article.pk).update(
                    endorsement_count=F("endorsement_count") + 1
                )
                activity_record(actor, article.community, "article_endorsed", article)
        else:
            deleted, _rows = Endorsement.objects.filter(article=article, user=actor).delete()
            if deleted:
                Article.objects.filter(pk=article.pk).update(
                    endorsement_count=F("endorsement_count") - 1
                )
                activity_record(actor, article.community, "endorsement_withdrawn", article)
    article.refresh_from_db(fields=["endorsement_count"])
    return article


def article_mark_reviewed(actor, article_id) -> Article:
    """A member confirms the article still holds: it leaves the "needs review" list."""
    with transaction.atomic():
        article = _article_for_write(actor, article_id)
        _writable(actor, article.community)
        if article.status == ArticleStatus.ARCHIVED:
            raise Conflict(_("An archived article is not reviewed; it is kept as it was."))
        article.reviewed_at, article.reviewed_by = timezone.now(), actor
        article.save(update_fields=["reviewed_at", "reviewed_by"])
        activity_record(actor, article.community, "article_reviewed", article)
    return article


# --- "Document this" ----------------------------------------------------------------------------


def existing_documentation(topic_id) -> Article | None:
    """The article already made from this topic (not archived), if any."""
    return (
        Article.objects.filter(source_topic_id=topic_id)
        .exclude(status=ArticleStatus.ARCHIVED)
        .order_by("id")
        .first()
    )


def _name(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    if user is None:
        return _("a former member")
    return profile.display_name if profile else str(user)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _document_body(topic: Topic, posts: list[Post]) -> tuple[str, list[Post]]:
    """The draft's Markdown: where it comes from, the opening post, the accepted answer, and
    other visible replies in order, each attributed; stops before the text gets too long."""
    link = reverse("discussions:topic", args=[topic.pk])
    intro = _(
        "Documented from the discussion [%(title)s](%(link)s). Edit it into a practice "
        "others can follow; the people quoted are credited."
    ) % {
        "title": topic.title.replace("]", "\\]"),
        "link": link,
    }
    opening = _("Question") if topic.kind == TopicKind.QUESTION else _("Where it started")
    budget = settings.MAX_BODY_LENGTH - 500
    # The opening post may be as long as an article may be: it gets half the room, so the
    # draft can always be saved again as it is (quoting adds "> " to every line).
    room = budget // 2
    opening_text = topic.body
    if len(_quote(opening_text)) > room:
        while opening_text and len(_quote(opening_text)) > room - 1:
            opening_text = opening_text[: len(opening_text) - max(1, len(opening_text) // 10)]
        opening_text = opening_text.rstrip() + "…"
    parts = [
        intro,
        f"## {opening}",
        _quote(opening_text),
        f"— {_name(topic.author)}",
    ]
    used: list[Post] = []

    def add(section: list[str], post: Post) -> bool:
        text = "\n\n".join(section)
        if len("\n\n".join(parts)) + len(text) > budget:
            return False
        parts.extend(section)
        used.append(post)
        return True

    answer = next((p for p in posts if p.pk == topic.answer_id), None)
    if answer is not None:
        add(
            [f"## {_('The accepted answer')}", _quote(answer.body), f"— {_name(answer.author)}"],
            answer,
        )
    others = [p for p in posts if p is not answer]
    if others:
        parts.append(f"## {_('From the discussion')}")
        for post in others:
            if not add([_quote(post.body), f"— {_name(post.author)}"], post):
                break
    return "\n\n".join(parts), used


def topic_document(actor, topic_id) -> Article:
    """Turn a discussion into a draft article that links back to it and credits everyone
    whose words went in. A question becomes a guide, anything else a practice."""
    topic = topic_for_viewer(actor, topic_id)
    community = topic.community
    _writable(actor, community)
    if topic.is_hidden:
        raise Conflict(_("A steward hid this topic; it cannot be documented."))
    existing = existing_documentation(topic.pk)
    if existing is not None:
        raise Conflict(
            _("This topic is already documented in “%(t)s”; edit that article instead.")
            % {"t": existing.title}
        )
    posts = list(
        Post.objects.filter(topic=topic, is_hidden=False)
        .select_related("author__profile")
        .order_by("created_at", "id")[: DOCUMENT_MAX_POSTS + 1]
    )
    if topic.answer_id and all(p.pk != topic.answer_id for p in posts):
        answer = (
            Post.objects.filter(pk=topic.answer_id, is_hidden=False)
            .select_related("author__profile")
            .first()
        )
        posts = [answer] + posts if answer else posts
    posts = posts[: DOCUMENT_MAX_POSTS + 1]
    body, used = _document_body(topic, posts)
    kind = ArticleKind.GUIDE if topic.kind == TopicKind.QUESTION else ArticleKind.PRACTICE
    tag_names = _sorted_unique([t.name for t in topic.tags.all()])
    summary = _("Documented from “%(t)s”") % {"t": topic.title}
    with transaction.atomic():
        article = _create(
            actor,
            community,
            kind,
            topic.title,
            body,
            "",
            ArticleStatus.DRAFT,
            tag_names,
            summary[:SUMMARY_MAX],
            source=topic,
        )
        sources = [topic.author_id] + [p.author_id for p in used]
        _credit(article, list(dict.fromkeys(sources)), CreditRole.SOURCE)
    return article


# --- search misses (for the knowledge gaps page) ----------------------------------------------

MISS_COMMUNITIES_MAX = 20
MISS_PER_PERSON_HOUR = 30  # searches that found little one person may log in an hour


def search_miss_record(viewer, normalised: str, result_count: int, *, community=None) -> int:
    """Log a search that found little: in the community it was made in, or — a site-wide
    search by a signed-in person — in each community they are an active member of (at most
    MISS_COMMUNITIES_MAX). Never who searched. Concluded communities are read-only and skipped.
    Returns how many rows were written."""
    query = (normalised or "").strip()[: SearchMiss._meta.get_field("query").max_length]
    if not query or viewer is None or not viewer.is_authenticated:
        return 0
    # Only members speak for a community's gaps, so nobody outside can write onto its page;
    # and one person counts once per query a day, at most MISS_PER_PERSON_HOUR queries an
    # hour. The counters live in the cache under a hash and expire: nothing stored says who.
    if not ratelimit.hit("search-miss-query", f"{viewer.pk}:{query}", 1, 86400):
        return 0
    if not ratelimit.hit("search-miss", str(viewer.pk), MISS_PER_PERSON_HOUR, 3600):
        return 0
    member_of = member_community_ids(viewer)
    if community is not None:
        targets = [community] if community.pk in member_of else []
    else:
        ids = member_of[:MISS_COMMUNITIES_MAX]
        targets = list(Community.objects.filter(pk__in=ids).order_by("pk"))
    rows = [
        SearchMiss(community=c, query=query, result_count=result_count)
        for c in targets
        if not getattr(c, "is_concluded", False)
    ]
    with transaction.atomic():
        SearchMiss.objects.bulk_create(rows)
    return len(rows)
