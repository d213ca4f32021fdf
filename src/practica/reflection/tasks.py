"""Background work for reflection: mail when a round opens, the reminder before it closes,
and closing it when its time is up (rounds are also closed when read)."""

from django_tasks import default_task_backend, task

from . import services
from .models import CheckInRound


@task()
def checkin_announce_task(round_id: int) -> int:
    return services.checkin_announce(round_id)


@task()
def checkin_remind_task(round_id: int) -> int:
    return services.checkin_remind(round_id)


@task()
def checkin_settle_task(round_id: int) -> bool:
    round = CheckInRound.objects.select_related("community").filter(pk=round_id).first()
    if round is None:
        return False
    return services.checkin_settle(round).closed_at is not None


@task()
def checkin_due_task() -> int:
    """Run periodically: reminders that fell due and rounds whose time is up (for workers
    that could not defer the tasks scheduled when the round opened)."""
    return services.checkin_remind_due() + services.checkin_settle_due()


def schedule_round(round: CheckInRound) -> None:
    """After a round opens: mail members now; remind before it closes and close it on time.
    Backends that cannot defer (the immediate one in tests) only send the mail: rounds are
    also closed when read, and ``checkin_due_task`` sends reminders that fell due."""
    checkin_announce_task.enqueue(round.pk)
    if not default_task_backend.supports_defer:
        return
    remind_at = round.closes_at - services.REMIND_BEFORE
    if remind_at > round.opened_at:
        checkin_remind_task.using(run_after=remind_at).enqueue(round.pk)
    checkin_settle_task.using(run_after=round.closes_at).enqueue(round.pk)
