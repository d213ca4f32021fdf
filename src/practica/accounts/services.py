"""Every write about people: sign-up, profile changes, API tokens (DESIGN rule 1)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.core import ratelimit
from practica.core.cache import bump_people
from practica.core.errors import Conflict, InvalidInput, NotAllowed, RateLimited
from practica.core.markdown import render_markdown
from practica.core.tags import parse_tags, tags_get_or_create
from practica.core.timeutil import is_valid_timezone

from .indexing import profile_index
from .models import PROFILE_FIELDS, Audience, Profile, Sector, User

DISPLAY_NAME_MAX = 80
TEXT_LIMITS = {
    "pronouns": 40,
    "bio": 2000,
    "discipline": 120,
    "organisation": 120,
    "location": 120,
}
MAX_HOURS_PER_MONTH = 744  # every hour of a 31-day month


def clean_email(email) -> str:
    """An email address as Practica stores it (trimmed, lower-case), or InvalidInput. Shared
    with communities, whose invitations are addressed to emails."""
    if not isinstance(email, str) or not email.strip():
        raise InvalidInput(_("Enter an email address."), field="email")
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Enter a valid email address."), field="email")
    return email


def _clean_display_name(name) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(_("Enter the name people will know you by."), field="display_name")
    name = " ".join(name.split())
    if len(name) > DISPLAY_NAME_MAX:
        raise InvalidInput(
            _("A display name can be at most %(n)d characters.") % {"n": DISPLAY_NAME_MAX},
            field="display_name",
        )
    return name


SIGNUPS_PER_ADDRESS_PER_HOUR = 20


def user_signup(*, email, password, display_name, address: str = "") -> User:
    """Create an account and its profile. Raises InvalidInput / Conflict with a clear message.

    Sign-ups from one web address are limited (``address`` is given by the page and the API,
    not by the command line), so nobody can mass-create accounts."""
    if address and not ratelimit.hit("signup-ip", address, SIGNUPS_PER_ADDRESS_PER_HOUR, 3600):
        raise RateLimited(_("Too many new accounts from this address. Please try again later."))
    email = clean_email(email)
    display_name = _clean_display_name(display_name)
    if not isinstance(password, str) or not password:
        raise InvalidInput(_("Choose a password."), field="password")
    if len(password) > 1024:
        raise InvalidInput(_("That password is too long."), field="password")
    try:
        validate_password(password, User(email=email))
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password")
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(_("An account with this email already exists."), field="email")
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, display_name=display_name
            )
            profile_index(user.profile)
    except IntegrityError:
        raise Conflict(_("An account with this email already exists."), field="email")
    return user


def _limits() -> tuple[int, int, int]:
    limit = settings.LOGIN_RATE_LIMIT
    return limit, limit * 3, settings.LOGIN_RATE_WINDOW


def _login_key(email) -> str:
    # Counted on the address as it is signed in with, so " Ana@x.org" cannot dodge the limit.
    return (email or "").strip().lower() if isinstance(email, str) else ""


def login_limited(*, email: str, address: str) -> bool:
    """True when this account or this address has failed to sign in too often lately."""
    per_account, per_address, window = _limits()
    return ratelimit.exceeded(
        "login-email", _login_key(email), per_account, window
    ) or ratelimit.exceeded("login-ip", address or "-", per_address, window)


def login_failed(*, email: str, address: str) -> None:
    """Count one failed sign-in against the account and the address."""
    per_account, per_address, window = _limits()
    ratelimit.hit("login-email", _login_key(email), per_account, window)
    ratelimit.hit("login-ip", address or "-", per_address, window)


def user_authenticate(*, email, password, address: str = "", request=None) -> User:
    """Check credentials within the failure limits; used by the login page and the token
    endpoint (the limits themselves are applied by accounts.backends for every sign-in)."""
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise InvalidInput(_("Enter your email and password."))
    if login_limited(email=email, address=address):
        raise RateLimited(_("Too many sign-in attempts. Please wait a few minutes and try again."))
    user = authenticate(request, username=_login_key(email), password=password, address=address)
    if user is None:
        raise NotAllowed(_("That email and password do not match an account."))
    # A successful sign-in clears the account's count: only recent failures should add up.
    ratelimit.reset("login-email", _login_key(email), settings.LOGIN_RATE_WINDOW)
    return user


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(user: User) -> str:
    """A new Bearer token for ``user``; only its hash is stored, so return the key once."""
    key = secrets.token_urlsafe(32)
    user.api_tokens.create(
        key_hash=_token_hash(key),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    return key


# A token found in the database is remembered (its hash → its user and expiry) for a minute,
# so that an API request reads its user by primary key instead of joining the token, the user
# and the profile. Revoking through the services forgets it at once (``_forget_tokens``); a
# token deleted around them (in the admin) works for at most this long.
TOKEN_CACHE_SECONDS = 60


def _token_cache_key(key_hash: str) -> str:
    return f"api-token:{key_hash}"


def _forget_tokens(key_hashes: list[str]) -> None:
    """Drop remembered tokens now, and again once the revocation commits: a request that read
    the token from the database before the commit may have remembered it in between."""
    if not key_hashes:
        return
    keys = [_token_cache_key(h) for h in key_hashes]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def api_token_revoke(user: User, key: str) -> bool:
    """Revoke one of the user's tokens (signing an app out); True if it existed. Refused from
    the very next request on."""
    if not isinstance(key, str) or not key:
        return False
    key_hash = _token_hash(key)
    deleted, _rows = user.api_tokens.filter(key_hash=key_hash).delete()
    _forget_tokens([key_hash])
    return bool(deleted)


def password_changed(user: User) -> int:
    """After a password reset or change, every API token of the account stops working: whoever
    took over an account must not keep a way in. Returns how many were revoked."""
    key_hashes = list(user.api_tokens.values_list("key_hash", flat=True))
    deleted, _rows = user.api_tokens.all().delete()
    _forget_tokens(key_hashes)
    return deleted


def api_token_user(key: str) -> User | None:
    """The active user a Bearer token belongs to, or None if unknown or expired."""
    if not key or len(key) > 200:
        return None
    from .models import ApiToken

    key_hash = _token_hash(key)
    now = timezone.now()
    remembered = cache.get(_token_cache_key(key_hash))
    if remembered is not None:
        user_id, expires_at = remembered
        if expires_at <= now:
            return None
        # Deactivated or deleted since: refused, whatever was remembered. (``get`` rather than
        # ``first``, which would add an ORDER BY and cost a third more on every request.)
        try:
            return User.objects.select_related("profile").get(pk=user_id, is_active=True)
        except User.DoesNotExist:
            return None
    try:
        token = ApiToken.objects.select_related("user", "user__profile").get(
            key_hash=key_hash, expires_at__gt=now, user__is_active=True
        )
    except ApiToken.DoesNotExist:
        return None
    cache.set(_token_cache_key(key_hash), (token.user_id, token.expires_at), TOKEN_CACHE_SECONDS)
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def profile_update(actor: User, profile: Profile, **changes) -> Profile:
    """Change profile fields and their audiences. Only the owner may change a profile.

    ``changes`` may hold display_name, any PROFILE_FIELDS value, and ``<field>_audience``.
    Tag fields (interests, expertise, needs) take a list or a comma-separated string.
    Everything is validated before anything is written.
    """
    if actor.pk != profile.user_id:
        raise NotAllowed(_("You can only edit your own profile."))
    known = {"display_name", *PROFILE_FIELDS, *(f"{f}_audience" for f in PROFILE_FIELDS)}
    unknown = set(changes) - known
    if unknown:
        raise InvalidInput(_("Unknown profile field: %(f)s") % {"f": ", ".join(sorted(unknown))})

    plain: dict = {}
    tag_changes: dict[str, list[str]] = {}
    for field, value in changes.items():
        if value is None and field not in {"hours_per_month"}:
            continue
        if field == "display_name":
            plain[field] = _clean_display_name(value)
        elif field.endswith("_audience"):
            if value not in Audience.values:
                raise InvalidInput(
                    _("Choose who sees this: everyone, members of my communities, or only me."),
                    field=field,
                )
            plain[field] = value
        elif field in TEXT_LIMITS:
            if not isinstance(value, str):
                raise InvalidInput(_("%(f)s must be text.") % {"f": field}, field=field)
            value = value.strip()
            if len(value) > TEXT_LIMITS[field]:
                raise InvalidInput(
                    _("%(f)s can be at most %(n)d characters.")
                    % {"f": field.capitalize(), "n": TEXT_LIMITS[field]},
                    field=field,
                )
            plain[field] = value
        elif field == "sector":
            if value not in Sector.values and value != "":
                raise InvalidInput(_("Choose a sector from the list."), field=field)
            plain[field] = value
        elif field == "timezone":
            if not isinstance(value, str) or not is_valid_timezone(value):
                raise InvalidInput(_("Choose a time zone such as Europe/Berlin."), field=field)
            plain[field] = value
        elif field == "hours_per_month":
            if value in ("", None):
                plain[field] = None
                continue
            try:
                hours = int(value)
            except (TypeError, ValueError, OverflowError):
                raise InvalidInput(_("Hours per month must be a whole number."), field=field)
            if isinstance(value, float) and not value.is_integer():
                # int(2.5) would silently store 2.
                raise InvalidInput(_("Hours per month must be a whole number."), field=field)
            if isinstance(value, bool) or not 0 <= hours <= MAX_HOURS_PER_MONTH:
                raise InvalidInput(
                    _("Hours per month must be between 0 and %(n)d.") % {"n": MAX_HOURS_PER_MONTH},
                    field=field,
                )
            plain[field] = hours
        elif field in {"interests", "expertise", "needs"}:
            tag_changes[field] = parse_tags(value)

    with transaction.atomic():
        for field, value in plain.items():
            setattr(profile, field, value)
        if "bio" in plain:
            profile.bio_html = render_markdown(profile.bio)
        profile.save()
        for field, names in tag_changes.items():
            getattr(profile, field).set(tags_get_or_create(names))
        profile_index(profile)
        # Names and profiles appear in every community's cached fragments.
        bump_people()
    return profile
