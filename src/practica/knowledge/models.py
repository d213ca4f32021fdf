"""The knowledge repository: articles with their full revision history, credits and
endorsements; the searches that found nothing (for the knowledge gaps page); and the record of
imported mailing-list messages that keeps re-imports idempotent."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from practica.communities.models import Community
from practica.core.models import Tag
from practica.discussions.models import Post, Topic

User = settings.AUTH_USER_MODEL


class ArticleKind(models.TextChoices):
    PRACTICE = "practice", _("Practice — how we do something")
    GUIDE = "guide", _("Guide")
    CASE_STORY = "case_story", _("Case story")
    GLOSSARY = "glossary", _("Glossary entry")
    RESOURCE = "resource", _("Resource — a link with annotation")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Article(models.Model):
    """The current state of an article. Every change also writes an ArticleRevision, which
    holds the history; the row here is the latest revision, denormalised for lists."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="articles")
    kind = models.CharField(max_length=12, choices=ArticleKind.choices, default="practice")
    title = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    # For resources: the link being annotated (optional for other kinds).
    url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=ArticleStatus.choices, default="draft")
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    revision_count = models.PositiveIntegerField(default=0)
    endorsement_count = models.PositiveIntegerField(default=0)
    # Staleness: when a member last confirmed the article still holds (an edit counts).
    reviewed_at = models.DateTimeField(default=now)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "Document this": the discussion the article was made from.
    source_topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )

    class Meta:
        indexes = [
            models.Index(fields=["community", "status", "-updated_at", "-id"]),
            models.Index(fields=["community", "reviewed_at"]),
            models.Index(fields=["community", "kind", "-updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleRevision(models.Model):
    """One version of an article: its whole content after a change, who made it and why.
    A restore writes a new revision copying an old one (``restored_from``)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=ArticleKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=ArticleStatus.choices)
    # The tag names at this revision, comma-separated (a snapshot, not live rows).
    tags = models.CharField(max_length=1100, blank=True)
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.CharField(max_length=300, blank=True)
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_revision_number")
        ]
        indexes = [models.Index(fields=["author", "created_at"])]


class CreditRole(models.TextChoices):
    WRITER = "writer", _("Wrote or edited it")
    SOURCE = "source", _("Their posts went into it")


class ArticleCredit(models.Model):
    """Everyone an article owes something to: every editor, and for a documented discussion
    the people whose posts it was made from."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="article_credits")
    role = models.CharField(max_length=10, choices=CreditRole.choices)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user", "role"], name="one_credit_per_role")
        ]


class Endorsement(models.Model):
    """A member saying "this reflects my practice"; shown as a count and names."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="endorse_once")]


class SearchMiss(models.Model):
    """A search that found nothing or nearly nothing, for the knowledge gaps page. It records
    the normalised query and how much was found — never who searched."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=200)
    result_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [models.Index(fields=["community", "query", "created_at"])]


class ImportedMessage(models.Model):
    """A mailing-list message already brought in, by its Message-ID, so a second import of
    the same archive adds nothing."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    message_id = models.CharField(max_length=300)
    topic = models.ForeignKey(Topic, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "message_id"], name="import_message_once")
        ]
