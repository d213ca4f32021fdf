"""Reflection's background tasks: mail on opening, the reminder, closing on time."""

from django.core import mail

from practica.reflection import tasks
from practica.reflection.models import CheckInRound

from .helpers import expire, open_round


def test_the_tasks_announce_remind_and_close(community, steward, member):
    round = open_round(steward, community, days=1)
    mail.outbox.clear()
    assert tasks.checkin_announce_task.call(round.pk) == 1
    assert tasks.checkin_remind_task.call(round.pk) == 2  # steward and member have not answered
    assert len(mail.outbox) == 3
    assert tasks.checkin_settle_task.call(round.pk) is False  # not due yet
    expire(round)
    assert tasks.checkin_settle_task.call(round.pk) is True
    assert CheckInRound.objects.get().closed_at is not None
    assert tasks.checkin_settle_task.call(10**9) is False


def test_the_periodic_task_catches_up(community, steward):
    near = open_round(steward, community, days=1, title="Near")
    expire(open_round(steward, community, days=5, title="Past"))
    assert tasks.checkin_due_task.call() == 2 + 1  # two reminded, one closed
    near.refresh_from_db()
    assert near.reminded_at is not None
