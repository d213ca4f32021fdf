"""Appreciation pages: the community's wall with its "appreciate someone" form, the actions on
a note (show on my profile, take it off, delete, a steward's removal), and the profile section
with the notes a person chose to show (docs/stewardship-appreciation.md)."""

from django.contrib import messages
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practica.accounts.models import Profile
from practica.communities.models import MembershipStatus
from practica.communities.views import (
    community_context,
    community_for_action,
    posted,
    register_profile_section,
)
from practica.core.errors import InvalidInput, PracticaError
from practica.core.http import domain_errors, form_error

from ..forms_appreciation import AppreciationForm, AppreciationManageForm
from ..queries import appreciation as queries
from ..services import appreciation as services

TAB = "sustaining"
# Up to this many members the form offers a select of names; past it, a name to type.
MEMBER_SELECT_MAX = 300


def _members(community, viewer) -> list[tuple[int, str]] | None:
    rows = list(
        Profile.objects.filter(
            user__memberships__community=community,
            user__memberships__status=MembershipStatus.ACTIVE,
            user__is_active=True,
        )
        .exclude(user_id=viewer.pk)
        .order_by(Lower("display_name"), "user_id")
        .values_list("user_id", "display_name")[: MEMBER_SELECT_MAX + 1]
    )
    return None if len(rows) > MEMBER_SELECT_MAX else rows


def _recipient_by_name(community, name: str) -> int:
    ids = list(
        Profile.objects.filter(
            display_name__iexact=" ".join(name.split()),
            user__memberships__community=community,
            user__memberships__status=MembershipStatus.ACTIVE,
        ).values_list("user_id", flat=True)[:2]
    )
    if len(ids) != 1:
        message = (
            _("No member of %(c)s goes by that name.")
            if not ids
            else _("Several members go by that name; ask them for a link to their profile.")
        )
        raise InvalidInput(message % {"c": community.name}, field="recipient")
    return ids[0]


def _create(request, community, form) -> bool:
    data = form.cleaned_data
    try:
        recipient = data["recipient"]
        if not form.listed:
            recipient = _recipient_by_name(community, recipient)
        target = queries.parse_target(data.get("target"))
        kind, target_id = target if target else (None, None)
        services.appreciation_create(
            request.user,
            community,
            recipient=recipient,
            body=data["body"],
            target_kind=kind,
            target_id=target_id,
        )
    except PracticaError as exc:
        form_error(form, exc)
        form.status = exc.status
        return False
    return True


@require_http_methods(["GET", "POST"])
@domain_errors
def appreciation_wall(request, slug):
    """The wall (members only), newest first, and the form to write a note."""
    community = community_for_action(request, slug, need="member")
    to_me = request.GET.get("to") == "me"
    members = _members(community, request.user)
    initial = {}
    prefill = request.GET.get("for", "")
    if isinstance(prefill, str) and len(prefill) <= 500:
        initial["target"] = prefill
    person = request.GET.get("person", "")
    if members is not None and person.isdigit() and any(str(pk) == person for pk, _n in members):
        initial["recipient"] = person
    form = AppreciationForm(posted(request), members=members, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        form.status = 400
        if form.is_valid() and _create(request, community, form):
            messages.success(request, _("Your note is on the wall, and they have been told."))
            return redirect("stewardship:appreciation", slug=community.slug)
        status = form.status
    page = queries.appreciation_wall(
        request.user, community, to_me=to_me, page=request.GET.get("page", 1)
    )
    for note in page.items:
        note.can_remove = queries.can_remove(request.user, note)
    context = community_context(request, community, TAB)
    context.update(
        page=page,
        form=form,
        to_me=to_me,
        can_write=not community.is_concluded,
    )
    return render(request, "stewardship/appreciation.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def appreciation_manage(request, slug):
    """Show a note on my profile, take it off, delete my note, or (a steward) remove one."""
    community = community_for_action(request, slug, need="member")
    wall = reverse("stewardship:appreciation", args=[community.slug])
    if request.method == "GET":
        return redirect(wall)
    form = AppreciationManageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That action could not be read; nothing changed."))
        return render_wall_error(request, community, form)
    action, note_id = form.cleaned_data["action"], form.cleaned_data["note"]
    note = queries.appreciation_for_viewer(request.user, note_id)
    if note.community_id != community.pk:
        return redirect(wall)
    try:
        if action in ("show", "unshow"):
            services.appreciation_set_on_profile(request.user, note.pk, action == "show")
            text = (
                _("The note is on your profile now.")
                if action == "show"
                else _("The note is no longer on your profile.")
            )
        else:
            services.appreciation_delete(
                request.user, note.pk, reason=form.cleaned_data.get("reason", "")
            )
            text = _("The note is removed.")
    except PracticaError as exc:
        form_error(form, exc)
        return render_wall_error(request, community, form, status=exc.status)
    messages.success(request, text)
    return redirect(wall + ("?to=me" if action in ("show", "unshow") else ""))


def render_wall_error(request, community, form, status=400):
    context = community_context(request, community, TAB)
    context.update(form=form)
    return render(request, "stewardship/appreciation_error.html", context, status=status)


@register_profile_section
def appreciation_profile_section(request, person) -> dict | None:
    """The notes this person chose to show on their profile, from communities the viewer may
    see; on one's own profile, a reminder of where to choose them."""
    notes = queries.appreciation_on_profile(request.user, person["user_id"])
    is_self = request.user.is_authenticated and request.user.pk == person["user_id"]
    if not notes and not is_self:
        return None
    return {"template": "stewardship/_appreciation_profile.html", "notes": notes, "self": is_self}


urlpatterns = [
    path("c/<slug:slug>/appreciation/", appreciation_wall, name="appreciation"),
    path("c/<slug:slug>/appreciation/manage/", appreciation_manage, name="appreciation_manage"),
]
