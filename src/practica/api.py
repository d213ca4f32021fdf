"""The JSON API: one NinjaAPI mounting each app's router.

Authentication is a Bearer token (``POST /api/v1/auth/token``) or, for the browser, the
session. Every error is ``{"detail": "..."}`` with its status code: domain errors raised by
services map here, so routers never build error responses themselves.
"""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from practica.accounts.services import api_token_user
from practica.core.errors import PracticaError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


bearer = BearerToken()


def optional_auth(request: HttpRequest):
    """For public reads: a valid token or session identifies the viewer; none is anonymous.
    A token that is present but wrong is still refused, so mistakes are not silent."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or api_token_user(token.strip()) is None:
            return None
        request.user = api_token_user(token.strip())
        return request.user
    return request.user if request.user.is_authenticated else AnonymousViewer()


class AnonymousViewer:
    """Truthy stand-in so ninja lets anonymous readers through optional_auth."""

    is_authenticated = False
    pk = None

    def __bool__(self):
        return True


api = NinjaAPI(
    title="Practica API",
    version="1",
    description="The JSON API of Practica, a platform for communities of practice.",
    auth=[bearer, django_auth],
    urls_namespace="api",
)


@api.exception_handler(PracticaError)
def practica_error(request, exc: PracticaError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    parts = []
    for err in exc.errors[:5]:
        loc = ".".join(str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query"))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else err.get("msg", "invalid"))
    return api.create_response(
        request, {"detail": "; ".join(parts) or "Invalid input."}, status=422
    )


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request,
        {"detail": "Authentication required: send 'Authorization: Bearer <token>'."},
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _mount():
    from practica.accounts.api import router as accounts_router
    from practica.communities.api import router as communities_router
    from practica.discussions.api import router as discussions_router

    api.add_router("", accounts_router)
    api.add_router("", communities_router)
    api.add_router("", discussions_router)


_mount()
