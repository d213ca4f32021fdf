"""The demo's accounts: one per person in ``people.py``, all with the same password."""

import secrets

from django.test.utils import override_settings

from practica.accounts.models import User
from practica.accounts.services import profile_update, user_signup

from .people import PEOPLE, Person

DEMO_PASSWORD = "practica-demo"
EMAIL_DOMAIN = "demo.practica.example"
MAIN_LOGIN = f"ana.lima@{EMAIL_DOMAIN}"


def demo_email(key: str) -> str:
    return f"{key}@{EMAIL_DOMAIN}"


def ensure_people() -> dict[str, User]:
    """Every demo person, signed up and with a full profile if they were not there yet."""
    emails = [demo_email(p.key) for p in PEOPLE]
    existing = {u.email: u for u in User.objects.filter(email__in=emails)}
    users: dict[str, User] = {}
    fresh: list[tuple[Person, User]] = []
    # Sign-up hashes a throwaway password with a fast hasher; right below, every new demo
    # account gets one real hash of the demo password, computed once with the configured
    # (slow, Argon2) hasher. The throwaway hashes never outlive this transaction.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for person in PEOPLE:
            user = existing.get(demo_email(person.key))
            if user is None:
                user = user_signup(
                    email=demo_email(person.key),
                    password=secrets.token_urlsafe(18),
                    display_name=person.name,
                )
                fresh.append((person, user))
            users[person.key] = user
    if not fresh:
        return users
    template = User()
    template.set_password(DEMO_PASSWORD)
    User.objects.filter(pk__in=[u.pk for _p, u in fresh]).update(password=template.password)
    for person, user in fresh:
        profile_update(user, user.profile, **_profile_changes(person))
    return users


def _profile_changes(person: Person) -> dict:
    changes = {
        "pronouns": person.pronouns,
        "bio": person.bio,
        "sector": person.sector,
        "discipline": person.discipline,
        "organisation": person.organisation,
        "location": person.location,
        "timezone": person.timezone,
        "interests": list(person.interests),
        "expertise": list(person.expertise),
        "needs": list(person.needs),
        "hours_per_month": person.hours,
    }
    changes.update({f"{name}_audience": audience for name, audience in person.audiences.items()})
    return changes
