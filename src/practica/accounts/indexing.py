"""What search finds of a person: their display name, the profile fields they show to
everyone, and — kept apart, for people who share a community with them — the fields they show
to members of their communities. Fields shown only to themselves are never indexed."""

from practica.core.search import index_put, plain_text

from .models import PROFILE_FIELDS, Audience, Profile, Sector

_TAG_FIELDS = {"interests", "expertise", "needs"}
# Fields that say nothing a person would search for.
_NOT_SEARCHED = {"timezone", "hours_per_month", "pronouns"}


def _field_text(profile: Profile, field: str) -> str:
    if field in _TAG_FIELDS:
        return " ".join(t.name for t in getattr(profile, field).all())
    if field == "bio":
        return plain_text(profile.bio_html or profile.bio)
    if field == "sector":
        return str(dict(Sector.choices).get(profile.sector, "")) if profile.sector else ""
    return str(getattr(profile, field) or "")


def profile_index(profile: Profile) -> None:
    public, members = [], []
    for field in PROFILE_FIELDS:
        if field in _NOT_SEARCHED:
            continue
        audience = profile.audience(field)
        if audience == Audience.EVERYONE:
            public.append(_field_text(profile, field))
        elif audience == Audience.COMMUNITIES:
            members.append(_field_text(profile, field))
    index_put(
        "profile",
        profile.user_id,
        community_id=None,
        author_id=profile.user_id,
        title=profile.display_name,
        body=" ".join(t for t in public if t),
        members_text=" ".join(t for t in members if t),
        created_at=profile.user.date_joined,
    )
