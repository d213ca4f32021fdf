"""What a check-in round's answers add up to, and how rounds compare — on plain data.

Answers are private; only these aggregates leave the reflection app, and only when enough
people answered that no single answer can be read back from them (``MIN_GROUP``). A part that
only some answerers filled in (capacity) is held to the same rule on its own count. No Django
import: hypothesis-tested in tests/reflection/test_aggregates.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import median as _median

#: Fewer answers than this and nothing but their number is shown (docs/reflection.md). With 3,
#: each answerer could subtract their own answer and read the others' from the distribution.
MIN_GROUP = 5
SCALE = (1, 2, 3, 4, 5)
CYCLES = ("immediate", "potential", "applied", "realized", "reframing")


def distribution(scores: Iterable[int]) -> dict[int, int]:
    """How many answers gave each point of the 1–5 scale (every point present, zeros too)."""
    counts = dict.fromkeys(SCALE, 0)
    for score in scores:
        if score not in counts:
            raise ValueError(f"score {score!r} is not on the 1–5 scale")
        counts[score] += 1
    return counts


def mean(values: Sequence[float]) -> float | None:
    if not values:
        return None
    return sum(values) / len(values)


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    return float(_median(values))


def is_suppressed(count: int, min_group: int = MIN_GROUP) -> bool:
    return count < min_group


def cycle_counts(tag_lists: Iterable[Iterable[str]]) -> dict[str, int]:
    """How many answers named each value-creation cycle (an answer counts once per cycle)."""
    counts = dict.fromkeys(CYCLES, 0)
    for tags in tag_lists:
        for tag in set(tags):
            if tag in counts:
                counts[tag] += 1
    return counts


def summarise(answers: Sequence[dict], *, min_group: int = MIN_GROUP) -> dict:
    """The round's results from its answers (``worthwhile``, ``capacity_hours`` or None,
    ``cycles``). Below ``min_group`` answers only the count is given; capacity figures need
    ``min_group`` people who gave their capacity."""
    count = len(answers)
    result: dict = {"count": count, "suppressed": is_suppressed(count, min_group)}
    if result["suppressed"]:
        return result
    scores = [a["worthwhile"] for a in answers]
    hours = [a["capacity_hours"] for a in answers if a.get("capacity_hours") is not None]
    capacity_hidden = is_suppressed(len(hours), min_group)
    result.update(
        worthwhile={
            "distribution": distribution(scores),
            "mean": mean(scores),
            "median": median(scores),
        },
        capacity={
            "answered": len(hours),
            "suppressed": capacity_hidden,
            # The total only: a median beside it would give away single answers.
            "total": None if capacity_hidden else sum(hours),
        },
        cycles=cycle_counts(a.get("cycles") or [] for a in answers),
    )
    return result


def trend(rounds: Sequence[dict], *, min_group: int = MIN_GROUP) -> list[dict]:
    """Rounds in order (each ``{"id", "title", "closes_at", "scores": [...]}``) as points of a
    trend: the number of answers always, the mean of "worthwhile" only where it may be shown,
    and its change from the last round that showed one."""
    points = []
    last_mean = None
    for item in rounds:
        scores = list(item["scores"])
        shown = not is_suppressed(len(scores), min_group)
        value = mean(scores) if shown else None
        points.append(
            {
                "id": item["id"],
                "title": item["title"],
                "closes_at": item["closes_at"],
                "count": len(scores),
                "mean": value,
                "change": (value - last_mean)
                if value is not None and last_mean is not None
                else None,
            }
        )
        if value is not None:
            last_mean = value
    return points
