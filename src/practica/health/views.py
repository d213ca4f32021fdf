"""The health page of a community: its stage and the stewards' reading of it, the decline
alert, momentum, the indicators beside the previous window's, the charts with their data, the
suggestions and the facilitator's mirror — plus the stewards' form to record the stage, and
the decline alert on the community home.

Views parse input, call ``services`` and render. Every number is turned into words here
(percentages, hours, "—" with the reason when there is no data), so the templates only lay
things out. Definitions: docs/health.md.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from practica.communities.activity import require_not_concluded
from practica.communities.views import (
    community_context,
    community_for_action,
    posted,
    register_home_section,
)
from practica.communities.visibility import community_for_viewer, require_steward
from practica.core.cache import (
    CSRF_PLACEHOLDER,
    FRAGMENT_SECONDS,
    fragment_key,
    versions,
    with_csrf,
)
from practica.core.errors import PracticaError
from practica.core.http import domain_errors, form_error

from . import charts, facilitation, services
from .cache import history_token
from .forms import HealthQueryForm, StageForm
from .metrics import ACTIVE, CORE, LEVELS, WENGER_REFERENCE
from .queries import local_today
from .tasks import health_alerts_warm_task

DASH = "—"


# --- numbers into words ------------------------------------------------------------------------


def _pct(value: float | None, digits: int = 0) -> str | None:
    if value is None:
        return None
    text = f"{value * 100:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value * 100:.0f}"
    return f"{text}%"


def _hours(value: float | None) -> str | None:
    """Hours as a person says them: minutes under an hour, days from two days on."""
    if value is None:
        return None
    if value < 1:
        return _("%(n)d min") % {"n": round(value * 60)}
    if value < 48:
        return _("%(n)s h") % {"n": f"{value:.1f}".rstrip("0").rstrip(".")}
    return _("%(n)s days") % {"n": f"{value / 24:.1f}".rstrip("0").rstrip(".")}


def _count(value: int | None) -> str | None:
    return None if value is None else str(value)


def _gini_words(value: float | None) -> str:
    """The Gini coefficient in words (bands in docs/health.md, "The health page")."""
    if value is None:
        return ""
    if value < 0.2:
        return _("shared evenly")
    if value < 0.4:
        return _("fairly evenly shared")
    if value < 0.6:
        return _("uneven: some give much more than others")
    return _("carried by a few")


def _window_label(day: date, months) -> str:
    return f"{day.day} {months[day.month - 1]} {day.year}"


# --- the indicator cards -----------------------------------------------------------------------


def _card(key, label, now, before, explain, how, *, missing="", detail="", before_detail=""):
    return {
        "key": key,
        "label": label,
        "value": now if now is not None else DASH,
        "is_missing": now is None,
        "missing": missing if now is None else "",
        "detail": detail,
        "previous": before if before is not None else DASH,
        "previous_detail": before_detail,
        "explain": explain,
        "how": how,
    }


def _response_detail(h: dict) -> str:
    parts = []
    share = _pct(h["answered_within_48h_share"])
    parts.append(
        _("answered within 48 h: %(p)s") % {"p": share}
        if share
        else _("answered within 48 h: — (no topic is 48 hours old yet)")
    )
    newcomers = _hours(h["newcomers_median_first_response_hours"])
    newcomers_share = _pct(h["newcomers_answered_within_48h_share"])
    if newcomers or newcomers_share:
        parts.append(
            _("newcomers' topics: %(t)s, within 48 h: %(p)s")
            % {"t": newcomers or DASH, "p": newcomers_share or DASH}
        )
    else:
        parts.append(_("newcomers' topics: — (none answered in this window)"))
    return "; ".join(parts)


def indicator_cards(h: dict) -> list[dict]:
    """The headline indicators of the window ``h`` beside those of ``h["previous"]``."""
    p = h.get("previous") or {}

    def ratio(w):
        share = _pct(w.get("active_ratio"))
        if share is None:
            return ""
        return _("%(p)s of %(n)d people") % {"p": share, "n": w.get("member_count", 0)}

    return [
        _card(
            "active_members",
            _("Active members"),
            _count(h["active_members"]),
            _count(p.get("active_members")),
            _("People who contributed at least once in the window."),
            _(
                "A contribution is a topic, a reply, an article written, revised or reviewed, "
                "a charter proposal or response, or a goal set or revised. The share is of "
                "everyone who was a member at the end of the window, plus anyone who "
                "contributed in it and has left since."
            ),
            detail=ratio(h),
            before_detail=ratio(p),
        ),
        _card(
            "new_contributors",
            _("New contributors"),
            _count(h["new_contributors"]),
            _count(p.get("new_contributors")),
            _("People whose very first contribution falls in the window."),
            _("Counted from each person's first contribution ever in this community."),
        ),
        _card(
            "newcomer_retention",
            _("Newcomers who came back"),
            _pct(h["newcomer_retention"]),
            _pct(p.get("newcomer_retention")),
            _("Of the new contributors of the window before, the share who contributed again."),
            _(
                "People whose first contribution fell in the previous window, and who "
                "contributed at least once more in this one."
            ),
            missing=_("nobody contributed for the first time in the window before"),
        ),
        _card(
            "median_first_response_hours",
            _("Time to a first reply"),
            _hours(h["median_first_response_hours"]),
            _hours(p.get("median_first_response_hours")),
            _("How long a topic typically waits for someone else's reply (the median)."),
            _(
                "Over the topics opened in the window that got a reply from someone other "
                "than their author: the middle value of the time from opening to that first "
                "reply. A reply by the author never counts. The 48-hour share is of the "
                "topics at least 48 hours old. Newcomers' topics are those opened by people "
                "who contributed for the first time in this window."
            ),
            missing=_("no topic opened in this window has had a reply from someone else"),
            detail=_response_detail(h),
        ),
        _card(
            "unanswered_rate",
            _("Left unanswered"),
            _pct(h["unanswered_rate"]),
            _pct(p.get("unanswered_rate")),
            _("Topics nobody else replied to within 7 days."),
            _(
                "Of the topics opened in the window that are at least 7 days old, the share "
                "with no reply from someone other than their author within 7 days."
            ),
            missing=_("no topic in this window is 7 days old yet"),
            detail=(
                _("questions: %(p)s") % {"p": _pct(h["unanswered_question_rate"])}
                if h.get("unanswered_question_rate") is not None
                else ""
            ),
        ),
        _card(
            "absence_factor",
            _("Absence factor"),
            _count(h["absence_factor"]),
            _count(p.get("absence_factor")),
            _(
                "The fewest people who made half of all contributions: if they stepped away, "
                "half of the activity would go with them. Higher is sturdier."
            ),
            _(
                "People are sorted from the most contributions down; the factor is how many "
                "it takes to reach 50% of the window's contributions (the CHAOSS "
                "“contributor absence factor”, also called bus factor). 0 when nobody "
                "contributed."
            ),
        ),
        _card(
            "elephant_factor",
            _("Elephant factor"),
            _count(h["elephant_factor"]),
            _count(p.get("elephant_factor")),
            _("The same over organisations: how many organisations made half of the work."),
            _(
                "Organisations are those people show to the community; someone whose "
                "organisation is not shown counts as an organisation of their own."
            ),
        ),
        _card(
            "gini",
            _("Contribution equity"),
            f"{h['gini']:.2f}",
            f"{p['gini']:.2f}" if p.get("gini") is not None else None,
            _(
                "How evenly contributions are shared: 0 means everyone gives the same, "
                "1 that one person gives everything."
            ),
            _(
                "The Gini coefficient of contributions in the window over everyone in the "
                "community, those who gave nothing included. In a small community it cannot "
                "reach 1: with 4 people it is at most 0.75."
            ),
            detail=_gini_words(h["gini"]),
            before_detail=_gini_words(p.get("gini")),
        ),
        _card(
            "cross_sector_reply_share",
            _("Replies across sectors"),
            _pct(h["cross_sector_reply_share"]),
            _pct(p.get("cross_sector_reply_share")),
            _("Replies where the person replying works in another sector than the topic's author."),
            _(
                "Of the replies in the window by someone other than the topic's author, where "
                "both people showed their sector to the community when the reply was written."
            ),
            missing=_("no replies between people whose sectors are shown"),
        ),
        _card(
            "inactive_contributors",
            _("Gone quiet"),
            _count(h["inactive_contributors"]),
            _count(p.get("inactive_contributors")),
            _("People who contributed before but not in the last 90 days."),
            _(
                "Everyone with a contribution before the end of the window whose latest one "
                "is more than 90 days older than that (the CHAOSS “inactive contributors”)."
            ),
        ),
    ]


# --- stage, momentum, levels -------------------------------------------------------------------


def _recorded(recorded: dict | None) -> dict | None:
    if not recorded:
        return None
    person = recorded.get("recorded_by") or {}
    return {
        "label": recorded["label"],
        "note": recorded["note"],
        "at": datetime.fromisoformat(recorded["recorded_at"]),
        "by": person.get("display_name") or _("a former steward"),
        "by_id": person.get("id"),
    }


def _direction(word: str) -> str:
    return {"rising": _("rising"), "falling": _("falling"), "steady": _("steady")}.get(word, word)


def momentum_words(h: dict) -> dict:
    m = h["momentum"]
    people = m["active_members"]
    volume = m["contributions"]

    def series(values):
        return " → ".join(str(int(v)) for v in values)

    return {
        "direction": m["direction"],
        "direction_label": _direction(m["direction"]),
        "windows": len(people["values"]),
        "people": _("People contributing: %(values)s — %(direction)s.")
        % {"values": series(people["values"]), "direction": _direction(people["direction"])},
        "contributions": _("Contributions: %(values)s — %(direction)s.")
        % {"values": series(volume["values"]), "direction": _direction(volume["direction"])},
    }


def level_rows(h: dict) -> list[dict]:
    """The level distribution beside Wenger's rule of thumb (core 10–15 %, active 15–20 %)."""
    dist = h["level_distribution"]
    names = {
        "core": _("core"),
        "active": _("active"),
        "occasional": _("occasional"),
        "peripheral": _("peripheral"),
    }
    positions = {"below": _("below"), "within": _("within"), "above": _("above")}
    rows = []
    for level in LEVELS:
        reference = WENGER_REFERENCE.get(level)
        rows.append(
            {
                "level": level,
                "label": names[level],
                "count": dist["counts"].get(level, 0),
                "share": _pct(dist["shares"].get(level), 1) or DASH,
                "reference": (
                    f"{reference[0] * 100:.0f}–{reference[1] * 100:.0f}%" if reference else DASH
                ),
                "position": positions.get(dist["position"].get(level) or "", "")
                if level in (CORE, ACTIVE)
                else "",
            }
        )
    return rows


# --- charts ------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return DASH
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return str(value)


def _figure(chart: charts.Chart, key: str) -> dict:
    table = chart.table
    return {
        "key": key,
        "chart": chart,
        "headers": table.headers,
        "rows": [[_cell(v) for v in row] for row in table.rows],
    }


def health_charts(h: dict) -> list[dict]:
    labels = charts.translated_labels(_)
    months = charts.translated_month_names(_)
    series = h["series"]
    weeks = [(date.fromisoformat(w["week"]), w["contributions"]) for w in series["weekly_activity"]]
    windows = series["windows"]
    names = [_window_label(date.fromisoformat(w["as_of"]), months) for w in windows]
    return [
        _figure(charts.activity_chart(weeks, month_names=months, labels=labels), "activity"),
        _figure(
            charts.levels_chart([w["levels"] for w in windows], window_labels=names, labels=labels),
            "levels",
        ),
        _figure(charts.flow_chart(h.get("level_flow") or {}, labels=labels), "flow"),
        _figure(
            charts.response_chart(
                [w["median_first_response_hours"] for w in windows],
                window_labels=names,
                labels=labels,
            ),
            "response",
        ),
        _figure(
            charts.hours_chart(series["hour_of_day"], zone=series["time_zone"], labels=labels),
            "hours",
        ),
    ]


# --- the page ----------------------------------------------------------------------------------


def _query_form(request, community) -> HealthQueryForm:
    today = local_today(community)
    return HealthQueryForm(
        {
            "window": request.GET.get("window") or str(services.DEFAULT_WINDOW),
            "as_of": request.GET.get("as_of") or today.isoformat(),
        }
    )


def _page_url(community, window: int, day: date | None = None) -> str:
    url = reverse("health:page", kwargs={"slug": community.slug})
    query = f"?window={window}"
    if day is not None:
        query += f"&as_of={day.isoformat()}"
    return url + query


def _history_links(community, window: int, as_of: date) -> dict:
    today = local_today(community)
    earlier = as_of - timedelta(days=window)
    later = as_of + timedelta(days=window)
    return {
        "earlier": _page_url(community, window, earlier) if earlier >= services.EARLIEST else "",
        "later": _page_url(community, window, later if later < today else None)
        if as_of < today
        else "",
        "is_today": as_of == today,
    }


def _health_context(request, community, form: HealthQueryForm) -> tuple[dict, int]:
    """What the page shows for the window chosen in ``form``; a 400 with the form's errors
    (and nothing computed) when the choice is not valid."""
    if not form.is_valid():
        return {"health": None}, 400
    window, as_of = form.cleaned_data["window"], form.cleaned_data["as_of"]
    try:
        h = services.community_health(request.user, community, window_days=window, as_of=as_of)
    except PracticaError as exc:
        if exc.status != 400:
            raise
        form_error(form, exc)
        return {"health": None}, 400
    weeks = h["series"]["weekly_activity"]
    quiet = h["contributions"] == 0 and not any(w["contributions"] for w in weeks)
    previous = h.get("previous") or {}
    return {
        "health": h,
        "window": window,
        "as_of": as_of,
        "window_start": as_of - timedelta(days=window - 1),
        "previous_as_of": date.fromisoformat(previous["as_of"]) if previous.get("as_of") else None,
        "previous_start": (
            date.fromisoformat(previous["as_of"]) - timedelta(days=window - 1)
            if previous.get("as_of")
            else None
        ),
        "quiet": quiet,
        "cards": indicator_cards(h),
        "stage": h["stage"],
        "recorded": _recorded(h["stage"].get("recorded")),
        "momentum": momentum_words(h),
        "levels": level_rows(h),
        "flow": h.get("level_flow"),
        "figures": health_charts(h),
        "suggestions": h["suggestions"],
        "alerts": h["alerts"],
        "history": _history_links(community, window, as_of),
        "csv_url": reverse("api:community_health_csv", kwargs={"slug": community.slug})
        + f"?window={window}&as_of={as_of.isoformat()}",
    }, 200


def _render_page(request, community, *, stage_form: StageForm | None = None, status=200):
    """The page. Its body is the same for everyone with the same role who asks for the same
    window and day: rendered once and kept until anything in the community changes (or, for
    a past day, until history is rewritten), so a reading costs no template work — the charts
    and tables are large. A steward's form with errors is rendered afresh."""
    context = community_context(request, community, "health")
    form = _query_form(request, community)
    can_record = context["is_steward"] and not community.is_concluded

    def body() -> dict:
        shown, page_status = _health_context(request, community, form)
        found["status"] = page_status
        return {
            **context,
            **shown,
            "form": form,
            "can_record": can_record,
            "stage_form": (stage_form or StageForm()) if can_record else None,
            "stage_url": reverse("health:stage", kwargs={"slug": community.slug}),
            "page_url": reverse("health:page", kwargs={"slug": community.slug}),
            "mirror": facilitation.facilitator_mirror(request.user, community),
        }

    found = {"status": 200}
    template = "health/_page_content.html"
    if stage_form is None and form.is_valid():
        role = (context["is_member"], context["is_steward"], request.user.is_authenticated)
        key = fragment_key(
            "health-page",
            community.pk,
            versions(community.pk),
            history_token(community.pk),
            form.cleaned_data["window"],
            form.cleaned_data["as_of"],
            role,
        )
        html = cache.get(key)
        if html is None:
            html = render_to_string(template, {**body(), "csrf_token": CSRF_PLACEHOLDER}, request)
            if found["status"] == 200:  # a refused choice (a day in the future…) is not kept
                cache.set(key, html, FRAGMENT_SECONDS)
        context["content"] = with_csrf(request, html)
    else:
        context["content"] = render_to_string(template, body(), request)
    return render(request, "health/page.html", context, status=max(status, found["status"]))


@require_GET
@domain_errors
def health_page(request, slug):
    community = community_for_viewer(request.user, slug)
    return _render_page(request, community)


@require_http_methods(["GET", "POST"])
@domain_errors
def stage_record_view(request, slug):
    """A steward records the stage they believe the community is in. A GET (after the
    visibility check) goes to the health page, where the form is."""
    community = community_for_action(request, slug)
    page_url = reverse("health:page", kwargs={"slug": community.slug})
    if request.method == "GET":
        return redirect(page_url)
    require_steward(request.user, community)
    require_not_concluded(community)
    form = StageForm(posted(request))
    if form.is_valid():
        try:
            services.stage_record(
                request.user,
                community,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
        except PracticaError as exc:
            if exc.status != 400:
                raise
            form_error(form, exc)
        else:
            messages.success(request, _("The stage you recorded is shown beside the estimate."))
            return redirect(f"{page_url}#stage")
    return _render_page(request, community, stage_form=form, status=400)


# --- the decline alert on the community home ---------------------------------------------------

WARMING_SECONDS = 600


def _warm_alerts(community) -> None:
    """Ask a worker to work out yesterday's alerts, once per community and day: the home page
    must not compute the health of several windows itself."""
    key = f"health:warming:{community.pk}:{local_today(community).isoformat()}"
    if cache.add(key, 1, WARMING_SECONDS):
        community_id = community.pk
        transaction.on_commit(lambda: health_alerts_warm_task.enqueue(community_id))


def health_home_section(request, community) -> dict | None:
    """The decline alert, if it held yesterday, with a link to the health page. Reads only
    the cache (the home is rendered once per role and minute); on a miss a worker computes it
    and the notice appears once it has."""
    found = services.community_alerts(request.user, community)
    if found is None:
        _warm_alerts(community)
        return None
    if not found:
        return None
    return {
        "template": "health/_home_section.html",
        "alerts": found,
        "health_url": reverse("health:page", kwargs={"slug": community.slug}),
    }


def register() -> None:
    register_home_section(health_home_section)
