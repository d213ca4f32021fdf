"""The indicators of a real mailing list, computed through Practica, equal the same numbers
computed here straight from the archive file with Python's ``mailbox`` and ``email``.

The archive is imported with the ``import-mbox`` command; Practica's numbers come from the
health CSV rows (30-day windows back over the whole archive). The independent side below reads
the file on its own: every message is a contribution by its sender; a thread is followed by
In-Reply-To, then References (last first); a message with neither found in the archive joins
the latest earlier message with the same subject (list tag and "Re:" removed) when it says it
is a reply or came within 45 days of it — the importer's documented rule for archives whose
reply headers were lost. The one duplicate Message-ID in the file is kept once.
"""

import mailbox
import re
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from practica.cli import main as cli_main
from practica.communities.models import Community
from practica.discussions.models import Post, Topic
from practica.health import services

ARCHIVE = Path("/work/shared/data/griffith-devel.mbox.txt")
AS_OF = date(2011, 12, 31)
WINDOWS = 70  # 30-day windows back to 2006: the whole archive

pytestmark = pytest.mark.skipif(not ARCHIVE.exists(), reason="the archive is not available")


# --- the independent side ----------------------------------------------------------------------


def _sender(message) -> str:
    raw = " ".join(str(message["From"]).split())
    if "@" not in raw:  # Mailman writes "user at host (Name)"
        raw = raw.replace(" at ", "@", 1)
    return parseaddr(raw)[1].lower()


def _ids(value) -> list[str]:
    return re.findall(r"<([^<>\s]+)>", str(value or ""))


def _subject(message) -> str:
    text = " ".join(str(message["Subject"] or "").split())
    while True:
        shorter = re.sub(r"^(\[[^\]]*\]|(re|fwd?)\s*:)\s*", "", text, flags=re.IGNORECASE)
        if shorter == text:
            return text.casefold()
        text = shorter


def read_archive():
    """Messages as dicts, each with the id of its thread's first message (``root``)."""
    seen, messages = set(), []
    for raw in mailbox.mbox(str(ARCHIVE)):
        mid = _ids(raw["Message-ID"])[0]
        if mid in seen:
            continue
        seen.add(mid)
        messages.append(
            {
                "id": mid,
                "sender": _sender(raw),
                "date": parsedate_to_datetime(raw["Date"]).astimezone(UTC),
                "refs": _ids(raw["In-Reply-To"])[:1] + list(reversed(_ids(raw["References"]))),
                "subject": _subject(raw),
                "says_reply": bool(raw["In-Reply-To"] or raw["References"])
                or bool(re.match(r"^(\[[^\]]*\]\s*)?re\s*:", str(raw["Subject"]), re.I)),
            }
        )
    by_id = {m["id"]: m for m in messages}
    parent, latest = {}, {}
    for m in sorted(messages, key=lambda m: m["date"]):
        found = next((r for r in m["refs"] if r in by_id and r != m["id"]), None)
        earlier = latest.get(m["subject"])
        generic = m["subject"] in {"", "(no subject)", "test"}
        if found:
            parent[m["id"]] = found
        elif earlier and (
            m["says_reply"] or (not generic and m["date"] - earlier["date"] <= timedelta(45))
        ):
            parent[m["id"]] = earlier["id"]
        latest[m["subject"]] = m
    for m in messages:
        root = m["id"]
        while root in parent:
            root = parent[root]
        m["root"] = root
    return messages


def expected_windows(messages):
    """For each 30-day window ending with AS_OF, going back: active authors, absence factor,
    Gini over everyone who had written by the window's end, median hours to a first reply by
    someone else for threads started in the window."""
    first_seen = {}
    for m in sorted(messages, key=lambda m: m["date"]):
        first_seen.setdefault(m["sender"], m["date"])
    threads = defaultdict(list)
    for m in messages:
        threads[m["root"]].append(m)
    end = datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=UTC) + timedelta(days=1)
    found = []
    for k in range(WINDOWS):
        stop = end - timedelta(days=30 * k)
        start = stop - timedelta(days=30)
        counts = Counter(m["sender"] for m in messages if start <= m["date"] < stop)
        people = [s for s, first in first_seen.items() if first < stop]
        values = sorted(counts.get(p, 0) for p in people)
        delays = []
        for root_id, thread in threads.items():
            root = next(m for m in thread if m["id"] == root_id)
            if not start <= root["date"] < stop:
                continue
            replies = [
                m["date"] for m in thread if m["sender"] != root["sender"] and m["date"] < stop
            ]
            if replies and min(replies) >= root["date"]:
                delays.append((min(replies) - root["date"]).total_seconds() / 3600)
        found.append(
            {
                "as_of": (stop - timedelta(days=1)).date().isoformat(),
                "active_members": len(counts),
                "absence_factor": absence(counts.values()),
                "gini": gini(values),
                "median_first_response_hours": statistics.median(delays) if delays else None,
            }
        )
    return list(reversed(found))


def absence(counts) -> int:
    """Fewest senders who wrote at least half the window's messages."""
    ordered, total, running = sorted(counts, reverse=True), sum(counts), 0
    for k, c in enumerate(ordered, start=1):
        running += c
        if 2 * running >= total:
            return k
    return 0


def gini(values) -> float:
    """Mean absolute difference over all pairs, divided by twice the mean."""
    n, total = len(values), sum(values)
    if n <= 1 or total == 0:
        return 0.0
    diffs = sum(abs(x - y) for x in values for y in values)
    return diffs / (2 * n * total)


# --- the comparison ----------------------------------------------------------------------------


@pytest.fixture
def imported(db):
    assert cli_main(["import-mbox", "griffith", str(ARCHIVE), "--quiet"]) == 0
    return Community.objects.get(slug="griffith")


def test_the_importer_keeps_every_message_but_the_duplicate(imported):
    messages = read_archive()
    assert len(messages) == 83
    stored = Topic.objects.filter(community=imported).count()
    stored += Post.objects.filter(topic__community=imported).count()
    assert stored == len(messages)
    assert Topic.objects.filter(community=imported).count() == len({m["root"] for m in messages})


def test_indicators_equal_those_computed_from_the_file(imported):
    rows = services.health_rows(
        AnonymousUser(), imported, window_days=30, as_of=AS_OF, count=WINDOWS
    )
    expected = expected_windows(read_archive())
    assert [r["as_of"] for r in rows] == [e["as_of"] for e in expected]
    busy = 0
    for got, want in zip(rows, expected, strict=True):
        where = f"window ending {want['as_of']}"
        assert got["active_members"] == want["active_members"], where
        assert got["absence_factor"] == want["absence_factor"], where
        assert got["gini"] == pytest.approx(want["gini"], abs=1e-12), where
        if want["median_first_response_hours"] is None:
            assert got["median_first_response_hours"] is None, where
        else:
            assert got["median_first_response_hours"] == pytest.approx(
                want["median_first_response_hours"], abs=1e-9
            ), where
        busy += want["active_members"] > 0
    assert busy >= 15  # the comparison covers the archive's active months, not empty windows
    assert max(r["active_members"] for r in rows) >= 5
