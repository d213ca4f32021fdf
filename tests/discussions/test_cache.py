"""The topic page, the community home's topic sections and the topic list API are kept
rendered in the cache (practica.core.cache). These tests show that every change reaches the
next page, and that what one viewer was shown is never shown to someone who may see less or
do otherwise."""

import re

from django.urls import reverse

from practica.accounts.services import profile_update
from practica.communities.services import community_join, community_leave
from practica.core.cache import CSRF_PLACEHOLDER
from practica.discussions.services import (
    post_create,
    post_edit,
    post_hide,
    post_thank,
    topic_create,
    topic_hide,
    topic_lock,
    topic_mark_answered,
)

from .conftest import queries_for


def topic_url(topic) -> str:
    return reverse("discussions:topic", args=[topic.pk])


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def post_html(body: str, post) -> str:
    """The article of one post on a topic page."""
    match = re.search(rf'<article class="post[^"]*" id="post-{post.pk}".*?</article>', body, re.S)
    assert match, f"post {post.pk} is not on the page"
    return match.group(0)


# --- a cached page is used ---------------------------------------------------------------------


def test_a_second_look_at_a_topic_page_is_served_from_the_cache(
    client_for, question, steward, member, make_user
):
    post_create(steward, question.pk, body="Try a round of one word each.")
    readers = [make_user(f"Reader {n}") for n in range(2)]
    for reader in readers:
        community_join(reader, question.community, acknowledge_charter=True)
    first = queries_for(client_for(readers[0]), topic_url(question))
    # Another member with the same role and no posts or thanks here shares the rendering.
    again = queries_for(client_for(readers[1]), topic_url(question))
    assert again < first - 3


# --- every change reaches the next page ----------------------------------------------------------


def test_a_reply_shows_on_the_next_view(client_for, question, steward, member):
    client = client_for(member)
    assert "Try a round" not in page(client, topic_url(question))
    post_create(steward, question.pk, body="Try a round of one word each.")
    assert "Try a round" in page(client, topic_url(question))


def test_a_reply_posted_through_the_page_shows_at_once(client_for, question, steward):
    client = client_for(steward)
    page(client, topic_url(question))
    response = client.post(
        reverse("discussions:reply", args=[question.pk]), {"body": "Posted **here**."}
    )
    assert response.status_code == 302
    assert "<strong>here</strong>" in page(client, topic_url(question))


def test_thanks_show_on_the_next_view_for_everyone(
    client_for, question, steward, member, make_user
):
    post = post_create(steward, question.pk, body="Try a round.")
    reader = make_user("Rae Reader")
    community_join(reader, question.community, acknowledge_charter=True)
    thanker, watcher = client_for(member), client_for(reader)
    assert "Thanked by" not in post_html(page(watcher, topic_url(question)), post)
    page(thanker, topic_url(question))

    post_thank(member, post.pk)

    mine = post_html(page(thanker, topic_url(question)), post)
    theirs = post_html(page(watcher, topic_url(question)), post)
    assert 'aria-pressed="true"' in mine and "Thanked by Mo Member" in mine
    # The reader sees the count and the names, but not the thanker's pressed button.
    assert 'aria-pressed="false"' in theirs and "Thanked by Mo Member" in theirs


def test_an_edit_shows_on_the_next_view(client_for, question, steward, member):
    post = post_create(steward, question.pk, body="First thought.")
    client = client_for(member)
    assert "First thought." in page(client, topic_url(question))
    post_edit(steward, post.pk, body="Second thought.")
    body = page(client, topic_url(question))
    assert "Second thought." in body and "First thought." not in body


def test_a_hidden_post_shows_its_reason_to_members_and_its_text_to_its_author(
    client_for, question, steward, member, make_user
):
    writer = make_user("Wren Writer")
    community_join(writer, question.community, acknowledge_charter=True)
    post = post_create(writer, question.pk, body="Something off-charter.")
    author, reader = client_for(writer), client_for(member)
    assert "Something off-charter." in page(reader, topic_url(question))
    page(author, topic_url(question))

    post_hide(steward, post.pk, reason="Breaks rule 2")

    seen = post_html(page(reader, topic_url(question)), post)
    assert "Breaks rule 2" in seen and "Something off-charter." not in seen
    own = post_html(page(author, topic_url(question)), post)
    assert "Breaks rule 2" in own and "Something off-charter." in own


def test_a_rename_shows_on_the_topic_page_and_the_home_page(client_for, question, steward, member):
    post_create(steward, question.pk, body="Try a round.")
    client = client_for(member)
    home = reverse("communities:home", args=[question.community.slug])
    assert "Stella Steward" in page(client, topic_url(question))
    assert "Stella Steward" in page(client, home)

    profile_update(steward, steward.profile, display_name="Stella Rivera")

    for url in (topic_url(question), home):
        body = page(client, url)
        assert "Stella Rivera" in body and "Stella Steward" not in body


def test_locking_removes_the_reply_tools_on_the_next_view(client_for, question, steward, member):
    post_create(steward, question.pk, body="Try a round.")
    client = client_for(member)
    assert "Reply to this" in page(client, topic_url(question))
    topic_lock(steward, question.pk)
    body = page(client, topic_url(question))
    assert "Reply to this" not in body and 'id="reply-form"' not in body


def test_an_accepted_answer_shows_on_the_next_view(client_for, question, steward, member):
    post = post_create(steward, question.pk, body="Try a round.")
    client = client_for(steward)
    assert "Accepted answer" not in page(client, topic_url(question))
    topic_mark_answered(member, question.pk, post.pk)
    assert "Accepted answer" in post_html(page(client, topic_url(question)), post)


def test_leaving_takes_the_member_tools_away_on_the_next_view(
    client_for, question, steward, member, make_user
):
    leaver = make_user("Lee Leaver")
    community_join(leaver, question.community, acknowledge_charter=True)
    post_create(steward, question.pk, body="Try a round.")
    client = client_for(leaver)
    assert "Reply to this" in page(client, topic_url(question))
    community_leave(leaver, question.community)
    body = page(client, topic_url(question))
    assert "Reply to this" not in body and "thanks-button" not in body


# --- never across what a viewer may see or do -------------------------------------------------


def test_steward_tools_rendered_for_a_steward_are_never_shown_to_a_member(
    client_for, question, steward, member
):
    post_create(steward, question.pk, body="Try a round.")
    steward_view = page(client_for(steward), topic_url(question))
    assert "Steward tools" in steward_view and "Moderate" in steward_view
    member_view = page(client_for(member), topic_url(question))
    assert "Steward tools" not in member_view and "post-moderation" not in member_view


def test_a_hidden_post_read_by_a_steward_stays_hidden_from_members(
    client_for, question, steward, member
):
    post = post_create(steward, question.pk, body="Sensitive detail.")
    post_hide(steward, post.pk, reason="Personal data")
    assert "Sensitive detail." in page(client_for(steward), topic_url(question))
    assert "Sensitive detail." not in page(client_for(member), topic_url(question))
    assert "Sensitive detail." not in page(client_for(), topic_url(question))


def test_the_authors_edit_link_is_not_shown_to_other_members(
    client_for, question, steward, member, make_user
):
    post = post_create(steward, question.pk, body="Try a round.")
    edit = reverse("discussions:post_edit", args=[post.pk])
    assert edit in page(client_for(steward), topic_url(question))
    other = make_user("Olu Other")
    community_join(other, question.community, acknowledge_charter=True)
    assert edit not in page(client_for(other), topic_url(question))


def test_only_the_asker_gets_the_mark_as_answer_buttons(
    client_for, question, steward, member, make_user
):
    post_create(steward, question.pk, body="Try a round.")
    assert "Mark as answer" in page(client_for(member), topic_url(question))
    other = make_user("Olu Other")
    community_join(other, question.community, acknowledge_charter=True)
    assert "Mark as answer" not in page(client_for(other), topic_url(question))


def test_visitors_and_outsiders_never_get_member_forms(
    client_for, question, steward, member, outsider
):
    post_create(steward, question.pk, body="Try a round.")
    page(client_for(member), topic_url(question))
    for client in (client_for(), client_for(outsider)):
        body = page(client, topic_url(question))
        assert "thanks-button" not in body and 'id="reply-form"' not in body


def test_each_viewer_gets_their_own_csrf_token_in_a_shared_rendering(
    client_for, question, steward, member, make_user
):
    post_create(steward, question.pk, body="Try a round.")
    other = make_user("Olu Other")
    community_join(other, question.community, acknowledge_charter=True)
    tokens = []
    for user in (member, other):
        client = client_for(user)
        body = page(client, topic_url(question))
        assert CSRF_PLACEHOLDER not in body
        found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body))
        assert found, "the page has forms"
        tokens.append((client, found))
    (first, first_tokens), (second, second_tokens) = tokens
    assert not first_tokens & second_tokens
    # The token in the shared rendering works for the second viewer.
    strict = client_for(other)
    strict.cookies = second.cookies
    strict.handler.enforce_csrf_checks = True
    response = strict.post(
        reverse("discussions:reply", args=[question.pk]),
        {"body": "Agreed.", "csrfmiddlewaretoken": next(iter(second_tokens))},
    )
    assert response.status_code == 302


# --- the home page's topic sections and the topic list API --------------------------------------


def test_a_new_topic_shows_on_the_home_page(client_for, community, member):
    client = client_for(member)
    home = reverse("communities:home", args=[community.slug])
    assert "Sharing circles" not in page(client, home)
    topic_create(member, community, kind="discussion", title="Sharing circles", body="x")
    assert "Sharing circles" in page(client, home)


def test_a_hidden_topic_listed_for_a_steward_is_not_listed_for_members(
    client_for, community, steward, member, api_for
):
    topic = topic_create(member, community, kind="discussion", title="Off topic", body="x")
    topic_hide(steward, topic.pk, reason="Spam")
    home = reverse("communities:home", args=[community.slug])
    api = f"/communities/{community.slug}/topics"
    assert "Off topic" in page(client_for(steward), home)
    status, listed = api_for(steward).get(api)
    assert status == 200 and [t["title"] for t in listed["items"]] == ["Off topic"]

    assert "Off topic" not in page(client_for(member), home)
    status, listed = api_for(member).get(api)
    assert status == 200 and listed["items"] == [] and listed["total"] == 0


def test_the_topic_list_api_shows_a_new_topic_and_a_rename(api_for, community, member):
    api = api_for(member)
    path = f"/communities/{community.slug}/topics"
    assert api.get(path)[1]["total"] == 0
    topic_create(member, community, kind="idea", title="A shared calendar", body="x")
    status, listed = api.get(path)
    assert status == 200 and listed["total"] == 1
    assert listed["items"][0]["author"]["display_name"] == "Mo Member"
    profile_update(member, member.profile, display_name="Mo Okafor")
    assert api.get(path)[1]["items"][0]["author"]["display_name"] == "Mo Okafor"
