"""Reads about appreciation notes, each bounded by what the viewer may see
(docs/stewardship-appreciation.md).

A note may point at what it is for: a post, a topic, an article, a logged time entry (later a
gathering). Those live in other features, which stewardship does not import (DESIGN, layers),
so each kind of target is *registered* here with a function that answers, for a viewer and a
community, which of some ids they may see — with a title, a link, and whose work each one is.
Time entries are registered below; posts, topics and articles by health
(``practica.health.summary.register_appreciation_targets``), which may read every feature.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practica.communities.models import Community
from practica.communities.visibility import (
    is_member,
    is_steward,
    require_member,
    visible_community_q,
)
from practica.core.errors import InvalidInput, NotFound
from practica.core.pagination import Page, paginate

from ..models import AppreciationNote, TimeEntry

# --- what a note can be for ---------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInfo:
    """A target as one viewer may see it."""

    title: str
    url: str
    # Whose work it is: a note about it must be addressed to one of them.
    people: frozenset[int]


# describe(viewer, community, ids) → {id: TargetInfo} for the ids the viewer may see there.
Describe = Callable[[object, Community, list[int]], dict[int, TargetInfo]]


@dataclass(frozen=True)
class TargetKind:
    name: str
    label: object  # a lazy translation
    model: type
    describe: Describe
    # Patterns that find this kind's id in a pasted Practica link; the first match wins, and
    # kinds are tried in the order registered (a post's link also names its topic).
    link_patterns: tuple[re.Pattern, ...] = ()


TARGET_KINDS: dict[str, TargetKind] = {}


def register_appreciation_target(kind: TargetKind) -> TargetKind:
    TARGET_KINDS.setdefault(kind.name, kind)
    return kind


def _time_entry_url(community: Community) -> str:
    try:
        return reverse("stewardship:time", args=[community.slug])
    except NoReverseMatch:  # the time pages are optional to this module
        return ""


def _describe_time_entries(viewer, community, ids) -> dict[int, TargetInfo]:
    """Time entries are seen by the community's members (like the time pages)."""
    if not is_member(viewer, community):
        return {}
    url = _time_entry_url(community)
    rows = TimeEntry.objects.filter(community=community, pk__in=ids).values(
        "pk", "person_id", "day", "hours", "kind"
    )
    labels = dict(TimeEntry._meta.get_field("kind").choices)
    found = {}
    for row in rows:
        title = _("%(h)s h of %(k)s on %(d)s") % {
            "h": f"{row['hours'].normalize():f}",
            "k": str(labels.get(row["kind"], row["kind"])).lower(),
            "d": row["day"].isoformat(),
        }
        found[row["pk"]] = TargetInfo(title, url, frozenset({row["person_id"]}))
    return found


register_appreciation_target(
    TargetKind(
        name="time",
        label=gettext_lazy("Time they logged"),
        model=TimeEntry,
        describe=_describe_time_entries,
    )
)

_TOKEN = re.compile(r"^\s*([a-z_]+)\s*[:#]\s*(\d{1,18})\s*$")


def parse_target(text) -> tuple[str, int] | None:
    """What a person typed as "what is it for": a Practica link (to a post, topic or
    article), or ``kind:id`` (``time:12``). Empty → None; anything else → InvalidInput."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if not isinstance(text, str) or len(text) > 500:
        raise InvalidInput(_("Paste a link to a post, a topic or an article."), field="target")
    match = _TOKEN.match(text)
    if match and match.group(1) in TARGET_KINDS:
        return match.group(1), int(match.group(2))
    for kind in TARGET_KINDS.values():
        for pattern in kind.link_patterns:
            found = pattern.search(text)
            if found:
                return kind.name, int(found.group("id"))
    raise InvalidInput(
        _("That link does not point at a post, a topic or an article of this community."),
        field="target",
    )


def target_kind_for(content_type_id: int) -> TargetKind | None:
    for kind in TARGET_KINDS.values():
        if ContentType.objects.get_for_model(kind.model).pk == content_type_id:
            return kind
    return None


def describe_targets(viewer, community: Community, notes: list) -> None:
    """Attach ``note.target_info`` (a TargetInfo or None) to each note: one query per kind of
    target on the page. A target the viewer may no longer see (hidden, deleted, a draft) shows
    as nothing rather than as its title."""
    wanted: dict[int, list[int]] = {}
    for note in notes:
        note.target_info = None
        note.target_kind = None
        if note.target_type_id and note.target_id:
            wanted.setdefault(note.target_type_id, []).append(note.target_id)
    found: dict[tuple[int, int], TargetInfo] = {}
    kinds: dict[int, TargetKind] = {}
    for type_id, ids in wanted.items():
        kind = target_kind_for(type_id)
        if kind is None:
            continue
        kinds[type_id] = kind
        for pk, info in kind.describe(viewer, community, sorted(set(ids))).items():
            found[(type_id, pk)] = info
    for note in notes:
        if note.target_type_id:
            note.target_info = found.get((note.target_type_id, note.target_id))
            kind = kinds.get(note.target_type_id)
            note.target_kind = kind.name if kind else None


# --- notes ----------------------------------------------------------------------------------------


def _note_rows() -> QuerySet[AppreciationNote]:
    return AppreciationNote.objects.select_related(
        "author__profile", "recipient__profile", "community"
    ).order_by("-created_at", "-id")


def appreciation_wall(
    viewer, community: Community, *, to_me: bool = False, page=1, size=None
) -> Page:
    """The community's notes, newest first, a page at a time — for its members only (a
    public community's wall is still its members' own: it names people and what they did)."""
    require_member(viewer, community)
    rows = _note_rows().filter(community=community)
    if to_me:
        rows = rows.filter(recipient=viewer)
    result = paginate(rows, page, size)
    describe_targets(viewer, community, result.items)
    return result


def appreciation_for_viewer(viewer, note_id) -> AppreciationNote:
    """One note, if the viewer is a member of its community; NotFound otherwise."""
    try:
        note_id = int(note_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such appreciation note."))
    if not 0 < note_id < 2**63:
        raise NotFound(_("No such appreciation note."))
    note = _note_rows().filter(pk=note_id).first()
    if note is None or not is_member(viewer, note.community):
        raise NotFound(_("No such appreciation note."))
    describe_targets(viewer, note.community, [note])
    return note


PROFILE_NOTES_MAX = 10


def appreciation_on_profile(viewer, user_id: int, limit: int = PROFILE_NOTES_MAX) -> list:
    """The notes a person chose to show on their profile, from communities this viewer may
    see, newest first. Links to what they were for are left out: the profile is not the
    community's page, and its members-only things stay there."""
    rows = _note_rows().filter(recipient_id=user_id, on_profile=True)
    rows = rows.filter(visible_community_q(viewer))
    return list(rows[:limit])


def can_remove(viewer, note: AppreciationNote) -> bool:
    """The author may delete their note; a steward may remove one that breaks the charter."""
    if viewer is None or not viewer.is_authenticated:
        return False
    return note.author_id == viewer.pk or is_steward(viewer, note.community)
