"""Background work for communities: closing charter proposals when their window ends."""

from django_tasks import default_task_backend, task

from . import services
from .models import CharterProposal


@task()
def charter_settle_task(proposal_id: int) -> str:
    proposal = CharterProposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return "missing"
    return services.charter_settle(proposal).status


@task()
def charter_settle_due_task() -> int:
    return services.charter_settle_due()


def schedule_charter_settle(proposal: CharterProposal) -> None:
    """Ask a worker to settle the proposal when its window ends. Backends that cannot defer
    (the immediate one used in tests) are skipped: proposals are also settled when read."""
    if default_task_backend.supports_defer:
        charter_settle_task.using(run_after=proposal.review_ends_at).enqueue(proposal.pk)
