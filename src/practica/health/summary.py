"""A person's own contribution summary: what they gave a community and what came back, per
year (docs/stewardship-appreciation.md, "Your contribution summary").

It reads across features — time logged (stewardship), topics, replies and answers
(discussions), articles and endorsements (knowledge), appreciation notes — so it lives in
health, which may read every feature. It is only ever about the viewer: no function here
takes another person. Every figure is one aggregate query grouped by community, bounded to the
communities the viewer may still see.

This module also tells stewardship's appreciation notes how to point at posts, topics and
articles (``register_appreciation_targets``), for the same reason: stewardship does not import
the other features.
"""

import re
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practica.communities.models import Activity
from practica.communities.visibility import can_view_community, is_member, visible_communities
from practica.core.errors import InvalidInput
from practica.discussions.models import Post, Thanks, Topic, TopicKind
from practica.knowledge.models import (
    Article,
    ArticleCredit,
    ArticleRevision,
    ArticleStatus,
    CreditRole,
    Endorsement,
)
from practica.stewardship.models import AppreciationNote, LabourKind, TimeEntry
from practica.stewardship.queries.appreciation import (
    TargetInfo,
    TargetKind,
    register_appreciation_target,
)

# --- what appreciation notes can point at -------------------------------------------------------


def _describe_posts(viewer, community, ids) -> dict[int, TargetInfo]:
    if not can_view_community(viewer, community):
        return {}
    rows = Post.objects.filter(
        pk__in=ids, topic__community=community, is_hidden=False, topic__is_hidden=False
    ).values("pk", "topic_id", "topic__title", "author_id")
    found = {}
    for row in rows:
        url = reverse("discussions:topic", args=[row["topic_id"]])
        found[row["pk"]] = TargetInfo(
            _("a reply in “%(t)s”") % {"t": row["topic__title"]},
            f"{url}?post={row['pk']}#post-{row['pk']}",
            frozenset({row["author_id"]} - {None}),
        )
    return found


def _describe_topics(viewer, community, ids) -> dict[int, TargetInfo]:
    if not can_view_community(viewer, community):
        return {}
    rows = Topic.objects.filter(pk__in=ids, community=community, is_hidden=False).values(
        "pk", "title", "author_id"
    )
    return {
        row["pk"]: TargetInfo(
            f"“{row['title']}”",
            reverse("discussions:topic", args=[row["pk"]]),
            frozenset({row["author_id"]} - {None}),
        )
        for row in rows
    }


def _describe_articles(viewer, community, ids) -> dict[int, TargetInfo]:
    """Articles, drafts only for members; the people are its writers (every editor)."""
    if not can_view_community(viewer, community):
        return {}
    rows = Article.objects.filter(pk__in=ids, community=community)
    if not is_member(viewer, community):
        rows = rows.exclude(status=ArticleStatus.DRAFT)
    rows = list(rows.values("pk", "title", "created_by_id"))
    writers: dict[int, set[int]] = {row["pk"]: {row["created_by_id"]} - {None} for row in rows}
    credits = ArticleCredit.objects.filter(article_id__in=list(writers), role=CreditRole.WRITER)
    for article_id, user_id in credits.values_list("article_id", "user_id"):
        writers[article_id].add(user_id)
    return {
        row["pk"]: TargetInfo(
            f"“{row['title']}”",
            reverse("knowledge:article", args=[row["pk"]]),
            frozenset(writers[row["pk"]]),
        )
        for row in rows
    }


_ID = r"(?P<id>\d{1,18})"


def register_appreciation_targets() -> None:
    """Called once from HealthConfig.ready(). A post's link also names its topic, so posts
    are registered (and so matched) first."""
    register_appreciation_target(
        TargetKind(
            name="post",
            label=gettext_lazy("Post"),
            model=Post,
            describe=_describe_posts,
            link_patterns=(re.compile(rf"[?&]post={_ID}\b"), re.compile(rf"#post-{_ID}\b")),
        )
    )
    register_appreciation_target(
        TargetKind(
            name="topic",
            label=gettext_lazy("Topic"),
            model=Topic,
            describe=_describe_topics,
            link_patterns=(re.compile(rf"/t/{_ID}(?:/|$|\?|#)"),),
        )
    )
    register_appreciation_target(
        TargetKind(
            name="article",
            label=gettext_lazy("Article"),
            model=Article,
            describe=_describe_articles,
            link_patterns=(re.compile(rf"/a/{_ID}(?:/|$|\?|#)"),),
        )
    )


# --- the summary --------------------------------------------------------------------------------

GIVEN = (
    ("hours", gettext_lazy("Hours of time logged")),
    ("topics_started", gettext_lazy("Topics started")),
    ("replies", gettext_lazy("Replies")),
    ("accepted_answers", gettext_lazy("Accepted answers given")),
    ("articles_written", gettext_lazy("Articles written")),
    ("article_edits", gettext_lazy("Article edits")),
    ("appreciation_written", gettext_lazy("Appreciation notes written")),
)
RECEIVED = (
    ("thanks", gettext_lazy("Thanks on your posts")),
    ("endorsements", gettext_lazy("Endorsements of your articles")),
    ("answers_received", gettext_lazy("Answers to your questions")),
    ("appreciation_received", gettext_lazy("Appreciation notes received")),
)
FIRST_YEAR = 2000


def summary_years(viewer) -> list[int]:
    """The years the viewer has been around, newest first: from the earlier of joining and
    their first recorded act (imported history can be older) to this year."""
    this_year = timezone.localdate().year
    first = viewer.date_joined.year
    earliest = Activity.objects.filter(actor=viewer).aggregate(at=Min("created_at"))["at"]
    if earliest is not None:
        first = min(first, timezone.localtime(earliest).year)
    first = max(FIRST_YEAR, min(first, this_year))
    return list(range(this_year, first - 1, -1))


def parse_year(value, years: list[int]) -> int:
    """A year the summary covers; None or "" → this year, anything else a clear error."""
    if value in (None, ""):
        return years[0]
    try:
        year = int(value)
    except (TypeError, ValueError, OverflowError):
        year = None
    if year not in years:
        raise InvalidInput(
            _("Choose a year from %(a)d to %(b)d.") % {"a": years[-1], "b": years[0]},
            field="year",
        )
    return year


def _by_community(rows, key="community_id", value="n") -> dict[int, int]:
    return {row[key]: row[value] for row in rows}


def contribution_summary(viewer, year=None) -> dict:
    """The viewer's own year: per community they may still see, what they gave and what came
    back. Counts leave out what stewards hid and what people did for themselves (thanking
    one's own post cannot happen; answering one's own question is not counted)."""
    years = summary_years(viewer)
    year = parse_year(year, years)
    tz = timezone.get_current_timezone()
    start, end = datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    # A subquery, not a list: every public community of the site is visible, and their ids
    # must not travel into each query one by one.
    ids = visible_communities(viewer).values("pk")
    when = {"created_at__gte": start, "created_at__lt": end}

    def count(model, group, **filters):
        rows = model.objects.filter(**filters).values(group).annotate(n=Count("pk"))
        return _by_community(rows, group)

    hours_rows = (
        TimeEntry.objects.filter(
            person=viewer, community_id__in=ids, day__gte=start.date(), day__lt=end.date()
        )
        .values("community_id", "kind")
        .annotate(h=Sum("hours"))
    )
    given = {
        "topics_started": count(
            Topic, "community_id", author=viewer, community_id__in=ids, is_hidden=False, **when
        ),
        "replies": count(
            Post,
            "topic__community_id",
            author=viewer,
            topic__community_id__in=ids,
            is_hidden=False,
            topic__is_hidden=False,
            **when,
        ),
        "accepted_answers": _by_community(
            Topic.objects.filter(
                answer__author=viewer,
                community_id__in=ids,
                is_hidden=False,
                answered_at__gte=start,
                answered_at__lt=end,
            )
            .exclude(author=viewer)
            .values("community_id")
            .annotate(n=Count("pk"))
        ),
        "articles_written": count(
            Article, "community_id", created_by=viewer, community_id__in=ids, **when
        ),
        "article_edits": count(
            ArticleRevision,
            "article__community_id",
            author=viewer,
            number__gt=1,
            article__community_id__in=ids,
            **when,
        ),
        "appreciation_written": count(
            AppreciationNote, "community_id", author=viewer, community_id__in=ids, **when
        ),
    }
    received = {
        "thanks": _by_community(
            Thanks.objects.filter(post__author=viewer, post__topic__community_id__in=ids, **when)
            .exclude(user=viewer)
            .values("post__topic__community_id")
            .annotate(n=Count("pk")),
            "post__topic__community_id",
        ),
        "endorsements": _by_community(
            Endorsement.objects.filter(
                article__credits__user=viewer,
                article__credits__role=CreditRole.WRITER,
                article__community_id__in=ids,
                **when,
            )
            .exclude(user=viewer)
            .values("article__community_id")
            .annotate(n=Count("pk", distinct=True)),
            "article__community_id",
        ),
        "answers_received": _by_community(
            Post.objects.filter(
                topic__author=viewer,
                topic__kind=TopicKind.QUESTION,
                topic__community_id__in=ids,
                is_hidden=False,
                **when,
            )
            .exclude(author=viewer)
            .values("topic__community_id")
            .annotate(n=Count("pk")),
            "topic__community_id",
        ),
        "appreciation_received": count(
            AppreciationNote, "community_id", recipient=viewer, community_id__in=ids, **when
        ),
    }
    hours: dict[int, dict[str, Decimal]] = {}
    for row in hours_rows:
        hours.setdefault(row["community_id"], {})[row["kind"]] = row["h"]

    found = set(hours)
    for values in (*given.values(), *received.values()):
        found.update(values)
    communities = {
        c.pk: c for c in visible_communities(viewer).filter(pk__in=found).order_by("name")
    }
    kind_labels = dict(LabourKind.choices)
    rows = []
    totals = {
        "given": {key: Decimal(0) if key == "hours" else 0 for key, _label in GIVEN},
        "received": {key: 0 for key, _label in RECEIVED},
    }
    total_kinds: dict[str, Decimal] = {}
    for pk, community in communities.items():
        by_kind = hours.get(pk, {})
        row_given = {key: values.get(pk, 0) for key, values in given.items()}
        row_given["hours"] = sum(by_kind.values(), Decimal(0))
        row_received = {key: values.get(pk, 0) for key, values in received.items()}
        if not any(row_given.values()) and not any(row_received.values()):
            continue
        for key, value in row_given.items():
            totals["given"][key] += value
        for key, value in row_received.items():
            totals["received"][key] += value
        for kind, h in by_kind.items():
            total_kinds[kind] = total_kinds.get(kind, Decimal(0)) + h
        rows.append(
            {
                "community": community,
                "given": row_given,
                "received": row_received,
                "hours_by_kind": [
                    {"kind": kind, "label": str(kind_labels.get(kind, kind)), "hours": h}
                    for kind, h in sorted(by_kind.items())
                ],
            }
        )
    for part in (*rows, totals):
        part["given_list"] = [(str(label), part["given"][key]) for key, label in GIVEN]
        part["received_list"] = [(str(label), part["received"][key]) for key, label in RECEIVED]
    return {
        "year": year,
        "years": years,
        "communities": rows,
        "totals": {
            **totals,
            "hours_by_kind": [
                {"kind": kind, "label": str(kind_labels.get(kind, kind)), "hours": h}
                for kind, h in sorted(total_kinds.items())
            ],
        },
        "given_labels": [(key, str(label)) for key, label in GIVEN],
        "received_labels": [(key, str(label)) for key, label in RECEIVED],
    }


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def summary_text(viewer, summary: dict) -> str:
    """The summary as plain text, for the owner to copy into a CV, a report or a message —
    sharing it is their act; Practica publishes nothing."""
    lines = [
        _("Contributions of %(who)s in %(y)d") % {"who": viewer, "y": summary["year"]},
        "",
    ]
    for row in summary["communities"]:
        lines.append(row["community"].name)
        gave = [
            f"{label}: {_hours(row['given'][key]) if key == 'hours' else row['given'][key]}"
            for key, label in summary["given_labels"]
            if row["given"][key]
        ]
        came = [
            f"{label}: {row['received'][key]}"
            for key, label in summary["received_labels"]
            if row["received"][key]
        ]
        if gave:
            lines.append("  " + _("Gave") + " — " + "; ".join(gave))
        if came:
            lines.append("  " + _("Came back") + " — " + "; ".join(came))
        lines.append("")
    if not summary["communities"]:
        lines.append(_("Nothing recorded this year."))
    return "\n".join(lines).strip() + "\n"
