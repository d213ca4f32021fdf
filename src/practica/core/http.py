"""Turning domain errors into pages: one place maps services' errors to HTTP for views.

Views wrap themselves in ``@domain_errors``; a service's NotFound becomes a 404 page,
NotAllowed a 403 page with its message, and so on, so no view needs try/except for
permission checks. Form views catch ``PracticaError`` themselves to re-show the form
with the message next to the field (``form_error``).
"""

import functools

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .errors import PracticaError, SignInRequired


def error_page(request, exc: PracticaError):
    return render(
        request,
        "core/error.html",
        {"status": exc.status, "message": exc.message},
        status=exc.status,
    )


def domain_errors(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SignInRequired:
            return redirect_to_login(request.get_full_path())
        except PracticaError as exc:
            return error_page(request, exc)

    return wrapper


def form_error(form, exc: PracticaError) -> None:
    """Attach a service's error to the matching form field, or to the form as a whole."""
    field = exc.field if exc.field in getattr(form, "fields", {}) else None
    form.add_error(field, exc.message)


def client_address(request) -> str:
    """The address rate limits count against.

    With no trusted proxy (PRACTICA_TRUSTED_PROXIES=0) this is the connection's address: a
    forwarded-for header is chosen by the client, so trusting it would let anyone pick a fresh
    address for every guess. Behind N proxies, each appends the address it saw, so the Nth
    entry from the right is the one the nearest trusted proxy vouches for.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "") or ""
