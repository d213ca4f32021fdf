from practica.communities.models import Notification
from practica.discussions.services import post_create, post_thank, topic_create, topic_mark_answered


def test_question_answered_and_thanked(community, steward, member):
    topic = topic_create(
        member,
        community,
        kind="question",
        title="How do you run check-ins?",
        body="Asking @Stella Steward",
    )
    post = post_create(steward, topic.pk, body="We use a **round**.")
    topic = topic_mark_answered(member, topic.pk, post.pk)
    post = post_thank(member, post.pk)
    assert topic.answer_id == post.pk and post.thanks_count == 1
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"mention", "answer", "answer_accepted", "thanks"} <= kinds
