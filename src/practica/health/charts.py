"""Accessible inline SVG charts for the health page, as pure functions on plain data.

Why inline SVG built here: the health page must work without JavaScript and without any
external request (no CDN, no web fonts), read well on a 390 px phone, and be as usable with a
screen reader as with eyes. Each function therefore returns a ``Chart``:

* ``svg`` — the markup: ``role="img"`` with a ``<title>`` (the caption) and a ``<desc>`` (one
  sentence summarising the data), sized by its ``viewBox`` so it scales to any width, coloured
  only through CSS classes (``chart-*``, defined in the "health charts" section of
  practica.css with a colour-blind-safe palette);
* ``caption`` — the short title to show above or below the chart;
* ``summary`` — the same one-sentence text alternative as the ``<desc>``;
* ``table`` — headers and rows with the very numbers drawn, for a data table beside the chart
  (``None`` in a row means "no data"; the template decides how to write it and the numbers).

Words: every English string shown to people is in ``LABELS`` (templates use ``%(name)s``),
marked with ``gettext_noop`` so ``makemessages`` finds them. Nothing is translated here; the
web layer passes ``labels=translated_labels(gettext)`` and already formatted date, month and
window labels, so the charts speak the reader's language. Labels from callers are escaped.

Empty data — no weeks, all zeros, no windows, only ``None`` — gives a readable empty chart
whose text alternative says there is no activity yet; nothing here divides by zero, and every
coordinate written is a finite number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

from practica.health.metrics import ABSENT, ACTIVE, CORE, LEVELS, OCCASIONAL, PERIPHERAL


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it now (same name as Django's, so
    ``makemessages`` extracts it)."""
    return message


# --- words -------------------------------------------------------------------------------------

#: Every English string the charts show, by key. Pass a mapping with some or all of these keys
#: (translated) as ``labels`` to any chart function; missing keys fall back to these.
LABELS: dict[str, str] = {
    # shared
    "no_activity": gettext_noop("No activity yet"),
    "no_data": gettext_noop("no data"),
    "window": gettext_noop("Window"),
    "window_n": gettext_noop("Window %(n)d"),
    "total": gettext_noop("Total"),
    # levels
    CORE: gettext_noop("core"),
    ACTIVE: gettext_noop("active"),
    OCCASIONAL: gettext_noop("occasional"),
    PERIPHERAL: gettext_noop("peripheral"),
    ABSENT: gettext_noop("outside"),
    # 1. activity over time
    "activity_caption": gettext_noop("Activity over time"),
    "activity_summary": gettext_noop(
        "Weekly contributions over %(weeks)d weeks, from %(low)d to %(high)d; "
        "highest in the week of %(peak)s."
    ),
    "activity_empty": gettext_noop(
        "No activity yet: there are no contributions in the weeks shown."
    ),
    "week_of": gettext_noop("Week of"),
    "contributions": gettext_noop("Contributions"),
    # 2. participation levels
    "levels_caption": gettext_noop("Participation levels over time"),
    "levels_summary": gettext_noop(
        "Participation levels over %(windows)d windows; in the latest (%(latest)s): "
        "core %(core)d, active %(active)d, occasional %(occasional)d, "
        "peripheral %(peripheral)d."
    ),
    "levels_empty": gettext_noop(
        "No activity yet: there is nobody at any participation level to show."
    ),
    # 3. level flow
    "flow_caption": gettext_noop("Movement between participation levels"),
    "flow_summary": gettext_noop(
        "From the previous window to this one — moved toward the core: %(inward)d; "
        "moved away from it: %(outward)d; kept their level: %(unchanged)d; "
        "joined: %(entered)d; left: %(exited)d."
    ),
    "flow_empty": gettext_noop("No activity yet: nobody to follow from one window to the next."),
    "flow_corner": gettext_noop("Previous window → this window"),
    "flow_rows": gettext_noop("previous window"),
    "flow_columns": gettext_noop("this window"),
    # 4. response time trend
    "response_caption": gettext_noop("Time to first response"),
    "response_summary": gettext_noop(
        "Median hours to a first reply over %(windows)d windows: lowest %(low)s, "
        "highest %(high)s, latest %(latest)s."
    ),
    "response_empty": gettext_noop(
        "No activity yet: no topic has had a reply in the windows shown."
    ),
    "median_hours": gettext_noop("Median hours to first reply"),
    "hours": gettext_noop("hours"),
    # 5. hour of day
    "hours_caption": gettext_noop("Activity by hour of day"),
    "hours_caption_zone": gettext_noop("Activity by hour of day (%(zone)s)"),
    "hours_summary": gettext_noop(
        "Contributions by hour of day: busiest at %(peak)s with %(count)d; %(total)d in all."
    ),
    "hours_empty": gettext_noop("No activity yet: no contributions by hour of day to show."),
    "hour": gettext_noop("Hour"),
}

#: Abbreviated month names for the default date labels (January first).
MONTH_NAMES: tuple[str, ...] = (
    gettext_noop("Jan"),
    gettext_noop("Feb"),
    gettext_noop("Mar"),
    gettext_noop("Apr"),
    gettext_noop("May"),
    gettext_noop("Jun"),
    gettext_noop("Jul"),
    gettext_noop("Aug"),
    gettext_noop("Sep"),
    gettext_noop("Oct"),
    gettext_noop("Nov"),
    gettext_noop("Dec"),
)


def translated_labels(translate: Callable[[str], str]) -> dict[str, str]:
    """``LABELS`` passed through ``translate`` (e.g. Django's ``gettext``), for ``labels=``."""
    return {key: translate(text) for key, text in LABELS.items()}


def translated_month_names(translate: Callable[[str], str]) -> tuple[str, ...]:
    """``MONTH_NAMES`` passed through ``translate``, for ``month_names=``."""
    return tuple(translate(name) for name in MONTH_NAMES)


# --- result ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartTable:
    """The numbers behind a chart: ``headers`` (strings) and ``rows`` (a label, then values;
    ``None`` is "no data")."""

    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"headers": list(self.headers), "rows": [list(r) for r in self.rows]}


@dataclass(frozen=True)
class Chart:
    """One rendered chart: the SVG markup, its caption, its one-sentence text alternative, the
    data table, and whether there was anything to draw."""

    svg: str
    caption: str
    summary: str
    table: ChartTable
    empty: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "svg": self.svg,
            "caption": self.caption,
            "summary": self.summary,
            "table": self.table.as_dict(),
            "empty": self.empty,
        }


# --- drawing helpers ---------------------------------------------------------------------------

WIDTH = 520
HEIGHT = 240
FONT_SIZE = 14
MARGIN_LEFT = 44
MARGIN_RIGHT = 14
MARGIN_TOP = 14
MARGIN_BOTTOM = 44


def _words(labels: Mapping[str, str] | None) -> dict[str, str]:
    merged = dict(LABELS)
    if labels:
        merged.update({k: str(v) for k, v in labels.items() if k in LABELS})
    return merged


def _say(words: Mapping[str, str], key: str, **params: Any) -> str:
    """Format a label; a translation that lost or mangled a placeholder falls back to
    English rather than breaking the page."""
    try:
        return words[key] % params if params else words[key]
    except (KeyError, ValueError, TypeError):
        return LABELS[key] % params if params else LABELS[key]


def _n(value: float) -> str:
    """A coordinate: finite, at most two decimals, no trailing zeros."""
    if not math.isfinite(value):
        value = 0.0
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _safe_id(chart_id: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id or "chart")
    return cleaned if cleaned[:1].isalpha() else f"c-{cleaned}"


def _count(value: Any) -> int:
    """A count to draw: ``None``, negative or non-finite values draw as 0."""
    if value is None:
        return 0
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    if not math.isfinite(number) or number < 0:
        return 0
    return int(number)


def _hours(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


def _format_hours(value: float | None, words: Mapping[str, str]) -> str:
    if value is None:
        return words["no_data"]
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def _scale(high: float, integer: bool) -> tuple[float, list[float]]:
    """A round top for the y axis at or above ``high`` and its ticks (0 included)."""
    if not math.isfinite(high) or high <= 0:
        return 1.0, [0.0, 1.0]
    step = _nice_step(high / 4)
    if integer:
        step = max(1.0, math.ceil(step))
    top = step * math.ceil(high / step)
    ticks = [step * i for i in range(int(round(top / step)) + 1)]
    return top, ticks


def _tick_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _open(chart_id: str, kind: str, caption: str, summary: str, height: int = HEIGHT) -> list[str]:
    cid = _safe_id(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{kind}" '
        f'viewBox="0 0 {WIDTH} {height}" font-size="{FONT_SIZE}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" id="{cid}">',
        f'<title id="{cid}-title">{_e(caption)}</title>',
        f'<desc id="{cid}-desc">{_e(summary)}</desc>',
    ]


def _text(x: float, y: float, content: str, cls: str = "chart-label", anchor: str = "") -> str:
    anchor_attr = f' text-anchor="{anchor}"' if anchor else ""
    return f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}"{anchor_attr}>{_e(content)}</text>'


def _empty_body(words: Mapping[str, str], height: int = HEIGHT) -> list[str]:
    return [
        f'<rect class="chart-empty-frame" x="{_n(MARGIN_LEFT)}" y="{_n(MARGIN_TOP)}" '
        f'width="{_n(WIDTH - MARGIN_LEFT - MARGIN_RIGHT)}" '
        f'height="{_n(height - MARGIN_TOP - MARGIN_BOTTOM)}" rx="6"/>',
        _text(
            (MARGIN_LEFT + WIDTH - MARGIN_RIGHT) / 2,
            (MARGIN_TOP + height - MARGIN_BOTTOM) / 2 + FONT_SIZE / 3,
            words["no_activity"],
            "chart-empty-text",
            "middle",
        ),
    ]


def _y_axis(top: float, ticks: Sequence[float], plot_top: float, plot_height: float) -> list[str]:
    parts = []
    right = WIDTH - MARGIN_RIGHT
    for tick in ticks:
        y = plot_top + plot_height - (tick / top) * plot_height
        cls = "chart-axis" if tick == 0 else "chart-grid"
        parts.append(
            f'<line class="{cls}" x1="{_n(MARGIN_LEFT)}" y1="{_n(y)}" '
            f'x2="{_n(right)}" y2="{_n(y)}"/>'
        )
        parts.append(
            _text(MARGIN_LEFT - 6, y + FONT_SIZE / 3, _tick_text(tick), "chart-tick", "end")
        )
    return parts


def _label_width(label: str) -> float:
    """A generous estimate of a label's drawn width (system fonts, ``FONT_SIZE``)."""
    return 0.62 * FONT_SIZE * len(label) + 4


def _spread_labels(xs: Sequence[float], labels: Sequence[str], y: float) -> list[str]:
    """Window labels under an x axis: always the last (the latest window), the first when it
    fits, and from left to right every other one that does not collide with its neighbours;
    the first is anchored at its start and the last at its end so none runs off the chart."""
    n = len(xs)
    if n == 0:
        return []
    if n == 1:
        return [_text(xs[0], y, labels[0], "chart-tick", "middle")]
    gap = 8.0

    def span(i: int) -> tuple[float, float]:
        width = _label_width(labels[i])
        if i == 0:
            return xs[i], xs[i] + width
        if i == n - 1:
            return xs[i] - width, xs[i]
        return xs[i] - width / 2, xs[i] + width / 2

    last_left = span(n - 1)[0]
    chosen: list[int] = []
    right_edge = -math.inf
    for i in range(n - 1):
        left, right = span(i)
        if left >= right_edge + gap and right <= last_left - gap:
            chosen.append(i)
            right_edge = right
    chosen.append(n - 1)
    anchors = {0: "start", n - 1: "end"}
    return [_text(xs[i], y, labels[i], "chart-tick", anchors.get(i, "middle")) for i in chosen]


def _window_labels(n: int, given: Sequence[str] | None, words: Mapping[str, str]) -> list[str]:
    given = list(given or [])
    return [
        str(given[i])
        if i < len(given) and given[i] is not None
        else _say(words, "window_n", n=i + 1)
        for i in range(n)
    ]


def _default_day(day: date, months: Sequence[str]) -> str:
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _month_names(month_names: Sequence[str] | None) -> list[str]:
    names = [str(m) for m in (month_names or ())]
    return names if len(names) == 12 else list(MONTH_NAMES)


# --- 1. activity over time ---------------------------------------------------------------------


def activity_chart(
    weeks: Sequence[tuple[date, int | None]],
    *,
    week_labels: Sequence[str] | None = None,
    month_names: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    chart_id: str = "chart-activity",
) -> Chart:
    """Bars of contributions per week, with a tick and the month's name where a month begins
    (and the year under the first month shown and under each January).

    ``weeks`` is ``metrics.weekly_series``: ``[(monday, count), …]``; a ``None`` count is "no
    data" (drawn as no bar). ``week_labels`` are the formatted week dates for the table and the
    text alternative (default "3 Mar 2026"); ``month_names`` twelve month names (default
    English abbreviations)."""
    words = _words(labels)
    months = _month_names(month_names)
    given = list(week_labels or [])
    days = [week for week, _ in weeks]
    raw = [count for _, count in weeks]
    names = [
        str(given[i]) if i < len(given) and given[i] is not None else _default_day(day, months)
        for i, day in enumerate(days)
    ]
    table = ChartTable(
        headers=[words["week_of"], words["contributions"]],
        rows=[[names[i], raw[i]] for i in range(len(days))],
    )
    counts = [_count(c) for c in raw]
    caption = words["activity_caption"]
    high = max(counts, default=0)
    if high == 0:
        summary = words["activity_empty"]
        svg = _open(chart_id, "activity", caption, summary) + _empty_body(words) + ["</svg>"]
        return Chart("".join(svg), caption, summary, table, empty=True)

    peak = counts.index(high)
    summary = _say(
        words, "activity_summary", weeks=len(counts), low=min(counts), high=high, peak=names[peak]
    )
    plot_top, plot_bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    plot_height = plot_bottom - plot_top
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    top, ticks = _scale(high, integer=True)
    parts = _open(chart_id, "activity", caption, summary)
    parts += _y_axis(top, ticks, plot_top, plot_height)

    slot = plot_width / len(counts)
    gap = slot * 0.2 if slot > 4 else 0.0
    parts.append('<g class="chart-bars">')
    for i, (count, value) in enumerate(zip(counts, raw, strict=True)):
        if count <= 0:
            continue
        bar_height = count / top * plot_height
        x = MARGIN_LEFT + i * slot + gap / 2
        parts.append(
            f'<rect class="chart-bar" x="{_n(x)}" y="{_n(plot_bottom - bar_height)}" '
            f'width="{_n(max(slot - gap, 0.5))}" height="{_n(bar_height)}">'
            f"<title>{_e(names[i])}: {_e(value)}</title></rect>"
        )
    parts.append("</g>")

    # Month ticks: where the month of a week's Monday differs from the week before.
    last_label_x = -math.inf
    last_year: int | None = None
    for i, day in enumerate(days):
        if i > 0 and (day.year, day.month) == (days[i - 1].year, days[i - 1].month):
            continue
        x = MARGIN_LEFT + i * slot
        parts.append(
            f'<line class="chart-axis" x1="{_n(x)}" y1="{_n(plot_bottom)}" '
            f'x2="{_n(x)}" y2="{_n(plot_bottom + 5)}"/>'
        )
        if x - last_label_x < 38 or x > WIDTH - MARGIN_RIGHT - 20:
            continue
        last_label_x = x
        parts.append(_text(x + 2, plot_bottom + 18, months[day.month - 1], "chart-tick", "start"))
        if day.year != last_year:
            parts.append(_text(x + 2, plot_bottom + 34, str(day.year), "chart-tick", "start"))
            last_year = day.year
    parts.append("</svg>")
    return Chart("".join(parts), caption, summary, table)


# --- 2. participation levels as a stacked area -------------------------------------------------


def levels_chart(
    windows: Sequence[Mapping[str, int | None]],
    *,
    window_labels: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    chart_id: str = "chart-levels",
) -> Chart:
    """Stacked area of how many members are at each level, window by window, the core at the
    bottom and the periphery on top, with a legend.

    ``windows`` is oldest first, each ``{"core": n, "active": n, "occasional": n,
    "peripheral": n}`` (``metrics.level_counts``); a missing level or ``None`` is drawn as 0.
    ``window_labels`` name the windows (default "Window 1", …)."""
    words = _words(labels)
    names = _window_labels(len(windows), window_labels, words)
    rows = []
    for name, window in zip(names, windows, strict=True):
        values = [window.get(level) for level in LEVELS]
        total = sum(_count(v) for v in values)
        rows.append([name, *values, total])
    table = ChartTable(
        headers=[words["window"], *(words[level] for level in LEVELS), words["total"]], rows=rows
    )
    caption = words["levels_caption"]
    counts = [[_count(w.get(level)) for level in LEVELS] for w in windows]
    totals = [sum(c) for c in counts]
    legend_height = 26
    height = HEIGHT + legend_height
    if max(totals, default=0) == 0:
        summary = words["levels_empty"]
        parts = _open(chart_id, "levels", caption, summary, height)
        parts += _empty_body(words, height)
        parts.append("</svg>")
        return Chart("".join(parts), caption, summary, table, empty=True)

    latest = counts[-1]
    summary = _say(
        words,
        "levels_summary",
        windows=len(counts),
        latest=names[-1],
        **dict(zip(LEVELS, latest, strict=True)),
    )
    parts = _open(chart_id, "levels", caption, summary, height)
    # Legend on top, one swatch per level in stacking order.
    legend_x = MARGIN_LEFT
    for level in LEVELS:
        parts.append(
            f'<rect class="chart-level-{level}" x="{_n(legend_x)}" y="{_n(MARGIN_TOP - 2)}" '
            'width="12" height="12" rx="2"/>'
        )
        parts.append(_text(legend_x + 17, MARGIN_TOP + 8, words[level], "chart-legend"))
        legend_x += 17 + _label_width(words[level]) + 16
    plot_top = MARGIN_TOP + legend_height
    plot_bottom = height - MARGIN_BOTTOM
    plot_height = plot_bottom - plot_top
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    top, ticks = _scale(max(totals), integer=True)
    parts += _y_axis(top, ticks, plot_top, plot_height)

    if len(counts) == 1:
        xs = [MARGIN_LEFT, MARGIN_LEFT + plot_width]
        series = [counts[0], counts[0]]
        label_xs = [MARGIN_LEFT + plot_width / 2]
    else:
        step = plot_width / (len(counts) - 1)
        xs = [MARGIN_LEFT + i * step for i in range(len(counts))]
        series = counts
        label_xs = xs

    def y_of(value: float) -> float:
        return plot_bottom - value / top * plot_height

    below = [0] * len(series)
    parts.append('<g class="chart-areas">')
    for index, level in enumerate(LEVELS):
        above = [below[i] + series[i][index] for i in range(len(series))]
        if any(series[i][index] for i in range(len(series))):
            upper = [f"{_n(xs[i])},{_n(y_of(above[i]))}" for i in range(len(series))]
            lower = [f"{_n(xs[i])},{_n(y_of(below[i]))}" for i in reversed(range(len(series)))]
            points = " ".join(upper + lower)
            parts.append(
                f'<polygon class="chart-area chart-level-{level}" points="{points}">'
                f"<title>{_e(words[level])}</title></polygon>"
            )
        below = above
    parts.append("</g>")
    parts += _spread_labels(label_xs, names, plot_bottom + 20)
    parts.append("</svg>")
    return Chart("".join(parts), caption, summary, table)


# --- 3. level flow as a coloured grid ----------------------------------------------------------

FLOW_STATES: tuple[str, ...] = (*LEVELS, ABSENT)
HEAT_STEPS = 5


def _heat_class(value: int, high: int) -> int:
    """0 for nothing, then 1…HEAT_STEPS-1 by share of the highest value."""
    if value <= 0 or high <= 0:
        return 0
    return min(HEAT_STEPS - 1, 1 + int((value / high) * (HEAT_STEPS - 1) - 1e-9))


def flow_chart(
    flow: Mapping[str, Any],
    *,
    labels: Mapping[str, str] | None = None,
    chart_id: str = "chart-flow",
) -> Chart:
    """A grid of how many people went from each level in the previous window (rows) to each
    level in this one (columns), "outside" meaning not part of the community then; darker
    cells hold more people and every cell shows its count.

    ``flow`` is ``metrics.level_flow``'s result or just its ``matrix``."""
    words = _words(labels)
    matrix = flow.get("matrix", flow) if isinstance(flow, Mapping) else {}
    if not isinstance(matrix, Mapping):
        matrix = {}

    def cell(before: str, after: str) -> Any:
        row = matrix.get(before)
        return row.get(after) if isinstance(row, Mapping) else None

    raw = [[cell(b, a) for a in FLOW_STATES] for b in FLOW_STATES]
    table = ChartTable(
        headers=[words["flow_corner"], *(words[s] for s in FLOW_STATES)],
        rows=[[words[b], *raw[i]] for i, b in enumerate(FLOW_STATES)],
    )
    counts = [[_count(v) for v in row] for row in raw]
    caption = words["flow_caption"]
    height = 250
    if not any(any(row) for row in counts):
        summary = words["flow_empty"]
        parts = _open(chart_id, "flow", caption, summary, height)
        parts += _empty_body(words, height)
        parts.append("</svg>")
        return Chart("".join(parts), caption, summary, table, empty=True)

    rank = {level: i for i, level in enumerate(LEVELS)}
    inward = outward = unchanged = entered = exited = 0
    for i, before in enumerate(FLOW_STATES):
        for j, after in enumerate(FLOW_STATES):
            n = counts[i][j]
            if before == ABSENT and after != ABSENT:
                entered += n
            elif after == ABSENT and before != ABSENT:
                exited += n
            elif before != ABSENT:
                if rank[after] < rank[before]:
                    inward += n
                elif rank[after] > rank[before]:
                    outward += n
                else:
                    unchanged += n
    summary = _say(
        words,
        "flow_summary",
        inward=inward,
        outward=outward,
        unchanged=unchanged,
        entered=entered,
        exited=exited,
    )
    parts = _open(chart_id, "flow", caption, summary, height)
    label_width = 110
    header_height = 44
    grid_left = label_width
    cell_width = (WIDTH - MARGIN_RIGHT - grid_left) / len(FLOW_STATES)
    cell_height = (height - header_height - 10) / len(FLOW_STATES)
    high = max(max(row) for row in counts)
    # Axis titles share the top line: rows on the left, columns centred over the grid.
    grid_centre = (grid_left + WIDTH - MARGIN_RIGHT) / 2
    parts.append(_text(grid_centre, 16, words["flow_columns"], "chart-axis-title", "middle"))
    parts.append(_text(4, 16, words["flow_rows"], "chart-axis-title", "start"))
    for j, after in enumerate(FLOW_STATES):
        x = grid_left + j * cell_width + cell_width / 2
        parts.append(_text(x, header_height - 8, words[after], "chart-tick", "middle"))
    for i, before in enumerate(FLOW_STATES):
        y = header_height + i * cell_height
        parts.append(_text(4, y + cell_height / 2 + FONT_SIZE / 3, words[before], "chart-tick"))
        for j, after in enumerate(FLOW_STATES):
            x = grid_left + j * cell_width
            n = counts[i][j]
            step = _heat_class(n, high)
            same = " chart-cell-same" if before == after and before != ABSENT else ""
            parts.append(
                f'<rect class="chart-cell chart-heat-{step}{same}" x="{_n(x + 1)}" '
                f'y="{_n(y + 1)}" width="{_n(cell_width - 2)}" height="{_n(cell_height - 2)}" '
                f'rx="3"><title>{_e(words[before])} → {_e(words[after])}: {n}</title></rect>'
            )
            text_class = (
                "chart-cell-text chart-cell-text-inverse" if step >= 3 else "chart-cell-text"
            )
            parts.append(
                _text(
                    x + cell_width / 2,
                    y + cell_height / 2 + FONT_SIZE / 3,
                    str(n),
                    text_class,
                    "middle",
                )
            )
    parts.append("</svg>")
    return Chart("".join(parts), caption, summary, table)


# --- 4. response time trend --------------------------------------------------------------------


def response_chart(
    medians: Sequence[float | None],
    *,
    window_labels: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    chart_id: str = "chart-response",
) -> Chart:
    """A line of the median hours to a first reply, window by window (oldest first), with a
    dot on every window that has a value and a gap where a window has none (``None``)."""
    words = _words(labels)
    names = _window_labels(len(medians), window_labels, words)
    values = [_hours(v) for v in medians]
    table = ChartTable(
        headers=[words["window"], words["median_hours"]],
        rows=[[names[i], None if v is None else round(v, 1)] for i, v in enumerate(values)],
    )
    caption = words["response_caption"]
    known = [v for v in values if v is not None]
    if not known:
        summary = words["response_empty"]
        svg = _open(chart_id, "response", caption, summary) + _empty_body(words) + ["</svg>"]
        return Chart("".join(svg), caption, summary, table, empty=True)

    summary = _say(
        words,
        "response_summary",
        windows=len(values),
        low=_format_hours(min(known), words),
        high=_format_hours(max(known), words),
        latest=_format_hours(values[-1], words),
    )
    plot_top, plot_bottom = MARGIN_TOP + 8, HEIGHT - MARGIN_BOTTOM
    plot_height = plot_bottom - plot_top
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    top, ticks = _scale(max(known), integer=False)
    parts = _open(chart_id, "response", caption, summary)
    parts += _y_axis(top, ticks, plot_top, plot_height)
    parts.append(_text(MARGIN_LEFT - 6, MARGIN_TOP - 2, words["hours"], "chart-axis-title", "end"))

    inset = 12
    if len(values) == 1:
        xs = [MARGIN_LEFT + plot_width / 2]
    else:
        step = (plot_width - 2 * inset) / (len(values) - 1)
        xs = [MARGIN_LEFT + inset + i * step for i in range(len(values))]

    def y_of(value: float) -> float:
        return plot_bottom - value / top * plot_height

    path: list[str] = []
    pen_down = False
    for x, v in zip(xs, values, strict=True):
        if v is None:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{_n(x)},{_n(y_of(v))}")
        pen_down = True
    parts.append(f'<path class="chart-line" d="{" ".join(path)}"/>')
    for i, (x, v) in enumerate(zip(xs, values, strict=True)):
        if v is None:
            continue
        parts.append(
            f'<circle class="chart-point" cx="{_n(x)}" cy="{_n(y_of(v))}" r="4">'
            f"<title>{_e(names[i])}: {_e(_format_hours(v, words))}</title></circle>"
        )
    parts += _spread_labels(xs, names, plot_bottom + 20)
    parts.append("</svg>")
    return Chart("".join(parts), caption, summary, table)


# --- 5. hour-of-day heat strip -----------------------------------------------------------------


def hours_chart(
    hours: Sequence[int | None],
    *,
    hour_labels: Sequence[str] | None = None,
    zone: str | None = None,
    labels: Mapping[str, str] | None = None,
    chart_id: str = "chart-hours",
) -> Chart:
    """24 cells, one per hour of the day in the community's time zone, darker for more
    contributions, labelled every three hours.

    ``hours`` is ``metrics.hour_of_day``'s 24 counts (midnight first); ``hour_labels`` 24
    formatted hours (default "00:00" … "23:00"); ``zone`` the time zone's name for the
    caption."""
    if len(hours) != 24:
        raise ValueError(f"hour of day needs 24 values, got {len(hours)}")
    words = _words(labels)
    given = list(hour_labels or [])
    names = [
        str(given[h]) if h < len(given) and given[h] is not None else f"{h:02d}:00"
        for h in range(24)
    ]
    table = ChartTable(
        headers=[words["hour"], words["contributions"]],
        rows=[[names[h], hours[h]] for h in range(24)],
    )
    caption = _say(words, "hours_caption_zone", zone=zone) if zone else words["hours_caption"]
    counts = [_count(v) for v in hours]
    high = max(counts)
    height = 96
    cell_top, cell_height = 10, 44
    left, right = 8, WIDTH - 8
    cell_width = (right - left) / 24
    if high == 0:
        summary = words["hours_empty"]
    else:
        peak = counts.index(high)
        summary = _say(words, "hours_summary", peak=names[peak], count=high, total=sum(counts))
    parts = _open(chart_id, "hours", caption, summary, height)
    for h in range(24):
        x = left + h * cell_width
        step = _heat_class(counts[h], high)
        parts.append(
            f'<rect class="chart-cell chart-heat-{step}" x="{_n(x + 0.5)}" y="{_n(cell_top)}" '
            f'width="{_n(cell_width - 1)}" height="{_n(cell_height)}" rx="2">'
            f"<title>{_e(names[h])}: {_e(hours[h])}</title></rect>"
        )
        if h % 3 == 0:
            parts.append(
                f'<line class="chart-axis" x1="{_n(x)}" y1="{_n(cell_top + cell_height)}" '
                f'x2="{_n(x)}" y2="{_n(cell_top + cell_height + 5)}"/>'
            )
            parts.append(_text(x, cell_top + cell_height + 20, names[h], "chart-tick", "start"))
    if high == 0:
        parts.append(
            _text(
                WIDTH / 2,
                cell_top + cell_height / 2 + FONT_SIZE / 3,
                words["no_activity"],
                "chart-empty-text",
                "middle",
            )
        )
    parts.append("</svg>")
    return Chart("".join(parts), caption, summary, table, empty=high == 0)


__all__ = [
    "LABELS",
    "MONTH_NAMES",
    "Chart",
    "ChartTable",
    "activity_chart",
    "flow_chart",
    "hours_chart",
    "levels_chart",
    "response_chart",
    "translated_labels",
    "translated_month_names",
]
