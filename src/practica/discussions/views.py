"""Topic and reply pages: the topic list, starting and editing topics, the topic page with its
replies, thanks, answers and the stewards' moderation.

Views parse input, call a service or a query, and render. With htmx, replying and thanking
swap in just the changed piece; without JavaScript the same URLs redirect back to the page.
Action URLs (reply, answer, thanks, moderate) answer a GET by sending the visitor to the page
the action belongs on — after the visibility check, so a private topic still answers 404.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_htmx.http import retarget

from practica.communities.views import (
    community_context,
    community_for_action,
    login_redirect,
    posted,
    register_home_section,
    register_profile_section,
    swapped_partial,
)
from practica.communities.visibility import community_for_viewer
from practica.core.cache import cached_render, fragment_key, remembered, versions
from practica.core.errors import NotAllowed, NotFound, PracticaError
from practica.core.http import domain_errors, error_page, form_error

from . import forms
from .models import KIND_HELP, TopicKind
from .queries import (
    POSTS_PER_TOPIC_PAGE,
    latest_topics,
    post_for_viewer,
    post_page_number,
    topic_for_viewer,
    topic_posts,
    topics_by_author,
    topics_for_viewer,
    unanswered_questions,
    viewer_post_relations,
)
from .services import (
    post_create,
    post_edit,
    post_hide,
    post_thank,
    post_unthank,
    topic_create,
    topic_edit,
    topic_hide,
    topic_lock,
    topic_mark_answered,
    topic_pin,
    topic_unmark_answered,
)


@register_home_section
def topics_home_section(request, community) -> dict:
    """The latest topics and the questions still waiting for an answer, on the community home."""
    return {
        "template": "discussions/_home_section.html",
        "latest": latest_topics(request.user, community, limit=6),
        "unanswered": unanswered_questions(request.user, community, limit=5),
    }


@register_profile_section
def topics_profile_section(request, person) -> dict:
    """The person's recent topics that this viewer can see, on their profile page."""
    return {
        "template": "discussions/_profile_topics.html",
        "topics": topics_by_author(request.user, person["user_id"]),
    }


def _kind_choices() -> list[dict]:
    return [
        {"value": value, "label": label, "help": KIND_HELP[value]}
        for value, label in TopicKind.choices
    ]


def post_url(post) -> str:
    """A link to a post on the page of its topic where it is shown."""
    url = reverse("discussions:topic", args=[post.topic_id])
    number = post_page_number(post)
    query = f"?page={number}" if number > 1 else ""
    return f"{url}{query}#post-{post.pk}"


# --- the topic list ---------------------------------------------------------------------------


@domain_errors
def topic_list(request, slug):
    community = community_for_viewer(request.user, slug)
    kind = request.GET.get("kind", "")
    kind = kind if kind in TopicKind.values else ""
    tag = request.GET.get("tag", "").strip()[:50]
    unanswered = request.GET.get("unanswered") == "1"
    page = topics_for_viewer(
        request.user,
        community,
        kind=kind or None,
        tag=tag or None,
        unanswered=unanswered,
        page=request.GET.get("page", 1),
    )
    context = community_context(request, community, "topics")
    context.update(
        page=page,
        kind=kind,
        tag=tag,
        unanswered=unanswered,
        kinds=_kind_choices(),
        filtering=bool(kind or tag or unanswered),
    )
    return render(request, "discussions/topic_list.html", context)


@require_http_methods(["GET", "POST"])
@domain_errors
def topic_new(request, slug):
    community = community_for_action(request, slug, need="member")
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in TopicKind.values else TopicKind.DISCUSSION}
    form = forms.TopicCreateForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                topic = topic_create(request.user, community, **form.cleaned_data)
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Your topic is up. Members will see it in the list."))
                return redirect("discussions:topic", topic_id=topic.pk)
    context = community_context(request, community, "topics")
    context.update(form=form, kinds=_kind_choices())
    return render(request, "discussions/topic_new.html", context, status=status)


# --- the topic page ---------------------------------------------------------------------------


def _reply_to_post(request, posts):
    """The post named by ?reply_to= when it is on this page, to show whom a reply answers."""
    try:
        wanted = int(request.GET.get("reply_to", ""))
    except ValueError:
        return None
    return next((p for p in posts if p.pk == wanted), None)


class _Links:
    """Each kind of per-post link reversed once, then filled in with each post's id: a page
    of replies would otherwise resolve four URLs per post."""

    _ID = 7_654_321_987  # stands for the post's id in the reversed pattern

    def __init__(self, topic):
        self.thanks = reverse("discussions:thanks", args=[self._ID])
        self.edit = reverse("discussions:post_edit", args=[self._ID])
        self.moderate = reverse("discussions:post_moderate", args=[self._ID])
        self.profile = reverse("accounts:profile", args=[self._ID])
        self.topic = reverse("discussions:topic", args=[topic.pk])

    def fill(self, pattern: str, pk: int) -> str:
        return pattern.replace(str(self._ID), str(pk))


def prepare_posts(request, topic, posts, *, is_member: bool, is_steward: bool, can_reply: bool):
    """Give each post (as listed by topic_posts) its links and what this viewer may do with
    it, so that discussions/_post.html only prints them."""
    links = _Links(topic)
    user = request.user
    viewer_id = user.pk if user.is_authenticated else None
    may_mark = topic.is_question and is_member and viewer_id is not None
    may_mark = may_mark and topic.author_id == viewer_id
    reply_query = request.GET.copy()
    for post in posts:
        own = viewer_id is not None and post.author_id == viewer_id
        post.is_answer = topic.answer_id == post.pk
        post.author_name = post.author.profile.display_name if post.author_id else None
        post.profile_url = links.fill(links.profile, post.author_id) if post.author_id else ""
        post.reply_to_url = post.reply_to_name = None
        if post.reply_to_id:
            post.reply_to_url = f"{links.topic}?post={post.reply_to_id}"
            if post.reply_to.author_id:
                post.reply_to_name = post.reply_to.author.profile.display_name
        post.can_thank = is_member and viewer_id is not None and not own and not post.is_hidden
        post.thanks_url = links.fill(links.thanks, post.pk)
        post.can_mark = may_mark and not post.is_hidden
        post.edit_url = links.fill(links.edit, post.pk) if own and not topic.is_locked else ""
        post.moderate_url = links.fill(links.moderate, post.pk) if is_steward else ""
        post.reply_link = ""
        if can_reply:
            reply_query["reply_to"] = str(post.pk)
            post.reply_link = f"?{reply_query.urlencode()}#reply-form"
    return posts


def _topic_page(request, topic, *, status=200, reply_form=None, page_error="", moderation=None):
    """The topic page. What it shows below the community header is kept rendered for everyone
    who would see exactly the same: the same versions of the community and of people's
    names, the same address (page, reply_to), the same role, and the same posts written and
    thanked (practica.core.cache). A page showing a form's errors is never kept."""
    community, topic_id = topic.community, topic.pk
    context = community_context(request, community, "topics")
    viewer_id = request.user.pk if request.user.is_authenticated else None
    is_author = topic.author_id is not None and topic.author_id == viewer_id
    can_reply = context["is_member"] and not topic.is_locked and not topic.is_hidden
    context.update(
        topic=topic,
        is_author=is_author,
        show_topic_body=not topic.is_hidden or context["is_steward"] or is_author,
        can_reply=can_reply,
    )

    def content() -> dict:
        topic = topic_for_viewer(request.user, topic_id, details=True)
        context["topic"] = topic
        page = topic_posts(
            request.user, topic, page=request.GET.get("page", 1), size=POSTS_PER_TOPIC_PAGE
        )
        flags = {k: context[k] for k in ("is_member", "is_steward")}
        prepare_posts(request, topic, page.items, can_reply=can_reply, **flags)
        reply_to = _reply_to_post(request, page.items)
        form = reply_form or forms.ReplyForm(
            initial={"reply_to": reply_to.pk if reply_to else None}
        )
        answer_url = None
        if topic.answer_id and not topic.answer.is_hidden:
            answer_url = post_url(topic.answer)
        return {
            **context,
            "page": page,
            "reply_form": form,
            "reply_to": reply_to,
            "is_last_page": page.number == page.pages,
            "answer_url": answer_url,
            "answer_action": reverse("discussions:answer", args=[topic.pk]),
            "page_error": page_error,
            "moderation": moderation,
            "tag_url": reverse("discussions:list", args=[community.slug]),
        }

    template = "discussions/_topic_content.html"
    # Links on the page carry the address's parameters along, so only the page's own are
    # allowed in a kept rendering: made-up ones neither reach others nor fill the cache.
    plain_address = set(request.GET) <= {"page", "reply_to"}
    fresh_form = status == 200 and reply_form is None and not page_error and not moderation
    if plain_address and fresh_form:
        version = versions(community.pk)
        role = (viewer_id is not None, context["is_member"], context["is_pending"])
        relations = ((), ())
        if viewer_id is not None:  # they change only with the viewer's own posts and thanks
            relations = remembered(
                "topic-relations",
                (topic.pk, viewer_id, version),
                lambda: viewer_post_relations(request.user, topic),
            )
        key = fragment_key(
            "topic-page",
            topic.pk,
            version,
            request.get_full_path(),
            role + (context["is_steward"], is_author),
            relations,
        )
        context["content"] = cached_render(request, key, template, content)
    else:
        context["content"] = render_to_string(template, content(), request)
    return render(request, "discussions/topic_detail.html", context, status=status)


@domain_errors
def topic_detail(request, topic_id):
    # Only what finding the page in the cache needs; its content reads the rest if missing.
    topic = topic_for_viewer(request.user, topic_id, details=False)
    if "post" in request.GET:
        post = post_for_viewer(request.user, request.GET["post"])
        if post.topic_id != topic.pk:
            raise NotFound(_("No such post."))
        return redirect(post_url(post))
    return _topic_page(request, topic)


@require_http_methods(["GET", "POST"])
@domain_errors
def topic_edit_view(request, topic_id):
    topic = topic_for_viewer(request.user, topic_id)
    if not request.user.is_authenticated:
        return login_redirect(request)
    if topic.author_id != request.user.pk:
        if request.method == "POST":
            raise NotAllowed(_("Only the author can edit this topic."))
        messages.info(request, _("Only the author can edit this topic."))
        return redirect("discussions:topic", topic_id=topic.pk)
    initial = {
        "title": topic.title,
        "body": topic.body,
        "tags": ", ".join(t.name for t in topic.tags.all()),
    }
    form = forms.TopicForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                topic_edit(request.user, topic.pk, **form.cleaned_data)
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("discussions:topic", topic_id=topic.pk)
    context = community_context(request, topic.community, "topics")
    context.update(topic=topic, form=form)
    return render(request, "discussions/topic_edit.html", context, status=status)


# --- replying ---------------------------------------------------------------------------------


def _decorate_new_post(request, topic, post, context) -> None:
    """A new post has no thanks yet; give it what topic_posts and prepare_posts give every
    post they list."""
    post.thanked_by_viewer = False
    post.thanker_names = []
    post.show_body = True
    flags = {k: context[k] for k in ("is_member", "is_steward")}
    prepare_posts(request, topic, [post], can_reply=True, **flags)


@require_http_methods(["GET", "POST"])
@domain_errors
def reply(request, topic_id):
    topic = topic_for_viewer(request.user, topic_id)
    topic_url = reverse("discussions:topic", args=[topic.pk])
    if request.method == "GET":
        return redirect(topic_url)
    if not request.user.is_authenticated:
        return login_redirect(request, topic_url)
    form = forms.ReplyForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            post = post_create(
                request.user,
                topic.pk,
                body=form.cleaned_data["body"],
                reply_to=form.cleaned_data["reply_to"],
            )
        except PracticaError as exc:
            form_error(form, exc)
            status = exc.status
        else:
            if not request.htmx:
                messages.success(request, _("Your reply is posted."))
                return redirect(post_url(post))
            context = community_context(request, topic.community, "topics")
            _decorate_new_post(request, topic, post, context)
            context.update(
                topic=topic,
                post=post,
                answer_action=reverse("discussions:answer", args=[topic.pk]),
                reply_form=forms.ReplyForm(),
                can_reply=True,
                is_last_page=True,
                oob=True,
            )
            return render(request, "discussions/reply_created.html", context)
    if request.htmx:
        context = community_context(request, topic.community, "topics")
        context.update(topic=topic, reply_form=form, can_reply=True, is_last_page=True)
        response = render(
            request, "discussions/_topic_content.html#reply-form", context, status=status
        )
        return swapped_partial(retarget(response, "#reply-form"))
    return _topic_page(request, topic, status=status, reply_form=form)


@require_http_methods(["GET", "POST"])
@domain_errors
def answer(request, topic_id):
    topic = topic_for_viewer(request.user, topic_id)
    if request.method == "GET":
        return redirect("discussions:topic", topic_id=topic.pk)
    if not request.user.is_authenticated:
        return login_redirect(request, reverse("discussions:topic", args=[topic.pk]))
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        return _topic_page(
            request, topic, status=400, page_error=_("Choose a reply as the answer.")
        )
    try:
        if form.cleaned_data["action"] == "unmark":
            topic_unmark_answered(request.user, topic.pk)
            messages.info(request, _("The question is open again."))
            return redirect("discussions:topic", topic_id=topic.pk)
        topic_mark_answered(request.user, topic.pk, form.cleaned_data["post_id"])
    except PracticaError as exc:
        return _topic_page(request, topic, status=exc.status, page_error=exc.message)
    messages.success(request, _("Marked as the answer. Thank you for closing the loop!"))
    return redirect(post_url(post_for_viewer(request.user, form.cleaned_data["post_id"])))


# --- thanks -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@domain_errors
def thanks(request, post_id):
    post = post_for_viewer(request.user, post_id)
    if request.method == "GET":
        return redirect(post_url(post))
    if not request.user.is_authenticated:
        return login_redirect(request, post_url(post))
    try:
        if post.thanks.filter(user=request.user).exists():
            post = post_unthank(request.user, post.pk)
        else:
            post = post_thank(request.user, post.pk)
    except PracticaError as exc:
        if request.htmx:
            return swapped_partial(
                render(
                    request,
                    "discussions/_post.html#thanks-button",
                    _thanks_context(request, post, error=exc.message),
                    status=exc.status,
                )
            )
        return error_page(request, exc)
    if request.htmx:
        return render(
            request, "discussions/_post.html#thanks-button", _thanks_context(request, post)
        )
    return redirect(post_url(post))


def _thanks_context(request, post, error="") -> dict:
    """What the thanks button needs after a change: who thanked, and whether the viewer did."""
    names = [str(t.user) for t in post.thanks.select_related("user__profile").order_by("id")]
    post.thanker_names = names
    post.thanked_by_viewer = post.thanks.filter(user=request.user).exists()
    context = community_context(request, post.topic.community, "topics")
    flags = {k: context[k] for k in ("is_member", "is_steward")}
    prepare_posts(request, post.topic, [post], can_reply=False, **flags)
    context.update(post=post, topic=post.topic, thanks_error=error)
    return context


# --- editing a post ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@domain_errors
def post_edit_view(request, post_id):
    post = post_for_viewer(request.user, post_id)
    if not request.user.is_authenticated:
        return login_redirect(request)
    if post.author_id != request.user.pk:
        if request.method == "POST":
            raise NotAllowed(_("Only the author can edit this post."))
        messages.info(request, _("Only the author can edit this post."))
        return redirect(post_url(post))
    form = forms.PostEditForm(posted(request), initial={"body": post.body})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                post_edit(request.user, post.pk, body=form.cleaned_data["body"])
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Your post is updated."))
                return redirect(post_url(post))
    context = community_context(request, post.topic.community, "topics")
    context.update(post=post, topic=post.topic, form=form)
    return render(request, "discussions/post_edit.html", context, status=status)


# --- stewards' moderation ---------------------------------------------------------------------


def _moderate_topic(actor, topic_id, action: str, reason: str):
    if action in ("pin", "unpin"):
        return topic_pin(actor, topic_id, pinned=action == "pin")
    if action in ("lock", "unlock"):
        return topic_lock(actor, topic_id, locked=action == "lock")
    return topic_hide(actor, topic_id, reason=reason, hidden=action == "hide")


MODERATION_DONE = {
    "pin": gettext_lazy("The topic is pinned to the top of the list."),
    "unpin": gettext_lazy("The topic is no longer pinned."),
    "lock": gettext_lazy("The topic is locked; it takes no more replies."),
    "unlock": gettext_lazy("The topic is open for replies again."),
    "hide": gettext_lazy("The topic is hidden; members see why."),
    "unhide": gettext_lazy("The topic is visible again."),
}


@require_http_methods(["GET", "POST"])
@domain_errors
def topic_moderate(request, topic_id):
    topic = topic_for_viewer(request.user, topic_id)
    if request.method == "GET":
        return redirect("discussions:topic", topic_id=topic.pk)
    if not request.user.is_authenticated:
        return login_redirect(request, reverse("discussions:topic", args=[topic.pk]))
    form = forms.ModerateForm(request.POST)
    if not form.is_valid():
        return _topic_page(request, topic, status=400, page_error=_("Choose a moderation action."))
    action = form.cleaned_data["action"]
    try:
        _moderate_topic(request.user, topic.pk, action, form.cleaned_data["reason"])
    except PracticaError as exc:
        return _topic_page(request, topic, status=exc.status, moderation={"topic": exc.message})
    messages.success(request, str(MODERATION_DONE[action]))
    return redirect("discussions:topic", topic_id=topic.pk)


@require_http_methods(["GET", "POST"])
@domain_errors
def post_moderate(request, post_id):
    post = post_for_viewer(request.user, post_id)
    if request.method == "GET":
        return redirect(post_url(post))
    if not request.user.is_authenticated:
        return login_redirect(request, post_url(post))
    form = forms.ModerateForm(request.POST, actions=forms.POST_ACTIONS)
    if not form.is_valid():
        topic = topic_for_viewer(request.user, post.topic_id)
        return _topic_page(request, topic, status=400, page_error=_("Choose hide or unhide."))
    hide = form.cleaned_data["action"] == "hide"
    try:
        post_hide(request.user, post.pk, reason=form.cleaned_data["reason"], hidden=hide)
    except PracticaError as exc:
        topic = topic_for_viewer(request.user, post.topic_id)
        return _topic_page(
            request, topic, status=exc.status, moderation={"post": post.pk, "message": exc.message}
        )
    messages.success(
        request, _("The post is hidden; everyone sees why.") if hide else _("The post is back.")
    )
    return redirect(post_url(post))
