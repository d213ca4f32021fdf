"""A readable difference between two versions of an article, as plain data.

Lines are compared first; a line that was changed rather than added or removed is compared
again word by word, so a one-word fix shows as that word, not as a whole line removed and
another added. The result is lists of dicts a template prints with ``<ins>`` and ``<del>``.
Pure: no Django, so it is tested (with hypothesis) on its own.

Row kinds in a body diff:

* ``same``   — ``{"kind": "same", "text": line}``
* ``add``    — ``{"kind": "add", "text": line}``
* ``del``    — ``{"kind": "del", "text": line}``
* ``change`` — ``{"kind": "change", "old": parts, "new": parts}`` where parts are
  ``{"op": "same" | "del" | "ins", "text": …}`` and joined give the old and new line
* ``skip``   — ``{"kind": "skip", "count": n}``: n unchanged lines folded away (``fold``)
"""

import difflib
import re
from collections.abc import Iterable

# A changed line is shown word by word only if the two versions are still alike; below this
# similarity it reads better as a line removed and a line added.
SIMILAR_ENOUGH = 0.4
# Unchanged lines kept around each change when long unchanged runs are folded.
CONTEXT = 2

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

# Comparing sequences costs up to len(a)·len(b) steps in the worst case, and anyone who can
# read an article can ask for a diff. A changed line whose two versions hold more word pairs
# than this is shown as a line removed and a line added; and texts of more lines than
# AUTOJUNK_ABOVE are compared with difflib's "autojunk" (very frequent lines, such as blank
# ones, do not anchor the alignment), which keeps a 50,000-character article under a second.
WORD_PAIRS_MAX = 250_000
AUTOJUNK_ABOVE = 400


def _matcher(a: list[str], b: list[str]) -> difflib.SequenceMatcher:
    return difflib.SequenceMatcher(a=a, b=b, autojunk=len(a) + len(b) > AUTOJUNK_ABOVE)


def split_lines(text: str) -> list[str]:
    """Lines without their endings; Windows and old Mac endings count as one ending."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _tokens(line: str) -> list[str]:
    """Words, runs of spaces and single punctuation marks; joined they give the line back."""
    return _TOKEN.findall(line)


def _merge(parts: list[dict]) -> list[dict]:
    """Adjacent parts with the same op become one (fewer <ins>/<del> elements to read)."""
    merged: list[dict] = []
    for part in parts:
        if not part["text"]:
            continue
        if merged and merged[-1]["op"] == part["op"]:
            merged[-1] = {"op": part["op"], "text": merged[-1]["text"] + part["text"]}
        else:
            merged.append(dict(part))
    return merged


def word_diff(old: str, new: str) -> tuple[list[dict], list[dict]]:
    """The old and the new line as parts: what stayed, what was deleted, what was inserted."""
    a, b = _tokens(old), _tokens(new)
    old_parts: list[dict] = []
    new_parts: list[dict] = []
    matcher = _matcher(a, b)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            text = "".join(a[i1:i2])
            old_parts.append({"op": "same", "text": text})
            new_parts.append({"op": "same", "text": text})
            continue
        if i2 > i1:
            old_parts.append({"op": "del", "text": "".join(a[i1:i2])})
        if j2 > j1:
            new_parts.append({"op": "ins", "text": "".join(b[j1:j2])})
    return _merge(old_parts), _merge(new_parts)


def _similar(old: str, new: str) -> bool:
    if not old.strip() or not new.strip():
        return False
    a, b = _tokens(old), _tokens(new)
    if len(a) * len(b) > WORD_PAIRS_MAX:
        return False
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return matcher.quick_ratio() >= SIMILAR_ENOUGH and matcher.ratio() >= SIMILAR_ENOUGH


def _replaced(old_lines: list[str], new_lines: list[str]) -> list[dict]:
    """Rows for a block of lines replaced by another: alike lines paired as changes."""
    rows: list[dict] = []
    pairs = min(len(old_lines), len(new_lines))
    removed: list[str] = []
    added: list[str] = []
    for old, new in zip(old_lines[:pairs], new_lines[:pairs], strict=True):
        if _similar(old, new):
            rows += [{"kind": "del", "text": line} for line in removed]
            rows += [{"kind": "add", "text": line} for line in added]
            removed, added = [], []
            old_parts, new_parts = word_diff(old, new)
            rows.append({"kind": "change", "old": old_parts, "new": new_parts})
        else:
            removed.append(old)
            added.append(new)
    removed += old_lines[pairs:]
    added += new_lines[pairs:]
    rows += [{"kind": "del", "text": line} for line in removed]
    rows += [{"kind": "add", "text": line} for line in added]
    return rows


def body_diff(old: str, new: str) -> list[dict]:
    """Every line of both texts as rows, nothing folded (see ``fold`` for display)."""
    a, b = split_lines(old), split_lines(new)
    rows: list[dict] = []
    matcher = _matcher(a, b)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [{"kind": "same", "text": line} for line in a[i1:i2]]
        elif tag == "delete":
            rows += [{"kind": "del", "text": line} for line in a[i1:i2]]
        elif tag == "insert":
            rows += [{"kind": "add", "text": line} for line in b[j1:j2]]
        else:
            rows += _replaced(a[i1:i2], b[j1:j2])
    return rows


def fold(rows: list[dict], context: int = CONTEXT) -> list[dict]:
    """Long runs of unchanged lines folded into one ``skip`` row, keeping ``context`` lines
    next to each change."""
    out: list[dict] = []
    run: list[dict] = []

    def flush(at_end: bool) -> None:
        at_start = not out
        keep_head = 0 if at_start else context
        keep_tail = 0 if at_end else context
        if len(run) > keep_head + keep_tail + 1:
            out.extend(run[:keep_head])
            out.append({"kind": "skip", "count": len(run) - keep_head - keep_tail})
            out.extend(run[len(run) - keep_tail :] if keep_tail else [])
        else:
            out.extend(run)
        run.clear()

    for row in rows:
        if row["kind"] == "same":
            run.append(row)
        else:
            if run:
                flush(at_end=False)
            out.append(row)
    if run:
        flush(at_end=True)
    return out


def _side(rows: Iterable[dict], which: str) -> list[str]:
    lines: list[str] = []
    for row in rows:
        kind = row["kind"]
        if kind == "same":
            lines.append(row["text"])
        elif kind == "change":
            skip = "ins" if which == "old" else "del"
            lines.append("".join(p["text"] for p in row[which] if p["op"] != skip))
        elif (kind == "del" and which == "old") or (kind == "add" and which == "new"):
            lines.append(row["text"])
        elif kind == "skip":
            raise ValueError("A folded diff cannot give a text back.")
    return lines


def old_text(rows: Iterable[dict]) -> str:
    """The older text, rebuilt from an unfolded diff (line endings as ``\\n``)."""
    return "\n".join(_side(rows, "old"))


def new_text(rows: Iterable[dict]) -> str:
    """The newer text, rebuilt from an unfolded diff (line endings as ``\\n``)."""
    return "\n".join(_side(rows, "new"))


def _as_tag_list(tags) -> list[str]:
    if isinstance(tags, str):
        return [t.strip() for t in tags.split(",") if t.strip()]
    return [str(t) for t in tags or []]


def revision_diff(old: dict, new: dict, *, context: int | None = CONTEXT) -> dict:
    """What changed between two versions, each a dict with ``title``, ``body``, ``kind``,
    ``url`` and ``tags`` (a list, or names separated by commas).

    Returns ``{"changed": bool, "title": None | {"old", "new", "old_parts", "new_parts"},
    "kind": None | {"old", "new"}, "url": None | {"old", "new"}, "tags": {"added",
    "removed"}, "body": rows, "body_changed": bool}``; body rows are folded unless
    ``context`` is None.
    """
    title = None
    if old.get("title", "") != new.get("title", ""):
        old_parts, new_parts = word_diff(old.get("title", ""), new.get("title", ""))
        title = {
            "old": old.get("title", ""),
            "new": new.get("title", ""),
            "old_parts": old_parts,
            "new_parts": new_parts,
        }
    kind = None
    if old.get("kind", "") != new.get("kind", ""):
        kind = {"old": old.get("kind", ""), "new": new.get("kind", "")}
    url = None
    if old.get("url", "") != new.get("url", ""):
        url = {"old": old.get("url", ""), "new": new.get("url", "")}
    old_tags, new_tags = _as_tag_list(old.get("tags")), _as_tag_list(new.get("tags"))
    tags = {
        "added": [t for t in new_tags if t not in old_tags],
        "removed": [t for t in old_tags if t not in new_tags],
    }
    rows = body_diff(old.get("body", ""), new.get("body", ""))
    body_changed = any(row["kind"] != "same" for row in rows)
    if context is not None:
        rows = fold(rows, context)
    changed = bool(title or kind or url or tags["added"] or tags["removed"] or body_changed)
    return {
        "changed": changed,
        "title": title,
        "kind": kind,
        "url": url,
        "tags": tags,
        "body": rows,
        "body_changed": body_changed,
    }
