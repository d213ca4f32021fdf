"""Loading the demo communities: ``practica demo``.

Demo login: **ana.lima@demo.practica.example**, password **practica-demo**. Ana belongs to
all four communities — she is a steward of the Community Health Practice Network (with a join
request waiting for her), a member of the private Rural Classrooms Circle, and has unread
notifications. Every demo account has the same password; the others are named
``<first>.<last>@demo.practica.example`` (naledi.dlamini@…, mei.tanaka@…, grace.whitfield@…).

Everything is created through the services, so activity, notifications, counters and the
audit trail are what real use would produce; ``timeline.py`` explains how the history is
dated. Loading is idempotent: communities are recognised by their slug and people by their
email, and only what is missing is created.
"""

from django.db import transaction
from django.test.utils import override_settings

from practica.communities.models import Community
from practica.discussions.first_response import first_responses_refresh
from practica.health.tallies import tallies_rebuild
from practica.knowledge.search import reindex_all

from .accounts import DEMO_PASSWORD, MAIN_LOGIN, ensure_people
from .appreciation import load_appreciation
from .content import COMMUNITIES
from .history import History
from .knowledge import load_knowledge
from .money import load_money
from .reflection import load_reflection
from .time_entries import load_time_entries

__all__ = ["DEMO_PASSWORD", "MAIN_LOGIN", "load_demo"]


def load_demo(if_empty: bool = False, *, progress: bool = True) -> bool:
    """Create the demo communities that are missing; True if anything was created.

    With ``if_empty`` nothing happens when any community exists (``make run`` uses this so
    that a real installation never gets demo data mixed in).
    """
    if if_empty and Community.objects.exists():
        return False
    present = set(
        Community.objects.filter(slug__in=[c.slug for c in COMMUNITIES]).values_list(
            "slug", flat=True
        )
    )
    missing = [spec for spec in COMMUNITIES if spec.slug not in present]
    if not missing:
        return False
    # Demo addresses do not exist: invitation emails go nowhere, whatever the mail settings.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        with transaction.atomic():
            users = ensure_people()
            History(users, progress=progress).replay(missing)
            slugs = [spec.slug for spec in missing]
            load_knowledge(users, slugs)
            load_time_entries(users, slugs)
            load_money(users, slugs)
            load_appreciation(users, slugs)
            load_reflection(users, slugs)
            # The history is backdated after the services wrote it; index what is there now
            # so that search sorts and filters the demo by the dates it shows, and work out
            # again what health keeps of it (first responses, the tallies of the stream).
            reindex_all(progress=False)
            for community in Community.objects.filter(slug__in=slugs):
                first_responses_refresh(community_id=community.pk)
                tallies_rebuild(community)
    return True
