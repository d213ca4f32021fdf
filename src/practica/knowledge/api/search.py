"""API: search across topics, posts, articles and people, as the viewer may see them.

``GET /search?q=&community=&kind=&tag=&author=&from=&to=&page=``. Any ``q`` is accepted (an
empty or unsearchable one gives no results); ``from``/``to`` are days (YYYY-MM-DD, both
inclusive); ``author`` is a user id or a display name. ``count`` is exact up to 1,000; beyond
that it is 1,000 with ``count_is_capped`` true. Snippets and titles come as HTML in which
only ``<mark>`` is markup, everything else escaped.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Query, Router, Schema

from practica.accounts.api import optional_auth
from practica.core.schemas import ERRORS, PersonRef

from ..search import search
from ..views.search import day_bounds

router = Router(tags=["knowledge"])
# ``from`` is a Python keyword: the parameters are named date_from/date_to, spelled from/to.
FROM_DAY = Query(None, alias="from")
TO_DAY = Query(None, alias="to")


class SearchHitOut(Schema):
    kind: str
    id: int
    title: str
    title_html: str
    url: str
    community: str | None
    community_name: str | None
    author: PersonRef | None
    created_at: datetime
    snippet_html: str


class SearchOut(Schema):
    query: str
    count: int
    count_is_capped: bool
    page: int
    pages: int
    facets: dict[str, int]
    results: list[SearchHitOut]


@router.get("/search", auth=optional_auth, response={200: SearchOut, **ERRORS})
def search_api(
    request,
    q: str = "",
    community: str = Query("", max_length=60),
    kind: Literal["topic", "post", "article", "profile"] | None = None,
    tag: str = Query("", max_length=50),
    author: str = Query("", max_length=80),
    date_from: date | None = FROM_DAY,
    date_to: date | None = TO_DAY,
    page: int = 1,
):
    """Ranked by relevance, best first. A community the viewer cannot see answers 404."""
    start, end = day_bounds(date_from, date_to)
    found = search(
        request.user,
        q.replace("\x00", " "),
        community=community or None,
        kind=kind,
        tag=tag or None,
        author=author or None,
        date_from=start,
        date_to=end,
        page=page,
        record_miss=True,
    )
    return {
        "query": found.normalised,
        "count": found.count,
        "count_is_capped": found.count_is_capped,
        "page": found.page,
        "pages": found.pages,
        "facets": found.facets,
        "results": [
            {
                "kind": h.kind,
                "id": h.object_id,
                "title": h.title,
                "title_html": str(h.title_html),
                "url": h.url,
                "community": h.community_slug or None,
                "community_name": h.community_name or None,
                "author": {"id": h.author_id, "display_name": h.author_name}
                if h.author_id and h.author_name
                else None,
                "created_at": h.created_at,
                "snippet_html": str(h.snippet_html),
            }
            for h in found.hits
        ],
    }
