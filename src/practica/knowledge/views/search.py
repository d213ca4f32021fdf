"""Pages: search across topics, posts, articles and people (``/search/``).

Whatever a person types or puts in the address, the page answers 200 with results or with a
message that says what was wrong (a date that is not a date, a community they cannot see):
search input is never an error page.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practica.communities.visibility import visible_communities
from practica.core.errors import PracticaError

from ..search import KINDS, search

COMMUNITY_CHOICES_MAX = 200


def _kind_labels() -> dict[str, str]:
    """Plural labels, for the filter and the counts per kind."""
    return {
        "topic": _("Topics"),
        "post": _("Replies"),
        "article": _("Articles"),
        "profile": _("People"),
    }


def _hit_labels() -> dict[str, str]:
    """Singular labels, for the badge on one result."""
    return {
        "topic": _("Topic"),
        "post": _("Reply"),
        "article": _("Article"),
        "profile": _("Person"),
    }


def parse_day(value: str, label: str, problems: list[str]) -> date | None:
    """A YYYY-MM-DD day, or None with a message added to ``problems``."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10]) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or not (1900 <= day.year <= 9998):
        problems.append(
            _("%(label)s must be a date written as YYYY-MM-DD; it was ignored.") % {"label": label}
        )
        return None
    return day


def day_bounds(date_from: date | None, date_to: date | None) -> tuple:
    """Days as datetimes: from the start of ``date_from`` to the end of ``date_to`` (UTC)."""
    start = datetime.combine(date_from, time.min, tzinfo=UTC) if date_from else None
    end = None
    if date_to and date_to < date.max:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=UTC)
    return start, end


def _text(request, name: str, limit: int) -> str:
    value = request.GET.get(name, "")
    return value.replace("\x00", "")[:limit].strip() if isinstance(value, str) else ""


@require_http_methods(["GET", "HEAD"])
def search_page(request):
    q = _text(request, "q", 500)
    community = _text(request, "community", 60)
    kind = _text(request, "kind", 12)
    tag = _text(request, "tag", 50)
    author = _text(request, "author", 80)
    problems: list[str] = []
    if kind and kind not in KINDS:
        problems.append(_("There is no such kind of result; showing every kind."))
        kind = ""
    date_from = parse_day(request.GET.get("from", ""), _("“From”"), problems)
    date_to = parse_day(request.GET.get("to", ""), _("“To”"), problems)
    if date_from and date_to and date_from > date_to:
        problems.append(_("“From” is after “To”, so nothing could match; the dates were swapped."))
        date_from, date_to = date_to, date_from
    start, end = day_bounds(date_from, date_to)
    results = None
    try:
        results = search(
            request.user,
            q,
            community=community or None,
            kind=kind or None,
            tag=tag or None,
            author=author or None,
            date_from=start,
            date_to=end,
            page=request.GET.get("page", 1),
            record_miss=True,
        )
    except PracticaError as exc:
        problems.append(exc.message)
    labels = _kind_labels()
    hits = []
    facets = []
    if results is not None:
        singular = _hit_labels()
        hits = [(hit, singular.get(hit.kind, hit.kind)) for hit in results.hits]
        facets = [(labels[k], results.facets[k]) for k in KINDS if results.facets.get(k)]
    communities = list(
        visible_communities(request.user)
        .order_by("name", "pk")
        .values("slug", "name")[:COMMUNITY_CHOICES_MAX]
    )
    context = {
        "q": q,
        "community": community,
        "kind": kind,
        "tag": tag,
        "author": author,
        "date_from": date_from.isoformat() if date_from else "",
        "date_to": date_to.isoformat() if date_to else "",
        "problems": problems,
        "results": results,
        "hits": hits,
        "facets": facets,
        "kinds": [{"value": k, "label": labels[k]} for k in KINDS],
        "kind_labels": labels,
        "communities": communities,
        "filtering": bool(community or kind or tag or author or date_from or date_to),
    }
    return render(request, "knowledge/search.html", context)


urlpatterns = [path("search/", search_page, name="search")]
