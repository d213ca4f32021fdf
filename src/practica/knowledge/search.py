"""Search across everything a viewer may see: topics, posts, articles and people.

One interface (``search``) over each engine's native index of ``core.SearchDocument``
(migration ``core/0003_search_index``): SQLite FTS5 ranked with bm25, PostgreSQL tsvector
with a GIN index ranked with ts_rank. Both return the same contract.

**Visibility** is decided in SQL, before anything is counted, by the rules the pages use
(``communities.visibility``): topics, posts and articles only from public communities and the
private ones the viewer is an active member of; a person's profile whenever their profile page
exists (an active account, placeholders included), searched by the fields they show to
everyone, and by the fields shown to "members of my communities" only for the person
themselves and people who share an active membership with them. Snippets follow the same rule.

**Ranking at scale.** Ranking every match of a word found in a quarter of the documents
costs a pass over all of them. The candidates are therefore the ``CANDIDATES`` newest visible
matches (read in index order, newest first, stopping early), then ranked; the count is exact
up to ``COUNT_CAP`` and shown as "1,000+" beyond. A query with fewer matches than that is
ranked by bm25 / ts_rank over all of them; on SQLite one with more is ranked by where its words
were found (see ``_SQLite.candidates``).
"""

import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from practica.accounts.models import Profile, User
from practica.communities.models import Community, Membership, MembershipStatus, Visibility
from practica.communities.visibility import community_for_viewer, member_community_ids
from practica.core.errors import InvalidInput
from practica.core.models import SearchDocument, normalize_tag
from practica.core.pagination import parse_page
from practica.core.search import plain_text
from practica.discussions.models import Post, Topic

from . import searchquery
from .services import search_miss_record

KINDS = ("topic", "post", "article", "profile")
PAGE_SIZE = 20
COUNT_CAP = 1000
CANDIDATES = COUNT_CAP + 1
MISS_THRESHOLD = 1  # a search finding this many results or fewer is logged as a miss
FTS = "core_searchdocument_fts"
PUBLIC_COLUMNS = ["title", "body", "tags"]
# bm25 column weights: title, body, tags, members_text.
# Members-only profile fields weigh nothing: where a profile ranks must not depend on what
# only its owner's fellow members may read.
BM25_WEIGHTS = "5.0, 1.0, 3.0, 0.0"
START, STOP = "\x02", "\x03"  # marks around matched words, before escaping
SNIPPET_TOKENS = 28


@dataclass
class SearchHit:
    kind: str
    object_id: int
    title: str
    title_html: SafeString
    url: str
    community_id: int | None
    community_name: str
    community_slug: str
    author_id: int | None
    author_name: str
    created_at: datetime
    snippet_html: SafeString
    score: float = 0.0


@dataclass
class SearchResults:
    query: str
    normalised: str
    hits: list[SearchHit] = field(default_factory=list)
    count: int = 0
    count_is_capped: bool = False
    page: int = 1
    size: int = PAGE_SIZE
    facets: dict[str, int] = field(default_factory=dict)
    searched: bool = False  # False when there was nothing to search for

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.size))

    # The attributes core/components/pagination.html reads.
    @property
    def number(self) -> int:
        return self.page

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def next_number(self) -> int:
        return self.page + 1

    @property
    def previous_number(self) -> int:
        return self.page - 1

    @property
    def count_display(self) -> str:
        return f"{COUNT_CAP:,}+" if self.count_is_capped else f"{self.count:,}"


# --- marks --------------------------------------------------------------------------------------


def marked_html(text: str) -> SafeString:
    """Escape text and turn the engine's marks into <mark> elements (unpaired marks, which
    the stored text itself might contain, are dropped)."""
    out, is_open = [], False
    for part in re.split(f"([{START}{STOP}])", text or ""):
        if part == START:
            if not is_open:
                out.append("<mark>")
                is_open = True
        elif part == STOP:
            if is_open:
                out.append("</mark>")
                is_open = False
        else:
            out.append(escape(part))
    if is_open:
        out.append("</mark>")
    return mark_safe("".join(out))


# --- who sees what ------------------------------------------------------------------------------


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _ids_sql(ids) -> str:
    """A literal list of integers (ints only, so safe to inline) for IN ( … )."""
    ids = sorted({int(i) for i in ids})
    return ", ".join(str(i) for i in ids) if ids else "NULL"


def _visible_communities_sql(viewer) -> str:
    ids = member_community_ids(viewer)
    sql = f"SELECT id FROM {_t(Community)} WHERE visibility = '{Visibility.PUBLIC.value}'"
    if ids:
        sql += f" OR id IN ({_ids_sql(ids)})"
    return sql


def _shares_sql(viewer) -> str:
    """SQL true when the profile's owner (d.author_id) may be found by the fields they show to
    members of their communities: the viewer themselves, and active members of the viewer's
    communities. Only integers are inlined."""
    if viewer is None or not viewer.is_authenticated:
        return "1 = 0"
    parts = [f"d.author_id = {int(viewer.pk)}"]
    ids = member_community_ids(viewer)
    if ids:
        parts.append(
            f"d.author_id IN (SELECT m.user_id FROM {_t(Membership)} m WHERE m.status = "
            f"'{MembershipStatus.ACTIVE.value}' AND m.community_id IN ({_ids_sql(ids)}))"
        )
    return "(" + " OR ".join(parts) + ")"


def _profile_live_sql() -> str:
    return f"EXISTS (SELECT 1 FROM {_t(User)} u WHERE u.id = d.author_id AND u.is_active)"


@dataclass
class _Filters:
    community: Community | None = None
    kind: str | None = None
    tag: str | None = None
    author_ids: list[int] | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None

    def sql(self) -> tuple[str, list]:
        parts, params = [], []
        if self.community is not None:
            cid = int(self.community.pk)
            parts.append(
                f"((d.kind <> 'profile' AND d.community_id = {cid}) OR (d.kind = 'profile' AND "
                f"d.author_id IN (SELECT m.user_id FROM {_t(Membership)} m WHERE "
                f"m.community_id = {cid} AND m.status = '{MembershipStatus.ACTIVE.value}')))"
            )
        if self.kind:
            parts.append("d.kind = %s")
            params.append(self.kind)
        if self.tag:
            pattern = self.tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            parts.append("(' ' || d.tags || ' ') LIKE %s ESCAPE '\\'")
            params.append(f"% {pattern} %")
        if self.author_ids is not None:
            parts.append(f"d.author_id IN ({_ids_sql(self.author_ids)})")
        adapt = connection.ops.adapt_datetimefield_value
        if self.date_from is not None:
            parts.append("d.created_at >= %s")
            params.append(adapt(self.date_from))
        if self.date_to is not None:
            parts.append("d.created_at < %s")
            params.append(adapt(self.date_to))
        return "".join(f" AND {p}" for p in parts), params


# --- the engines --------------------------------------------------------------------------------


@dataclass
class _Candidate:
    id: int
    kind: str
    object_id: int
    community_id: int | None
    author_id: int | None
    created_at: datetime
    score: float  # lower is better on both engines


def _convert_datetime(value) -> datetime:
    """SQLite hands back naive UTC datetimes (or text); PostgreSQL aware ones."""
    if not isinstance(value, datetime):
        value = parse_datetime(str(value))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class _SQLite:
    @staticmethod
    def candidates(parsed, viewer, filters: _Filters, limit: int) -> list[_Candidate]:
        """The ``limit`` newest visible matches, read in rowid order (newest first) without
        scoring, then scored in a second pass over their rowid window.

        The score is bm25 (title 5, body 1, tags 3, members-only fields 1) unless the query
        matched more than the window holds: bm25 first counts every document holding each
        word of the query (its IDF), a pass over the word's whole posting list — 133,000
        documents for "community" at the benchmark's scale. Those queries are ranked by
        where the words were found instead (all in the title, then in the tags, then in the
        text), newest first within each: two walks over the window's rowids."""
        match_all = searchquery.fts5_match(parsed)
        match_public = searchquery.fts5_match(parsed, PUBLIC_COLUMNS)
        filter_sql, filter_params = filters.sql()
        # A profile whose owner shares no community with the viewer is matched on its public
        # columns only — exclusions included: "-word" must never drop (or reveal) a profile
        # because of a members-only field. So when the query excludes words, the walk finds
        # the positive words anywhere and each branch then applies the exclusions to the
        # columns that branch may read.
        if parsed.excluded:
            walk = searchquery.fts5_match(searchquery.without_exclusions(parsed))
            full_check = (
                f"AND EXISTS (SELECT 1 FROM {FTS} x WHERE x.{FTS} MATCH %s AND x.rowid = d.id)"
            )
            params = [walk, match_all, match_public, *filter_params]
        else:
            full_check = ""
            params = [match_all, match_public, *filter_params]
        sql = f"""
            SELECT d.id, d.kind, d.object_id, d.community_id, d.author_id, d.created_at
            FROM {FTS} JOIN core_searchdocument d ON d.id = {FTS}.rowid
            WHERE {FTS} MATCH %s
              AND ((((d.kind <> 'profile'
                      AND d.community_id IN ({_visible_communities_sql(viewer)}))
                     OR (d.kind = 'profile' AND {_profile_live_sql()}
                         AND {_shares_sql(viewer)})) {full_check})
                   OR (d.kind = 'profile' AND {_profile_live_sql()}
                       AND NOT {_shares_sql(viewer)} AND EXISTS (
                           SELECT 1 FROM {FTS} p WHERE p.{FTS} MATCH %s AND p.rowid = d.id)))
              {filter_sql}
            ORDER BY {FTS}.rowid DESC
            LIMIT {int(limit)}
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            scores = _SQLite._scores(cursor, parsed, rows, bm25=len(rows) < limit)
        return [
            _Candidate(*row[:5], _convert_datetime(row[5]), scores.get(row[0], 0.0)) for row in rows
        ]

    @staticmethod
    def _scores(cursor, parsed, rows, *, bm25: bool) -> dict[int, float]:
        if not rows:
            return {}
        window = [rows[-1][0], rows[0][0]]
        where = f"WHERE {FTS} MATCH %s AND rowid >= %s AND rowid <= %s"
        # Rank by the words that must be found; the exclusions already chose the rows (and
        # applying them here again would read members-only fields of some profiles).
        positive = searchquery.without_exclusions(parsed)
        if bm25:
            cursor.execute(
                f"SELECT rowid, bm25({FTS}, {BM25_WEIGHTS}) FROM {FTS} {where}",
                [searchquery.fts5_match(positive), *window],
            )
            return dict(cursor.fetchall())
        scores = dict.fromkeys((row[0] for row in rows), -1.0)
        for column, weight in (("title", 5.0), ("tags", 3.0)):
            cursor.execute(
                f"SELECT rowid FROM {FTS} {where}",
                [searchquery.fts5_match(positive, [column]), *window],
            )
            for (rowid,) in cursor.fetchall():
                if rowid in scores:
                    scores[rowid] -= weight
        return scores

    @staticmethod
    def snippets(parsed, ids: list[int], shown_members: set[int]) -> dict[int, tuple[str, str]]:
        """(title, snippet) with marks, for documents on the page.

        One pass over the rowid range of the page's documents: FTS5 would set up a prefix
        query (``word*``) afresh for every rowid of an ``IN`` list. ``+rowid`` keeps the list
        a plain filter."""
        if not ids:
            return {}
        match_all = searchquery.fts5_match(searchquery.without_exclusions(parsed))
        sql = f"""
            SELECT rowid, highlight({FTS}, 0, %s, %s),
                   snippet({FTS}, 1, %s, %s, '…', {SNIPPET_TOKENS}),
                   snippet({FTS}, 3, %s, %s, '…', {SNIPPET_TOKENS})
            FROM {FTS}
            WHERE {FTS} MATCH %s AND rowid >= %s AND rowid <= %s
              AND +rowid IN ({_ids_sql(ids)})
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [START, STOP] * 3 + [match_all, min(ids), max(ids)])
            rows = cursor.fetchall()
        found = {}
        for rowid, title, body, members in rows:
            snippet = body or ""
            if rowid in shown_members and START not in snippet and START in (members or ""):
                snippet = members
            found[rowid] = (title or "", snippet)
        return found


class _PostgreSQL:
    CONFIG = "practica_search"

    @classmethod
    def candidates(cls, parsed, viewer, filters: _Filters, limit: int) -> list[_Candidate]:
        tsquery, ts_params = searchquery.tsquery_sql(parsed, cls.CONFIG)
        filter_sql, filter_params = filters.sql()
        shares = _shares_sql(viewer)
        # Two disjoint parts: everything searched by its public text (the GIN index on
        # search_vector), and the profiles this viewer may also find by their members-only
        # fields (few: the viewer's fellow members), matched on both vectors together.
        sql = f"""
            WITH query AS (SELECT {tsquery} AS q)
            SELECT * FROM (
                SELECT d.id, d.kind, d.object_id, d.community_id, d.author_id, d.created_at,
                       -ts_rank(d.search_vector, query.q)
                FROM core_searchdocument d, query
                WHERE d.search_vector @@ query.q
                  AND ((d.kind <> 'profile'
                        AND d.community_id IN ({_visible_communities_sql(viewer)}))
                       OR (d.kind = 'profile' AND {_profile_live_sql()} AND NOT {shares}))
                  {filter_sql}
                UNION ALL
                SELECT d.id, d.kind, d.object_id, d.community_id, d.author_id, d.created_at,
                       -ts_rank(d.search_vector || d.members_vector, query.q)
                FROM core_searchdocument d, query
                WHERE d.kind = 'profile' AND d.community_id IS NULL AND {shares}
                  AND {_profile_live_sql()}
                  AND (d.search_vector || d.members_vector) @@ query.q
                  {filter_sql}
            ) found
            ORDER BY id DESC
            LIMIT {int(limit)}
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*ts_params, *filter_params, *filter_params])
            rows = cursor.fetchall()
        return [_Candidate(*row[:5], _convert_datetime(row[5]), float(row[6])) for row in rows]

    @classmethod
    def snippets(cls, parsed, ids: list[int], shown_members: set[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        tsquery, ts_params = searchquery.tsquery_sql(parsed, cls.CONFIG)
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=1"
        title_options = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
        cfg = f"'{cls.CONFIG}'"
        sql = f"""
            WITH query AS (SELECT {tsquery} AS q)
            SELECT d.id, ts_headline({cfg}, d.title, query.q, %s),
                   ts_headline({cfg}, d.body, query.q, %s),
                   CASE WHEN d.id IN ({_ids_sql(shown_members)})
                        THEN ts_headline({cfg}, d.members_text, query.q, %s) ELSE '' END
            FROM core_searchdocument d, query
            WHERE d.id IN ({_ids_sql(ids)})
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*ts_params, title_options, options, options])
            rows = cursor.fetchall()
        found = {}
        for rowid, title, body, members in rows:
            snippet = body or ""
            if START not in snippet and START in (members or ""):
                snippet = members
            found[rowid] = (title or "", snippet)
        return found


def _engine():
    return _PostgreSQL if connection.vendor == "postgresql" else _SQLite


# --- the one interface --------------------------------------------------------------------------


def _resolve_community(viewer, community) -> Community | None:
    if community in (None, ""):
        return None
    if isinstance(community, Community):
        community_for_viewer(viewer, community.slug)  # NotFound if the viewer cannot see it
        return community
    return community_for_viewer(viewer, str(community).replace("\x00", ""))


def _resolve_author(author) -> list[int] | None:
    """An author filter by id or by display name (any person of that name)."""
    if author in (None, ""):
        return None
    if isinstance(author, int) or (isinstance(author, str) and author.strip().isdigit()):
        try:
            value = int(author)
        except (TypeError, ValueError, OverflowError):
            return []
        return [value] if 0 < value < 2**31 else []
    name = str(author).replace("\x00", "").strip()[:80]
    return list(Profile.objects.filter(display_name__iexact=name).values_list("user_id", flat=True))


def _post_links(post_ids: list[int]) -> dict[int, str]:
    """Each post's link on its topic page (page number included), in one query."""
    if not post_ids:
        return {}
    from practica.discussions.queries import POSTS_PER_TOPIC_PAGE

    before = (
        Post.objects.filter(topic_id=OuterRef("topic_id"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("topic_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = Post.objects.filter(pk__in=post_ids).annotate(before=Subquery(before))
    links = {}
    for post_id, topic_id, n in rows.values_list("id", "topic_id", "before"):
        number = (n or 0) // POSTS_PER_TOPIC_PAGE + 1
        query = f"?page={number}" if number > 1 else ""
        links[post_id] = f"{reverse('discussions:topic', args=[topic_id])}{query}#post-{post_id}"
    return links


def _url(kind: str, object_id: int, post_links: dict[int, str]) -> str:
    try:
        if kind == "topic":
            return reverse("discussions:topic", args=[object_id])
        if kind == "post":
            return post_links.get(object_id, "")
        if kind == "article":
            return reverse("knowledge:article", args=[object_id])
        if kind == "profile":
            return reverse("accounts:profile", args=[object_id])
    except NoReverseMatch:
        pass
    return ""


def search(
    viewer,
    q,
    *,
    community=None,
    kind=None,
    tag=None,
    author=None,
    date_from=None,
    date_to=None,
    page=1,
    size: int = PAGE_SIZE,
    record_miss: bool = False,
) -> SearchResults:
    """Search everything ``viewer`` may see. ``community`` is a Community or a slug (NotFound
    when the viewer cannot see it); ``kind`` one of KINDS; ``tag`` a tag name; ``author`` a
    user id or display name; ``date_from``/``date_to`` datetimes (from inclusive, to
    exclusive). With ``record_miss``, a search that finds little is logged for the knowledge
    gaps page (``search_miss_record``)."""
    text = "" if q is None else str(q)
    parsed = searchquery.parse(text)
    results = SearchResults(query=text[: searchquery.MAX_INPUT], normalised="", size=size)
    results.normalised = searchquery.normalise(parsed)
    if kind not in (None, "") and kind not in KINDS:
        raise InvalidInput(_("Unknown kind: choose topic, post, article or profile."))
    filters = _Filters(
        community=_resolve_community(viewer, community),
        kind=kind or None,
        tag=normalize_tag(tag) if tag else None,
        author_ids=_resolve_author(author),
        date_from=date_from,
        date_to=date_to,
    )
    if tag and not filters.tag:
        raise InvalidInput(_("That is not a tag."))
    if parsed.is_empty:
        return results
    results.searched = True
    engine = _engine()
    candidates = engine.candidates(parsed, viewer, filters, CANDIDATES)
    results.count_is_capped = len(candidates) > COUNT_CAP
    results.count = min(len(candidates), COUNT_CAP)
    candidates = candidates[:COUNT_CAP]
    for c in candidates:
        results.facets[c.kind] = results.facets.get(c.kind, 0) + 1
    # Best first; among equals the newest.
    candidates.sort(key=lambda c: (c.score, -c.id))
    results.page = min(parse_page(page), results.pages)
    start = (results.page - 1) * size
    shown = candidates[start : start + size]
    results.hits = _hits(parsed, viewer, engine, shown)
    # Only the first page counts: turning pages is not searching again.
    if record_miss and parse_page(page) == 1 and results.count <= MISS_THRESHOLD:
        search_miss_record(viewer, results.normalised, results.count, community=filters.community)
    return results


def _hits(parsed, viewer, engine, shown: list[_Candidate]) -> list[SearchHit]:
    if not shown:
        return []
    ids = [c.id for c in shown]
    docs = dict(SearchDocument.objects.filter(pk__in=ids).values_list("id", "title"))
    shares = _shares_profile_owners(viewer, [c.author_id for c in shown if c.kind == "profile"])
    shown_members = {c.id for c in shown if c.kind == "profile" and c.author_id in shares}
    marks = engine.snippets(parsed, ids, shown_members)
    community_ids = {c.community_id for c in shown if c.community_id}
    communities = {
        cid: (name, slug)
        for cid, name, slug in Community.objects.filter(pk__in=community_ids).values_list(
            "id", "name", "slug"
        )
    }
    author_ids = {c.author_id for c in shown if c.author_id}
    names = dict(
        Profile.objects.filter(user_id__in=author_ids).values_list("user_id", "display_name")
    )
    links = _post_links([c.object_id for c in shown if c.kind == "post"])
    hits = []
    for c in shown:
        title = docs.get(c.id, "")
        title_marked, snippet = marks.get(c.id, (title, ""))
        name, slug = communities.get(c.community_id, ("", ""))
        hits.append(
            SearchHit(
                kind=c.kind,
                object_id=c.object_id,
                title=title,
                title_html=marked_html(title_marked or title),
                url=_url(c.kind, c.object_id, links),
                community_id=c.community_id,
                community_name=name,
                community_slug=slug,
                author_id=c.author_id,
                author_name=names.get(c.author_id, ""),
                created_at=c.created_at,
                snippet_html=marked_html(snippet),
                score=c.score,
            )
        )
    return hits


def _shares_profile_owners(viewer, owner_ids: list[int]) -> set[int]:
    """Of these people, those whose members-only fields the viewer may see."""
    if not owner_ids or viewer is None or not viewer.is_authenticated:
        return set()
    found = {viewer.pk} & set(owner_ids)
    ids = member_community_ids(viewer)
    if ids:
        found |= set(
            Membership.objects.filter(
                user_id__in=owner_ids, community_id__in=ids, status=MembershipStatus.ACTIVE
            ).values_list("user_id", flat=True)
        )
    return found


# --- rebuilding the index -------------------------------------------------------------------------

REINDEX_BATCH = 2_000


def _topic_doc(topic: Topic, tags: str) -> SearchDocument:
    return SearchDocument(
        kind="topic",
        object_id=topic.pk,
        community_id=topic.community_id,
        author_id=topic.author_id,
        title=topic.title[:300],
        body=plain_text(topic.body_html or topic.body),
        tags=tags,
        created_at=topic.created_at,
    )


def _post_doc(post, topic_title: str, community_id: int, tags: str) -> SearchDocument:
    return SearchDocument(
        kind="post",
        object_id=post.pk,
        community_id=community_id,
        author_id=post.author_id,
        title=topic_title[:300],
        body=plain_text(post.body_html or post.body),
        tags=tags,
        created_at=post.created_at,
    )


def _flush(rows: list, bar) -> None:
    if rows:
        SearchDocument.objects.bulk_create(rows, batch_size=500)
        bar.update(len(rows))
        rows.clear()


def reindex_all(progress: bool = True) -> int:
    """Rebuild every search document from the database (what the services would have
    written) and then the engine's index. Returns the number of documents."""
    from tqdm import tqdm

    visible_topics = Topic.objects.filter(is_hidden=False)
    total = (
        visible_topics.count()
        + Post.objects.filter(is_hidden=False, topic__is_hidden=False).count()
        + Profile.objects.count()
    )
    bar = tqdm(total=total, desc="search", unit="doc", disable=not progress, file=sys.stderr)
    with transaction.atomic():
        SearchDocument.objects.filter(kind__in=["topic", "post", "profile"]).delete()
        topic_info: dict[int, tuple[str, int, str]] = {}
        tag_names: dict[int, list[str]] = {}
        through = Topic.tags.through
        for topic_id, name in through.objects.filter(topic__is_hidden=False).values_list(
            "topic_id", "tag__name"
        ):
            tag_names.setdefault(topic_id, []).append(name)
        rows: list[SearchDocument] = []
        for topic in visible_topics.order_by("pk").iterator(chunk_size=REINDEX_BATCH):
            tags = " ".join(sorted(tag_names.get(topic.pk, [])))
            topic_info[topic.pk] = (topic.title, topic.community_id, tags)
            rows.append(_topic_doc(topic, tags))
            if len(rows) >= REINDEX_BATCH:
                _flush(rows, bar)
        _flush(rows, bar)
        posts = Post.objects.filter(is_hidden=False, topic__is_hidden=False).order_by("pk")
        for post in posts.only(
            "id", "topic_id", "author_id", "body", "body_html", "created_at"
        ).iterator(chunk_size=REINDEX_BATCH):
            title, community_id, tags = topic_info[post.topic_id]
            rows.append(_post_doc(post, title, community_id, tags))
            if len(rows) >= REINDEX_BATCH:
                _flush(rows, bar)
        _flush(rows, bar)
        from practica.accounts.indexing import profile_index

        profiles = Profile.objects.select_related("user").prefetch_related(
            "interests", "expertise", "needs"
        )
        for profile in profiles.order_by("pk").iterator(chunk_size=REINDEX_BATCH):
            profile_index(profile)
            bar.update()
        _reindex_articles()
        index_rebuild()
    bar.close()
    return SearchDocument.objects.count()


def _reindex_articles() -> None:
    from . import indexing
    from .models import Article

    SearchDocument.objects.filter(kind="article").delete()
    for article in Article.objects.prefetch_related("tags").order_by("pk").iterator(500):
        indexing.article_index(article)


def index_rebuild() -> None:
    """Rebuild the engine's full-text index from the rows (SQLite FTS5 'rebuild'; the
    PostgreSQL columns are generated by the database and need nothing)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def reindex_cli(args) -> int:
    count = reindex_all(progress=not getattr(args, "quiet", False))
    print(_("Search index rebuilt: %(n)s documents.") % {"n": f"{count:,}"})
    return 0


__all__ = [
    "COUNT_CAP",
    "KINDS",
    "SearchHit",
    "SearchResults",
    "index_rebuild",
    "marked_html",
    "reindex_all",
    "reindex_cli",
    "search",
]
