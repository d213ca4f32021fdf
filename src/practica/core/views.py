"""The health check and the site's 400 / 404 / 500 pages: pages that know no app. (The start
page gathers several apps' content, so it lives in the site layer: practica/views.py.)"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def _unreadable_request(exception) -> tuple[int, str]:
    """The status and the message for a request Django refused to read."""
    if isinstance(exception, RequestDataTooBig):
        megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return 413, _("The request is too large: at most %(mb).1f MB can be sent at once.") % {
            "mb": megabytes
        }
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return 400, _("The request has too many fields to read.")
    return 400, _("The request could not be read.")


def bad_request(request, exception=None):
    """Requests Django refuses before any view runs (too large, too many fields, a wrong
    host): a clear message, in JSON for the API. Rendering must not raise: the request may
    have stopped before the middleware that templates rely on."""
    status, message = _unreadable_request(exception)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    try:
        return render(
            request, "core/error.html", {"status": status, "message": message}, status=status
        )
    except Exception:  # the error page itself must never raise
        logger.exception("Could not render the 400 page")
        body = f"<!doctype html><title>{status}</title><h1>{escape(message)}</h1>"
        return HttpResponse(body, status=status)


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


@requires_csrf_token
def server_error(request):
    """Render without the request's context processors: whatever broke the page (the database,
    a template) must not break the error page too. The API answers in JSON, as always."""
    if request.path_info.startswith("/api/"):
        message = _("Something went wrong on our side; the error has been logged.")
        return JsonResponse({"detail": message}, status=500)
    try:
        body = loader.get_template("core/500.html").render()
    except Exception:  # the error page itself must never raise
        logger.exception("Could not render the 500 page")
        body = "<!doctype html><title>Server error</title><h1>Something went wrong.</h1>"
    return HttpResponseServerError(body)
