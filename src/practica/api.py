"""The JSON API: one NinjaAPI mounting each app's router.

Authentication is a Bearer token (``POST /api/v1/auth/token``) or, for the browser, the
session; session requests that change something must carry Django's CSRF token, Bearer
requests need none. Every error is ``{"detail": "..."}`` with its status code: domain errors
raised by services map here (400/403/404/409/429), requests that do not match an operation's
schema answer 422, and routers never build error responses themselves.
"""

from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from practica.accounts.api import AnonymousViewer, bearer, optional_auth, session
from practica.core.errors import NotFound, PracticaError

# The authentication pieces live in accounts.api so that app routers can import them without
# importing this module (which imports the routers); re-exported here for the site.
__all__ = ["AnonymousViewer", "api", "bearer", "optional_auth", "session"]

api = NinjaAPI(
    title="Practica API",
    version="1",
    description=(
        "The JSON API of Practica, a platform for communities of practice. "
        "Get a token with POST /api/v1/auth/token and send it as 'Authorization: Bearer …'."
    ),
    auth=[bearer, session],
    urls_namespace="api",
)


@api.exception_handler(PracticaError)
def practica_error(request, exc: PracticaError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status)


def _field_path(loc) -> str:
    """("body", "payload", "tags", 0) → "tags.0"; ("query", "page") → "page"."""
    where, *rest = [str(part) for part in loc] or [""]
    if where == "body":
        rest = rest[1:]  # the handler's parameter name, meaningless to the client
    return ".".join(rest) or where


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    """Schema mismatches (missing field, wrong type, unknown choice, too long) → 422."""
    parts = []
    for err in exc.errors[:5]:
        path = _field_path(err.get("loc", []))
        msg = err.get("msg", _("invalid"))
        parts.append(f"{path}: {msg}" if path else msg)
    detail = "; ".join(parts) or _("The request does not match what this operation expects.")
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request,
        {"detail": _("Authentication required: send 'Authorization: Bearer <token>'.")},
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


# Mounted last so that any other path under /api/v1/ still answers in JSON.
_fallback = Router()


@_fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def unknown_path(request, rest: str):
    raise NotFound(_("There is no such API endpoint. See /api/v1/docs for the list."))


def _mount():
    from practica.accounts.api import router as accounts_router
    from practica.communities.api import router as communities_router
    from practica.discussions.api import router as discussions_router
    from practica.health.api import router as health_router
    from practica.health.summary_api import router as summary_router
    from practica.knowledge.api import archive, articles, gaps, search
    from practica.reflection.api import router as reflection_router
    from practica.stewardship.api import appreciation, money, time_entries

    api.add_router("", accounts_router)
    api.add_router("", communities_router)
    api.add_router("", discussions_router)
    for knowledge_router in (articles.router, search.router, gaps.router, archive.router):
        api.add_router("", knowledge_router)
    for stewardship_router in (time_entries.router, money.router, appreciation.router):
        api.add_router("", stewardship_router)
    api.add_router("", reflection_router)
    api.add_router("", health_router)
    api.add_router("", summary_router)
    api.add_router("", _fallback)


_mount()
