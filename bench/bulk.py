"""Writing many rows fast, and splitting totals into believable shares."""

import random

from django.db import connection
from django.db.models import Max

BATCH = 5_000


class Inserter:
    """INSERT rows into one model's table with ``executemany``, ``BATCH`` rows at a time.

    Rows are given as keyword arguments named after the model's fields (``author=`` for a
    foreign key). The first row fixes the columns and every later row must name the same
    fields in the same order, which one call site in a loop does naturally.
    """

    def __init__(self, model):
        self.model = model
        self.fields: tuple[str, ...] | None = None
        self.sql = ""
        self.rows: list[tuple] = []
        self.written = 0

    def _prepare(self, fields: tuple[str, ...]) -> None:
        meta, qn = self.model._meta, connection.ops.quote_name
        columns = ", ".join(qn(meta.get_field(f).column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({marks})"
        self.fields = fields

    def add(self, **row) -> None:
        fields = tuple(row)
        if fields != self.fields:
            if self.fields is not None:
                raise ValueError(f"{self.model.__name__}: every row must name {self.fields}")
            self._prepare(fields)
        self.rows.append(tuple(row.values()))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []


def next_id(model) -> int:
    """The first primary key free in ``model``'s table."""
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def spread(total: int, slots: int, rng: random.Random) -> list[int]:
    """Split ``total`` into ``slots`` counts with a long tail (many small, a few large),
    summing exactly to ``total``."""
    if slots <= 0:
        return []
    weights = [rng.expovariate(1.0) ** 1.5 for _ in range(slots)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for _ in range(total - sum(counts)):
        counts[rng.randrange(slots)] += 1
    return counts


def spread_proportional(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """Split ``total`` in proportion to ``weights``; every share is at least 1 when possible."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    if total >= len(weights):
        shares = [max(1, s) for s in shares]
    while sum(shares) > total:
        k = rng.randrange(len(shares))
        if shares[k] > 1:
            shares[k] -= 1
    for _ in range(total - sum(shares)):
        shares[rng.randrange(len(shares))] += 1
    return shares
