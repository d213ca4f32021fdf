"""What search finds of discussions: a topic and each visible post become search documents
(``practica.core.search``). Hidden topics and posts are taken out of the index, and a hidden
topic takes its posts with it, so search never shows what the pages hide."""

from practica.core.search import index_put, index_remove, plain_text

from .models import Post, Topic


def _tag_text(topic: Topic) -> str:
    return " ".join(t.name for t in topic.tags.all())


def topic_index(topic: Topic) -> None:
    if topic.is_hidden:
        topic_unindex(topic)
        return
    index_put(
        "topic",
        topic.pk,
        community_id=topic.community_id,
        author_id=topic.author_id,
        title=topic.title,
        body=plain_text(topic.body_html or topic.body),
        tags=_tag_text(topic),
        created_at=topic.created_at,
    )


def post_index(post: Post, topic: Topic | None = None, tags: str | None = None) -> None:
    topic = topic or post.topic
    if post.is_hidden or topic.is_hidden:
        index_remove("post", post.pk)
        return
    index_put(
        "post",
        post.pk,
        community_id=topic.community_id,
        author_id=post.author_id,
        title=topic.title,
        body=plain_text(post.body_html or post.body),
        tags=_tag_text(topic) if tags is None else tags,
        created_at=post.created_at,
    )


def topic_unindex(topic: Topic) -> None:
    """Take a topic and all its posts out of search (it was hidden)."""
    index_remove("topic", topic.pk)
    index_remove("post", list(Post.objects.filter(topic=topic).values_list("pk", flat=True)))


def topic_reindex(topic: Topic) -> None:
    """Index a topic and every visible post again (unhidden, retitled or retagged)."""
    topic_index(topic)
    if topic.is_hidden:
        return
    tags = _tag_text(topic)
    for post in Post.objects.filter(topic=topic, is_hidden=False).iterator():
        post_index(post, topic, tags)
