"""The knowledge gaps page (``/c/<slug>/knowledge/gaps/``): where the community's knowledge is
missing, each list with its evidence and a word on why it matters.

The page shows the first few items of every list; ``?section=misses|needs|supply|busy`` shows
one list a page at a time (the questions' "see all" goes to the topic list's own filter).
Anyone who can see the community can read it; a private community answers 404 to everyone
outside it. Members also get a "Document this" button on busy topics.
"""

from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practica.communities.views import community_context
from practica.communities.visibility import community_for_viewer
from practica.core.http import domain_errors

from .. import gaps

# The lists that have a page of their own: (query, partial template).
SECTIONS = {
    "misses": (gaps.search_misses, "knowledge/gaps/_misses.html"),
    "needs": (gaps.needs_without_supply, "knowledge/gaps/_needs.html"),
    "supply": (gaps.expertise_without_demand, "knowledge/gaps/_supply.html"),
    "busy": (gaps.undocumented_busy_topics, "knowledge/gaps/_busy.html"),
}


def _section_titles() -> dict[str, str]:
    return {
        "misses": _("Searches that found little"),
        "needs": _("Needs without supply"),
        "supply": _("Expertise nobody has asked for yet"),
        "busy": _("Busy topics without an article"),
    }


def document_available() -> bool:
    """Whether the "Document this" action exists; its button is only shown when it does."""
    try:
        reverse("knowledge:document", args=[1])
    except NoReverseMatch:
        return False
    return True


@require_http_methods(["GET", "HEAD"])
@domain_errors
def gaps_page(request, slug):
    community = community_for_viewer(request.user, slug)
    context = community_context(request, community, "knowledge")
    section = request.GET.get("section", "")
    can_act = context["is_member"] and not community.is_concluded
    context.update(
        gaps_url=reverse("knowledge:gaps", args=[community.slug]),
        knowledge_url=reverse("knowledge:list", args=[community.slug]),
        unanswered_url=reverse("discussions:list", args=[community.slug])
        + "?kind=question&unanswered=1",
        members_url=reverse("communities:members", args=[community.slug]),
        search_url=reverse("knowledge:search"),
        can_document=can_act and document_available(),
        can_act=can_act,
        window_days=gaps.MISS_WINDOW_DAYS,
        min_replies=gaps.BUSY_MIN_REPLIES,
    )
    if section in SECTIONS:
        query, partial = SECTIONS[section]
        page = query(request.user, community, page=request.GET.get("page", 1), size=gaps.PAGE_SIZE)
        context.update(
            section=section,
            section_title=_section_titles()[section],
            partial=partial,
            page=page,
        )
        return render(request, "knowledge/gaps/section.html", context)
    context["gaps"] = gaps.knowledge_gaps(request.user, community)
    return render(request, "knowledge/gaps.html", context)


urlpatterns = [path("c/<slug:slug>/knowledge/gaps/", gaps_page, name="gaps")]
