"""Community health: the indicators of a window with the one before, stage, momentum, alerts,
suggestions and chart series — and the stewards' reading of the stage.

Who may see health: whoever may see the community — every member, and for a public community
everyone, signed in or not. It holds counts and shares only, never a person's own numbers, so
it shows nothing a visitor could not count from the public pages themselves.

Gathering: every window comes from the community's tallies of the stream (``tallies``),
built before they are first read; all the windows a page needs are gathered together.

Caching: a window that ended before today (in the community's time zone) cannot change any
more, so its indicators and any result "as of" a past day are kept (``health.cache``), retired
only when history is rewritten (an imported archive, a claim of imported messages). Today's
result is kept under the community's cache version, which every write moves on.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.timezone import now
from django.utils.translation import gettext as _

from practica.communities.activity import audit_record, notify, require_not_concluded
from practica.communities.models import Community, Membership, Notification, active_steward_q
from practica.communities.visibility import require_steward, require_viewable
from practica.core.cache import versions
from practica.core.errors import InvalidInput
from practica.core.text import clean_choice

from . import lifecycle, metrics, queries, rollup, tallies
from .cache import FINISHED_SECONDS, PART_SECONDS, TODAY_SECONDS, history_token
from .models import NOTE_MAX_LENGTH, StageAssessment

WINDOWS = (30, 90)
DEFAULT_WINDOW = 90
#: Windows shown in the charts (levels, response time) and read by momentum.
SERIES_WINDOWS = 6
#: Weeks of the activity chart.
SERIES_WEEKS = 26
#: Windows in the CSV export.
CSV_WINDOWS = 12
EARLIEST = date(2000, 1, 1)
ALERT_KIND = "health_decline_%d"

# Where each suggested feature lives; a feature without a page yet links nowhere.
FEATURE_ROUTES = {
    "invite_members": "communities:invite",
    "charter": "communities:charter",
    "goals": "communities:goals",
    "unanswered_questions": "knowledge:gaps",
    "document_answers": "knowledge:gaps",
    "knowledge_gaps": "knowledge:gaps",
    "article_review": "knowledge:list",
    "archive_export": "knowledge:archive",
}


# --- input checks ------------------------------------------------------------------------------


def clean_window(window_days) -> int:
    if window_days not in WINDOWS:
        raise InvalidInput(
            _("The window must be 30 or 90 days, not %(w)s.") % {"w": window_days},
            field="window",
        )
    return int(window_days)


def parse_as_of(value) -> date | None:
    """``YYYY-MM-DD`` (or a date) → date; empty → None (today)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            _("as_of must be a date written YYYY-MM-DD, such as 2026-03-31."), field="as_of"
        )


def clean_as_of(community: Community, as_of: date | None) -> date:
    today = queries.local_today(community)
    if as_of is None:
        return today
    if as_of > today:
        raise InvalidInput(
            _("as_of cannot be in the future: today is %(d)s in the community's time zone.")
            % {"d": today.isoformat()},
            field="as_of",
        )
    if as_of < EARLIEST:
        raise InvalidInput(_("as_of cannot be before 2000-01-01."), field="as_of")
    return as_of


# --- gathering, with finished windows cached -------------------------------------------------


class _Gatherer:
    """Window inputs for one community, gathered together from the tallies
    (``queries.window_inputs_many``, the tallies made sure to be built first) and kept for the
    call. What is cached is each finished window's indicators (``_indicator_windows``)."""

    def __init__(self, community: Community):
        self.community = community
        self.today_starts = queries.end_of_day(
            community, queries.local_today(community) - timedelta(days=1)
        )
        self.history = history_token(community.pk)
        self._born: datetime | None = None
        self._memo: dict = {}
        self._ready = False

    @property
    def born(self) -> datetime:
        if self._born is None:
            self._born = queries.community_start(self.community)
        return self._born

    def finished(self, end: datetime) -> bool:
        return end <= self.today_starts

    def key(self, name: str) -> str:
        return f"health:{name}:{self.community.pk}:{self.history}"

    def ready(self) -> None:
        if not self._ready:
            tallies.tallies_ready(self.community)
            self._ready = True

    def prefetch(self, ends: list[datetime], days: int, people_only=()) -> None:
        """Gather in one go the inputs of every window in ``ends`` not known yet; those in
        ``people_only`` only as far as a level flow needs them."""
        wanted = [
            e
            for e in dict.fromkeys(ends)
            if (e, days) not in self._memo
            or (e not in people_only and not self._memo[(e, days)][1])
        ]
        if not wanted:
            return
        self.ready()
        full = [e for e in wanted if e not in people_only]
        gathered = queries.window_inputs_many(self.community, wanted, days, self.born, full=full)
        for end, inputs in gathered.items():
            self._memo[(end, days)] = (inputs, end in full)

    def inputs(self, end: datetime, days: int, *, people_only: bool = False):
        self.prefetch([end], days, [end] if people_only else ())
        return self._memo[(end, days)][0]

    def hours(self, lo: datetime, end: datetime) -> list:
        """(local day, hour, contributions) in ``[lo, end)``."""
        self.ready()
        return queries.hour_counts(self.community, lo, end)


def _ends(end: datetime, days: int, count: int) -> list[datetime]:
    """Window ends, the latest first."""
    return [end - timedelta(days=days * k) for k in range(count)]


def _indicator_windows(g: _Gatherer, end: datetime, days: int, count: int) -> list[dict]:
    """Indicators of ``count`` windows ending at ``end``, the latest first, each with its
    level flow from the window before it. A finished window's indicators are kept: after a
    write only today's window is worked out again."""
    ends = _ends(end, days, count + 1)
    names = [f"indicators:{days}:{e.isoformat()}" for e in ends[:count]]
    kept = cache.get_many([g.key(n) for k, n in enumerate(names) if g.finished(ends[k])])
    found: list[dict | None] = [kept.get(g.key(n)) for n in names]
    needed = [e for k, e in enumerate(ends[:count]) if found[k] is None]
    flows = [e - timedelta(days=days) for e in needed]
    g.prefetch(needed + flows, days, people_only=set(flows) - set(needed))
    for k in range(count):
        if found[k] is not None:
            continue
        current = g.inputs(ends[k], days)
        previous = g.inputs(ends[k + 1], days, people_only=ends[k + 1] not in needed)
        result = metrics.window_indicators(current, previous)
        result["as_of"] = _day_of(g.community, current.as_of).isoformat()
        result["window_start"] = current.start.isoformat()
        result["window_end"] = current.as_of.isoformat()
        if g.finished(ends[k]):
            cache.set(g.key(names[k]), result, FINISHED_SECONDS)
        found[k] = result
    return found


def _day_of(community: Community, end: datetime) -> date:
    """The "as of" day of a window ending at ``end``: its last day."""
    tz = queries.community_tz(community)
    return (end - timedelta(microseconds=1)).astimezone(tz).date()


def _feature_url(feature: str, community: Community) -> str | None:
    name = FEATURE_ROUTES.get(feature)
    if not name:
        return None
    try:
        return reverse(name, kwargs={"slug": community.slug})
    except NoReverseMatch:
        return None


def health_url(community: Community) -> str:
    try:
        return reverse("health:page", kwargs={"slug": community.slug})
    except NoReverseMatch:
        return f"/c/{community.slug}/health/"


def _assessment(a: StageAssessment | None) -> dict | None:
    if a is None:
        return None
    person = None
    if a.recorded_by_id is not None:
        profile = getattr(a.recorded_by, "profile", None)
        person = {
            "id": a.recorded_by_id,
            "display_name": profile.display_name if profile else "",
        }
    return {
        "stage": a.stage,
        "label": str(a.get_stage_display()),
        "note": a.note,
        "recorded_at": a.recorded_at.isoformat(),
        "recorded_by": person,
    }


def _compute(community: Community, days: int, day: date) -> dict[str, Any]:
    g = _Gatherer(community)
    end = queries.end_of_day(community, day)
    windows = _indicator_windows(g, end, days, SERIES_WINDOWS)
    current, previous = windows[0], windows[1]
    result = dict(current)
    result["previous"] = previous
    inputs = g.inputs(end, days)
    start = inputs.start

    # Stage
    articles, new_articles = queries.article_counts(community, start, end)
    concluded = community.concluded_at is not None and community.concluded_at < end
    stage_in = lifecycle.stage_inputs_from(
        result,
        age_days=max(0, (end - g.born).days),
        article_count=articles,
        new_articles=new_articles,
        contributors_ever=len(inputs.first_contribution),
        concluded=concluded,
    )
    estimate = lifecycle.estimate_stage(stage_in)
    stage = estimate.as_dict(_)
    stage["recorded"] = _assessment(queries.latest_assessment(community, end))
    result["stage"] = stage

    # Momentum and alerts, oldest window first
    oldest_first = list(reversed(windows))
    result["momentum"] = lifecycle.momentum(
        [w["active_members"] for w in oldest_first], [w["contributions"] for w in oldest_first]
    )
    found_alerts = lifecycle.alerts([lifecycle.summary_from(w) for w in oldest_first])
    result["alerts"] = [a.as_dict(_) for a in found_alerts]

    # Suggestions
    newcomers = metrics.new_contributors(inputs.first_contribution, start, end)
    waiting = sum(
        1
        for t in inputs.topics
        if t.author in newcomers and t.is_question and t.first_reply_at is None
    )
    suggested = lifecycle.suggestions(
        estimate.stage,
        declining=bool(found_alerts),
        newcomers_waiting=waiting,
        unanswered_rate=result["unanswered_rate"],
        answered_undocumented=queries.answered_undocumented(community, end),
    )
    result["suggestions"] = [
        {**s.as_dict(_), "url": _feature_url(s.feature, community)} for s in suggested
    ]

    # Series for the charts, from the hour tallies
    tz = queries.community_tz(community)
    weeks_from = queries.weeks_start(community, end, SERIES_WEEKS)
    rows = g.hours(min(weeks_from, start), end)
    daily, hours = rollup.fold_hours(rows, start.astimezone(tz).date())
    weekly = metrics.weekly_series(daily, weeks_from.date(), _day_of(community, end))
    result["series"] = {
        "weekly_activity": [{"week": w.isoformat(), "contributions": n} for w, n in weekly],
        "hour_of_day": hours,
        "time_zone": str(tz),
        "windows": [
            {
                "as_of": w["as_of"],
                "active_members": w["active_members"],
                "contributions": w["contributions"],
                "new_contributors": w["new_contributors"],
                "levels": w["levels"],
                "median_first_response_hours": w["median_first_response_hours"],
                "answered_within_48h_share": w["answered_within_48h_share"],
            }
            for w in oldest_first
        ],
    }
    result["as_of"] = day.isoformat()
    return result


def _health(community: Community, days: int, day: date) -> dict[str, Any]:
    """The result for a window of ``days`` as of ``day`` (already checked), from the cache
    where it can be."""
    lang = translation.get_language()
    today = queries.local_today(community)
    if day < today:
        key = f"health:past:{community.pk}:{days}:{day}:{history_token(community.pk)}:{lang}"
        seconds = FINISHED_SECONDS
    else:
        key = f"health:today:{community.pk}:{days}:{day}:{versions(community.pk)}:{lang}"
        seconds = TODAY_SECONDS
    result = cache.get(key)
    if result is None:
        result = _compute(community, days, day)
        cache.set(key, result, seconds)
        if day == today:
            _keep_alerts(community, days, day, result)
            if result["alerts"]:
                _notify_alerts(community, days, result)
    return result


def _alerts_key(community: Community, days: int, day: date) -> str:
    return f"health:alerts:{community.pk}:{days}:{day}:{history_token(community.pk)}"


def _keep_alerts(community: Community, days: int, day: date, result: dict) -> None:
    """Today's alerts, without words (rebuilt in each reader's language), for the home."""
    found = [
        {"window_days": days, "code": a["code"], "params": a["params"]} for a in result["alerts"]
    ]
    cache.set(_alerts_key(community, days, day), found, PART_SECONDS)


def community_health(
    viewer, community: Community, *, window_days: int = DEFAULT_WINDOW, as_of=None
) -> dict[str, Any]:
    """Health of ``community`` for the window of ``window_days`` (30 or 90) ending with the
    day ``as_of`` (a date or ``YYYY-MM-DD``; today by default), with the window before it in
    ``previous``. NotFound if the viewer may not see the community; InvalidInput for a window
    other than 30 or 90, or a day in the future or before 2000."""
    require_viewable(viewer, community)
    days = clean_window(window_days)
    day = clean_as_of(community, parse_as_of(as_of))
    return _health(community, days, day)


# --- CSV ---------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "as_of",
    "window_start",
    "window_end",
    "window_days",
    "member_count",
    "contributions",
    "active_members",
    "active_ratio",
    "new_contributors",
    "newcomer_retention",
    "inactive_contributors",
    "median_first_response_hours",
    "answered_within_48h_share",
    "newcomers_median_first_response_hours",
    "newcomers_answered_within_48h_share",
    "unanswered_rate",
    "unanswered_question_rate",
    "absence_factor",
    "elephant_factor",
    "gini",
    "core",
    "active",
    "occasional",
    "peripheral",
    "flow_inward",
    "flow_outward",
    "flow_unchanged",
    "flow_entered",
    "flow_exited",
    "core_stability",
    "cross_sector_reply_share",
]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    return str(value)


def health_rows(
    viewer, community: Community, *, window_days: int = DEFAULT_WINDOW, as_of=None, count=None
) -> list[dict[str, Any]]:
    """Every indicator of the last ``count`` windows (12 by default) ending with ``as_of``,
    the oldest first: one row per window end."""
    require_viewable(viewer, community)
    days = clean_window(window_days)
    day = clean_as_of(community, parse_as_of(as_of))
    end = queries.end_of_day(community, day)
    windows = _indicator_windows(_Gatherer(community), end, days, count or CSV_WINDOWS)
    rows = []
    for w in reversed(windows):
        flow = w["level_flow"] or {}
        row = {c: w.get(c) for c in CSV_COLUMNS}
        row.update(w["levels"])
        for part in ("inward", "outward", "unchanged", "entered", "exited"):
            row[f"flow_{part}"] = flow.get(part)
        row["core_stability"] = flow.get("core_stability")
        rows.append(row)
    return rows


def health_csv(viewer, community: Community, *, window_days=DEFAULT_WINDOW, as_of=None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = health_rows(viewer, community, window_days=window_days, as_of=as_of)
    for row in rows:
        writer.writerow([_csv_value(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


# --- writes ------------------------------------------------------------------------------------


def stage_record(actor, community: Community, *, stage, note="") -> StageAssessment:
    """A steward records the stage they believe the community is in; the history is kept
    and the latest is shown beside Practica's estimate."""
    require_steward(actor, community)
    require_not_concluded(community)
    stage = clean_choice(stage, list(lifecycle.STAGES), field="stage")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise InvalidInput(_("The note must be text."), field="note")
    note = note.strip().replace("\r\n", "\n")
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("A note can be at most %(n)d characters.") % {"n": NOTE_MAX_LENGTH}, field="note"
        )
    with transaction.atomic():
        assessment = StageAssessment.objects.create(
            community=community, stage=stage, note=note, recorded_by=actor
        )
        label = _(lifecycle.STAGE_LABELS[stage])
        audit_record(
            actor,
            community,
            "stage_recorded",
            _("Recorded the community's stage as %(s)s.") % {"s": label},
            assessment,
        )
    return assessment


def _notify_alerts(community: Community, days: int, result: dict) -> int:
    """Tell the stewards about a decline alert, once per window: nothing if one was sent for
    this window length within the last ``days`` days. Returns how many were told."""
    if not result["alerts"] or community.is_concluded:
        return 0
    kind = ALERT_KIND % days
    since = now() - timedelta(days=days)
    if Notification.objects.filter(community=community, kind=kind, created_at__gte=since).exists():
        return 0
    stewards = list(
        Membership.objects.filter(active_steward_q(), community=community).values_list(
            "user_id", flat=True
        )
    )
    if not stewards:
        return 0
    text = _("%(c)s: %(alert)s") % {"c": community.name, "alert": result["alerts"][0]["text"]}
    notify(
        stewards, actor=None, community=community, kind=kind, text=text, url=health_url(community)
    )
    return len(stewards)


def health_alerts_notify(community: Community, *, window_days: int = DEFAULT_WINDOW) -> int:
    """Compute today's health and tell the stewards if the decline alert fires (once per
    window). For the background task; the health page calls it too when it computes today."""
    days = clean_window(window_days)
    result = _health(community, days, queries.local_today(community))
    return _notify_alerts(community, days, result)


# --- the decline alert on the community home ---------------------------------------------------


def community_alerts(viewer, community: Community, *, compute: bool = False) -> list[dict] | None:
    """The alerts of today's health for windows of 30 and 90 days, each with
    ``window_days``, ``code``, ``params`` and ``text`` in the active language — for the
    community home, which must stay cheap. Only the cache is read: ``None`` means not worked
    out yet today; ``compute=True`` (for a background task) works it out. Every computation of
    today's health keeps its alerts for the day (``_keep_alerts``), so a page view or the
    hourly refresh serves the home too. ``viewer`` None skips the visibility check (a task has
    nobody looking)."""
    if viewer is not None:
        require_viewable(viewer, community)
    day = queries.local_today(community)
    found = []
    for days in WINDOWS:
        kept = cache.get(_alerts_key(community, days, day))
        if kept is None:
            if not compute:
                return None
            _health(community, days, day)
            kept = cache.get(_alerts_key(community, days, day), [])
        found.extend(kept)
    words = []
    for alert in found:
        kind = lifecycle.DeclineMessage if alert["code"] == "decline" else lifecycle.Message
        words.append({**alert, "text": kind(alert["code"], alert["params"]).render(_)})
    return words
