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


def profile_document_text(audiences: dict[str, str], values: dict[str, str]) -> dict[str, str]:
    """The ``body``, ``tags`` and ``members_text`` of a profile's search document, from each
    field's audience and its text (tag fields as space-separated names).

    Tags shown to everyone go in the ``tags`` column, so search's tag filter finds the people
    who list them; tags shown to members go with the other members-only fields. The benchmark
    seed calls this too, so its documents are exactly the ones Practica writes."""
    public, members, tags = [], [], set()
    for field in PROFILE_FIELDS:
        if field in _NOT_SEARCHED:
            continue
        text = values.get(field) or ""
        if audiences[field] == Audience.EVERYONE:
            if field in _TAG_FIELDS:
                tags.update(text.split())
            else:
                public.append(text)
        elif audiences[field] == Audience.COMMUNITIES:
            members.append(text)
    return {
        "body": " ".join(t for t in public if t),
        "tags": " ".join(sorted(tags)),
        "members_text": " ".join(t for t in members if t),
    }


def profile_index(profile: Profile) -> None:
    searched = [f for f in PROFILE_FIELDS if f not in _NOT_SEARCHED]
    text = profile_document_text(
        {f: profile.audience(f) for f in PROFILE_FIELDS},
        {f: _field_text(profile, f) for f in searched},
    )
    index_put(
        "profile",
        profile.user_id,
        community_id=None,
        author_id=profile.user_id,
        title=profile.display_name,
        created_at=profile.user.date_joined,
        **text,
    )
