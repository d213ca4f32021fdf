"""API for people's own accounts: how a request is authenticated, sign-up, tokens, and one's
own profile.

Another person's profile (``GET /people/{id}``) lives with communities, because what a viewer
may see of it depends on the communities they share.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import HttpBearer, SessionAuth

from practica.core.errors import NotAllowed
from practica.core.http import client_address
from practica.core.models import TAG_MAX_LENGTH
from practica.core.schemas import ERRORS, JsonObject
from practica.core.tags import MAX_TAGS

from .models import PROFILE_FIELDS, Audience, Profile, Sector
from .services import (
    DISPLAY_NAME_MAX,
    MAX_HOURS_PER_MONTH,
    TEXT_LIMITS,
    api_token_create,
    api_token_revoke,
    api_token_user,
    profile_update,
    user_authenticate,
    user_signup,
)

# --- who is asking ----------------------------------------------------------------------------


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class SignedInSession(SessionAuth):
    """The browser's session, CSRF-checked on unsafe methods (ninja's SessionAuth does that).

    Tried only when someone is signed in: a request with neither a valid token nor a session
    answers 401, rather than failing the CSRF check first with a misleading 403.
    """

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


bearer = BearerToken()
session = SignedInSession()


class AnonymousViewer:
    """Truthy stand-in so ninja lets anonymous readers through optional_auth."""

    is_authenticated = False
    pk = None

    def __bool__(self):
        return True


def optional_auth(request: HttpRequest):
    """For public reads: a valid token or session identifies the viewer; none is anonymous.

    A token that is present but wrong is still refused (401), so mistakes are not silent.
    Handlers read the viewer from ``request.user`` (AnonymousUser when nobody is signed in).
    Only used on GET operations, so the session needs no CSRF check here.
    """
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, token = header.partition(" ")
        user = api_token_user(token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            return None
        request.user = user
        return user
    return request.user if request.user.is_authenticated else AnonymousViewer()


router = Router(tags=["accounts"])

EMAIL_MAX = 254
PASSWORD_MAX = 1024
TIMEZONE_MAX = 64

TagName = Annotated[str, Field(max_length=TAG_MAX_LENGTH)]
TagList = Annotated[list[TagName], Field(max_length=MAX_TAGS)]


class SignupIn(JsonObject):
    email: str = Field(max_length=EMAIL_MAX)
    password: str = Field(max_length=PASSWORD_MAX)
    display_name: str = Field(max_length=DISPLAY_NAME_MAX)


class AccountOut(Schema):
    id: int
    email: str
    display_name: str


class TokenIn(JsonObject):
    email: str = Field(max_length=EMAIL_MAX)
    password: str = Field(max_length=PASSWORD_MAX)


class TokenOut(Schema):
    token: str


class AudiencesOut(Schema):
    """Who sees each profile field: everyone, communities (members of my communities), only_me."""

    pronouns: Audience
    bio: Audience
    sector: Audience
    discipline: Audience
    organisation: Audience
    location: Audience
    timezone: Audience
    interests: Audience
    expertise: Audience
    needs: Audience
    hours_per_month: Audience


class AudiencesIn(JsonObject):
    pronouns: Audience | None = None
    bio: Audience | None = None
    sector: Audience | None = None
    discipline: Audience | None = None
    organisation: Audience | None = None
    location: Audience | None = None
    timezone: Audience | None = None
    interests: Audience | None = None
    expertise: Audience | None = None
    needs: Audience | None = None
    hours_per_month: Audience | None = None


class OwnProfileOut(Schema):
    user_id: int
    display_name: str
    pronouns: str
    bio: str
    bio_html: str
    sector: str
    sector_label: str
    discipline: str
    organisation: str
    location: str
    timezone: str
    interests: list[str]
    expertise: list[str]
    needs: list[str]
    hours_per_month: int | None
    named_in_health: bool
    audiences: AudiencesOut


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    date_joined: datetime
    profile: OwnProfileOut


class ProfilePatchIn(JsonObject):
    """Every field is optional; only those sent change. ``null`` leaves a field as it is,
    except ``hours_per_month`` where it clears the number."""

    display_name: str | None = Field(None, max_length=DISPLAY_NAME_MAX)
    pronouns: str | None = Field(None, max_length=TEXT_LIMITS["pronouns"])
    bio: str | None = Field(None, max_length=TEXT_LIMITS["bio"])
    sector: Sector | Literal[""] | None = None
    discipline: str | None = Field(None, max_length=TEXT_LIMITS["discipline"])
    organisation: str | None = Field(None, max_length=TEXT_LIMITS["organisation"])
    location: str | None = Field(None, max_length=TEXT_LIMITS["location"])
    timezone: str | None = Field(None, max_length=TIMEZONE_MAX)
    interests: TagList | None = None
    expertise: TagList | None = None
    needs: TagList | None = None
    hours_per_month: int | None = Field(None, ge=0, le=MAX_HOURS_PER_MONTH)
    named_in_health: bool | None = Field(
        None,
        description="Whether communities' health pages may name you (a newcomer waiting "
        "for an answer, someone who has gone quiet); when false you are only counted.",
    )
    audiences: AudiencesIn | None = None


def own_profile(profile: Profile) -> dict:
    """The whole profile, as only its owner sees it, with the audience of every field."""
    data = {
        "user_id": profile.user_id,
        "display_name": profile.display_name,
        "sector_label": profile.get_sector_display() if profile.sector else "",
        "bio_html": profile.bio_html,
        "named_in_health": profile.named_in_health,
        "audiences": {field: profile.audience(field) for field in PROFILE_FIELDS},
    }
    for field in PROFILE_FIELDS:
        if field in {"interests", "expertise", "needs"}:
            data[field] = [tag.name for tag in getattr(profile, field).all()]
        else:
            data[field] = getattr(profile, field)
    return data


@router.post("/auth/signup", auth=None, response={201: AccountOut, **ERRORS})
def signup(request, payload: SignupIn):
    """Create an account. 409 when the email already has one."""
    user = user_signup(
        email=payload.email,
        password=payload.password,
        display_name=payload.display_name,
        address=client_address(request),
    )
    return Status(201, {"id": user.pk, "email": user.email, "display_name": str(user)})


@router.post("/auth/token", auth=None, response={200: TokenOut, **ERRORS})
def token(request, payload: TokenIn):
    """Exchange email and password for a Bearer token (shown once). Attempts are rate limited
    per address and per account (429)."""
    try:
        user = user_authenticate(
            email=payload.email,
            password=payload.password,
            address=client_address(request),
            request=request,
        )
    except NotAllowed as exc:
        raise HttpError(401, exc.message)
    return {"token": api_token_create(user)}


@router.delete("/auth/token", auth=[bearer], response={204: None, **ERRORS})
def token_revoke(request):
    """Revoke the Bearer token this request carries (sign this app out)."""
    key = request.headers.get("Authorization", "").partition(" ")[2].strip()
    api_token_revoke(request.user, key)
    return 204, None


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request):
    """The signed-in account and its whole profile, with who sees each field."""
    user = request.user
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": str(user),
        "date_joined": user.date_joined,
        "profile": own_profile(user.profile),
    }


@router.patch("/me/profile", response={200: OwnProfileOut, **ERRORS})
def me_profile_update(request, payload: ProfilePatchIn):
    """Change some profile fields and audiences; everything is checked before anything is
    stored. Tags are lists of names."""
    changes = payload.model_dump(exclude_unset=True)
    audiences = changes.pop("audiences", None) or {}
    for field, audience in audiences.items():
        if audience is not None:
            changes[f"{field}_audience"] = audience
    profile = profile_update(request.user, request.user.profile, **changes)
    return own_profile(profile)
