"""The demo communities' knowledge: a handful of articles each, written and improved by
different members over time, endorsed, one made with "Document this" from an answered
question, and in the oldest community one that nobody has reviewed for over a year.

Like the rest of the demo, everything goes through the services (``practica.knowledge``) in
date order, and the rows each act created are then moved back to the moment it happened.
A person who is not an active member of the community at load time is skipped, so content
edits elsewhere in the demo cannot make loading fail.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import Community, Membership, MembershipStatus
from practica.communities.visibility import forget_memberships
from practica.discussions.models import Topic
from practica.knowledge.models import Article, ArticleCredit, ArticleRevision, Endorsement
from practica.knowledge.services import (
    article_create,
    article_edit,
    article_endorse,
    article_set_status,
    topic_document,
)

from .timeline import Backdater


@dataclass(frozen=True)
class Edit:
    by: str
    days_ago: float
    summary: str
    # (old, new) replacements in the body, and/or text added at the end.
    replace: tuple[tuple[str, str], ...] = ()
    append: str = ""
    title: str | None = None
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ArticleSpec:
    author: str
    days_ago: float
    kind: str
    title: str
    body: str
    tags: tuple[str, ...] = ()
    url: str = ""
    edits: tuple[Edit, ...] = ()
    endorsed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Documented:
    """The community's first answered question, documented by ``by`` and then improved."""

    by: str
    days_ago: float
    edits: tuple[Edit, ...] = ()
    endorsed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Repository:
    articles: tuple[ArticleSpec, ...]
    documented: Documented | None = None


HEALTH = Repository(
    articles=(
        ArticleSpec(
            "carlos.mendoza",
            560,
            "practice",
            "The first home visit",
            "What promotores in our network do on a first home visit.\n\n"
            "## Before\n\n"
            "- Call or message the day before. Say your name and who sent you.\n"
            "- Bring the referral, your badge and nothing you would not leave behind.\n\n"
            "## At the door\n\n"
            "- Ask where they would like you to sit.\n"
            "- Say what you will not do: we do not report to immigration or the landlord.\n\n"
            "## Before you leave\n\n"
            "- Agree one small next step.\n"
            "- Agree when you will come back.",
            ("home-visits", "promotores"),
            edits=(
                Edit(
                    "ana.lima",
                    540,
                    "Consent comes before any questions",
                    replace=(
                        (
                            "- Ask where they would like you to sit.",
                            "- Ask where they would like you to sit.\n"
                            "- Ask before any health question, and accept a no.",
                        ),
                    ),
                ),
                Edit(
                    "moana.tupou",
                    200,
                    "Added what to do when family members are present",
                    append="\n\n## With family present\n\n"
                    "Ask the person you came to see whether they want others in the "
                    "room. Offer to come back at another time.",
                ),
            ),
            endorsed_by=("naledi.dlamini", "tomas.herrera", "fatima.benali"),
        ),
        ArticleSpec(
            "leila.haddad",
            300,
            "glossary",
            "Teach-back",
            "Asking a person to explain, in their own words, what they will do — to check how "
            "well *we* explained it, not to test them.\n\n"
            'Say: "I want to be sure I explained this well. Can you tell me how you will '
            'take the tablets tomorrow?"',
            ("health-literacy", "interpreting"),
            edits=(
                Edit(
                    "julien.martin",
                    250,
                    "Added the interpreting note",
                    append="\n\nWith an interpreter, ask the interpreter to render the "
                    "teach-back question word for word, not to summarise the answer.",
                ),
            ),
            endorsed_by=("priya.raman", "claire.dubois"),
        ),
        ArticleSpec(
            "priya.raman",
            120,
            "resource",
            "Community-based participatory research: a primer",
            "A short, readable introduction to CBPR principles. Chapter 2 on sharing power in "
            "setting the research question is the part we keep coming back to.",
            ("research", "participation"),
            url="https://www.ncbi.nlm.nih.gov/books/NBK11852/",
            edits=(
                Edit(
                    "kwame.mensah",
                    90,
                    "Said which chapters are worth reading",
                    replace=(("Chapter 2", "Chapters 2 and 5"),),
                ),
            ),
            endorsed_by=("ana.lima",),
        ),
        # Not reviewed for well over a year: on the knowledge page's "needs review" list.
        ArticleSpec(
            "naledi.dlamini",
            640,
            "case_story",
            "When the clinic moved: keeping TB patients",
            "In 2023 our district clinic moved 4 km away. Within a month, eleven patients on "
            "TB treatment had missed doses.\n\n"
            "What helped: CHWs carried the week's doses on home visits for two months, and a "
            "taxi association agreed a fixed fare to the new clinic.\n\n"
            "What we learned: ask transport questions before a service moves, not after.",
            ("tuberculosis", "continuity-of-care"),
            edits=(
                Edit(
                    "arjun.nair",
                    600,
                    "Added the numbers after three months",
                    append="\n\nAfter three months, ten of the eleven were back on daily "
                    "treatment.",
                ),
            ),
            endorsed_by=("carlos.mendoza",),
        ),
    ),
    documented=Documented(
        "ana.lima",
        400,
        edits=(
            Edit(
                "tomas.herrera",
                300,
                "Turned the thread into steps",
                title="Sharing neighbourhood data without identifying anyone",
                tags=("open-data", "privacy"),
                append="\n\n## In short\n\n1. Suppress counts under 5.\n2. Pool years "
                "before areas.\n3. Let the committee read it first.",
            ),
        ),
        endorsed_by=("priya.raman", "naledi.dlamini"),
    ),
)

RESEARCH = Repository(
    articles=(
        ArticleSpec(
            "mei.tanaka",
            100,
            "practice",
            "Reviewing a research code pull request",
            "How we review each other's research code.\n\n"
            "1. Read the paper's methods section first.\n"
            "2. Run it on the smallest data set.\n"
            "3. Ask questions, do not rewrite.",
            ("code-review", "research-software"),
            edits=(
                Edit(
                    "raj.patel",
                    80,
                    "Tests before style",
                    replace=(
                        (
                            "3. Ask questions, do not rewrite.",
                            "3. Check there is a test for the numbers the paper reports.\n"
                            "4. Ask questions, do not rewrite.",
                        ),
                    ),
                ),
                Edit(
                    "sofia.marchetti",
                    60,
                    "Clearer first step",
                    replace=(
                        (
                            "Read the paper's methods section first.",
                            "Read the methods section of the paper the code supports.",
                        ),
                    ),
                ),
            ),
            endorsed_by=("amara.nwosu", "hannah.berg", "daniel.okafor"),
        ),
        ArticleSpec(
            "hannah.berg",
            70,
            "glossary",
            "Research software engineer (RSE)",
            "Someone whose main job is building and maintaining software for research, "
            "usually inside a university or institute, and often without a career path that "
            "says so.",
            ("careers", "research-software"),
            edits=(
                Edit(
                    "ethan.brooks",
                    40,
                    "Mentioned industry",
                    append=" In industry the same work is often called scientific software "
                    "engineering.",
                ),
            ),
            endorsed_by=("mei.tanaka",),
        ),
        ArticleSpec(
            "lucia.fernandez",
            30,
            "resource",
            "The Turing Way",
            "A community handbook on reproducible, ethical and collaborative data science. "
            "Start with the guide for reproducible research.",
            ("reproducibility",),
            url="https://book.the-turing-way.org/",
        ),
    ),
    documented=Documented("amara.nwosu", 25, endorsed_by=()),
)

TEACHERS = Repository(
    articles=(
        ArticleSpec(
            "grace.whitfield",
            35,
            "practice",
            "A lesson when the connection drops",
            "Every lesson that uses the internet has an offline plan B.\n\n"
            "- Print the one page the lesson depends on.\n"
            "- Download videos the day before.",
            ("offline", "planning"),
            edits=(
                Edit(
                    "samuel.otieno",
                    25,
                    "What we do with phones",
                    append="\n- If one phone has signal, it becomes the class's window: "
                    "one pupil reads aloud.",
                ),
                Edit(
                    "marisol.quispe",
                    15,
                    "Spelling and a heading",
                    title="When the connection drops: the offline plan B",
                ),
            ),
            endorsed_by=("eilidh.mackay", "kiri.walker"),
        ),
        ArticleSpec(
            "liam.oconnor",
            20,
            "case_story",
            "Mixed-age maths on an island school",
            "Nine pupils from 5 to 11 in one room. We teach one topic at three depths and let "
            "the older pupils explain to the younger ones.",
            ("multigrade", "maths"),
            endorsed_by=("bjorn.lindqvist",),
        ),
    ),
    documented=Documented("joanna.kowalska", 10),
)

ENERGY = Repository(
    articles=(
        ArticleSpec(
            "pedro.alves",
            250,
            "practice",
            "A members' meeting in ninety minutes",
            "- Send the decisions needed a week before.\n"
            "- Start with the decisions, not the reports.\n"
            "- Reports go in writing.",
            ("governance", "meetings"),
            edits=(
                Edit(
                    "rosa.jimenez",
                    200,
                    "Childcare and timing",
                    append="\n- Offer childcare and finish on time.",
                ),
                Edit(
                    "ines.moreau",
                    150,
                    "Voting rule",
                    replace=(
                        (
                            "- Start with the decisions, not the reports.",
                            "- Start with the decisions, not the reports; agree the "
                            "voting rule before the first vote.",
                        ),
                    ),
                ),
            ),
            endorsed_by=("chiara.rossi", "ben.carter", "aisha.bello"),
        ),
        ArticleSpec(
            "ingrid.solberg",
            120,
            "guide",
            "Reading your smart-meter export",
            "The meter operator's CSV has one row per 15 minutes. Sum the export column per "
            "month, and compare it with the month before — not with the neighbour.",
            ("data", "smart-meters"),
            edits=(
                Edit(
                    "david.kim",
                    90,
                    "Units",
                    replace=(("Sum the export column", "Sum the export column (kWh)"),),
                ),
            ),
            endorsed_by=("tariq.hussain",),
        ),
        ArticleSpec(
            "noah.fischer",
            60,
            "resource",
            "REScoop.eu",
            "The European federation of energy cooperatives: model statutes and a guide to "
            "community energy law by country.",
            ("cooperatives", "law"),
            url="https://www.rescoop.eu/",
        ),
    ),
    documented=Documented("rosa.jimenez", 40, endorsed_by=("pedro.alves",)),
)

REPOSITORIES = {
    "community-health-practice": HEALTH,
    "research-software-commons": RESEARCH,
    "rural-classrooms-circle": TEACHERS,
    "community-energy-commons": ENERGY,
}


@dataclass
class _Loader:
    users: dict[str, User]
    community: Community
    members: set[int] = field(default_factory=set)

    def __post_init__(self):
        self.now = timezone.now()
        self.started = self.now
        self.backdater = Backdater()
        self.members = set(
            Membership.objects.filter(
                community=self.community, status=MembershipStatus.ACTIVE
            ).values_list("user_id", flat=True)
        )

    def at(self, days_ago: float):
        return self.now - timedelta(days=days_ago)

    def person(self, key: str) -> User | None:
        user = self.users.get(key)
        if user is None or user.pk not in self.members:
            return None
        forget_memberships(user)
        return user

    def date(self, article_id: int, when, *, created: bool = False) -> None:
        """Move what the last act wrote about this article back to ``when``."""
        fresh = {"created_at__gte": self.started}
        ArticleRevision.objects.filter(article_id=article_id, **fresh).update(created_at=when)
        ArticleCredit.objects.filter(article_id=article_id, **fresh).update(created_at=when)
        Endorsement.objects.filter(article_id=article_id, **fresh).update(created_at=when)
        changes = {"updated_at": when, "reviewed_at": when}
        if created:
            changes["created_at"] = when
        Article.objects.filter(pk=article_id, updated_at__gte=self.started).update(**changes)
        self.backdater.stamp(when)

    def edit(self, article: Article, change: Edit) -> None:
        editor = self.person(change.by)
        if editor is None:
            return
        article.refresh_from_db()
        body = article.body
        for old, new in change.replace:
            body = body.replace(old, new)
        body += change.append
        article_edit(
            editor,
            article.pk,
            body=body,
            title=change.title,
            tags=list(change.tags) if change.tags is not None else None,
            summary=change.summary,
        )
        self.date(article.pk, self.at(change.days_ago))

    def endorse(self, article: Article, keys, after_days: float) -> None:
        for i, key in enumerate(keys):
            person = self.person(key)
            if person is None:
                continue
            article_endorse(person, article.pk)
            when = self.at(max(after_days - 2 - i, 0.5))
            Endorsement.objects.filter(article=article, user=person).update(created_at=when)
            self.backdater.stamp(when)

    def write(self, spec: ArticleSpec) -> None:
        author = self.person(spec.author)
        if author is None:
            return
        article = article_create(
            author,
            self.community,
            kind=spec.kind,
            title=spec.title,
            body=spec.body,
            tags=list(spec.tags),
            url=spec.url,
            status="published",
        )
        self.date(article.pk, self.at(spec.days_ago), created=True)
        for change in spec.edits:
            self.edit(article, change)
        last = min([spec.days_ago, *[c.days_ago for c in spec.edits]])
        self.endorse(article, spec.endorsed_by, last)

    def document(self, spec: Documented) -> None:
        documenter = self.person(spec.by)
        topic = (
            Topic.objects.filter(
                community=self.community, kind="question", answer__isnull=False, is_hidden=False
            )
            .order_by("created_at", "id")
            .first()
        )
        if documenter is None or topic is None:
            return
        when = max(self.at(spec.days_ago), topic.answered_at or topic.created_at)
        article = topic_document(documenter, topic.pk)
        self.date(article.pk, when, created=True)
        for change in spec.edits:
            self.edit(article, change)
        if spec.edits or spec.endorsed_by:
            article_set_status(documenter, article.pk, "published")
            self.backdater.stamp(self.at(min([spec.days_ago, *[c.days_ago for c in spec.edits]])))
            self.endorse(article, spec.endorsed_by, min([c.days_ago for c in spec.edits] or [1]))


def load_knowledge(users: dict[str, User], slugs) -> None:
    """Write the knowledge of these demo communities (those just created)."""
    for slug in slugs:
        repository = REPOSITORIES.get(slug)
        community = Community.objects.filter(slug=slug).first()
        if repository is None or community is None:
            continue
        loader = _Loader(users, community)
        for spec in sorted(repository.articles, key=lambda s: -s.days_ago):
            loader.write(spec)
        if repository.documented is not None:
            loader.document(repository.documented)
