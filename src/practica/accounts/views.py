"""Pages about people: sign up, log in and out, edit your profile. (Someone's profile page
shows their communities, so it lives in communities/views.py, under the same URL.)

Password reset uses Django's own views (see urls.py) with Practica's templates.
"""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from practica.core import ratelimit
from practica.core.errors import NotFound, PracticaError
from practica.core.http import client_address, domain_errors, form_error

from .forms import ClaimConfirmForm, ClaimRequestForm, LoginForm, ProfileForm, SignupForm
from .services import (
    password_changed,
    placeholder_claim,
    placeholder_claim_confirm,
    placeholder_claim_request,
    profile_update,
    user_authenticate,
    user_signup,
)

AUTH_BACKEND = "practica.accounts.backends.RateLimitedModelBackend"


def _safe_next(request) -> str:
    """Where to go after logging in: the ``next`` asked for if it is a path on this site.
    Only paths: ``redirect`` would take any other word for the name of a view to look up."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def signup(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    form = SignupForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = user_signup(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    display_name=form.cleaned_data["display_name"],
                    address=client_address(request),
                )
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                login(request, user, backend=AUTH_BACKEND)
                messages.success(
                    request,
                    _("Welcome to Practica, %(name)s! Tell others a little about yourself.")
                    % {"name": user.display_name},
                )
                return redirect(next_url or "home")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)


@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or "home")
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = user_authenticate(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    address=client_address(request),
                    request=request,
                )
            except PracticaError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                login(request, user, backend=AUTH_BACKEND)
                return redirect(next_url or "home")
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You are logged out. See you soon."))
    return redirect("home")


def _own_profile(request):
    profile = getattr(request.user, "profile", None)
    if profile is None:
        # Accounts made with Django's createsuperuser have no profile; `practica createuser`
        # makes one. There is nothing to edit, so say so rather than fail.
        raise NotFound(_("This account has no profile. Create accounts with Practica's sign-up."))
    return profile


@login_required
@domain_errors
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = _own_profile(request)
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                profile_update(request.user, profile, **form.cleaned_data)
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile_edit")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(profile))
    return render(request, "accounts/profile_edit.html", {"form": form}, status=status)


# --- password reset: Django's views, with Practica's limits and token revocation -------------

RESET_MAILS_PER_HOUR = 5


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. Each address (and each email asked about) gets a few mails an
    hour; past that the page answers exactly as usual but sends nothing, so the form can
    neither flood an inbox nor tell whether an account exists."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        within = ratelimit.hit("reset-email", email, RESET_MAILS_PER_HOUR, 3600)
        within = ratelimit.hit("reset-ip", client_address(self.request), 20, 3600) and within
        if not within:
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set the new password; every API token of the account stops working with the old one."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(form.user)
        return response


# --- claiming messages imported from a mailing list ----------------------------------------------


@require_http_methods(["GET", "POST"])
def claim_request(request):
    """Ask for a claim link. The answer is the same whether or not the address has imported
    messages, so the page cannot be used to find out."""
    form = ClaimRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                placeholder_claim_request(
                    form.cleaned_data["email"], address=client_address(request)
                )
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                return render(request, "accounts/claim_sent.html")
    return render(request, "accounts/claim_request.html", {"form": form}, status=status)


def _claim_merge(request, token, claim):
    """The link of an address that already has an account: the messages join that account.
    Nothing but the link is asked (it was mailed to the address); whoever is signed in on
    this browser does not matter, and is told so when it is another account."""
    other = request.user.is_authenticated and request.user.pk != claim.into.pk
    if request.method == "POST":
        try:
            user = placeholder_claim_confirm(token)
        except PracticaError as exc:
            return render(
                request, "accounts/claim_confirm.html", {"invalid": exc.message}, status=exc.status
            )
        messages.success(
            request,
            _("The imported messages are now part of your account %(email)s.")
            % {"email": user.email},
        )
        profile = reverse("accounts:profile", args=[user.pk])
        if request.user.is_authenticated and request.user.pk == user.pk:
            return redirect(profile)
        if other:
            return redirect("home")
        return redirect(f"{reverse('accounts:login')}?next={profile}")
    return render(
        request,
        "accounts/claim_confirm.html",
        {
            "merge_into": claim.into,
            "claimed_email": claim.address,
            "imported_name": claim.placeholder.display_name,
            "signed_in_as_other": other,
        },
    )


@require_http_methods(["GET", "POST"])
def claim_confirm(request, token):
    """Follow a claim link: either the imported messages join the account that already has
    the address, or one chooses a password and is signed in as the account that owns them."""
    try:
        claim = placeholder_claim(token)
    except PracticaError as exc:
        return render(
            request,
            "accounts/claim_confirm.html",
            {"invalid": exc.message},
            status=exc.status,
        )
    if claim.into is not None:
        return _claim_merge(request, token, claim)
    placeholder = claim.placeholder
    status = 200
    if request.method == "POST":
        form = ClaimConfirmForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                user = placeholder_claim_confirm(
                    token,
                    password=form.cleaned_data["password"],
                    display_name=form.cleaned_data["display_name"],
                )
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                login(request, user, backend=AUTH_BACKEND)
                messages.success(
                    request,
                    _("Welcome, %(name)s! Your imported messages are now yours.")
                    % {"name": user.display_name},
                )
                return redirect("accounts:profile_edit")
    else:
        form = ClaimConfirmForm(initial={"display_name": placeholder.display_name})
    return render(
        request,
        "accounts/claim_confirm.html",
        {"form": form, "claimed_email": claim.address},
        status=status,
    )
