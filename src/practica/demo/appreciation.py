"""The demo communities' appreciation walls: notes members wrote each other over the past
months, some for a particular reply or article, a few of them shown on their recipient's
profile (ana.lima, steward of community-health-practice, shows two of hers).

Everything goes through the services (``practica.stewardship.services.appreciation``), in date
order, and each note and the rows it created are then moved back to when it was written. A
person who is not an active member at load time is skipped, so edits elsewhere in the demo
cannot make loading fail.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import Community, Membership, MembershipStatus
from practica.discussions.models import Post, Topic
from practica.knowledge.models import Article
from practica.stewardship.models import AppreciationNote
from practica.stewardship.services.appreciation import (
    appreciation_create,
    appreciation_set_on_profile,
)

from .timeline import Backdater


@dataclass(frozen=True)
class Note:
    by: str
    to: str
    days_ago: float
    body: str
    # What it is for: the recipient's latest "post", "topic" or "article" there, or nothing.
    link: str | None = None
    on_profile: bool = False


WALLS: dict[str, list[Note]] = {
    "community-health-practice": [
        Note(
            "carlos.mendoza",
            "ana.lima",
            210,
            "Thank you for steering the charter rewrite "
            "with so much patience — every objection got a real answer.",
            on_profile=True,
        ),
        Note(
            "priya.raman",
            "kwame.mensah",
            160,
            "Your reply on intake forms saved our clinic "
            "a week of guesswork. We used your checklist as is.",
            link="post",
        ),
        Note(
            "moana.tupou",
            "ana.lima",
            120,
            "You welcomed me personally and introduced me to "
            "three people working on the same thing. That is why I stayed.",
            on_profile=True,
        ),
        Note(
            "olga.petrova",
            "priya.raman",
            95,
            "The article is now the first thing we send "
            "to new volunteers. Clear, kind and honest about what goes wrong.",
            link="article",
        ),
        Note(
            "ana.lima",
            "carlos.mendoza",
            70,
            "For facilitating the March call when I could not: calm, on time, and everyone spoke.",
            link="topic",
        ),
        Note(
            "julien.martin",
            "fatima.benali",
            45,
            "Your **field notes** from the outreach "
            "visits made the case for the grant better than any figure.",
        ),
        Note(
            "kwame.mensah",
            "ana.lima",
            30,
            "Thanks for keeping the budget sheet honest and "
            "readable — it made the grant report a one-evening job.",
        ),
        Note(
            "sarah.cohen",
            "olga.petrova",
            12,
            "You answered my question within the hour and "
            "followed up a week later to ask how it went.",
            link="post",
        ),
        Note(
            "ana.lima",
            "moana.tupou",
            4,
            "Thank you for translating the consent guide. "
            "Three new members have read it in their own language already.",
        ),
    ],
    "research-software-commons": [
        Note(
            "ana.lima",
            "arjun.nair",
            90,
            "Your review of the packaging guide caught three "
            "things that would have bitten us in production.",
            link="article",
        ),
    ],
}


def _member(community: Community, user: User | None) -> bool:
    return (
        user is not None
        and Membership.objects.filter(
            community=community, user=user, status=MembershipStatus.ACTIVE
        ).exists()
    )


def _target(community: Community, recipient: User, kind: str | None):
    if kind == "post":
        row = (
            Post.objects.filter(
                topic__community=community,
                author=recipient,
                is_hidden=False,
                topic__is_hidden=False,
            )
            .order_by("-created_at")
            .first()
        )
    elif kind == "topic":
        row = Topic.objects.filter(community=community, author=recipient, is_hidden=False)
        row = row.order_by("-created_at").first()
    elif kind == "article":
        row = Article.objects.filter(community=community, created_by=recipient, status="published")
        row = row.order_by("-created_at").first()
    else:
        row = None
    return (kind, row.pk) if row is not None else (None, None)


def load_appreciation(users: dict[str, User], slugs) -> None:
    """Write the appreciation walls of these demo communities (those just created)."""
    now = timezone.now()
    for slug in slugs:
        notes = WALLS.get(slug)
        community = Community.objects.filter(slug=slug).first()
        if not notes or community is None:
            continue
        for spec in sorted(notes, key=lambda n: -n.days_ago):
            author, recipient = users.get(spec.by), users.get(spec.to)
            if not (_member(community, author) and _member(community, recipient)):
                continue
            kind, target_id = _target(community, recipient, spec.link)
            backdater = Backdater()
            note = appreciation_create(
                author,
                community,
                recipient=recipient,
                body=spec.body,
                target_kind=kind,
                target_id=target_id,
            )
            if spec.on_profile:
                appreciation_set_on_profile(recipient, note.pk, True)
            when = now - timedelta(days=spec.days_ago)
            AppreciationNote.objects.filter(pk=note.pk).update(created_at=when)
            backdater.stamp(when)
