"""Charter proposals are settled by a worker when their review window ends."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practica.communities.models import CharterProposal
from practica.communities.services import charter_propose
from practica.communities.tasks import charter_settle_due_task, charter_settle_task


@pytest.fixture
def database_tasks(settings):
    """The real database backend (django-tasks resets its handler when TASKS changes)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_proposal_schedules_a_settle_task_for_the_end_of_its_window(
    database_tasks, community, member
):
    from django_tasks_db.models import DBTaskResult

    proposal = charter_propose(member, community, body="Be kind. Cite sources. Rotate roles.")
    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("charter_settle_task")
    assert job.args_kwargs["args"] == [proposal.pk]
    assert abs(job.run_after - proposal.review_ends_at) < timedelta(seconds=1)


@pytest.mark.django_db
def test_settle_task_adopts_an_unobjected_proposal_after_the_window(community, member):
    proposal = charter_propose(member, community, body="Version two of our charter.")
    assert charter_settle_task.call(proposal.pk) == "open"  # window still running
    CharterProposal.objects.filter(pk=proposal.pk).update(
        review_ends_at=timezone.now() - timedelta(minutes=1)
    )
    assert charter_settle_task.call(proposal.pk) == "adopted"
    assert CharterProposal.objects.get(pk=proposal.pk).version == 2
    assert charter_settle_task.call(999_999) == "missing"


@pytest.mark.django_db
def test_settle_due_task_closes_every_ended_window(community, member):
    charter_propose(member, community, body="A proposal whose time has come.")
    CharterProposal.objects.filter(status="open").update(
        review_ends_at=timezone.now() - timedelta(seconds=1)
    )
    assert charter_settle_due_task.call() == 1
    assert not CharterProposal.objects.filter(status="open").exists()
