"""Pages of time and labour (``/c/<slug>/time/``): log your time, see your own entries and the
community's labour — hours by kind and by month, how concentrated it is, capacity against time
given, and the labour Practica credits from what it sees — plus editing or deleting an entry
and the stewards' list of every entry.

Views parse input, call a service or a query, and render; numbers are turned into words here.
The page is for members: a private community answers 404 to anyone outside it, a public one
shows visitors an invitation to join. Definitions: docs/stewardship-time.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practica.communities.views import community_context, community_for_action, posted
from practica.communities.visibility import community_for_viewer
from practica.core.errors import NotFound, PracticaError
from practica.core.http import domain_errors, form_error

from .. import labour
from ..forms_time import TimeEntryDeleteForm, TimeEntryForm
from ..models import LabourKind, TimeEntry
from ..queries import time_entries as queries
from ..services import time_entries as services

TAB = "sustaining"

# The chart's drawing box (viewBox units; the SVG scales to the page's width).
CHART_W, CHART_H = 640, 220
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 44, 28, 12


# --- numbers into words ------------------------------------------------------------------------


def hours_text(value) -> str:
    value = Decimal(value or 0).quantize(Decimal("0.01"))
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _month_date(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def month_chart(by_month: list[dict], capacity: Decimal) -> dict:
    """Bars of hours per month and a line at the stated capacity, as numbers for the SVG."""
    highest = max([row["hours"] for row in by_month] + [capacity, Decimal(1)])
    plot_w = CHART_W - CHART_LEFT - 8
    plot_h = CHART_H - CHART_BOTTOM - CHART_TOP
    step = plot_w / max(len(by_month), 1)
    bars = []
    for i, row in enumerate(by_month):
        height = float(row["hours"] / highest) * plot_h
        bars.append(
            {
                "x": round(CHART_LEFT + i * step + step * 0.15, 1),
                "width": round(step * 0.7, 1),
                "y": round(CHART_TOP + plot_h - height, 1),
                "height": round(height, 1),
                "label_x": round(CHART_LEFT + i * step + step / 2, 1),
                "label": date_format(_month_date(row["month"]), "M"),
                "title": date_format(_month_date(row["month"]), "F Y"),
                "hours": hours_text(row["hours"]),
            }
        )
    capacity_y = None
    if capacity > 0:
        capacity_y = round(CHART_TOP + plot_h - float(capacity / highest) * plot_h, 1)
    return {
        "width": CHART_W,
        "height": CHART_H,
        "left": CHART_LEFT,
        "right": CHART_W - 8,
        "top": CHART_TOP,
        "base": CHART_TOP + plot_h,
        "label_y": CHART_H - 8,
        "max_label": hours_text(highest),
        "bars": bars,
        "capacity_y": capacity_y,
        "capacity": hours_text(capacity),
    }


def _warning_texts(summary) -> list[str]:
    c = summary.concentration
    texts = {
        labour.WARN_TOP3: _(
            "Three people gave %(p)s of the hours logged in this period. When a few carry most "
            "of the load, the community depends on them staying well: consider sharing the "
            "planning, facilitating and documenting more widely."
        )
        % {"p": pct(c.top3_share)},
        labour.WARN_SINGLE_CARRIER: _(
            "One person gave half or more of the hours logged in this period: if they stepped "
            "back, half of the work would stop. Ask who could take on part of it."
        ),
        labour.WARN_OVER_CAPACITY: _(
            "%(n)d people gave more time in at least one month than they said they can give. "
            "Giving more than you have is a burnout risk; each of them sees this on their own "
            "page."
        )
        % {"n": summary.over_capacity_people},
    }
    return [texts[w] for w in summary.warnings]


def _summary_context(summary) -> dict:
    c = summary.concentration
    return {
        "total": hours_text(summary.total_hours),
        "entry_count": summary.entry_count,
        "contributors": c.contributors,
        "top1": pct(c.top1_share),
        "top3": pct(c.top3_share),
        "absence_factor": c.absence_factor,
        "by_kind": [
            {
                **row,
                "hours_text": hours_text(row["hours"]),
                "share": pct(float(row["hours"] / summary.total_hours))
                if summary.total_hours
                else "—",
            }
            for row in summary.by_kind
        ],
        "by_month": [
            {
                "title": date_format(_month_date(row["month"]), "F Y"),
                "hours": hours_text(row["hours"]),
                "over": row["capacity"] > 0 and row["hours"] > row["capacity"],
            }
            for row in summary.by_month
        ],
        "capacity_people": summary.capacity_people,
        "capacity_hours": hours_text(summary.capacity_hours),
        "given_per_month": hours_text(summary.given_per_month),
        "over_capacity_people": summary.over_capacity_people,
        "warnings": _warning_texts(summary),
        "chart": month_chart(summary.by_month, summary.capacity_hours),
        "credited": summary.credited,
    }


def _mine_context(mine) -> dict:
    return {
        "total": hours_text(mine.total_hours),
        "by_kind": [
            {**row, "hours_text": hours_text(row["hours"])} for row in mine.by_kind if row["hours"]
        ],
        "capacity": mine.capacity,
        "over": [
            {"title": date_format(_month_date(month), "F Y"), "hours": hours_text(given)}
            for month, given in mine.over_capacity
        ],
        "credited": [row for row in mine.credited if row["count"]],
    }


def _with_hours_text(page):
    for entry in page.items:
        entry.hours_text = hours_text(entry.hours)
    return page


def _window_words(window) -> str:
    if window.year is not None:
        return str(window.year)
    return _("%(start)s to %(end)s") % {
        "start": date_format(window.start, "F Y"),
        "end": date_format(window.end, "j F Y"),
    }


# --- the time page ------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@domain_errors
def time_page(request, slug):
    community = community_for_viewer(request.user, slug)
    if request.method == "POST":
        community = community_for_action(request, slug, need="member")
    context = community_context(request, community, TAB)
    context["time_url"] = reverse("stewardship:time", args=[community.slug])
    if not context["is_member"]:
        # Who gives how much time is the members' business: visitors are invited to join.
        return render(request, "stewardship/time_visitor.html", context)

    form = TimeEntryForm(
        posted(request), initial={"day": queries.local_today(community), "kind": "planning"}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                entry = services.time_entry_create(request.user, community, **form.cleaned_data)
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Logged %(h)s hours. Thank you for the time you give!")
                    % {"h": hours_text(entry.hours)},
                )
                return redirect("stewardship:time", slug=community.slug)

    years = queries.available_years(community)
    year = queries.parse_year(request.GET.get("year"), years)
    summary = queries.labour_summary(request.user, community, year=year)
    mine = queries.my_summary(request.user, community, year=year)
    context.update(
        form=form,
        can_log=not community.is_concluded,
        years=years,
        year=year,
        window_words=_window_words(summary.window),
        summary=_summary_context(summary),
        mine=_mine_context(mine),
        entries=_with_hours_text(
            queries.my_entries(request.user, community, page=request.GET.get("page", 1))
        ),
        kinds=dict(LabourKind.choices),
        entries_url=reverse("stewardship:time_entries", args=[community.slug]),
        thresholds={
            "top3_share": f"{labour.TOP3_WARN_SHARE * 100:.0f}%",
            "top3_min": labour.TOP3_WARN_MIN_CONTRIBUTORS,
            "single_min": labour.SINGLE_CARRIER_MIN_CONTRIBUTORS,
        },
    )
    return render(request, "stewardship/time.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
@domain_errors
def time_entries_page(request, slug):
    """Every entry of the community, for stewards' housekeeping."""
    community = community_for_action(request, slug, need="member")
    context = community_context(request, community, TAB)
    if not context["is_steward"]:
        messages.info(request, _("Only stewards see every entry; here are the totals and yours."))
        return redirect("stewardship:time", slug=community.slug)
    context.update(
        page=_with_hours_text(
            queries.community_entries(request.user, community, page=request.GET.get("page", 1))
        ),
        kinds=dict(LabourKind.choices),
        time_url=reverse("stewardship:time", args=[community.slug]),
        can_delete=not community.is_concluded,
    )
    return render(request, "stewardship/time_entries.html", context)


# --- one entry ------------------------------------------------------------------------------------


def _entry_or_404(entry_id) -> TimeEntry:
    entry = TimeEntry.objects.select_related("community", "person__profile").filter(pk=entry_id)
    entry = entry.first() if 0 < entry_id < 2**63 else None
    if entry is None:
        raise NotFound(_("No such time entry."))
    return entry


@require_http_methods(["GET", "POST"])
@domain_errors
def time_entry_edit(request, entry_id):
    entry = _entry_or_404(entry_id)
    community = community_for_action(request, entry.community.slug, need="member")
    if entry.person_id != request.user.pk and request.method != "POST":
        messages.info(request, _("Only the person who logged this time can change it."))
        return redirect("stewardship:time", slug=community.slug)
    entry = queries.entry_for_owner(request.user, entry.pk)
    initial = {
        "day": entry.day,
        "hours": entry.hours,
        "kind": entry.kind,
        "note": entry.note,
        "link": entry.link,
    }
    form = TimeEntryForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.time_entry_update(request.user, entry.pk, **form.cleaned_data)
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Your time entry is saved."))
                return redirect("stewardship:time", slug=community.slug)
    context = community_context(request, community, TAB)
    context.update(
        form=form,
        entry=entry,
        can_log=not community.is_concluded,
        time_url=reverse("stewardship:time", args=[community.slug]),
    )
    return render(request, "stewardship/time_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def time_entry_delete(request, entry_id):
    entry = _entry_or_404(entry_id)
    community = community_for_action(request, entry.community.slug, need="member")
    own = entry.person_id == request.user.pk
    context = community_context(request, community, TAB)
    if not own and not context["is_steward"]:
        raise NotFound(_("No such time entry."))
    form = TimeEntryDeleteForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.time_entry_delete(
                    request.user, entry.pk, reason=form.cleaned_data["reason"]
                )
            except PracticaError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("The time entry is deleted."))
                target = "stewardship:time" if own else "stewardship:time_entries"
                return redirect(target, slug=community.slug)
    entry.hours_text = hours_text(entry.hours)
    context.update(
        form=form,
        entry=entry,
        own=own,
        kinds=dict(LabourKind.choices),
        can_delete=not community.is_concluded,
        time_url=reverse("stewardship:time", args=[community.slug]),
    )
    return render(request, "stewardship/time_delete.html", context, status=status)


urlpatterns = [
    path("c/<slug:slug>/time/", time_page, name="time"),
    path("c/<slug:slug>/time/entries/", time_entries_page, name="time_entries"),
    path("time-entries/<int:entry_id>/edit/", time_entry_edit, name="time_edit"),
    path("time-entries/<int:entry_id>/delete/", time_entry_delete, name="time_delete"),
]
