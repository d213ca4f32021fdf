"""Every read about time and labour, bounded by the viewer's permission (DESIGN rule 2).

The community's labour summary is members only (a private community answers 404 to anyone
outside it; a public one tells a visitor to join): who gives how much time is the members'
business. Every number is aggregate SQL over a window of days — by month and kind, by person
(anonymous hours for the concentration measures), by person and month against stated
capacity — using the index (community, day, person), so the cost of a page does not grow
with the years of history. Definitions: docs/stewardship-time.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import (
    Case,
    CharField,
    Count,
    Max,
    Min,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import Audience
from practica.communities.models import Activity, Membership, MembershipStatus
from practica.communities.visibility import require_member, require_steward
from practica.core.errors import NotAllowed, NotFound
from practica.core.pagination import Page, paginate

from .. import labour
from ..models import LabourKind, TimeEntry

# Whose stated capacity counts for the community: people who show it to their communities.
SHOWN_TO_COMMUNITY = [Audience.EVERYONE, Audience.COMMUNITIES]
WINDOW_MONTHS = 12
MINE_PAGE_SIZE = 20
ENTRIES_PAGE_SIZE = 50

# Labour Practica can see in the activity stream, counted (never turned into hours):
# (key, label, verbs). "answers" is special: the credit goes to the author of the reply the
# asker accepted, and counts only while it is still the accepted answer.
CREDITED = [
    ("articles_written", _("Articles written"), ("article_created", "topic_documented")),
    ("article_revisions", _("Article revisions"), ("article_edited", "article_restored")),
    ("articles_reviewed", _("Articles reviewed"), ("article_reviewed",)),
    ("replies", _("Replies in discussions"), ("replied",)),
    ("answers", _("Accepted answers"), ()),
    ("gatherings_facilitated", _("Gatherings facilitated"), ("facilitated",)),
]
CREDITED_VERBS = {verb: key for key, _label, verbs in CREDITED for verb in verbs}


def community_tz(community) -> ZoneInfo:
    try:
        return ZoneInfo(community.timezone or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def local_today(community) -> date:
    return timezone.now().astimezone(community_tz(community)).date()


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # included
    year: int | None

    @property
    def months(self) -> list[str]:
        return labour.month_keys(
            (self.start.year, self.start.month), (self.end.year, self.end.month)
        )


def labour_window(community, year: int | None = None, today: date | None = None) -> Window:
    """A calendar year, or by default the last 12 months (this month and the 11 before)."""
    today = today or local_today(community)
    if year is not None:
        return Window(date(year, 1, 1), date(year, 12, 31), year)
    month = today.year * 12 + today.month - 1 - (WINDOW_MONTHS - 1)
    return Window(date(month // 12, month % 12 + 1, 1), today, None)


def available_years(community, today: date | None = None) -> list[int]:
    """The years the selector offers: from the first logged day (or the community's creation)
    to this year, newest first."""
    today = today or local_today(community)
    first = TimeEntry.objects.filter(community=community).aggregate(d=Min("day"))["d"]
    start = min(filter(None, [first, community.created_at.date(), today])).year
    return list(range(today.year, start - 1, -1))


def parse_year(value, years: list[int]) -> int | None:
    """A year from ?year=, if it is one the selector offers; otherwise the default window."""
    try:
        year = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return year if year in years else None


def _bounds(community, window: Window) -> tuple[datetime, datetime]:
    tz = community_tz(community)
    lo = datetime.combine(window.start, time.min, tzinfo=tz)
    hi = datetime.combine(window.end + timedelta(days=1), time.min, tzinfo=tz)
    return lo, hi


def _entries(community, window: Window):
    return TimeEntry.objects.filter(
        community=community, day__gte=window.start, day__lte=window.end
    ).order_by()


def _month_key(value) -> str:
    return f"{value.year:04d}-{value.month:02d}"


# --- credited labour ----------------------------------------------------------------------------


def _answers(community, lo, hi, person_id=None) -> tuple[int, int]:
    """Accepted answers of the window: (answers, people who wrote them).

    The stream records the asker as the actor of ``answer_accepted`` with the reply as its
    target; the credit belongs to the reply's author, read through the app registry so that
    stewardship does not import discussions (nothing is counted if it is not installed).
    """
    try:
        post_model = apps.get_model("discussions", "Post")
    except LookupError:
        return 0, 0
    author = post_model.objects.filter(
        pk=OuterRef("target_id"), topic__answer_id=OuterRef("target_id")
    ).values("author_id")[:1]
    rows = (
        Activity.objects.filter(
            community=community, verb="answer_accepted", created_at__gte=lo, created_at__lt=hi
        )
        .annotate(credited=Subquery(author))
        .filter(credited__isnull=False)
    )
    if person_id is not None:
        rows = rows.filter(credited=person_id)
    found = rows.aggregate(
        answers=Count("target_id", distinct=True), people=Count("credited", distinct=True)
    )
    return found["answers"] or 0, found["people"] or 0


def credited_labour(community, window: Window, person_id: int | None = None) -> list[dict]:
    """Per kind of visible labour: how many acts and by how many people (or, for one person,
    how many of their own) — two aggregate queries."""
    lo, hi = _bounds(community, window)
    rows = Activity.objects.filter(
        community=community,
        verb__in=list(CREDITED_VERBS),
        created_at__gte=lo,
        created_at__lt=hi,
    )
    if person_id is not None:
        rows = rows.filter(actor_id=person_id)
    kind_of = Case(
        *[When(verb__in=verbs, then=Value(key)) for key, _label, verbs in CREDITED if verbs],
        output_field=CharField(),
    )
    found = {
        key: (n, who)
        for key, n, who in rows.order_by()
        .annotate(key=kind_of)
        .values("key")
        .annotate(n=Count("id"), people=Count("actor", distinct=True))
        .values_list("key", "n", "people")
    }
    found["answers"] = _answers(community, lo, hi, person_id)
    result = []
    for key, label, _verbs in CREDITED:
        count, who = found.get(key, (0, 0))
        result.append({"key": key, "label": label, "count": count, "people": who})
    return result


# --- the community's labour ---------------------------------------------------------------------


@dataclass
class LabourSummary:
    window: Window
    total_hours: Decimal
    entry_count: int
    by_kind: list[dict]
    by_month: list[dict]
    concentration: labour.Concentration
    capacity_people: int
    capacity_hours: Decimal  # stated hours per month, of the people who show it
    given_per_month: Decimal
    over_capacity_people: int
    warnings: list[str]
    credited: list[dict] = field(default_factory=list)


def _capacity(community) -> tuple[int, Decimal]:
    found = Membership.objects.filter(
        community=community,
        status=MembershipStatus.ACTIVE,
        user__profile__hours_per_month__isnull=False,
        user__profile__hours_per_month_audience__in=SHOWN_TO_COMMUNITY,
    ).aggregate(n=Count("user_id"), total=Sum("user__profile__hours_per_month"))
    return found["n"] or 0, Decimal(found["total"] or 0)


def _person_months(community, window: Window, person_id: int | None = None):
    """(person, month, hours given, stated capacity) for months in which someone gave more than
    they said they can; the community counts only capacities shown to it."""
    rows = _entries(community, window)
    if person_id is None:
        rows = rows.filter(person__profile__hours_per_month_audience__in=SHOWN_TO_COMMUNITY)
    else:
        rows = rows.filter(person_id=person_id)
    return (
        rows.filter(person__profile__hours_per_month__isnull=False)
        .annotate(month=TruncMonth("day"))
        .values("person_id", "month")
        .annotate(given=Sum("hours"), capacity=Max("person__profile__hours_per_month"))
        .values_list("person_id", "month", "given", "capacity")
    )


def labour_summary(viewer, community, *, year: int | None = None) -> LabourSummary:
    """The community's labour over the window: members only."""
    require_member(viewer, community)
    window = labour_window(community, year)
    entries = _entries(community, window)

    by_kind = {k: Decimal(0) for k in LabourKind.values}
    by_month = {m: Decimal(0) for m in window.months}
    month_kind = {m: {k: Decimal(0) for k in LabourKind.values} for m in window.months}
    count = 0
    for month, kind, hours, n in (
        entries.annotate(month=TruncMonth("day"))
        .values("month", "kind")
        .annotate(hours=Sum("hours"), n=Count("id"))
        .values_list("month", "kind", "hours", "n")
    ):
        key = _month_key(month)
        count += n
        if kind in by_kind:
            by_kind[kind] += hours
        if key in by_month:
            by_month[key] += hours
            month_kind[key][kind] += hours

    per_person = list(
        entries.values("person_id").annotate(h=Sum("hours")).values_list("h", flat=True)
    )
    c = labour.concentration(per_person)
    over = {person for person, *_rest in _person_months_over(community, window)}
    capacity_people, capacity_hours = _capacity(community)
    months = len(window.months) or 1
    total = sum(by_kind.values(), Decimal(0))
    labels = dict(LabourKind.choices)
    return LabourSummary(
        window=window,
        total_hours=total,
        entry_count=count,
        by_kind=[{"kind": k, "label": labels[k], "hours": by_kind[k]} for k in LabourKind.values],
        by_month=[
            {"month": m, "hours": by_month[m], "by_kind": month_kind[m], "capacity": capacity_hours}
            for m in window.months
        ],
        concentration=c,
        capacity_people=capacity_people,
        capacity_hours=capacity_hours,
        given_per_month=(total / months).quantize(Decimal("0.01")),
        over_capacity_people=len(over),
        warnings=labour.warnings(c, len(over)),
        credited=credited_labour(community, window),
    )


def _person_months_over(community, window: Window, person_id: int | None = None):
    return [
        (person, _month_key(month), given, capacity)
        for person, month, given, capacity in _person_months(community, window, person_id)
        if given > capacity
    ]


# --- one's own -----------------------------------------------------------------------------------


@dataclass
class MySummary:
    window: Window
    total_hours: Decimal
    by_kind: list[dict]
    capacity: int | None
    over_capacity: list[tuple[str, Decimal]]
    credited: list[dict]


def my_summary(viewer, community, *, year: int | None = None) -> MySummary:
    """What the viewer gave in the window, their own capacity warnings and credited labour."""
    require_member(viewer, community)
    window = labour_window(community, year)
    mine = _entries(community, window).filter(person=viewer)
    hours = dict(mine.values("kind").annotate(h=Sum("hours")).values_list("kind", "h"))
    given_by_month = {
        _month_key(m): h
        for m, h in mine.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(h=Sum("hours"))
        .values_list("month", "h")
    }
    capacity = viewer.profile.hours_per_month
    labels = dict(LabourKind.choices)
    return MySummary(
        window=window,
        total_hours=sum(hours.values(), Decimal(0)),
        by_kind=[
            {"kind": k, "label": labels[k], "hours": hours.get(k, Decimal(0))}
            for k in LabourKind.values
        ],
        capacity=capacity,
        over_capacity=labour.over_capacity_months(given_by_month, capacity),
        credited=credited_labour(community, window, person_id=viewer.pk),
    )


def my_entries(viewer, community, *, page=1, size: int = MINE_PAGE_SIZE) -> Page:
    """The viewer's own entries in this community, latest day first (all time)."""
    require_member(viewer, community)
    rows = TimeEntry.objects.filter(community=community, person=viewer).order_by("-day", "-id")
    return paginate(rows, page, size)


def community_entries(viewer, community, *, page=1, size: int = ENTRIES_PAGE_SIZE) -> Page:
    """Every entry of the community, latest day first: for stewards' housekeeping (removing a
    mistaken entry); members see only the aggregates and their own."""
    require_steward(viewer, community)
    rows = (
        TimeEntry.objects.filter(community=community)
        .select_related("person__profile")
        .order_by("-day", "-id")
    )
    return paginate(rows, page, size)


def entry_for_owner(viewer, entry_id) -> TimeEntry:
    """One's own entry, for editing; NotFound for anything else (an entry is not public)."""
    try:
        entry_id = int(entry_id)
    except (TypeError, ValueError, OverflowError):
        raise NotFound(_("No such time entry."))
    if not (0 < entry_id < 2**63):
        raise NotFound(_("No such time entry."))
    entry = TimeEntry.objects.select_related("community").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("No such time entry."))
    require_member(viewer, entry.community)
    if entry.person_id != viewer.pk:
        raise NotAllowed(_("Only the person who logged this time can change it."))
    return entry
