"""Topics and their posts. Counters and last-activity times are kept by the services so that
list pages sort and show them from one indexed query."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from practica.communities.models import Community
from practica.core.models import Tag

User = settings.AUTH_USER_MODEL


class TopicKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")
    PRACTICE = "practice", _("Practice")
    IDEA = "idea", _("Idea")


KIND_HELP = {
    TopicKind.DISCUSSION: _("Talk something through together."),
    TopicKind.QUESTION: _("A knowledge need: ask, and mark the answer that helped."),
    TopicKind.PRACTICE: _("Share a way of working that others could use."),
    TopicKind.IDEA: _("Brainstorm a future direction for the community."),
}


class Topic(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="topics")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="topics")
    kind = models.CharField(max_length=12, choices=TopicKind.choices, default="discussion")
    title = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, related_name="topics", blank=True)
    created_at = models.DateTimeField(default=now)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=now)
    reply_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    answer = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # When someone other than the author first replied (a reply hidden by moderation is not
    # one); kept by ``signals`` so health reads response times without joining every post.
    first_response_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Each list reads its rows in index order and stops after a page. ``is_hidden`` comes
        # last, not second: ``filter(is_hidden=False)`` compiles to ``NOT is_hidden``, which
        # SQLite cannot use as an index equality, so in second place it would leave the order
        # unusable and every topic of the community sorted. Hidden topics are rare, so lists
        # skip them while walking the index, and a page's count reads the index alone.
        indexes = [
            # Health's time to first response: the topics opened in a window, read from the
            # index alone.
            models.Index(
                fields=[
                    "community",
                    "created_at",
                    "is_hidden",
                    "author",
                    "kind",
                    "first_response_at",
                ],
                name="topic_response_idx",
            ),  # fmt: skip
            # topics_for_viewer: pinned first, then by latest activity.
            models.Index(
                fields=["community", "-is_pinned", "-last_activity_at", "-id", "is_hidden"],
                name="topic_list_idx",
            ),
            # latest_topics on the community home.
            models.Index(
                fields=["community", "-last_activity_at", "-id", "is_hidden"],
                name="topic_latest_idx",
            ),
            # Filters by kind, and unanswered_questions (answer IS NULL, oldest first).
            models.Index(
                fields=["community", "kind", "answer", "created_at", "id", "is_hidden"],
                name="topic_kind_idx",
            ),
            # unanswered_questions, oldest first: only the questions still waiting for an
            # answer, a small part of a community's topics. Partial (both engines support it);
            # the query's WHERE repeats the condition so the planner can match it.
            models.Index(
                fields=["community", "created_at", "id"],
                condition=models.Q(kind=TopicKind.QUESTION, answer__isnull=True),
                name="topic_unanswered_idx",
            ),
            # Knowledge gaps: the busiest topics of a community, most replies first.
            models.Index(
                fields=["community", "-reply_count", "-last_activity_at", "-id"],
                name="topic_busy_idx",
            ),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_question(self) -> bool:
        return self.kind == TopicKind.QUESTION

    @property
    def is_answered(self) -> bool:
        return self.answer_id is not None


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="posts")
    body = models.TextField()
    body_html = models.TextField(blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    thanks_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["topic", "created_at", "id"], name="post_topic_idx"),
            models.Index(fields=["author", "created_at"]),
        ]


class Thanks(models.Model):
    """Appreciation for a post: shown as names and a count, never as a score of a person."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="thanks")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="thank_once")]
