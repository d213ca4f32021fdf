"""Topic pages: the list with its filters, starting and editing topics, the topic page with
replies (htmx and plain), thanks, answers and moderation — who may do what, what bad input
does, and that the list and topic pages run a number of queries that does not grow."""

import pytest
from django.urls import reverse

from practica.communities.models import AuditEntry
from practica.communities.services import community_join
from practica.discussions.models import KIND_HELP, Post, Thanks, Topic
from practica.discussions.services import (
    post_create,
    post_thank,
    topic_create,
    topic_lock,
    topic_pin,
)

from .conftest import queries_for

HTMX = {"HX-Request": "true"}


def topic_url(topic) -> str:
    return reverse("discussions:topic", args=[topic.pk])


def list_url(community) -> str:
    return reverse("discussions:list", args=[community.slug])


# --- the topic list ---------------------------------------------------------------------------


def test_list_shows_pinned_first_with_badges_and_tags(client_for, community, member, steward):
    older = topic_create(
        member, community, kind="idea", title="Older idea", body="x", tags="dreams"
    )
    topic_create(member, community, kind="practice", title="Newer practice", body="x")
    topic_pin(steward, older.pk)
    body = client_for().get(list_url(community)).content.decode()
    assert body.index("Older idea") < body.index("Newer practice")
    assert "badge-pinned" in body and "badge-idea" in body and "#dreams" in body
    assert "Mo Member" in body and "0 replies" in body


def test_list_filters_by_kind_tag_and_unanswered(client_for, community, member, steward):
    answered = topic_create(member, community, kind="question", title="Solved one", body="?")
    post = post_create(steward, answered.pk, body="This")
    client_for(member).post(reverse("discussions:answer", args=[answered.pk]), {"post_id": post.pk})
    topic_create(member, community, kind="question", title="Open one", body="?", tags="tools")
    topic_create(member, community, kind="idea", title="An idea", body="!", tags="tools")
    client = client_for()

    questions = client.get(list_url(community), {"kind": "question"}).content.decode()
    assert "Solved one" in questions and "Open one" in questions and "An idea" not in questions
    unanswered = client.get(list_url(community), {"unanswered": "1"}).content.decode()
    assert "Open one" in unanswered and "Solved one" not in unanswered
    tagged = client.get(list_url(community), {"tag": "tools"}).content.decode()
    assert "Open one" in tagged and "An idea" in tagged and "Solved one" not in tagged
    nonsense = client.get(list_url(community), {"kind": "<script>", "page": "x"})
    assert nonsense.status_code == 200


def test_list_offers_start_a_topic_to_members_only(client_for, community, member, outsider):
    new_url = reverse("discussions:new", args=[community.slug])
    assert new_url in client_for(member).get(list_url(community)).content.decode()
    assert new_url not in client_for(outsider).get(list_url(community)).content.decode()


def test_list_paginates(client_for, community, member):
    for n in range(25):
        topic_create(member, community, kind="discussion", title=f"Topic {n}", body="x")
    body = client_for().get(list_url(community)).content.decode()
    assert "Page 1 of 2" in body


def test_list_query_count_does_not_grow(
    client_for, community, member, django_assert_max_num_queries
):
    client = client_for(member)
    for n in range(5):
        topic_create(member, community, kind="question", title=f"T{n}", body="x", tags="a, b")
    few = queries_for(client, list_url(community))
    for n in range(25):
        topic_create(member, community, kind="idea", title=f"More {n}", body="x", tags="c, d")
    with django_assert_max_num_queries(few):
        assert client.get(list_url(community)).status_code == 200
    assert few <= 12


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_topics_are_not_found(client_for, private_community, member, outsider, who):
    topic = topic_create(member, private_community, kind="idea", title="Secret idea", body="x")
    client = client_for(outsider if who == "outsider" else None)
    for path in (list_url(private_community), topic_url(topic)):
        response = client.get(path)
        assert response.status_code == 404 and "Secret idea" not in response.content.decode()
    reply = client.post(reverse("discussions:reply", args=[topic.pk]), {"body": "Let me in"})
    assert reply.status_code == 404 and not Post.objects.exists()


# --- starting and editing topics --------------------------------------------------------------


def test_new_topic_explains_each_kind_and_preselects_one(client_for, community, member):
    page = client_for(member).get(reverse("discussions:new", args=[community.slug]) + "?kind=idea")
    body = page.content.decode()
    for help_text in KIND_HELP.values():
        assert str(help_text) in body
    assert 'value="idea" checked' in body


def test_member_starts_a_topic(client_for, community, member):
    response = client_for(member).post(
        reverse("discussions:new", args=[community.slug]),
        {"kind": "practice", "title": "Walking 1:1s", "body": "We **walk**.", "tags": "a, b"},
    )
    topic = Topic.objects.get(title="Walking 1:1s")
    assert response.status_code == 302 and response["Location"] == topic_url(topic)
    assert topic.kind == "practice" and sorted(t.name for t in topic.tags.all()) == ["a", "b"]


def test_new_topic_rejects_bad_input(client_for, community, member):
    new_url = reverse("discussions:new", args=[community.slug])
    blank = client_for(member).post(new_url, {"kind": "idea", "title": " ", "body": "x"})
    assert blank.status_code == 400 and "This field is required" in blank.content.decode()
    bad_kind = client_for(member).post(new_url, {"kind": "rant", "title": "t", "body": "x"})
    assert bad_kind.status_code == 400
    assert not Topic.objects.exists()


def test_new_topic_is_for_members(client_for, community, outsider):
    new_url = reverse("discussions:new", args=[community.slug])
    assert client_for(outsider).get(new_url).status_code == 403
    refused = client_for(outsider).post(new_url, {"kind": "idea", "title": "t", "body": "x"})
    assert refused.status_code == 403 and not Topic.objects.exists()
    anonymous = client_for().get(new_url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_author_edits_a_topic_and_others_cannot(client_for, question, member, steward):
    edit_url = reverse("discussions:topic_edit", args=[question.pk])
    assert "We tried *rounds*" in client_for(member).get(edit_url).content.decode()
    client_for(member).post(edit_url, {"title": "Check-ins?", "body": "New body", "tags": "x"})
    question.refresh_from_db()
    assert question.title == "Check-ins?" and question.edited_at is not None
    assert "edited" in client_for().get(topic_url(question)).content.decode()

    assert client_for(steward).get(edit_url).status_code == 302
    refused = client_for(steward).post(edit_url, {"title": "Hijack", "body": "x"})
    assert refused.status_code == 403
    question.refresh_from_db()
    assert question.title == "Check-ins?"


# --- the topic page ---------------------------------------------------------------------------


def test_topic_page_shows_the_topic_posts_and_reply_form(client_for, question, steward, member):
    first = post_create(steward, question.pk, body="Try a **talking piece**.")
    post_create(member, question.pk, body="Thanks, will do", reply_to=first.pk)
    body = client_for(member).get(topic_url(question)).content.decode()
    assert "<em>rounds</em>" in body and "#facilitation" in body
    assert "<strong>talking piece</strong>" in body
    assert "in reply to Stella Steward" in body
    assert 'id="reply-form"' in body and "Mark as answer" in body


def test_non_members_see_a_join_prompt_instead_of_the_form(client_for, question, outsider):
    body = client_for(outsider).get(topic_url(question)).content.decode()
    assert 'id="reply-form"' not in body and "Join to reply" in body
    anonymous = client_for().get(topic_url(question)).content.decode()
    assert "Sign up to join" in anonymous and 'id="reply-form"' not in anonymous


def test_reply_to_sets_the_hidden_field(client_for, question, steward, member):
    first = post_create(steward, question.pk, body="Try a talking piece.")
    body = client_for(member).get(topic_url(question) + f"?reply_to={first.pk}").content.decode()
    assert f'name="reply_to" value="{first.pk}"' in body and "Replying to Stella Steward" in body


def test_topic_page_query_count_does_not_grow(
    client_for, question, steward, member, make_user, django_assert_max_num_queries
):
    client = client_for(member)
    people = [steward]
    for n in range(3):
        person = make_user(f"Helper {n}")
        community_join(person, question.community, acknowledge_charter=True)
        people.append(person)

    def add_posts(count):
        for n in range(count):
            author = people[n % len(people)]
            post = post_create(author, question.pk, body=f"Idea {n}")
            post_thank(member, post.pk)

    add_posts(5)
    few = queries_for(client, topic_url(question))
    add_posts(25)
    with django_assert_max_num_queries(few):
        assert client.get(topic_url(question)).status_code == 200
    assert few <= 16


def test_post_link_redirects_to_the_page_holding_the_post(client_for, question, steward):
    posts = [post_create(steward, question.pk, body=f"Reply {n}") for n in range(52)]
    response = client_for().get(topic_url(question) + f"?post={posts[-1].pk}")
    assert response.status_code == 302
    # 25 replies a page: the 52nd is on page 3.
    assert response["Location"] == f"{topic_url(question)}?page=3#post-{posts[-1].pk}"


def test_a_reply_notification_leads_to_the_page_holding_the_reply(
    client_for, question, steward, member
):
    from practica.communities.models import Notification

    posts = [post_create(steward, question.pk, body=f"Reply {n}") for n in range(30)]
    note = Notification.objects.filter(recipient=member).order_by("-id").first()
    assert note.url.endswith(f"#post-{posts[-1].pk}")
    path = note.url.split("#")[0]
    response = client_for(member).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{topic_url(question)}?page=2#post-{posts[-1].pk}"
    assert (
        f'id="post-{posts[-1].pk}"' in client_for(member).get(response["Location"]).content.decode()
    )


# --- replying ---------------------------------------------------------------------------------


def test_reply_without_javascript_redirects_to_the_new_post(client_for, question, steward):
    response = client_for(steward).post(
        reverse("discussions:reply", args=[question.pk]), {"body": "A **round** helps."}
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{topic_url(question)}#post-{post.pk}"


def test_reply_with_htmx_returns_the_post_and_a_fresh_form(client_for, question, steward):
    response = client_for(steward).post(
        reverse("discussions:reply", args=[question.pk]),
        {"body": "A **round** helps."},
        headers=HTMX,
    )
    body = response.content.decode()
    post = Post.objects.get()
    assert response.status_code == 200 and "<html" not in body
    assert f'id="post-{post.pk}"' in body and "<strong>round</strong>" in body
    assert 'id="reply-form"' in body and 'hx-swap-oob="true"' in body
    assert "A **round** helps." not in body  # the fresh form is empty


def test_reply_with_htmx_and_bad_input_returns_the_form_with_the_error(
    client_for, question, steward
):
    response = client_for(steward).post(
        reverse("discussions:reply", args=[question.pk]), {"body": "  "}, headers=HTMX
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#reply-form" and response["HX-Reswap"] == "outerHTML"
    assert 'id="reply-form"' in response.content.decode()
    assert not Post.objects.exists()


def test_reply_with_an_empty_body_re_renders_the_page(client_for, question, steward):
    response = client_for(steward).post(
        reverse("discussions:reply", args=[question.pk]), {"body": ""}
    )
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert not Post.objects.exists()


def test_reply_to_a_locked_topic_is_refused_with_a_message(client_for, question, steward, member):
    topic_lock(steward, question.pk)
    page = client_for(member).get(topic_url(question)).content.decode()
    assert 'id="reply-form"' not in page and "locked" in page
    response = client_for(member).post(
        reverse("discussions:reply", args=[question.pk]), {"body": "Hello?"}
    )
    assert response.status_code == 409
    assert "This topic is locked" in response.content.decode()
    assert not Post.objects.exists()


def test_non_members_cannot_reply(client_for, question, outsider):
    response = client_for(outsider).post(
        reverse("discussions:reply", args=[question.pk]), {"body": "Hi"}
    )
    assert response.status_code == 403 and not Post.objects.exists()
    anonymous = client_for().post(reverse("discussions:reply", args=[question.pk]), {"body": "x"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_reply_to_a_post_of_another_topic_is_refused(client_for, question, community, member):
    other = topic_create(member, community, kind="idea", title="Other", body="x")
    foreign = post_create(member, other.pk, body="Elsewhere")
    response = client_for(member).post(
        reverse("discussions:reply", args=[question.pk]), {"body": "x", "reply_to": foreign.pk}
    )
    assert response.status_code == 400
    assert Post.objects.filter(topic=question).count() == 0


# --- answers and thanks -----------------------------------------------------------------------


def test_the_asker_marks_and_unmarks_the_answer(client_for, question, steward, member):
    post = post_create(steward, question.pk, body="Use a talking piece.")
    answer_url = reverse("discussions:answer", args=[question.pk])
    refused = client_for(steward).post(answer_url, {"post_id": post.pk})
    assert refused.status_code == 403
    response = client_for(member).post(answer_url, {"post_id": post.pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer_id == post.pk
    body = client_for().get(topic_url(question)).content.decode()
    assert "Go to the answer" in body and f"#post-{post.pk}" in body and "Accepted answer" in body

    client_for(member).post(answer_url, {"action": "unmark"})
    question.refresh_from_db()
    assert question.answer_id is None


def test_marking_a_missing_post_as_answer_is_a_clear_error(client_for, question, member):
    response = client_for(member).post(
        reverse("discussions:answer", args=[question.pk]), {"post_id": 999}
    )
    assert response.status_code == 400 and "Choose a reply" in response.content.decode()


def test_thanks_toggles_with_htmx_and_swaps_only_the_button(client_for, question, steward, member):
    post = post_create(steward, question.pk, body="Use a talking piece.")
    thanks_url = reverse("discussions:thanks", args=[post.pk])
    client = client_for(member)
    first = client.post(thanks_url, headers=HTMX)
    body = first.content.decode()
    assert first.status_code == 200 and "<html" not in body and "<article" not in body
    assert f'id="thanks-{post.pk}"' in body and "Thanked by Mo Member" in body
    assert 'aria-pressed="true"' in body
    assert Thanks.objects.filter(post=post, user=member).exists()

    second = client.post(thanks_url, headers=HTMX)
    assert 'aria-pressed="false"' in second.content.decode()
    assert not Thanks.objects.exists()
    post.refresh_from_db()
    assert post.thanks_count == 0


def test_thanks_without_javascript_redirects_back_to_the_post(
    client_for, question, steward, member
):
    post = post_create(steward, question.pk, body="Use a talking piece.")
    response = client_for(member).post(reverse("discussions:thanks", args=[post.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{topic_url(question)}#post-{post.pk}"
    assert Thanks.objects.filter(post=post, user=member).exists()


def test_thanking_ones_own_post_is_refused(client_for, question, steward):
    post = post_create(steward, question.pk, body="Mine")
    response = client_for(steward).post(reverse("discussions:thanks", args=[post.pk]))
    assert response.status_code == 400 and not Thanks.objects.exists()


def test_non_members_cannot_thank(client_for, question, steward, outsider):
    post = post_create(steward, question.pk, body="Use a talking piece.")
    response = client_for(outsider).post(reverse("discussions:thanks", args=[post.pk]))
    assert response.status_code == 403 and not Thanks.objects.exists()


# --- editing posts ----------------------------------------------------------------------------


def test_author_edits_a_post_and_others_cannot(client_for, question, steward, member):
    post = post_create(steward, question.pk, body="First try")
    edit_url = reverse("discussions:post_edit", args=[post.pk])
    response = client_for(steward).post(edit_url, {"body": "Second try"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Second try" and post.edited_at is not None

    assert client_for(member).get(edit_url).status_code == 302
    refused = client_for(member).post(edit_url, {"body": "Hijack"})
    assert refused.status_code == 403
    post.refresh_from_db()
    assert post.body == "Second try"


# --- moderation -------------------------------------------------------------------------------


def test_stewards_pin_lock_and_hide_with_a_reason(client_for, question, steward, member):
    moderate = reverse("discussions:topic_moderate", args=[question.pk])
    client = client_for(steward)
    client.post(moderate, {"action": "pin"})
    client.post(moderate, {"action": "lock"})
    no_reason = client.post(moderate, {"action": "hide"})
    assert (
        no_reason.status_code == 400 and "which part of the charter" in no_reason.content.decode()
    )
    client.post(moderate, {"action": "hide", "reason": "Off topic, rule 2"})
    question.refresh_from_db()
    assert question.is_pinned and question.is_locked and question.is_hidden
    assert AuditEntry.objects.filter(action="topic_hidden").exists()

    visitor = client_for(member).get(topic_url(question)).content.decode()
    assert "Off topic, rule 2" in visitor
    bogus = client.post(moderate, {"action": "explode"})
    assert bogus.status_code == 400


def test_members_cannot_moderate(client_for, question, member):
    response = client_for(member).post(
        reverse("discussions:topic_moderate", args=[question.pk]), {"action": "pin"}
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert not question.is_pinned


def test_hidden_post_shows_its_reason_instead_of_its_text(client_for, question, steward, member):
    post = post_create(member, question.pk, body="Something rude")
    moderate = reverse("discussions:post_moderate", args=[post.pk])
    refused = client_for(steward).post(moderate, {"action": "hide", "reason": ""})
    assert refused.status_code == 400
    client_for(steward).post(moderate, {"action": "hide", "reason": "Rule 1: be kind"})
    others = client_for().get(topic_url(question)).content.decode()
    assert "Rule 1: be kind" in others and "Something rude" not in others
    author = client_for(member).get(topic_url(question)).content.decode()
    assert "Something rude" in author
    client_for(steward).post(moderate, {"action": "unhide"})
    assert "Something rude" in client_for().get(topic_url(question)).content.decode()
