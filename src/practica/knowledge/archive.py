"""The archive of a community: everything it made, as JSON and as a static site, in one zip.

``archive_export(actor, community, out)`` is the stewards' way in (the archive page's button);
``archive_export_system(community, out)`` is the operator's (``practica export SLUG OUT.zip``),
which may export any community. Both read the same rows the same way and record "exported"
in the activity stream — the one act a concluded community still takes.

What goes in (docs/archive.md): the community and its current charter; every charter proposal
with its status, version and response counts (not who responded or why); goals with their whole
history; topics with their visible posts (hidden topics and hidden posts are left out, as
they are from the community's own pages); articles of every status with every revision and
their credits (drafts included and labelled: the archive is the community's whole record,
made by and for its stewards); and the active members with only what each shows to
*everyone* — the archive is a file that can travel beyond the community, so for what people
say about themselves the narrowest audience applies.

The zip holds ``archive.json`` and a site that browses offline from ``file://``: relative
links only, one shipped stylesheet, no script. Rows are read a chunk at a time and each page is
written as soon as it is rendered; the JSON is streamed to a temporary file and copied into the
zip at the end (a zip takes one entry at a time), so no content is held twice in memory.
"""

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practica.accounts.models import Audience
from practica.communities.activity import activity_record
from practica.communities.models import (
    CharterProposal,
    Community,
    Goal,
    GoalRevision,
    Membership,
    MembershipStatus,
    Position,
    ProposalStatus,
)
from practica.communities.visibility import require_steward, visible_profile_fields
from practica.core.markdown import render_markdown
from practica.discussions.models import Post, Topic

from .models import Article, ArticleCredit, ArticleRevision

FORMAT = "practica-archive"
FORMAT_VERSION = 1
# Rows read per query: bounded memory and a bounded number of queries per chunk.
CHUNK = 200
# Entries per page of the long lists (topics, articles, members).
LIST_PAGE = 500
TEMPLATES = "knowledge/archive/"
# What the member list shows: only what each member shows to everyone (docs/archive.md).
MEMBER_AUDIENCES = {Audience.EVERYONE}


@dataclass
class Entry:
    """A topic or an article as the navigation pages list it (no text, so all fit in memory)."""

    kind: str  # "topic" or "article"
    id: int
    title: str
    href: str  # relative to the archive's root
    at: datetime
    label: str
    tags: list[str] = field(default_factory=list)


@dataclass
class ExportStats:
    topics: int = 0
    posts: int = 0
    articles: int = 0
    revisions: int = 0
    members: int = 0
    goals: int = 0
    charter_proposals: int = 0
    tags: int = 0
    files: int = 0


# --- the services -------------------------------------------------------------------------------


def archive_export(actor, community: Community, out) -> ExportStats:
    """A steward writes the community's archive to ``out`` (a path or a binary file)."""
    require_steward(actor, community)
    return _export(actor, community, out)


def archive_export_system(community: Community, out) -> ExportStats:
    """The operator's export (the command line): any community, no account needed."""
    return _export(None, community, out)


def _export(actor, community: Community, out) -> ExportStats:
    stats = write_archive(community, out)
    with transaction.atomic():
        activity_record(actor, community, "exported", community)
    return stats


def export_cli(args) -> int:
    """``practica export COMMUNITY OUT.zip``: 0 when written, 2 with a clear message if not."""
    slug, out = args.community, args.out
    community = Community.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    if community is None:
        print(f"error: no community with the address {slug!r}.", file=sys.stderr)
        return 2
    try:
        handle = open(out, "wb")  # noqa: SIM115 — closed below, removed if the export fails
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        with handle:
            stats = archive_export_system(community, handle)
    except OSError as exc:
        _remove(out)
        print(f"error: writing {out} failed: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except BaseException:
        _remove(out)
        raise
    print(
        f"Wrote {out}: {stats.topics} topics, {stats.posts} posts, {stats.articles} articles "
        f"({stats.revisions} revisions), {stats.members} members, {stats.files} files."
    )
    return 0


def _remove(path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


# --- helpers ------------------------------------------------------------------------------------

_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "#")


def offline_html(html: str) -> str:
    """User content's links made safe for a site opened from disk: a link into the live site
    ("/t/12/", "notes.html") points back at the site, never at a file the archive lacks."""
    if not html:
        return ""
    base = settings.BASE_URL.rstrip("/") + "/"

    def fix(match):
        url = match.group(2)
        if url.startswith(_SAFE_SCHEMES) or url.startswith("&#"):
            return match.group(0)
        return f"{match.group(1)}{urljoin(base, url.lstrip('/'))}{match.group(3)}"

    return _LINK.sub(fix, html)


def _name(user) -> str:
    if user is None:
        return _("A former member")
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else _("A former member")


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _chunks(queryset, size=CHUNK):
    """The rows of an id-ordered queryset, a chunk (one query plus its prefetches) at a time."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


class _JsonStream:
    """One JSON object written piece by piece: keys, and lists whose items arrive one by one."""

    def __init__(self, handle):
        self.handle = handle
        self.first_key = True
        self.first_item = True
        self.handle.write(b"{")

    def _raw(self, text: str) -> None:
        self.handle.write(text.encode())

    def _key(self, key: str) -> None:
        self._raw(("" if self.first_key else ",") + "\n" + json.dumps(key) + ": ")
        self.first_key = False

    def put(self, key: str, value) -> None:
        self._key(key)
        self._raw(json.dumps(value, ensure_ascii=False, default=str))

    def begin_list(self, key: str) -> None:
        self._key(key)
        self._raw("[")
        self.first_item = True

    def item(self, value) -> None:
        self._raw(("" if self.first_item else ",") + "\n" + json.dumps(value, ensure_ascii=False))
        self.first_item = False

    def end_list(self) -> None:
        self._raw("\n]")

    def close(self) -> None:
        self._raw("\n}\n")


def _tag_files(names) -> dict[str, str]:
    """A file name per tag: its slug where that is unique and plain, else a short hash."""
    files: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(names):
        base = slugify(name)[:60] or "tag"
        candidate = base
        if candidate in used:
            candidate = f"{base}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
        used.add(candidate)
        files[name] = f"tags/{candidate}.html"
    return files


def _month_file(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"dates/{local.year:04d}-{local.month:02d}.html"


# --- writing the archive ------------------------------------------------------------------------


class _Writer:
    def __init__(self, community: Community, zf: zipfile.ZipFile, data: _JsonStream):
        self.community = community
        self.zf = zf
        self.data = data
        self.stats = ExportStats()
        self.entries: list[Entry] = []
        self.exported_at = timezone.now()

    # -- output

    def page(self, path: str, template: str, context: dict) -> None:
        depth = path.count("/")
        base = {
            "community": self.community,
            "root": "../" * depth,
            "exported_at": self.exported_at,
            "concluded_note_html": offline_html(self.community.concluded_note_html),
        }
        html = render_to_string(TEMPLATES + template, {**base, **context})
        self.zf.writestr(path, html)
        self.stats.files += 1

    def list_pages(self, base: str, template: str, items: list, context: dict) -> None:
        """``base``.html, then ``base``-2.html …, LIST_PAGE items each, linked to each other."""
        pages = max(1, -(-len(items) // LIST_PAGE))
        name = base.rsplit("/", 1)[-1]

        def file_of(n):
            return f"{name}.html" if n == 1 else f"{name}-{n}.html"

        for n in range(1, pages + 1):
            chunk = items[(n - 1) * LIST_PAGE : n * LIST_PAGE]
            pager = {
                "number": n,
                "pages": pages,
                "previous": file_of(n - 1) if n > 1 else "",
                "next": file_of(n + 1) if n < pages else "",
            }
            path = base.rsplit("/", 1)[0] + "/" + file_of(n) if "/" in base else file_of(n)
            self.page(path, template, {**context, "items": chunk, "pager": pager})

    # -- the parts

    def community_part(self) -> dict:
        c = self.community
        charter = (
            CharterProposal.objects.filter(community=c, status=ProposalStatus.ADOPTED)
            .order_by("-version")
            .first()
        )
        self.current_charter = charter
        data = {
            "name": c.name,
            "slug": c.slug,
            "purpose": c.purpose,
            "purpose_html": c.purpose_html,
            "values": c.values,
            "values_html": c.values_html,
            "visibility": c.visibility,
            "join_policy": c.join_policy,
            "sector": c.sector,
            "timezone": c.timezone,
            "created_at": _iso(c.created_at),
            "member_count": c.member_count,
            "article_review_months": c.article_review_months,
            "concluded_at": _iso(c.concluded_at),
            "concluded_note": c.concluded_note,
            "concluded_note_html": c.concluded_note_html,
            "current_charter_version": charter.version if charter else None,
        }
        self.data.put("community", data)
        return data

    def charter_part(self) -> list[dict]:
        counts = {p: Count("responses", filter=Q(responses__position=p)) for p in Position.values}
        rows = (
            CharterProposal.objects.filter(community=self.community)
            .select_related("proposed_by__profile")
            .annotate(**{f"n_{p}": c for p, c in counts.items()})
            .order_by("created_at", "id")
        )
        proposals = []
        self.data.begin_list("charter")
        for p in rows:
            item = {
                "id": p.pk,
                "version": p.version,
                "status": p.status,
                "body": p.body,
                "body_html": p.body_html,
                "rationale": p.rationale,
                "proposed_by": _name(p.proposed_by),
                "created_at": _iso(p.created_at),
                "review_ends_at": _iso(p.review_ends_at),
                "decided_at": _iso(p.decided_at),
                "responses": {pos: getattr(p, f"n_{pos}") for pos in Position.values},
            }
            self.data.item(item)
            proposals.append(
                {
                    **item,
                    "body_html": offline_html(p.body_html),
                    "status_label": p.get_status_display(),
                }
            )
            self.stats.charter_proposals += 1
        self.data.end_list()
        self.page("charter.html", "charter.html", {"proposals": proposals})
        return proposals

    def goals_part(self) -> list[dict]:
        revisions = GoalRevision.objects.select_related("changed_by__profile").order_by(
            "changed_at", "id"
        )
        rows = (
            Goal.objects.filter(community=self.community)
            .select_related("created_by__profile")
            .prefetch_related(Prefetch("revisions", queryset=revisions))
            .order_by("created_at", "id")
        )
        goals = []
        self.data.begin_list("goals")
        for g in rows:
            history = [
                {
                    "title": r.title,
                    "description": r.description,
                    "status": r.status,
                    "note": r.note,
                    "changed_by": _name(r.changed_by),
                    "changed_at": _iso(r.changed_at),
                }
                for r in g.revisions.all()
            ]
            item = {
                "id": g.pk,
                "title": g.title,
                "description": g.description,
                "description_html": g.description_html,
                "status": g.status,
                "created_by": _name(g.created_by),
                "created_at": _iso(g.created_at),
                "updated_at": _iso(g.updated_at),
                "history": history,
            }
            self.data.item(item)
            goals.append(
                {
                    **item,
                    "description_html": offline_html(g.description_html),
                    "status_label": g.get_status_display(),
                }
            )
            self.stats.goals += 1
        self.data.end_list()
        self.page("goals.html", "goals.html", {"goals": goals})
        return goals

    def members_part(self) -> None:
        rows = (
            Membership.objects.filter(community=self.community, status=MembershipStatus.ACTIVE)
            .select_related("user__profile")
            .prefetch_related(
                "user__profile__interests", "user__profile__expertise", "user__profile__needs"
            )
        )
        members = []
        self.data.begin_list("members")
        for chunk in _chunks(rows):
            for m in chunk:
                profile = getattr(m.user, "profile", None)
                if profile is None:
                    continue
                shown = visible_profile_fields(profile, MEMBER_AUDIENCES)
                item = {
                    "user_id": m.user_id,
                    "display_name": shown.pop("display_name"),
                    "role": m.role,
                    "joined_at": _iso(m.joined_at),
                    "profile": {k: v for k, v in shown.items() if k not in ("user_id",)},
                }
                self.data.item(item)
                members.append(
                    {
                        **item,
                        "is_steward": m.is_steward,
                        "bio_html": offline_html(shown.get("bio_html", "")),
                    }
                )
                self.stats.members += 1
        self.data.end_list()
        members.sort(key=lambda m: m["display_name"].lower())
        self.list_pages("members", "members.html", members, {})

    def topics_part(self) -> None:
        posts = (
            Post.objects.filter(is_hidden=False)
            .select_related("author__profile")
            .order_by("created_at", "id")
        )
        rows = (
            Topic.objects.filter(community=self.community, is_hidden=False)
            .select_related("author__profile")
            .prefetch_related("tags", Prefetch("posts", queryset=posts, to_attr="shown_posts"))
        )
        self.data.begin_list("topics")
        for chunk in _chunks(rows):
            for t in chunk:
                self._topic(t)
        self.data.end_list()

    def _topic(self, t: Topic) -> None:
        tags = sorted(tag.name for tag in t.tags.all())
        shown = t.shown_posts
        answer_id = t.answer_id if any(p.pk == t.answer_id for p in shown) else None
        post_items = [
            {
                "id": p.pk,
                "author": _name(p.author),
                "author_id": p.author_id,
                "body": p.body,
                "body_html": p.body_html,
                "created_at": _iso(p.created_at),
                "edited_at": _iso(p.edited_at),
                "reply_to": p.reply_to_id,
                "thanks_count": p.thanks_count,
                "is_answer": p.pk == answer_id,
            }
            for p in shown
        ]
        item = {
            "id": t.pk,
            "kind": t.kind,
            "title": t.title,
            "body": t.body,
            "body_html": t.body_html,
            "author": _name(t.author),
            "author_id": t.author_id,
            "created_at": _iso(t.created_at),
            "edited_at": _iso(t.edited_at),
            "last_activity_at": _iso(t.last_activity_at),
            "tags": tags,
            "is_locked": t.is_locked,
            "answer": answer_id,
            "answered_at": _iso(t.answered_at) if answer_id else None,
            "posts": post_items,
        }
        self.data.item(item)
        self.stats.topics += 1
        self.stats.posts += len(post_items)
        href = f"topics/{t.pk}.html"
        entry = Entry("topic", t.pk, t.title, href, t.created_at, t.get_kind_display(), tags)
        self.entries.append(entry)
        posts = [
            {**p, "body_html": offline_html(p["body_html"]), "created": d.created_at}
            for p, d in zip(post_items, shown, strict=True)
        ]
        self.page(
            href,
            "topic.html",
            {
                "topic": t,
                "entry": entry,
                "body_html": offline_html(t.body_html),
                "author": item["author"],
                "posts": posts,
                "tag_links": [(name, self.tag_file(name)) for name in tags],
                "month_file": _month_file(t.created_at),
            },
        )

    def articles_part(self) -> None:
        revisions = ArticleRevision.objects.select_related("author__profile").order_by("number")
        credits = ArticleCredit.objects.select_related("user__profile").order_by("created_at", "id")
        rows = (
            Article.objects.filter(community=self.community)
            .select_related("created_by__profile", "source_topic")
            .prefetch_related(
                "tags",
                Prefetch("revisions", queryset=revisions, to_attr="all_revisions"),
                Prefetch("credits", queryset=credits, to_attr="all_credits"),
            )
        )
        self.data.begin_list("articles")
        for chunk in _chunks(rows):
            for a in chunk:
                self._article(a)
        self.data.end_list()

    def _article(self, a: Article) -> None:
        tags = sorted(tag.name for tag in a.tags.all())
        revisions = [
            {
                "number": r.number,
                "kind": r.kind,
                "title": r.title,
                "body": r.body,
                "url": r.url,
                "status": r.status,
                "tags": [name for name in r.tags.split(",") if name],
                "author": _name(r.author),
                "summary": r.summary,
                "restored_from": r.restored_from,
                "created_at": _iso(r.created_at),
            }
            for r in a.all_revisions
        ]
        credits = [
            {"name": _name(c.user), "user_id": c.user_id, "role": c.role} for c in a.all_credits
        ]
        source = a.source_topic
        source_shown = source is not None and source.community_id == a.community_id
        source_shown = source_shown and not source.is_hidden
        item = {
            "id": a.pk,
            "kind": a.kind,
            "title": a.title,
            "body": a.body,
            "body_html": a.body_html,
            "url": a.url,
            "status": a.status,
            "tags": tags,
            "created_by": _name(a.created_by),
            "created_at": _iso(a.created_at),
            "updated_at": _iso(a.updated_at),
            "reviewed_at": _iso(a.reviewed_at),
            "endorsement_count": a.endorsement_count,
            "source_topic": source.pk if source_shown else None,
            "credits": credits,
            "revisions": revisions,
        }
        self.data.item(item)
        self.stats.articles += 1
        self.stats.revisions += len(revisions)
        href = f"articles/{a.pk}.html"
        entry = Entry("article", a.pk, a.title, href, a.created_at, a.get_kind_display(), tags)
        self.entries.append(entry)
        shown_revisions = [
            {**r, "at": d.created_at, "body_html": offline_html(render_markdown(d.body))}
            for r, d in zip(revisions, a.all_revisions, strict=True)
        ]
        self.page(
            href,
            "article.html",
            {
                "article": a,
                "entry": entry,
                "body_html": offline_html(a.body_html),
                "created_by": item["created_by"],
                "credits": credits,
                "revisions": list(reversed(shown_revisions)),
                "tag_links": [(name, self.tag_file(name)) for name in tags],
                "month_file": _month_file(a.created_at),
                "source_file": f"../topics/{source.pk}.html" if source_shown else "",
            },
        )

    # -- navigation

    def tag_file(self, name: str) -> str:
        return self.tag_files[name]

    def prepare_tags(self) -> None:
        """Every tag on a visible topic or on an article, named before any page links to one."""
        topic_tags = Topic.tags.through.objects.filter(
            topic__community=self.community, topic__is_hidden=False
        ).values_list("tag__name", flat=True)
        article_tags = Article.tags.through.objects.filter(
            article__community=self.community
        ).values_list("tag__name", flat=True)
        self.tag_files = _tag_files(set(topic_tags) | set(article_tags))

    def navigation(self) -> None:
        by_date = sorted(self.entries, key=lambda e: (e.at, e.kind, e.id))
        topics = [e for e in reversed(by_date) if e.kind == "topic"]
        articles = sorted(
            (e for e in self.entries if e.kind == "article"), key=lambda e: e.title.lower()
        )
        self.list_pages("topics/index", "topics.html", topics, {})
        self.list_pages("articles/index", "articles.html", articles, {})

        by_tag: dict[str, list[Entry]] = defaultdict(list)
        for e in by_date:
            for name in e.tags:
                by_tag[name].append(e)
        tags = []
        for name in sorted(by_tag):
            path = self.tag_file(name)
            tags.append({"name": name, "file": path, "count": len(by_tag[name])})
            self.page(path, "tag.html", {"tag": name, "items": by_tag[name]})
        self.stats.tags = len(tags)
        self.page("tags/index.html", "tags.html", {"tags": tags})

        by_month: dict[str, list[Entry]] = defaultdict(list)
        for e in by_date:
            by_month[_month_file(e.at)].append(e)
        years: dict[str, list[dict]] = defaultdict(list)
        for path in sorted(by_month):
            label = path[len("dates/") : -len(".html")]
            year, month = label.split("-")
            moment = datetime(int(year), int(month), 1)
            years[year].append(
                {"file": path, "label": label, "moment": moment, "count": len(by_month[path])}
            )
            self.page(path, "month.html", {"month": moment, "items": by_month[path]})
        calendar = [{"year": y, "months": years[y]} for y in sorted(years, reverse=True)]
        self.page("dates/index.html", "dates.html", {"years": calendar})

    def index(self, charter_html: str, goals: list[dict]) -> None:
        recent = sorted(self.entries, key=lambda e: (e.at, e.id), reverse=True)[:10]
        self.page(
            "index.html",
            "index.html",
            {
                "purpose_html": offline_html(self.community.purpose_html),
                "values_html": offline_html(self.community.values_html),
                "charter": self.current_charter,
                "charter_html": charter_html,
                "goals": goals,
                "stats": self.stats,
                "recent": recent,
            },
        )


def write_archive(community: Community, out) -> ExportStats:
    """Write the archive of ``community`` to ``out`` (a path or a binary file object)."""
    with timezone.override(community.timezone or "UTC"):
        with tempfile.TemporaryFile() as json_file:
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                data = _JsonStream(json_file)
                writer = _Writer(community, zf, data)
                data.put("format", FORMAT)
                data.put("version", FORMAT_VERSION)
                data.put("exported_at", _iso(writer.exported_at))
                writer.community_part()
                writer.charter_part()
                goals = writer.goals_part()
                writer.members_part()
                writer.prepare_tags()
                writer.topics_part()
                writer.articles_part()
                writer.navigation()
                charter = writer.current_charter
                writer.index(offline_html(charter.body_html) if charter else "", goals)
                writer.zf.writestr("style.css", render_to_string(TEMPLATES + "style.css", {}))
                writer.stats.files += 1
                stats = writer.stats
                data.put("counts", {k: v for k, v in vars(stats).items() if k != "files"})
                data.close()
                json_file.seek(0)
                with zf.open("archive.json", "w", force_zip64=True) as target:
                    shutil.copyfileobj(json_file, target, 1024 * 1024)
                stats.files += 1
    return stats
