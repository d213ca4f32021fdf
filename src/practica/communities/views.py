"""Community pages: exploring and creating communities, joining and leaving, the member
directory, people's profiles, invitations, stewards, settings, the audit trail, the charter
with its consent process, goals, and the signed-in person's notifications.

Views parse input with a form, call a service or a query, and render. Permission checks live
in the services and queries; their errors become pages through ``@domain_errors``.
"""

import difflib
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, reswap

from practica.accounts.forms import ProfileForm
from practica.accounts.models import PROFILE_FIELDS, Audience
from practica.core.cache import cached_render, fragment_key, versions
from practica.core.errors import NotFound, PracticaError, SignInRequired
from practica.core.http import domain_errors, form_error

from . import forms
from .models import CharterResponse, GoalStatus, JoinPolicy, MembershipStatus, ProposalStatus
from .queries import (
    audit_trail,
    charter_history,
    charter_overview,
    communities_for_viewer,
    goal_for_viewer,
    goals_for_viewer,
    goals_preview,
    join_requests,
    member_directory,
    member_directory_ids,
    newest_members,
    notifications_for,
    profile_for_viewer,
    proposal_detail,
    steward_candidates,
    stewards_of,
)
from .services import (
    charter_proposal_for_viewer,
    charter_propose,
    charter_respond,
    charter_settle,
    charter_settle_due,
    charter_withdraw,
    community_create,
    community_join,
    community_leave,
    community_update,
    current_charter,
    goal_create,
    goal_update,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    membership_approve,
    membership_decline,
    notification_open,
    notifications_mark_read,
    steward_appoint,
    steward_step_down,
)
from .visibility import community_for_viewer, membership_of, require_member, require_steward

# --- shared helpers ---------------------------------------------------------------------------

HomeSection = Callable[[object, object], dict | None]
HOME_SECTIONS: list[HomeSection] = []


def register_home_section(provider: HomeSection) -> HomeSection:
    """Let a feature add a section to the community home page.

    Features sit above communities in the layers, so communities cannot import them; instead
    each feature registers ``provider(request, community)`` returning ``{"template": …, …}``
    (or None to show nothing), and the home page includes every section it is given.
    """
    if provider not in HOME_SECTIONS:
        HOME_SECTIONS.append(provider)
    return provider


ProfileSection = Callable[[object, dict], dict | None]
PROFILE_SECTIONS: list[ProfileSection] = []


def register_profile_section(provider: ProfileSection) -> ProfileSection:
    """Let a feature add a section to a person's profile page (their recent topics…).

    As with ``register_home_section``: ``provider(request, person)`` gets the profile as the
    viewer may see it and returns ``{"template": …, …}``, or None to show nothing.
    """
    if provider not in PROFILE_SECTIONS:
        PROFILE_SECTIONS.append(provider)
    return provider


def community_context(request, community, active_tab: str) -> dict:
    """What communities/community_base.html needs: the community and the viewer's place in it."""
    membership = membership_of(request.user, community)
    return {
        "community": community,
        "membership": membership,
        "is_member": membership is not None and membership.is_active,
        "is_steward": membership is not None and membership.is_steward,
        "is_pending": membership is not None and membership.status == MembershipStatus.PENDING,
        "active_tab": active_tab,
        # Keys the community header's cached rendering (community_base.html): any write in the
        # community, a rename included, moves it on (practica.core.cache).
        "community_version": versions(community.pk),
    }


def community_for_action(request, slug, *, need: str | None = None):
    """The community of a page that needs an account: visibility first (a private community
    stays a 404 for everyone outside it), then sign-in, then membership or stewardship."""
    community = community_for_viewer(request.user, slug)
    if not request.user.is_authenticated:
        raise SignInRequired(_("Sign in first."))
    if need == "member":
        require_member(request.user, community)
    elif need == "steward":
        require_steward(request.user, community)
    return community


def login_redirect(request, next_url: str | None = None):
    """Send an anonymous visitor to sign in, then back to where they were going."""
    return redirect_to_login(next_url or request.get_full_path())


def swapped_partial(response, how: str = "outerHTML"):
    """Mark an htmx answer as a piece of page to swap in, even with a 4xx status.

    communities/community_base.html lets htmx swap 400/409 answers (forms shown again with
    their errors); the HX-Reswap header is how its script tells such an answer from a failure.
    """
    return reswap(response, how)


def posted(request):
    """The submitted data on POST, else None: an empty POST must still bind the form (and
    fail validation), which ``request.POST or None`` would not do."""
    return request.POST if request.method == "POST" else None


def _error_status(form, exc: PracticaError) -> int:
    form_error(form, exc)
    return exc.status


def _page_number(request):
    return request.GET.get("page", 1)


# --- exploring and creating -------------------------------------------------------------------


@domain_errors
def community_list(request):
    form = forms.SearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = communities_for_viewer(request.user, q=q, page=_page_number(request))
    for community in page.items:
        membership = membership_of(request.user, community)
        community.viewer_status = membership.status if membership else ""
    return render(request, "communities/list.html", {"form": form, "q": q, "page": page})


@require_http_methods(["GET", "POST"])
@domain_errors
def community_create_view(request):
    if not request.user.is_authenticated:
        return login_redirect(request)
    profile = getattr(request.user, "profile", None)
    initial = {"timezone": getattr(profile, "timezone", None) or "UTC"}
    form = forms.CommunityCreateForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                community = community_create(
                    request.user,
                    name=data["name"],
                    purpose=data["purpose"],
                    values=data["values"],
                    charter=data["charter"],
                    visibility=data["visibility"],
                    join_policy=data["join_policy"],
                    community_timezone=data["timezone"],
                )
            except PracticaError as exc:
                status = _error_status(form, exc)
            else:
                messages.success(
                    request,
                    _("%(c)s is ready. You are its first steward — invite people to join.")
                    % {"c": community.name},
                )
                return redirect("communities:home", slug=community.slug)
    return render(
        request,
        "communities/create.html",
        {"form": form, "charter_starter": forms.CHARTER_STARTER},
        status=status,
    )


# --- a community's home -----------------------------------------------------------------------


@domain_errors
def community_home(request, slug):
    """The community's purpose, charter, goals, newest members, stewards and the features'
    sections (latest topics…).

    Everyone with the same role in the community sees the same content, so it is rendered
    once per role and kept until anything in the community, or anyone's profile, changes
    (practica.core.cache); a hit runs none of the content's queries. Home sections must
    therefore depend only on the community and the viewer's role in it.
    """
    community = community_for_viewer(request.user, slug)
    context = community_context(request, community, "home")
    role = (
        request.user.is_authenticated,
        context["is_member"],
        context["is_pending"],
        context["is_steward"],
    )

    def content() -> dict:
        return {
            **context,
            "charter": current_charter(community),
            "goals": goals_preview(request.user, community, status=GoalStatus.ACTIVE, limit=5),
            "members_preview": newest_members(request.user, community, limit=12),
            "stewards": stewards_of(community),
            "sections": [s for s in (p(request, community) for p in HOME_SECTIONS) if s],
        }

    key = fragment_key("community-home", community.pk, versions(community.pk), role)
    context["content"] = cached_render(request, key, "communities/_home_content.html", content)
    return render(request, "communities/home.html", context)


# --- joining and leaving ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@domain_errors
def join(request, slug):
    community = community_for_action(request, slug)
    context = community_context(request, community, "home")
    home_url = reverse("communities:home", args=[community.slug])
    if context["is_member"]:
        messages.info(request, _("You are already a member of %(c)s.") % {"c": community.name})
        return redirect(home_url)
    charter = current_charter(community)
    asks_approval = community.join_policy == JoinPolicy.APPROVAL
    form = forms.JoinForm(
        posted(request), has_charter=charter is not None, asks_approval=asks_approval
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                membership = community_join(
                    request.user,
                    community,
                    acknowledge_charter=form.cleaned_data.get("acknowledge_charter", False),
                    message=form.cleaned_data.get("message", ""),
                )
            except PracticaError as exc:
                status = _error_status(form, exc)
            else:
                if membership.is_active:
                    messages.success(
                        request,
                        _("Welcome to %(c)s! Say hello in a topic when you are ready.")
                        % {"c": community.name},
                    )
                else:
                    messages.info(
                        request,
                        _("Your request was sent. A steward of %(c)s will look at it soon.")
                        % {"c": community.name},
                    )
                if request.htmx:
                    return HttpResponseClientRedirect(home_url)
                return redirect(home_url)
    context.update(
        form=form,
        charter=charter,
        asks_approval=asks_approval,
        invitation_only=community.join_policy == JoinPolicy.INVITATION,
        on_join_page=True,
    )
    if request.htmx:
        return swapped_partial(
            render(request, "communities/join.html#join-form", context, status=status)
        )
    return render(request, "communities/join.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def leave(request, slug):
    community = community_for_action(request, slug, need="member")
    context = community_context(request, community, "home")
    status = 200
    if request.method == "POST":
        try:
            community_leave(request.user, community)
        except PracticaError as exc:
            context["error"] = exc.message
            status = exc.status
        else:
            messages.success(request, _("You left %(c)s.") % {"c": community.name})
            if community.is_public:
                return redirect("communities:home", slug=community.slug)
            return redirect("communities:list")
    return render(request, "communities/leave.html", context, status=status)


# --- people -----------------------------------------------------------------------------------


@domain_errors
def members(request, slug):
    """The member directory, filtered and a page at a time.

    The rendered content is kept in the cache (practica.core.cache) under everything it varies
    with: the community and people versions, the viewer's audiences (what everyone may see, or
    what fellow members may — so a non-member is never served a members' rendering), the
    filters and the page (the query string, which the form and the pager repeat), the viewer's
    steward role (the "appoint" links), and the viewer's id only when their own card, which
    shows all of their profile, is on the page. A hit reads the page's ids, not its rows.
    """
    community = community_for_viewer(request.user, slug)
    form = forms.MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    number = _page_number(request)
    context = community_context(request, community, "members")
    parts, user_ids = member_directory_ids(request.user, community, filters=filters, page=number)
    own_card = request.user.pk if request.user.pk in user_ids else None  # None: anonymous

    def content() -> dict:
        page = member_directory(request.user, community, filters=filters, page=number)
        filtering = any(filters.get(key) for key in ("interest", "expertise", "need", "sector"))
        return {**context, "form": form, "page": page, "filtering": filtering}

    query = tuple(request.GET.lists())
    key = fragment_key("member-directory", parts, own_card, context["is_steward"], query)
    context["content"] = cached_render(request, key, "communities/_members_content.html", content)
    return render(request, "communities/members.html", context)


@domain_errors
def profile_detail(request, user_id):
    """Someone's profile as this viewer may see it, the communities of theirs the viewer can
    see, and the features' sections (their recent topics…)."""
    person = profile_for_viewer(request.user, user_id)
    is_self = request.user.is_authenticated and request.user.pk == person["user_id"]
    context = {
        "person": person,
        "is_self": is_self,
        "sections": [s for s in (p(request, person) for p in PROFILE_SECTIONS) if s],
        "hidden_from_others": _hidden_fields(request.user) if is_self else [],
    }
    return render(request, "communities/profile_detail.html", context)


def _hidden_fields(user) -> list[str]:
    """Labels of the owner's fields that not everyone sees, to remind them on their own page."""
    profile = user.profile
    return [
        str(ProfileForm.base_fields[field].label)
        for field in PROFILE_FIELDS
        if profile.audience(field) != Audience.EVERYONE
    ]


@require_http_methods(["GET", "POST"])
@domain_errors
def invite(request, slug):
    community = community_for_action(request, slug, need="member")
    form = forms.InviteForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invitation = invitation_create(request.user, community, form.cleaned_data["email"])
            except PracticaError as exc:
                status = _error_status(form, exc)
            else:
                link = request.build_absolute_uri(
                    reverse("communities:invitation", args=[invitation.token])
                )
                messages.success(
                    request,
                    _(
                        "Invitation sent to %(email)s. You can also share this link with them: "
                        "%(link)s"
                    )
                    % {"email": invitation.email, "link": link},
                )
                return redirect("communities:invite", slug=community.slug)
    context = community_context(request, community, "members")
    context["form"] = form
    return render(request, "communities/invite.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def invitation(request, token):
    """An invitation link works even for a private community: the token is the permission."""
    found = invitation_for_token(token)
    community = found.community
    problem = ""
    if found.accepted_at is not None:
        problem = _("This invitation has already been used. Ask a member for a new one.")
    elif found.expires_at <= timezone.now():
        problem = _("This invitation has expired. Ask a member for a new one.")
    membership = membership_of(request.user, community)
    already_member = membership is not None and membership.is_active
    if problem and not already_member:
        # A used or expired link is gone for good (410), and no longer the permission to see
        # the community: a forwarded or leaked link must not show a private one's name,
        # purpose or charter. Only whoever it already brought in sees more.
        return render(request, "communities/invitation_gone.html", {"problem": problem}, status=410)
    form = forms.AcknowledgeForm(posted(request))
    status = 200
    if request.method == "POST" and not problem and not already_member:
        if not request.user.is_authenticated:
            return login_redirect(request, request.path)
        status = 400
        if form.is_valid():
            try:
                invitation_accept(
                    request.user,
                    token,
                    acknowledge_charter=form.cleaned_data["acknowledge_charter"],
                )
            except PracticaError as exc:
                status = _error_status(form, exc)
            else:
                messages.success(request, _("Welcome to %(c)s!") % {"c": community.name})
                return redirect("communities:home", slug=community.slug)
    context = {
        "invitation": found,
        "community": community,
        "charter": current_charter(community),
        "problem": problem,
        "already_member": already_member,
        "form": form,
    }
    return render(request, "communities/invitation.html", context, status=status)


# --- stewards' housekeeping -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@domain_errors
def requests(request, slug):
    community = community_for_action(request, slug, need="steward")
    form = forms.JoinRequestForm(posted(request))
    status = 200
    error = ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == "approve":
                    m = membership_approve(request.user, community, data["membership_id"])
                    messages.success(request, _("%(who)s is now a member.") % {"who": m.user})
                else:
                    m = membership_decline(
                        request.user, community, data["membership_id"], data["reason"]
                    )
                    messages.info(request, _("Declined %(who)s's request.") % {"who": m.user})
            except PracticaError as exc:
                error, status = exc.message, exc.status
            else:
                return redirect("communities:requests", slug=community.slug)
        else:
            error = _("That request could not be read; please try again.")
    context = community_context(request, community, "requests")
    pending = join_requests(request.user, community, page=_page_number(request))
    context.update(pending=pending, error=error)
    return render(request, "communities/requests.html", context, status=status)


APPOINT_CHOICES = 50


def _appoint_form(request, community, data=None):
    """The form to appoint a steward, and what the page says about its list.

    The list holds the members whose name matches ?q=, or the one named by ?user= (the
    member directory links here), at most APPOINT_CHOICES of them: searching reaches every
    member of a community of any size. A posted choice is looked up by itself.
    """
    if data is not None:
        chosen = steward_candidates(request.user, community, user_id=data.get("user_id"))
        return forms.StewardAppointForm(data, members=chosen), {}
    wanted = request.GET.get("user", "")
    query = request.GET.get("q", "").strip()[:80]
    if wanted:
        candidates = steward_candidates(request.user, community, user_id=wanted)
    else:
        limit = APPOINT_CHOICES + 1  # one more tells whether the list was cut
        candidates = steward_candidates(request.user, community, name=query, limit=limit)
    search = {
        "query": query,
        "wanted": wanted,
        "cut": len(candidates) > APPOINT_CHOICES,
        "none": not candidates,
        "limit": APPOINT_CHOICES,
    }
    form = forms.StewardAppointForm(
        None, members=candidates[:APPOINT_CHOICES], initial={"user_id": wanted or None}
    )
    return form, search


@require_http_methods(["GET", "POST"])
@domain_errors
def stewards(request, slug):
    community = community_for_viewer(request.user, slug)
    context = community_context(request, community, "members")
    status = 200
    form, search = None, {}
    if request.method == "POST":
        if not request.user.is_authenticated:
            return login_redirect(request)
        require_steward(request.user, community)
        action = request.POST.get("action")
        if action == "step_down":
            try:
                steward_step_down(request.user, community)
            except PracticaError as exc:
                context["error"], status = exc.message, exc.status
            else:
                messages.success(request, _("You stepped down as steward. Thank you!"))
                return redirect("communities:stewards", slug=community.slug)
        else:
            form, search = _appoint_form(request, community, request.POST)
            status = 400
            if form.is_valid():
                try:
                    m = steward_appoint(
                        request.user,
                        community,
                        form.cleaned_data["user_id"],
                        form.cleaned_data["term_ends"],
                    )
                except PracticaError as exc:
                    status = _error_status(form, exc)
                else:
                    messages.success(request, _("%(who)s is now a steward.") % {"who": m.user})
                    return redirect("communities:stewards", slug=community.slug)
    if form is None and context["is_steward"]:
        form, search = _appoint_form(request, community)
    context.update(stewards=stewards_of(community), form=form, search=search)
    return render(request, "communities/stewards.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def settings_view(request, slug):
    community = community_for_action(request, slug, need="steward")
    fields = forms.CommunitySettingsForm.base_fields
    initial = {field: getattr(community, field) for field in fields}
    form = forms.CommunitySettingsForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                community_update(request.user, community, **form.cleaned_data)
            except PracticaError as exc:
                status = _error_status(form, exc)
            else:
                messages.success(request, _("Settings saved. The change is in the audit trail."))
                return redirect("communities:settings", slug=community.slug)
    context = community_context(request, community, "settings")
    context["form"] = form
    return render(request, "communities/settings.html", context, status=status)


@domain_errors
def audit(request, slug):
    community = community_for_action(request, slug)
    page = audit_trail(request.user, community, page=_page_number(request))
    context = community_context(request, community, "audit")
    context["page"] = page
    return render(request, "communities/audit.html", context)


# --- charter ----------------------------------------------------------------------------------


def _attach_response_counts(proposals) -> None:
    """Consent / concern / objection counts for each proposal, in one grouped query."""
    if not proposals:
        return
    rows = (
        CharterResponse.objects.filter(proposal__in=proposals)
        .values("proposal_id", "position")
        .annotate(n=Count("id"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["proposal_id"], {})[row["position"]] = row["n"]
    for proposal in proposals:
        found = counts.get(proposal.pk, {})
        proposal.counts = {k: found.get(k, 0) for k in ("consent", "concern", "objection")}


@domain_errors
def charter(request, slug):
    community = community_for_viewer(request.user, slug)
    charter_settle_due(community)
    history = charter_history(request.user, community, page=_page_number(request))
    overview = charter_overview(request.user, community, history=history)
    _attach_response_counts(overview["open"])
    context = community_context(request, community, "charter")
    context.update(
        overview,
        history=history,
        not_adopted=[p for p in overview["closed"] if p.status != ProposalStatus.ADOPTED],
    )
    return render(request, "communities/charter.html", context)


@require_http_methods(["GET", "POST"])
@domain_errors
def charter_propose_view(request, slug):
    community = community_for_action(request, slug, need="member")
    current = current_charter(community)
    initial = {"body": current.body if current else ""}
    form = forms.CharterProposeForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                proposal = charter_propose(
                    request.user,
                    community,
                    body=form.cleaned_data["body"],
                    rationale=form.cleaned_data["rationale"],
                )
            except PracticaError as exc:
                status = _error_status(form, exc)
            else:
                if proposal.status == ProposalStatus.ADOPTED:
                    messages.success(
                        request,
                        _("As the only member, your proposal was adopted at once as version %(v)s.")
                        % {"v": proposal.version},
                    )
                else:
                    messages.success(
                        request,
                        _("Your proposal is open. Members can respond until %(d)s.")
                        % {"d": timezone.localtime(proposal.review_ends_at).strftime("%Y-%m-%d")},
                    )
                return redirect(
                    "communities:proposal", slug=community.slug, proposal_id=proposal.pk
                )
    context = community_context(request, community, "charter")
    context.update(form=form, current=current)
    return render(request, "communities/charter_propose.html", context, status=status)


DIFF_CONTEXT = 2


def line_diff(old: str, new: str) -> list[dict]:
    """A readable line diff: added and removed lines, with long unchanged runs folded."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    rows: list[dict] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = old_lines[i1:i2]
            if len(same) > 2 * DIFF_CONTEXT + 1:
                head = same[:DIFF_CONTEXT] if rows else []
                tail = same[-DIFF_CONTEXT:] if i2 < len(old_lines) else []
                rows += [{"kind": "same", "text": line} for line in head]
                rows.append({"kind": "skip", "count": len(same) - len(head) - len(tail)})
                rows += [{"kind": "same", "text": line} for line in tail]
            else:
                rows += [{"kind": "same", "text": line} for line in same]
            continue
        rows += [{"kind": "del", "text": line} for line in old_lines[i1:i2]]
        rows += [{"kind": "add", "text": line} for line in new_lines[j1:j2]]
    return rows


def _proposal_in(request, community, proposal_id):
    proposal = charter_proposal_for_viewer(request.user, proposal_id)
    if proposal.community_id != community.pk:
        raise NotFound(_("No such charter proposal."))
    return charter_settle(proposal)


@require_http_methods(["GET", "POST"])
@domain_errors
def proposal(request, slug, proposal_id):
    community = community_for_viewer(request.user, slug)
    found = _proposal_in(request, community, proposal_id)
    form = None
    status = 200
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return login_redirect(request)
        if request.POST.get("action") == "withdraw":
            try:
                charter_withdraw(request.user, found.pk)
            except PracticaError as exc:
                error, status = exc.message, exc.status
            else:
                messages.success(request, _("You withdrew the proposal."))
                return redirect(request.path)
        else:
            form = forms.CharterRespondForm(request.POST)
            status = 400
            if form.is_valid():
                try:
                    charter_respond(request.user, found.pk, **form.cleaned_data)
                except PracticaError as exc:
                    status = _error_status(form, exc)
                else:
                    messages.success(request, _("Thank you — your response is recorded."))
                    return redirect(request.path)
    detail = proposal_detail(request.user, found, page=_page_number(request))
    context = community_context(request, community, "charter")
    if form is None and context["is_member"] and found.is_open:
        mine = detail["mine"]
        initial = {"position": mine.position, "reason": mine.reason} if mine else None
        form = forms.CharterRespondForm(initial=initial)
    previous = detail["previous"]
    context.update(
        detail,
        proposal=found,
        form=form,
        error=error,
        diff=line_diff(previous.body if previous else "", found.body),
        is_proposer=request.user.is_authenticated and found.proposed_by_id == request.user.pk,
    )
    return render(request, "communities/proposal.html", context, status=status)


# --- goals ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@domain_errors
def goals(request, slug):
    community = community_for_viewer(request.user, slug)
    form = forms.GoalCreateForm(posted(request))
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return login_redirect(request)
        status = 400
        if form.is_valid():
            try:
                goal = goal_create(request.user, community, **form.cleaned_data)
            except PracticaError as exc:
                status = _error_status(form, exc)
            else:
                messages.success(request, _("Goal added: %(t)s") % {"t": goal.title})
                return redirect("communities:goals", slug=community.slug)
    # One list, active goals first, split into the page's two sections.
    page = goals_for_viewer(request.user, community, page=_page_number(request))
    context = community_context(request, community, "goals")
    context.update(
        form=form,
        page=page,
        active_goals=[g for g in page.items if g.status == GoalStatus.ACTIVE],
        other_goals=[g for g in page.items if g.status != GoalStatus.ACTIVE],
    )
    return render(request, "communities/goals.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def goal(request, slug, goal_id):
    community = community_for_viewer(request.user, slug)
    found = goal_for_viewer(request.user, goal_id)
    if found.community_id != community.pk:
        raise NotFound(_("No such goal."))
    initial = {"title": found.title, "description": found.description, "status": found.status}
    form = forms.GoalUpdateForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return login_redirect(request)
        status = 400
        if form.is_valid():
            try:
                goal_update(request.user, found.pk, **form.cleaned_data)
            except PracticaError as exc:
                status = _error_status(form, exc)
            else:
                messages.success(request, _("Goal updated; the change is in its history."))
                return redirect("communities:goal", slug=community.slug, goal_id=found.pk)
    context = community_context(request, community, "goals")
    context.update(goal=found, form=form, history=list(reversed(found.revisions.all())))
    return render(request, "communities/goal.html", context, status=status)


# --- notifications ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@domain_errors
def notification_open_view(request, notification_id):
    """Follow a notification: it is marked read on the way."""
    if not request.user.is_authenticated:
        return login_redirect(request)
    return redirect(notification_open(request.user, notification_id))


@require_http_methods(["GET", "POST"])
def notifications(request):
    if not request.user.is_authenticated:
        return login_redirect(request)
    if request.method == "POST":
        count = notifications_mark_read(request.user)
        if count:
            messages.success(request, _("All notifications are marked read."))
        return redirect("communities:notifications")
    page = notifications_for(request.user, page=_page_number(request))
    return render(request, "communities/notifications.html", {"page": page})
