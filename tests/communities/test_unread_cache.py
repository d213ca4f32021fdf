"""The unread count in the header is cached, and changes the moment the inbox does."""

from practica.communities.queries import unread_notification_count
from practica.communities.services import (
    community_leave,
    notification_open,
    notifications_mark_read,
)
from practica.discussions.services import post_create, topic_create


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_unread_count_follows_new_and_read_notifications(community, steward, member):
    topic = topic_create(member, community, kind="question", title="Which tool?", body="?")
    assert unread_notification_count(fresh(member)) == 0
    post_create(steward, topic.pk, body="A shared notebook.")
    assert unread_notification_count(fresh(member)) == 1
    post_create(steward, topic.pk, body="Or a wiki page.")
    assert unread_notification_count(fresh(member)) == 2
    note = member.notifications.order_by("id").first()
    notification_open(fresh(member), note.pk)
    assert unread_notification_count(fresh(member)) == 1
    notifications_mark_read(fresh(member))
    assert unread_notification_count(fresh(member)) == 0


def test_unread_count_drops_notifications_of_a_community_left(private_community, steward, member):
    topic = topic_create(member, private_community, kind="idea", title="Rotate", body="?")
    post_create(steward, topic.pk, body="Yes please.")
    assert unread_notification_count(fresh(member)) == 1
    community_leave(fresh(member), private_community)
    assert unread_notification_count(fresh(member)) == 0


def test_the_header_shows_the_cached_count_with_one_query_less(
    client_for, community, steward, member, django_assert_max_num_queries
):
    topic = topic_create(member, community, kind="question", title="Which tool?", body="?")
    post_create(steward, topic.pk, body="A shared notebook.")
    client = client_for(member)
    first = client.get("/communities/")
    assert first.context["unread_notifications"] == 1
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as warm:
        again = client.get("/communities/")
    assert again.context["unread_notifications"] == 1
    assert not any("communities_notification" in q["sql"] for q in warm.captured_queries)
