"""The health charts: well-formed, accessible SVG for any data, tables that match the data,
escaped labels and readable empty charts; no database."""

import math
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practica.health import charts as c
from practica.health import metrics as m

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"

counts = st.integers(min_value=0, max_value=10**6)
maybe_counts = st.one_of(st.none(), counts)
maybe_hours = st.one_of(
    st.none(), st.floats(min_value=0, max_value=10**5, allow_nan=False, allow_infinity=False)
)
NUMBER_ATTRIBUTES = ("x", "y", "x1", "x2", "y1", "y2", "width", "height", "cx", "cy", "r")


def _weeks(values, start=date(2026, 1, 5)):
    return [(start + timedelta(weeks=i), v) for i, v in enumerate(values)]


def _parse(chart):
    """The SVG parses as XML and carries its accessible name and description."""
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.get("width") is None  # sized by the viewBox and CSS, so it scales to phones
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == chart.caption
    assert desc is not None and desc.text == chart.summary
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return root


def _numbers(root):
    """Every number written into a coordinate of the chart."""
    found = []
    for element in root.iter():
        for name in NUMBER_ATTRIBUTES:
            if element.get(name) is not None:
                found.append(element.get(name))
        for name in ("points", "d"):
            if element.get(name):
                found.extend(re.findall(r"[^\s,MLZ]+", element.get(name)))
    return found


def _assert_finite(root):
    for text in _numbers(root):
        value = float(text)  # raises on anything that is not a number
        assert math.isfinite(value), text
    assert not re.search(r"nan|inf", " ".join(_numbers(root)), re.IGNORECASE)


def _texts(root):
    return [t.text for t in root.iter(f"{SVG}text")]


# --- properties for any data -------------------------------------------------------------------


@given(st.lists(maybe_counts, max_size=120))
def test_activity_chart_is_valid_for_any_weeks(values):
    weeks = _weeks(values)
    chart = c.activity_chart(weeks)
    root = _parse(chart)
    _assert_finite(root)
    assert [row[1] for row in chart.table.rows] == values
    assert len(chart.table.rows) == len(values)
    drawn = [v for v in values if v]
    assert chart.empty == (not drawn)
    assert len(root.findall(f".//{SVG}rect[@class='chart-bar']")) == len(drawn)
    # Bars stay inside the viewBox.
    for bar in root.iter(f"{SVG}rect"):
        assert 0 <= float(bar.get("y")) <= c.HEIGHT
        assert float(bar.get("y")) + float(bar.get("height")) <= c.HEIGHT + 0.01


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                m.CORE: maybe_counts,
                m.ACTIVE: maybe_counts,
                m.OCCASIONAL: maybe_counts,
                m.PERIPHERAL: maybe_counts,
            }
        ),
        max_size=15,
    )
)
def test_levels_chart_is_valid_for_any_windows(windows):
    chart = c.levels_chart(windows)
    root = _parse(chart)
    _assert_finite(root)
    assert len(chart.table.rows) == len(windows)
    for row, window in zip(chart.table.rows, windows, strict=True):
        assert row[1:5] == [window[level] for level in m.LEVELS]
        assert row[5] == sum(window[level] or 0 for level in m.LEVELS)
    assert chart.empty == (not any(any(w.values()) for w in windows))


@given(st.lists(maybe_hours, max_size=30))
def test_response_chart_is_valid_for_any_medians(medians):
    chart = c.response_chart(medians)
    root = _parse(chart)
    _assert_finite(root)
    assert [row[1] for row in chart.table.rows] == [
        None if v is None else round(v, 1) for v in medians
    ]
    known = [v for v in medians if v is not None]
    assert chart.empty == (not known)
    assert len(root.findall(f".//{SVG}circle")) == len(known)


@given(st.lists(maybe_counts, min_size=24, max_size=24))
def test_hours_chart_is_valid_for_any_hours(hours):
    chart = c.hours_chart(hours)
    root = _parse(chart)
    _assert_finite(root)
    assert [row[1] for row in chart.table.rows] == hours
    assert len(root.findall(f".//{SVG}rect")) == 24


@given(
    st.dictionaries(
        st.sampled_from(c.FLOW_STATES),
        st.dictionaries(st.sampled_from(c.FLOW_STATES), maybe_counts),
    )
)
def test_flow_chart_is_valid_for_any_matrix(matrix):
    chart = c.flow_chart({"matrix": matrix})
    root = _parse(chart)
    _assert_finite(root)
    for i, before in enumerate(c.FLOW_STATES):
        assert chart.table.rows[i][1:] == [
            matrix.get(before, {}).get(after) for after in c.FLOW_STATES
        ]


@given(st.dictionaries(st.integers(0, 30), st.sampled_from(m.LEVELS)), st.data())
def test_flow_chart_summary_agrees_with_metrics(previous, data):
    current = data.draw(st.dictionaries(st.integers(0, 30), st.sampled_from(m.LEVELS)))
    flow = m.level_flow(previous, current)
    chart = c.flow_chart(flow)
    _parse(chart)
    if previous or current:
        for key in ("inward", "outward", "unchanged", "entered", "exited"):
            assert f"{flow[key]}" in chart.summary
        # The whole summary, not just the numbers somewhere in it.
        assert chart.summary == c.LABELS["flow_summary"] % {
            k: flow[k] for k in ("inward", "outward", "unchanged", "entered", "exited")
        }
    else:
        assert chart.empty


# --- cases -------------------------------------------------------------------------------------


def test_activity_summary_names_the_range_and_peak_week():
    values = [12, 20, 40, 15] + [12] * 22
    chart = c.activity_chart(_weeks(values, start=date(2025, 2, 17)))
    assert chart.summary == (
        "Weekly contributions over 26 weeks, from 12 to 40; highest in the week of 3 Mar 2025."
    )
    assert chart.table.headers == ["Week of", "Contributions"]
    assert chart.table.rows[2] == ["3 Mar 2025", 40]


def test_activity_month_ticks_and_year():
    chart = c.activity_chart(_weeks([1] * 20, start=date(2025, 11, 3)))
    texts = _texts(_parse(chart))
    assert {"Nov", "Dec", "Jan", "Feb"} <= set(texts)
    assert "2025" in texts and "2026" in texts


def test_activity_uses_caller_labels_and_month_names():
    months = [f"M{i}" for i in range(1, 13)]
    weeks = _weeks([3, 5], start=date(2026, 1, 26))
    chart = c.activity_chart(
        weeks,
        week_labels=["semaine 1", "semaine 2"],
        month_names=months,
        labels={"week_of": "Semaine du", "contributions": "Contributions (fr)"},
    )
    assert chart.table.headers == ["Semaine du", "Contributions (fr)"]
    assert chart.table.rows == [["semaine 1", 3], ["semaine 2", 5]]
    assert "M1" in _texts(_parse(chart))
    assert "semaine 2" in chart.summary


def test_levels_summary_and_legend():
    windows = [
        {"core": 2, "active": 3, "occasional": 5, "peripheral": 10},
        {"core": 3, "active": 5, "occasional": 10, "peripheral": 20},
    ]
    chart = c.levels_chart(windows, window_labels=["Q1", "Q2"])
    root = _parse(chart)
    assert chart.summary == (
        "Participation levels over 2 windows; in the latest (Q2): "
        "core 3, active 5, occasional 10, peripheral 20."
    )
    assert {"core", "active", "occasional", "peripheral", "Q1", "Q2"} <= set(_texts(root))
    classes = [p.get("class") for p in root.iter(f"{SVG}polygon")]
    assert classes == [f"chart-area chart-level-{lv}" for lv in m.LEVELS]
    assert chart.table.rows[1] == ["Q2", 3, 5, 10, 20, 38]


def test_levels_single_window_draws_a_band():
    chart = c.levels_chart([{"core": 1, "peripheral": 4}])
    root = _parse(chart)
    assert len(root.findall(f".//{SVG}polygon")) == 2
    assert chart.table.rows == [["Window 1", 1, None, None, 4, 5]]


def test_levels_stack_reaches_the_total():
    """The top edge of the uppermost area sits on the y of the window's total, its bottom on
    the total less the periphery, and the core starts on the axis."""
    chart = c.levels_chart([{"core": 1, "active": 1, "occasional": 1, "peripheral": 1}] * 3)
    root = _parse(chart)
    tick_y = {
        t.text: float(t.get("y")) - c.FONT_SIZE / 3
        for t in root.iter(f"{SVG}text")
        if t.get("class") == "chart-tick" and t.text.isdigit()
    }

    def ys(polygon):
        return sorted({float(v) for v in re.findall(r",([\d.]+)", polygon.get("points"))})

    polygons = root.findall(f".//{SVG}polygon")
    assert ys(polygons[-1]) == [
        pytest.approx(tick_y["4"], abs=0.02),
        pytest.approx(tick_y["3"], abs=0.02),
    ]
    assert ys(polygons[0]) == [
        pytest.approx(tick_y["1"], abs=0.02),
        pytest.approx(tick_y["0"], abs=0.02),
    ]


def test_response_gaps_where_a_window_has_no_value():
    chart = c.response_chart([5.0, None, 30.0, 4.0], window_labels=["a", "b", "c", "d"])
    root = _parse(chart)
    d = root.find(f".//{SVG}path").get("d")
    assert d.count("M") == 2 and d.count("L") == 1  # two pieces: [a] and [c–d]
    assert chart.summary == (
        "Median hours to a first reply over 4 windows: lowest 4.0, highest 30, latest 4.0."
    )
    assert chart.table.rows[1] == ["b", None]


def test_response_latest_missing_says_no_data():
    chart = c.response_chart([12.25, None])
    assert chart.summary.endswith("latest no data.")
    assert chart.table.rows == [["Window 1", 12.2], ["Window 2", None]]


def test_hours_strip_darker_is_more_and_labels_every_three_hours():
    hours = [0] * 24
    hours[14] = 12
    hours[9] = 3
    chart = c.hours_chart(hours, zone="Europe/Berlin")
    root = _parse(chart)
    cells = root.findall(f".//{SVG}rect")
    assert "chart-heat-4" in cells[14].get("class")
    assert "chart-heat-1" in cells[9].get("class")
    assert "chart-heat-0" in cells[0].get("class")
    assert [t for t in _texts(root) if ":" in t] == [f"{h:02d}:00" for h in range(0, 24, 3)]
    assert chart.caption == "Activity by hour of day (Europe/Berlin)"
    assert chart.summary == "Contributions by hour of day: busiest at 14:00 with 12; 15 in all."


def test_hours_needs_24_values():
    with pytest.raises(ValueError):
        c.hours_chart([1, 2, 3])


def test_flow_grid_counts_and_diagonal():
    flow = m.level_flow(
        {1: "core", 2: "peripheral", 3: "active"}, {1: "core", 2: "active", 4: "occasional"}
    )
    chart = c.flow_chart(flow)
    root = _parse(chart)
    cells = root.findall(f".//{SVG}rect")
    assert len(cells) == 25
    assert "chart-cell-same" in cells[0].get("class")  # core → core
    assert chart.table.rows[0] == ["core", 1, 0, 0, 0, 0]
    assert chart.table.rows[3] == ["peripheral", 0, 1, 0, 0, 0]
    assert chart.table.headers[0] == "Previous window → this window"
    assert chart.summary == (
        "From the previous window to this one — moved toward the core: 1; moved away from it: 0; "
        "kept their level: 1; joined: 1; left: 1."
    )


# --- empty data --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chart",
    [
        pytest.param(c.activity_chart([]), id="activity-no-weeks"),
        pytest.param(c.activity_chart(_weeks([0, 0, 0])), id="activity-zeros"),
        pytest.param(c.activity_chart(_weeks([None, 0])), id="activity-none"),
        pytest.param(c.levels_chart([]), id="levels-no-windows"),
        pytest.param(c.levels_chart([{"core": 0}, {}]), id="levels-zeros"),
        pytest.param(c.flow_chart({}), id="flow-empty"),
        pytest.param(c.flow_chart(m.level_flow({}, {})), id="flow-nobody"),
        pytest.param(c.response_chart([]), id="response-no-windows"),
        pytest.param(c.response_chart([None, None]), id="response-none"),
        pytest.param(c.hours_chart([0] * 24), id="hours-zeros"),
    ],
)
def test_empty_data_gives_a_readable_empty_chart(chart):
    root = _parse(chart)
    _assert_finite(root)
    assert chart.empty
    assert chart.summary.startswith("No activity yet")
    assert "No activity yet" in _texts(root)


def test_empty_text_is_translatable():
    chart = c.response_chart([], labels={"no_activity": "Noch keine Aktivität"})
    assert "Noch keine Aktivität" in _texts(_parse(chart))


# --- escaping ----------------------------------------------------------------------------------


def _assert_escaped(chart):
    root = _parse(chart)  # parses, so nothing hostile broke the markup
    assert "<script" not in chart.svg
    assert root.find(f".//{SVG}script") is None
    return root


def test_hostile_week_and_month_labels_are_escaped():
    chart = c.activity_chart(
        _weeks([1, 2, 3]), week_labels=[HOSTILE] * 3, month_names=[HOSTILE] * 12
    )
    root = _assert_escaped(chart)
    assert HOSTILE in _texts(root)
    assert HOSTILE in chart.summary
    assert chart.table.rows[0][0] == HOSTILE  # the table is raw; the template escapes it


def test_hostile_window_labels_and_translations_are_escaped():
    labels = {key: HOSTILE for key in c.LABELS}
    for chart in (
        c.levels_chart(
            [{"core": 1}, {"active": 2}], window_labels=[HOSTILE, HOSTILE], labels=labels
        ),
        c.response_chart([1.0, 2.0], window_labels=[HOSTILE, HOSTILE], labels=labels),
        c.flow_chart(m.level_flow({1: "core"}, {1: "active"}), labels=labels),
        c.hours_chart([1] * 24, hour_labels=[HOSTILE] * 24, zone=HOSTILE, labels=labels),
        c.activity_chart([], labels=labels),
    ):
        root = _assert_escaped(chart)
        assert root.find(f"{SVG}title").text == chart.caption
        assert HOSTILE in chart.caption or HOSTILE in _texts(root)


def test_broken_translation_falls_back_to_english():
    chart = c.activity_chart(_weeks([1, 5]), labels={"activity_summary": "%(missing)s words"})
    assert chart.summary.startswith("Weekly contributions over 2 weeks")


def test_chart_id_is_made_safe_and_used_for_the_accessible_name():
    chart = c.hours_chart([1] * 24, chart_id='x" onload="alert(1)')
    root = _parse(chart)
    assert root.get("onload") is None
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", root.get("id"))


def test_translated_labels_cover_every_key():
    upper = c.translated_labels(str.upper)
    assert set(upper) == set(c.LABELS)
    assert upper["core"] == "CORE"
    assert c.translated_month_names(str.lower)[0] == "jan"


def test_as_dict_is_plain_data():
    data = c.hours_chart([2] * 24).as_dict()
    assert set(data) == {"svg", "caption", "summary", "table", "empty"}
    assert data["table"]["rows"][0] == ["00:00", 2]


@given(st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=30))
def test_window_labels_never_overlap_and_the_latest_is_shown(windows, label_length):
    names = [f"w{i:0{label_length}d}" for i in range(windows)]
    chart = c.response_chart([1.0] * windows, window_labels=names)
    root = _parse(chart)
    ticks = [
        t for t in root.iter(f"{SVG}text") if t.text in names and t.get("class") == "chart-tick"
    ]
    assert ticks[-1].text == names[-1]
    spans = []
    for t in ticks:
        x, width = float(t.get("x")), c._label_width(t.text)
        left = {"start": x, "end": x - width}.get(t.get("text-anchor"), x - width / 2)
        spans.append((left, left + width))
    for (_, right), (left, _) in zip(spans, spans[1:], strict=False):
        assert right <= left
