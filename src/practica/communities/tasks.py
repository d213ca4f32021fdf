"""Background work for communities: closing charter proposals when their window ends."""

from django_tasks import task

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
