"""How a community's labour is shared, as plain functions on plain numbers (no Django).

Everything here is a mirror, never a ranking: the functions take each person's hours as an
anonymous list and answer with shares and counts, so nothing downstream can sort people by
what they gave. Definitions (docs/stewardship-time.md):

* **top-k share** — the share of all hours given by the k people who gave most;
* **absence factor** — the smallest number of people who together gave at least half of all
  hours (the labour counterpart of a project's "bus factor": how few absences would take
  half the work away);
* **over capacity** — a month in which someone gave more hours than they said they can give
  per month (a burnout risk, told privately to that person only).

Warnings (``warnings``) fire when the load is carried by a few: the top three give at least
60 % of the hours while at least six people gave time, or one person gives half or more while
at least three people gave time; and when anyone was over capacity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

# The thresholds of the warnings (docs/stewardship-time.md, "Warnings").
TOP3_WARN_SHARE = 0.6
TOP3_WARN_MIN_CONTRIBUTORS = 6
SINGLE_CARRIER_MIN_CONTRIBUTORS = 3

WARN_TOP3 = "top3"
WARN_SINGLE_CARRIER = "single_carrier"
WARN_OVER_CAPACITY = "over_capacity"

Number = Decimal | float | int


def _positive(hours: Iterable[Number]) -> list[Decimal]:
    """Hours as Decimals, largest first, without zero or negative amounts."""
    values = [Decimal(str(h)) if isinstance(h, float) else Decimal(h) for h in hours]
    return sorted((v for v in values if v > 0), reverse=True)


def top_share(hours: Iterable[Number], k: int) -> float | None:
    """Share of all hours given by the ``k`` people who gave most; None with no hours."""
    values = _positive(hours)
    total = sum(values, Decimal(0))
    if total <= 0 or k <= 0:
        return None
    return float(sum(values[:k], Decimal(0)) / total)


def absence_factor(hours: Iterable[Number]) -> int:
    """The smallest number of people who together gave at least half of all hours (0 with
    no hours)."""
    values = _positive(hours)
    total = sum(values, Decimal(0))
    if total <= 0:
        return 0
    carried = Decimal(0)
    for n, value in enumerate(values, start=1):
        carried += value
        if carried * 2 >= total:
            return n
    return len(values)  # not reached: the sum of all values is the total


@dataclass(frozen=True)
class Concentration:
    contributors: int
    total: Decimal
    top1_share: float | None
    top3_share: float | None
    absence_factor: int


def concentration(hours: Iterable[Number]) -> Concentration:
    """How concentrated the labour is, from each contributor's hours (in any order)."""
    values = _positive(hours)
    return Concentration(
        contributors=len(values),
        total=sum(values, Decimal(0)),
        top1_share=top_share(values, 1),
        top3_share=top_share(values, 3),
        absence_factor=absence_factor(values),
    )


def over_capacity_months(
    given: Mapping[str, Number], capacity: Number | None
) -> list[tuple[str, Decimal]]:
    """The months (keys of ``given``, in order) in which the hours given exceeded the stated
    monthly ``capacity``, with the hours given. No stated capacity: none."""
    if capacity is None:
        return []
    limit = Decimal(str(capacity)) if isinstance(capacity, float) else Decimal(capacity)
    if limit < 0:
        return []
    found = []
    for month in sorted(given):
        value = given[month]
        value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if value > limit:
            found.append((month, value))
    return found


def warnings(c: Concentration, over_capacity_people: int) -> list[str]:
    """Which warnings the community view shows (``WARN_*``), in a fixed order."""
    found = []
    if (
        c.contributors >= TOP3_WARN_MIN_CONTRIBUTORS
        and c.top3_share is not None
        and c.top3_share >= TOP3_WARN_SHARE
    ):
        found.append(WARN_TOP3)
    if c.contributors >= SINGLE_CARRIER_MIN_CONTRIBUTORS and c.absence_factor == 1:
        found.append(WARN_SINGLE_CARRIER)
    if over_capacity_people > 0:
        found.append(WARN_OVER_CAPACITY)
    return found


def month_keys(first: tuple[int, int], last: tuple[int, int]) -> list[str]:
    """ "YYYY-MM" for every month from ``first`` to ``last`` (year, month), both included."""
    keys = []
    year, month = first
    while (year, month) <= last:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys
