"""A small accessible bar chart as inline SVG, on plain data (no Django import).

Same approach as the health page's charts: ``role="img"`` with a ``<title>`` and a ``<desc>``,
sized by its ``viewBox``, coloured only through the shared ``chart-*`` classes of
practica.css, and always shown beside a data table with the same numbers. Labels are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 640
HEIGHT = 220
LEFT = 40
BOTTOM = 40
TOP = 16


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    bars: Sequence[tuple[str, float | None]],
    *,
    top: float,
    title: str,
    summary: str,
    empty: str,
    ticks: Sequence[float] = (),
    key: str = "chart",
) -> str:
    """Bars from 0 to ``top``; a bar whose value is None is left out (its label stays, so a
    hidden value reads as a gap, explained in the table)."""
    return _bars(bars, top, title, summary, empty, ticks).replace("{id}", escape(key))


def _bars(bars, top, title, summary, empty, ticks) -> str:
    t, d = escape(title), escape(summary)
    head = (
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{{id}}-t {{id}}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{{id}}-t">{t}</title><desc id="{{id}}-d">{d}</desc>'
    )
    if not bars or all(v is None for _label, v in bars) or top <= 0:
        return (
            head + f'<rect class="chart-empty-frame" x="1" y="1" width="{WIDTH - 2}" '
            f'height="{HEIGHT - 2}" rx="6"/>'
            f'<text class="chart-empty-text" x="{WIDTH / 2}" y="{HEIGHT / 2}" '
            f'text-anchor="middle">{escape(empty)}</text></svg>'
        )
    plot_w = WIDTH - LEFT - 10
    plot_h = HEIGHT - BOTTOM - TOP
    slot = plot_w / len(bars)
    bar_w = max(4.0, min(56.0, slot * 0.6))
    parts = [head]
    for tick in ticks:
        y = TOP + plot_h - plot_h * min(tick, top) / top
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="12">{_num(tick)}</text>'
        )
    base = TOP + plot_h
    parts.append(
        f'<line class="chart-axis" x1="{LEFT}" x2="{WIDTH - 10}" y1="{base}" y2="{base}"/>'
    )
    for i, (label, value) in enumerate(bars):
        cx = LEFT + slot * i + slot / 2
        if value is not None:
            h = plot_h * max(0.0, min(value, top)) / top
            parts.append(
                f'<rect class="chart-bar" x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"><title>{escape(label)}: '
                f"{_num(value)}</title></rect>"
            )
        shown = label if len(label) <= 14 else label[:13] + "…"
        parts.append(
            f'<text class="chart-label" x="{cx:.1f}" y="{base + 18}" text-anchor="middle" '
            f'font-size="12">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
