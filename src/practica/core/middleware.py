"""Show times in the viewer's own time zone (stored in UTC, rule 7), and keep NUL characters
out of every request (rule 5)."""

import json
import zoneinfo

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import InvalidInput
from .http import error_page


class TimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tzname = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            profile = getattr(user, "profile", None)
            tzname = getattr(profile, "timezone", None)
        if tzname:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tzname))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


def _json_has_nul(body: bytes) -> bool:
    """Whether a JSON body carries a NUL character in any key or string value.

    The byte test is a cheap gate: JSON in UTF-8 can only spell NUL as an escape (NUL bytes
    mean UTF-16 or UTF-32, which JSON also allows). Bodies that do not parse are left for the
    API to refuse with its own message.
    """
    if b"\\u0000" not in body and b"\x00" not in body:
        return False
    try:
        pending = [json.loads(body)]
    except (ValueError, RecursionError):
        return False
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


class RejectNulMiddleware:
    """Refuse text with NUL characters (400) before it reaches a query or a form.

    No text in Practica may hold NUL, and PostgreSQL refuses to store or even compare it, so a
    stray ``%00`` in an address, a query parameter or a JSON body would otherwise end as a
    server error. Form fields already reject it one by one (Django's CharField does); this
    covers what views and the API read without a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("Text cannot contain NUL characters.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return error_page(request, InvalidInput(message))
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path_info:
            return True
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
        if request.path_info.startswith("/api/") and request.method not in ("GET", "HEAD"):
            return _json_has_nul(request.body)
        return False
