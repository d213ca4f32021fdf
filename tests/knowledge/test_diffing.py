"""The readable diff, on plain text: properties checked with hypothesis, and the shapes a
template relies on."""

from hypothesis import given
from hypothesis import strategies as st

from practica.knowledge import diffing

LINES = st.lists(
    st.one_of(
        st.sampled_from(["", "Knock twice.", "Listen first.", "  indented", "- a list item"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40).map(
            lambda s: s.replace("\n", " ").replace("\r", " ")
        ),
    ),
    max_size=12,
)
TEXTS = LINES.map("\n".join)


@given(TEXTS)
def test_a_text_compared_with_itself_has_no_changes(text):
    rows = diffing.body_diff(text, text)
    assert all(row["kind"] == "same" for row in rows)
    result = diffing.revision_diff({"title": "T", "body": text}, {"title": "T", "body": text})
    assert result["changed"] is False and result["body_changed"] is False


@given(TEXTS, TEXTS)
def test_each_side_of_a_diff_rebuilds_its_text(old, new):
    rows = diffing.body_diff(old, new)
    assert diffing.new_text(rows) == new
    assert diffing.old_text(rows) == old


@given(st.text(max_size=60), st.text(max_size=60))
def test_word_parts_rebuild_both_lines(old, new):
    old_parts, new_parts = diffing.word_diff(old, new)
    assert "".join(p["text"] for p in old_parts if p["op"] != "ins") == old
    assert "".join(p["text"] for p in new_parts if p["op"] != "del") == new
    assert all(p["op"] in ("same", "del") for p in old_parts)
    assert all(p["op"] in ("same", "ins") for p in new_parts)


@given(TEXTS, TEXTS)
def test_folding_keeps_every_change(old, new):
    rows = diffing.body_diff(old, new)
    folded = diffing.fold(rows)
    changes = [r for r in rows if r["kind"] != "same"]
    assert [r for r in folded if r["kind"] not in ("same", "skip")] == changes
    kept = sum(1 for r in folded if r["kind"] == "same")
    skipped = sum(r["count"] for r in folded if r["kind"] == "skip")
    assert kept + skipped == len(rows) - len(changes)


def test_a_changed_word_is_shown_as_that_word():
    rows = diffing.body_diff("Knock twice.\nListen first.", "Knock three times.\nListen first.")
    assert rows[0] == {
        "kind": "change",
        "old": [
            {"op": "same", "text": "Knock "},
            {"op": "del", "text": "twice"},
            {"op": "same", "text": "."},
        ],
        "new": [
            {"op": "same", "text": "Knock "},
            {"op": "ins", "text": "three times"},
            {"op": "same", "text": "."},
        ],
    }
    assert rows[1] == {"kind": "same", "text": "Listen first."}


def test_unlike_lines_are_a_removal_and_an_addition():
    rows = diffing.body_diff("apples and pears", "A completely different sentence here")
    assert [r["kind"] for r in rows] == ["del", "add"]


def test_added_and_removed_lines():
    rows = diffing.body_diff("one\ntwo\nthree", "one\nthree\nfour")
    assert rows == [
        {"kind": "same", "text": "one"},
        {"kind": "del", "text": "two"},
        {"kind": "same", "text": "three"},
        {"kind": "add", "text": "four"},
    ]


def test_windows_line_endings_are_not_a_change():
    assert not diffing.revision_diff({"body": "a\r\nb"}, {"body": "a\nb"})["body_changed"]


def test_long_unchanged_runs_are_folded_with_context():
    old = "\n".join(f"line {n}" for n in range(20))
    new = old.replace("line 10", "line ten")
    rows = diffing.fold(diffing.body_diff(old, new), context=2)
    kinds = [r["kind"] for r in rows]
    assert kinds == ["skip", "same", "same", "change", "same", "same", "skip"]
    assert rows[0]["count"] == 8 and rows[-1]["count"] == 7


def test_title_kind_url_and_tag_changes():
    result = diffing.revision_diff(
        {"title": "home visits", "kind": "practice", "url": "", "tags": "a,b", "body": "x"},
        {
            "title": "Good home visits",
            "kind": "guide",
            "url": "https://x.org",
            "tags": ["b", "c"],
            "body": "x",
        },
    )
    assert result["changed"] and not result["body_changed"]
    assert result["title"]["new_parts"][0] == {"op": "ins", "text": "Good "}
    assert result["kind"] == {"old": "practice", "new": "guide"}
    assert result["url"] == {"old": "", "new": "https://x.org"}
    assert result["tags"] == {"added": ["c"], "removed": ["a"]}


def test_very_long_changed_lines_are_shown_whole_not_word_by_word():
    """Comparing two long lines word by word costs their product; beyond WORD_PAIRS_MAX the
    line is shown as removed and added, so a diff of any article stays quick to compute."""
    old = " ".join(f"w{i}" for i in range(400))
    new = old.replace("w7 ", "w7x ")
    assert len(diffing._tokens(old)) * len(diffing._tokens(new)) > diffing.WORD_PAIRS_MAX
    rows = diffing.body_diff(old, new)
    assert [row["kind"] for row in rows] == ["del", "add"]
    short_old, short_new = "one two three", "one two four"
    assert [row["kind"] for row in diffing.body_diff(short_old, short_new)] == ["change"]
