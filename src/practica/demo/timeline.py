"""Replaying the demo's history in order, and giving each row the date it happened.

The services stamp everything with the current time, and they must: a real member cannot
post in the past. The demo, though, needs two years of believable history. So every act is
scheduled at its own moment, acts run through the services in chronological order (a reply
can only follow its topic, a member can only post after joining), and right after each act
the rows it created are moved back to that moment with ``QuerySet.update()``.

Those updates touch timestamps only, and with the shared password hash of the demo accounts
(``accounts.py``) they are the only direct writes in the demo: which rows exist, their
counters, notifications and the activity stream all come from the services.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max
from tqdm import tqdm

from practica.communities.models import Activity, AuditEntry, Notification
from practica.core.models import SearchDocument


class Backdater:
    """Moves the kernel rows (activity, notifications, audit trail, search documents) that the
    last act created to the moment that act happened. Rows are found by id: everything above
    the last mark."""

    MODELS = (Activity, Notification, AuditEntry, SearchDocument)

    def __init__(self):
        self.marks = {model: self._highest(model) for model in self.MODELS}

    @staticmethod
    def _highest(model) -> int:
        return model.objects.aggregate(m=Max("pk"))["m"] or 0

    def stamp(self, when: datetime) -> None:
        for model in self.MODELS:
            if model.objects.filter(pk__gt=self.marks[model]).update(created_at=when):
                self.marks[model] = self._highest(model)


@dataclass(order=True)
class Event:
    when: datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


class Timeline:
    def __init__(self):
        self.events: list[Event] = []

    def add(self, when: datetime, action: Callable[[], None]) -> None:
        self.events.append(Event(when, len(self.events), action))

    def run(self, before_each: Callable[[], None], *, progress: bool) -> None:
        """Run every act in time order (ties in the order they were planned), then date the
        rows it created."""
        backdater = Backdater()
        for event in tqdm(
            sorted(self.events), desc="demo history", unit="act", disable=not progress
        ):
            before_each()
            event.action()
            backdater.stamp(event.when)
