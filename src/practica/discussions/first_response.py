"""When a topic was first answered by someone else: ``Topic.first_response_at``.

Health measures time to first response over every topic of a window. Working it out on read
means joining every post of thousands of topics; kept on the topic, it is one column of a range
of topics. It is the earliest reply by someone other than the topic's author that is not hidden
by moderation (a reply whose author later deleted their account still counts: it was given).

The signals below keep it as posts are written, hidden, shown again or deleted, however they
are saved (services, the archive importer, tests). Writes that bypass signals —
``QuerySet.update()`` of post dates or authors (the demo's back-dating, a claim of imported
messages) — call ``first_responses_refresh`` afterwards.
"""

from django.db.models import Min, OuterRef, Q, Subquery
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Post, Topic

# A saved post changes a first response only through these fields.
_RELEVANT = frozenset({"is_hidden", "author", "author_id", "created_at", "topic", "topic_id"})


def _first_other_reply():
    return Subquery(
        Post.objects.filter(topic=OuterRef("pk"), is_hidden=False)
        .exclude(author_id=OuterRef("author_id"))
        .order_by()
        .values("topic")
        .annotate(first=Min("created_at"))
        .values("first")[:1]
    )


def first_responses_refresh(*, community_id=None, topic_ids=None) -> int:
    """Work ``first_response_at`` out again from the posts: for the topics given, or every
    topic of a community, or (neither) every topic. One UPDATE; returns the topics touched."""
    topics = Topic.objects.all()
    if community_id is not None:
        topics = topics.filter(community_id=community_id)
    if topic_ids is not None:
        topics = topics.filter(pk__in=list(topic_ids))
    return topics.update(first_response_at=_first_other_reply())


@receiver(post_save, sender=Post, dispatch_uid="practica.discussions.first_response.saved")
def _post_saved(sender, instance: Post, created: bool, update_fields=None, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if created:
        if instance.is_hidden:
            return
        # Earlier than what is known (or the first), and not the topic author's own: one
        # UPDATE that reads nothing first.
        earlier = Q(first_response_at__isnull=True) | Q(first_response_at__gt=instance.created_at)
        topics = Topic.objects.filter(earlier, pk=instance.topic_id)
        if instance.author_id is not None:
            topics = topics.exclude(author_id=instance.author_id)
        topics.update(first_response_at=instance.created_at)
        return
    if update_fields is not None and not (set(update_fields) & _RELEVANT):
        return  # an edit of the text or a counter
    first_responses_refresh(topic_ids=[instance.topic_id])


@receiver(post_delete, sender=Post, dispatch_uid="practica.discussions.first_response.deleted")
def _post_deleted(sender, instance: Post, **kwargs) -> None:
    first_responses_refresh(topic_ids=[instance.topic_id])
