"""Pages of the knowledge repository: the community's knowledge page, writing and editing
articles, an article with its credits and endorsements, its history, any revision, the
difference between two, and the actions (restore, endorse, mark reviewed, publish or archive,
"Document this" from a topic).

Views parse input, call a service or a query, and render; they work without JavaScript.
Action URLs answer a GET by sending the visitor to the page the action belongs on — after the
visibility check, so a private article still answers 404.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from practica.communities.views import (
    community_context,
    community_for_action,
    login_redirect,
    posted,
    register_home_section,
)
from practica.communities.visibility import community_for_viewer, is_member
from practica.core.errors import NotAllowed, PracticaError
from practica.core.http import domain_errors, error_page, form_error
from practica.core.models import normalize_tag
from practica.discussions.queries import topic_for_viewer

from .. import forms, queries, services
from ..models import ArticleKind, ArticleStatus

# How many drafts and stale articles the knowledge page shows before "see all".
SECTION_SIZE = 10

TAB = "knowledge"


@register_home_section
def knowledge_home_section(request, community) -> dict:
    """The community's latest articles and how many need a review, on the community home.
    Depends only on the community and the viewer's role (the home page is cached per role)."""
    return {
        "template": "knowledge/_home_section.html",
        "articles": queries.latest_articles(request.user, community, limit=5),
        "stale_count": queries.stale_count(request.user, community),
    }


def _kind_choices() -> list[dict]:
    return [{"value": value, "label": label} for value, label in ArticleKind.choices]


def _can_write(context) -> bool:
    return context["is_member"] and not context["community"].is_concluded


def _article_context(request, article, active_tab=TAB) -> dict:
    context = community_context(request, article.community, active_tab)
    context.update(article=article, can_write=_can_write(context))
    return context


# --- the knowledge page -------------------------------------------------------------------------


@domain_errors
def knowledge_list(request, slug):
    community = community_for_viewer(request.user, slug)
    kind = request.GET.get("kind", "")
    kind = kind if kind in ArticleKind.values else ""
    tag = normalize_tag(request.GET.get("tag", "")[:100])
    status = request.GET.get("status", "")
    status = status if status in (ArticleStatus.DRAFT, ArticleStatus.ARCHIVED) else ""
    context = community_context(request, community, TAB)
    member = context["is_member"]
    if status == ArticleStatus.DRAFT and not member:
        status = ""
    page = queries.visible_articles(
        request.user,
        community,
        kind=kind or None,
        tag=tag or None,
        status=status or ArticleStatus.PUBLISHED,
        page=request.GET.get("page", 1),
    )
    drafts = stale = None
    if not status:
        if member:
            drafts = queries.visible_articles(
                request.user, community, status=ArticleStatus.DRAFT, size=SECTION_SIZE
            )
        stale = queries.stale_articles(request.user, community, size=SECTION_SIZE)
    context.update(
        page=page,
        kind=kind,
        tag=tag,
        status=status,
        kinds=_kind_choices(),
        filtering=bool(kind or tag),
        drafts=drafts,
        stale=stale,
        review_months=community.article_review_months,
        can_write=_can_write(context),
        list_url=reverse("knowledge:list", args=[community.slug]),
    )
    return render(request, "knowledge/list.html", context)


# --- writing and editing ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@domain_errors
def article_new(request, slug):
    community = community_for_action(request, slug, need="member")
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in ArticleKind.values else ArticleKind.PRACTICE}
    form = forms.ArticleCreateForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                article = services.article_create(request.user, community, **form.cleaned_data)
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                if article.status == ArticleStatus.PUBLISHED:
                    messages.success(request, _("Your article is published. Thank you!"))
                else:
                    messages.success(
                        request,
                        _(
                            "Your draft is saved. Members can read and improve it; publish it "
                            "when it is ready."
                        ),
                    )
                return redirect("knowledge:article", article_id=article.pk)
    context = community_context(request, community, TAB)
    context.update(form=form, kinds=_kind_choices(), can_write=_can_write(context))
    return render(request, "knowledge/article_new.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def article_edit(request, article_id):
    article = queries.article_for_viewer(request.user, article_id)
    if not request.user.is_authenticated:
        return login_redirect(request)
    if not is_member(request.user, article.community):
        if request.method == "POST":
            raise NotAllowed(
                _("Only members of %(c)s can edit its articles.") % {"c": article.community}
            )
        messages.info(request, _("Join the community to edit its articles."))
        return redirect("knowledge:article", article_id=article.pk)
    initial = {
        "kind": article.kind,
        "title": article.title,
        "url": article.url,
        "body": article.body,
        "tags": ", ".join(t.name for t in article.tags.all()),
    }
    form = forms.ArticleForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.article_edit(request.user, article.pk, **form.cleaned_data)
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Your changes are saved as a new revision."))
                return redirect("knowledge:article", article_id=article.pk)
    context = _article_context(request, article)
    context.update(form=form, kinds=_kind_choices())
    return render(request, "knowledge/article_edit.html", context, status=status)


# --- reading ------------------------------------------------------------------------------------


@domain_errors
def article_detail(request, article_id):
    article = queries.article_for_viewer(request.user, article_id)
    context = _article_context(request, article)
    context.update(
        credits=queries.article_credits(request.user, article),
        endorsement=queries.endorsers(request.user, article),
        is_stale=(
            article.status == ArticleStatus.PUBLISHED
            and article.reviewed_at < queries.review_cutoff(article.community)
        ),
        tags=list(article.tags.all()),
        list_url=reverse("knowledge:list", args=[article.community.slug]),
    )
    return render(request, "knowledge/article_detail.html", context)


@domain_errors
def article_history(request, article_id):
    article = queries.article_for_viewer(request.user, article_id)
    page = queries.article_revisions(request.user, article, page=request.GET.get("page", 1))
    context = _article_context(request, article)
    revisions = page.items
    context.update(
        page=page,
        default_from=revisions[1].number if len(revisions) > 1 else None,
        default_to=revisions[0].number if revisions else None,
    )
    return render(request, "knowledge/history.html", context)


@domain_errors
def article_revision(request, article_id, number):
    article = queries.article_for_viewer(request.user, article_id)
    revision = queries.revision_for_viewer(request.user, article, number)
    context = _article_context(request, article)
    context.update(
        revision=revision,
        tags=queries.revision_content(revision)["tags"],
        is_current=revision.number == article.revision_count,
        can_restore=(
            context["can_write"]
            and revision.number != article.revision_count
            and article.status != ArticleStatus.ARCHIVED
        ),
    )
    return render(request, "knowledge/revision.html", context)


@domain_errors
def article_diff(request, article_id):
    article = queries.article_for_viewer(request.user, article_id)
    latest = article.revision_count
    first = request.GET.get("from") or (latest - 1 if latest > 1 else latest)
    second = request.GET.get("to") or latest
    try:
        result = queries.article_diff(request.user, article, first, second)
    except PracticaError as exc:
        context = _article_context(request, article)
        context.update(error=exc.message, status=exc.status)
        return render(request, "knowledge/diff.html", context, status=exc.status)
    context = _article_context(request, article)
    context.update(result)
    return render(request, "knowledge/diff.html", context)


# --- actions ------------------------------------------------------------------------------------


def _action_target(request, article_id):
    """The article (visibility first), or a response: a GET goes to the article's page, an
    anonymous POST to sign in."""
    article = queries.article_for_viewer(request.user, article_id)
    url = reverse("knowledge:article", args=[article.pk])
    if request.method == "GET":
        return article, redirect(url)
    if not request.user.is_authenticated:
        return article, login_redirect(request, url)
    return article, None


def _back(request, article):
    """Back to the knowledge page when the action was taken there, else to the article."""
    if request.POST.get("back") == "list":
        return redirect("knowledge:list", slug=article.community.slug)
    return redirect("knowledge:article", article_id=article.pk)


@require_http_methods(["GET", "POST"])
@domain_errors
def article_restore(request, article_id, number):
    article = queries.article_for_viewer(request.user, article_id)
    if request.method == "GET":
        return redirect("knowledge:revision", article_id=article.pk, number=number)
    if not request.user.is_authenticated:
        return login_redirect(request, reverse("knowledge:article", args=[article.pk]))
    form = forms.RestoreForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    services.article_restore(request.user, article.pk, number, summary=summary)
    messages.success(
        request, _("Revision %(n)s is restored as the newest revision.") % {"n": number}
    )
    return redirect("knowledge:article", article_id=article.pk)


@require_http_methods(["GET", "POST"])
@domain_errors
def article_endorse(request, article_id):
    article, response = _action_target(request, article_id)
    if response is not None:
        return response
    form = forms.EndorseForm(request.POST)
    action = form.cleaned_data["action"] if form.is_valid() else ""
    if not action:
        action = "withdraw" if queries.endorsers(request.user, article)["by_viewer"] else "endorse"
    services.article_endorse(request.user, article.pk, endorsed=action == "endorse")
    if action == "endorse":
        messages.success(request, _("You endorsed this article as reflecting your practice."))
    else:
        messages.info(request, _("Your endorsement is withdrawn."))
    return _back(request, article)


@require_http_methods(["GET", "POST"])
@domain_errors
def article_reviewed(request, article_id):
    article, response = _action_target(request, article_id)
    if response is not None:
        return response
    services.article_mark_reviewed(request.user, article.pk)
    messages.success(request, _("Marked as reviewed. Thank you for keeping it current."))
    return _back(request, article)


STATUS_DONE = {
    ArticleStatus.PUBLISHED: gettext_lazy("The article is published."),
    ArticleStatus.DRAFT: gettext_lazy("The article is a draft again."),
    ArticleStatus.ARCHIVED: gettext_lazy("The article is archived."),
}


@require_http_methods(["GET", "POST"])
@domain_errors
def article_status(request, article_id):
    article, response = _action_target(request, article_id)
    if response is not None:
        return response
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        return error_page(request, PracticaError(_("Choose draft, published or archived.")))
    status = form.cleaned_data["status"]
    updated = services.article_set_status(request.user, article.pk, status)
    messages.success(request, str(STATUS_DONE[updated.status]))
    return redirect("knowledge:article", article_id=article.pk)


@require_http_methods(["GET", "POST"])
@domain_errors
def topic_document(request, topic_id):
    topic = topic_for_viewer(request.user, topic_id, details=False)
    topic_url = reverse("discussions:topic", args=[topic.pk])
    if request.method == "GET":
        return redirect(topic_url)
    if not request.user.is_authenticated:
        return login_redirect(request, topic_url)
    existing = services.existing_documentation(topic.pk)
    if existing is not None and is_member(request.user, topic.community):
        messages.info(request, _("This topic is already documented; improve this article."))
        return redirect("knowledge:article", article_id=existing.pk)
    article = services.topic_document(request.user, topic.pk)
    messages.success(
        request,
        _(
            "A draft is ready, made from the discussion with everyone quoted credited. Shape it "
            "into something others can follow, then publish it."
        ),
    )
    return redirect("knowledge:edit", article_id=article.pk)


urlpatterns = [
    path("c/<slug:slug>/knowledge/", knowledge_list, name="list"),
    path("c/<slug:slug>/knowledge/new/", article_new, name="new"),
    path("a/<int:article_id>/", article_detail, name="article"),
    path("a/<int:article_id>/edit/", article_edit, name="edit"),
    path("a/<int:article_id>/history/", article_history, name="history"),
    path("a/<int:article_id>/revisions/<int:number>/", article_revision, name="revision"),
    path("a/<int:article_id>/diff/", article_diff, name="diff"),
    path("a/<int:article_id>/restore/<int:number>/", article_restore, name="restore"),
    path("a/<int:article_id>/endorse/", article_endorse, name="endorse"),
    path("a/<int:article_id>/reviewed/", article_reviewed, name="reviewed"),
    path("a/<int:article_id>/status/", article_status, name="status"),
    path("t/<int:topic_id>/document/", topic_document, name="document"),
]
