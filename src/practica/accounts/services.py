"""Every write about people: sign-up, profile changes, API tokens (DESIGN rule 1)."""

import hashlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practica.core import ratelimit
from practica.core.cache import bump_people
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound, RateLimited
from practica.core.markdown import render_markdown
from practica.core.models import SearchDocument
from practica.core.search import index_remove
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
    if email.endswith("@" + PLACEHOLDER_DOMAIN):
        # Reserved for placeholders (placeholder_email_for); it can receive no mail anyway.
        raise InvalidInput(_("Enter an address that can receive email."), field="email")
    taken = User.objects.filter(email__iexact=email).values_list("is_placeholder", flat=True)
    for is_placeholder in taken[:1]:
        if is_placeholder:
            raise Conflict(claim_message(), field="email")
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
        # The same answer for a placeholder's address: saying "claim them" here would tell
        # anyone which addresses are in an imported archive (the login page links to the
        # claim page for everyone instead).
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

    ``changes`` may hold display_name, any PROFILE_FIELDS value, ``<field>_audience``, and
    ``named_in_health`` (whether communities' health pages may name this person).
    Tag fields (interests, expertise, needs) take a list or a comma-separated string.
    Everything is validated before anything is written.
    """
    if actor.pk != profile.user_id:
        raise NotAllowed(_("You can only edit your own profile."))
    known = {
        "display_name",
        "named_in_health",
        *PROFILE_FIELDS,
        *(f"{f}_audience" for f in PROFILE_FIELDS),
    }
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
        elif field == "named_in_health":
            if not isinstance(value, bool):
                raise InvalidInput(
                    _("Say whether health pages may name you: true or false."), field=field
                )
            plain[field] = value

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


# --- claiming messages imported from a mailing list ----------------------------------------------
#
# An import (knowledge.mbox_import) makes one placeholder account per sender address: it
# authors the imported messages but cannot sign in. Whoever can read mail at that address
# claims it: a signed link (django.core.signing, nothing stored) is mailed there. Following
# it either sets a password — the placeholder becomes their account, with every imported
# message of that address — or, when an account with that address already existed before
# the import, merges the placeholder into that account.
#
# The importer never gives an existing account the messages of its address itself: sign-up
# does not verify addresses, so whoever registered one first would get someone else's
# messages and memberships. For such an address the placeholder's email is a marker made
# from the address (placeholder_email_for), and only the mailed link joins the two.

CLAIM_SALT = "practica.accounts.placeholder-claim"
CLAIM_MAX_AGE = 3 * 24 * 3600  # seconds a claim link works
CLAIM_DAYS = 3
CLAIM_MAILS_PER_HOUR = 5
CLAIM_TOKEN_MAX = 400
# RFC 2606 reserves .invalid: no mail can ever reach it, and sign-up refuses it.
PLACEHOLDER_DOMAIN = "placeholder.invalid"

# Sent inside the merge's transaction, before any row moves, with ``placeholder`` and
# ``user`` (the account it is merged into): the apps that keep counters or rules about their
# rows (communities: one membership per community, member counts) settle them first. Rows
# they leave are moved generically by _merge_into.
placeholder_merging = Signal()

logger = logging.getLogger(__name__)


def placeholder_email_for(address: str) -> str:
    """The email of the placeholder that stands for ``address`` when an account already uses
    that address: the same for the same address (lower-cased), so a second import finds it."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:24]
    return f"imported-{digest}@{PLACEHOLDER_DOMAIN}"


def claim_message() -> str:
    """What sign-up says for an address that only has imported messages."""
    return _(
        "Messages imported from a mailing list were written from this address, but nobody "
        "has claimed them yet. Claim them to make them your account: %(url)s"
    ) % {"url": reverse("accounts:claim")}


@dataclass(frozen=True)
class Claim:
    """What a claim link stands for: the ``placeholder``, the ``address`` the link was mailed
    to, and ``into``, the account of that address the placeholder will be merged into (None
    when the placeholder itself becomes the account)."""

    placeholder: User
    address: str
    into: User | None


def placeholder_claim_request(email, *, address: str = "") -> None:
    """Mail a claim link if a placeholder stands for ``email`` (its own address, or the
    marker of an address that has an account). Whatever the case — no such placeholder, a
    real account only, too many requests, a mail server that failed — it returns the same,
    so that nobody learns which addresses are in an archive. Only a malformed address is an
    error (InvalidInput)."""
    email = clean_email(email)
    within = ratelimit.hit("claim-email", email, CLAIM_MAILS_PER_HOUR, 3600)
    if address:
        within = ratelimit.hit("claim-ip", address, 20, 3600) and within
    if not within or email.endswith("@" + PLACEHOLDER_DOMAIN):
        return
    user = User.objects.filter(email__iexact=email, is_placeholder=True).first()
    if user is None:
        user = User.objects.filter(email=placeholder_email_for(email), is_placeholder=True).first()
    if user is None:
        return
    merge = user.email != email and User.objects.filter(email__iexact=email).exists()
    token = signing.dumps(
        {"u": user.pk, "e": user.email, "a": email}, salt=CLAIM_SALT, compress=True
    )
    link = settings.BASE_URL + reverse("accounts:claim_confirm", args=[token])
    subject = _("Claim your messages on Practica")
    if merge:
        body = _(
            "Messages written from this address (%(email)s) were imported into Practica from "
            "a mailing-list archive.\n\n"
            "An account with this address already exists on Practica. To add the messages "
            "to it, follow this link (it works for %(days)d days):\n%(link)s\n\n"
            "If you did not create that account yourself, someone else did with your "
            "address: reset its password to take it over (%(reset)s).\n\n"
            "If you did not ask for this, ignore this mail; nothing changes."
        ) % {
            "email": email,
            "days": CLAIM_DAYS,
            "link": link,
            "reset": settings.BASE_URL + reverse("accounts:password_reset"),
        }
    else:
        body = _(
            "Messages written from this address (%(email)s) were imported into Practica from "
            "a mailing-list archive.\n\n"
            "To make them your account, choose a password here (the link works for %(days)d "
            "days):\n%(link)s\n\n"
            "If you did not ask for this, ignore this mail; nothing changes."
        ) % {"email": email, "days": CLAIM_DAYS, "link": link}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    except (OSError, smtplib.SMTPException, BadHeaderError) as exc:
        logger.warning("Claim mail to %s failed: %s", email, exc)


def _not_valid() -> NotFound:
    return NotFound(_("This claim link is not valid. Ask for a new one."))


def _already_claimed() -> Conflict:
    return Conflict(_("These messages have already been claimed. Log in instead."))


def placeholder_claim(token) -> Claim:
    """What a claim link stands for, or a clear error: NotFound for a link that was never
    valid, Conflict for one that expired or whose messages were already claimed."""
    if not isinstance(token, str) or not token or len(token) > CLAIM_TOKEN_MAX:
        raise _not_valid()
    try:
        data = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_MAX_AGE)
    except signing.SignatureExpired:
        raise Conflict(_("This claim link has expired. Ask for a new one."))
    except (signing.BadSignature, ValueError, TypeError):
        raise _not_valid()
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise _not_valid()
    user = User.objects.select_related("profile").filter(pk=data["u"]).first()
    if user is None:
        # A placeholder merged into an account is gone; its link was signed by us.
        raise _already_claimed()
    if user.email != data.get("e"):
        raise _not_valid()
    if not user.is_placeholder:
        raise _already_claimed()
    address = data.get("a", user.email)
    if not isinstance(address, str) or (
        address != user.email and placeholder_email_for(address) != user.email
    ):
        raise _not_valid()
    into = None
    if address != user.email:
        into = (
            User.objects.select_related("profile")
            .filter(email__iexact=address, is_placeholder=False)
            .first()
        )
    return Claim(placeholder=user, address=address, into=into)


def placeholder_claim_user(token) -> User:
    """The placeholder a claim link names (see placeholder_claim for the errors)."""
    return placeholder_claim(token).placeholder


def _merge_into(placeholder: User, user: User) -> None:
    """Give ``user`` everything of ``placeholder``, then delete the placeholder. Generic, as
    accounts knows no other app: every many-to-one relation to User (hidden ones included)
    is moved in one UPDATE, or row by row where that UPDATE breaks a constraint — a row that
    ``user`` already has an equal of (the same membership, the same thanks) is dropped, the
    account's own kept. The placeholder's profile goes with it; search entries it authored
    name the account."""
    placeholder_merging.send(sender=User, placeholder=placeholder, user=user)
    for rel in User._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.one_to_many):
            continue
        model = rel.related_model
        if model._meta.auto_created:  # many-to-many tables (groups, permissions)
            continue
        column = rel.field.attname
        rows = model._base_manager.filter(**{column: placeholder.pk})
        try:
            with transaction.atomic():
                rows.update(**{column: user.pk})
        except IntegrityError:
            for pk in list(rows.values_list("pk", flat=True)):
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=pk).update(**{column: user.pk})
                except IntegrityError:
                    model._base_manager.filter(pk=pk).delete()
    SearchDocument.objects.filter(author_id=placeholder.pk).exclude(kind="profile").update(
        author_id=user.pk
    )
    index_remove("profile", placeholder.pk)
    placeholder.delete()


def placeholder_claim_confirm(token, *, password=None, display_name=None) -> User:
    """Follow a claim link. When an account of the link's address exists, the placeholder is
    merged into it: the mailed link proves control of the address, nothing else is asked and
    the account keeps its password and name. Otherwise the placeholder gets a password (and,
    if given, a new display name) and becomes an ordinary account that owns every imported
    message of its address. A link works once. Returns the account."""
    claim = placeholder_claim(token)
    if claim.into is not None:
        with transaction.atomic():
            locked = User.objects.select_for_update().filter(pk=claim.placeholder.pk).first()
            if locked is None or not locked.is_placeholder:
                raise _already_claimed()
            into = User.objects.select_for_update().filter(pk=claim.into.pk).first()
            if into is None or into.is_placeholder or into.email != claim.into.email:
                raise Conflict(_("This claim link can no longer be used. Ask for a new one."))
            _merge_into(locked, into)
            bump_people()
        return claim.into
    user = claim.placeholder
    if not isinstance(password, str) or not password:
        raise InvalidInput(_("Choose a password."), field="password")
    if len(password) > 1024:
        raise InvalidInput(_("That password is too long."), field="password")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password")
    if display_name not in (None, ""):
        display_name = _clean_display_name(display_name)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_placeholder:
            raise _already_claimed()
        fields = ["password", "is_placeholder"]
        if locked.email != claim.address:
            # A marker placeholder whose address has no account (any more): it takes the
            # address, which the link proved.
            if User.objects.filter(email__iexact=claim.address).exists():
                raise Conflict(_("This claim link can no longer be used. Ask for a new one."))
            locked.email = claim.address
            fields.append("email")
        locked.set_password(password)
        locked.is_placeholder = False
        locked.save(update_fields=fields)
        profile = user.profile
        if display_name:
            profile.display_name = display_name
            profile.save(update_fields=["display_name", "updated_at"])
        profile_index(profile)
        bump_people()
    return locked
