"""The personal contribution summary: numbers computed independently here, only about the
viewer, only for communities they may still see, per year; its page and API."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practica.communities.services import community_join, community_leave
from practica.discussions.models import Post, Thanks, Topic
from practica.discussions.services import (
    post_create,
    post_hide,
    post_thank,
    topic_create,
    topic_mark_answered,
)
from practica.health.summary import contribution_summary
from practica.knowledge.services import article_create, article_edit, article_endorse
from practica.stewardship.models import AppreciationNote
from practica.stewardship.services.appreciation import appreciation_create
from practica.stewardship.services.time_entries import time_entry_create


@pytest.fixture
def world(community, private_community, steward, member, make_user):
    """``member`` gives and receives in ``community`` (public) this year, a little last year,
    and in ``private_community``, which they then leave."""
    other = make_user("Ola Other")
    community_join(other, community, acknowledge_charter=True)
    today = timezone.localdate()
    yesterday = max(today - timedelta(days=1), date(today.year, 1, 1))  # this year's
    time_entry_create(member, community, day=yesterday, hours="2.5", kind="planning")
    time_entry_create(member, community, day=yesterday, hours="1", kind="mentoring")
    time_entry_create(other, community, day=yesterday, hours="7", kind="planning")  # not mine
    # Given: 2 topics (one a question), replies, an accepted answer, an article and an edit.
    question = topic_create(member, community, kind="question", title="Q?", body="?")
    topic_create(member, community, kind="idea", title="Idea", body="!")
    their_q = topic_create(other, community, kind="question", title="Their Q", body="?")
    answer = post_create(member, their_q.pk, body="My answer")
    post_create(member, their_q.pk, body="A second reply")
    hidden = post_create(member, their_q.pk, body="Off topic")
    post_hide(steward, hidden.pk, reason="Off topic")  # hidden: not counted
    topic_mark_answered(other, their_q.pk, answer.pk)
    article = article_create(
        member, community, kind="guide", title="Guide", body="x", status="published"
    )
    article_edit(member, article.pk, body="y")
    article_edit(other, article.pk, body="z")  # others' edits are theirs
    appreciation_create(member, community, recipient=other, body="Thanks Ola")
    # Came back: thanks on my answer (2), an endorsement, answers to my question (2, one mine
    # which does not count), an appreciation note.
    post_thank(other, answer.pk)
    post_thank(steward, answer.pk)
    article_endorse(other, article.pk)
    post_create(other, question.pk, body="Try this")
    post_create(steward, question.pk, body="Or this")
    post_create(member, question.pk, body="Thanks both")
    appreciation_create(other, community, recipient=member, body="Thanks Mo")
    # Last year: one old topic.
    old = topic_create(member, community, kind="idea", title="Old", body="x")
    last_year = datetime(timezone.now().year - 1, 6, 1, tzinfo=UTC)
    Topic.objects.filter(pk=old.pk).update(created_at=last_year)
    # A private community the member then leaves: none of it may show.
    topic_create(member, private_community, kind="idea", title="Secret", body="x")
    appreciation_create(steward, private_community, recipient=member, body="Secret thanks")
    community_leave(member, private_community)
    return {"other": other, "question": question, "answer": answer}


def test_numbers_match_what_was_done(world, community, member):
    summary = contribution_summary(member)
    assert summary["year"] == timezone.localdate().year
    assert [row["community"].pk for row in summary["communities"]] == [community.pk]
    row = summary["communities"][0]
    assert row["given"] == {
        "hours": Decimal("3.5"),
        "topics_started": 2,
        "replies": 3,  # two answers to their question + "Thanks both" (hidden one left out)
        "accepted_answers": 1,
        "articles_written": 1,
        "article_edits": 1,
        "appreciation_written": 1,
    }
    assert row["received"] == {
        "thanks": 2,
        "endorsements": 1,
        "answers_received": 2,
        "appreciation_received": 1,
    }
    assert {k["kind"]: k["hours"] for k in row["hours_by_kind"]} == {
        "planning": Decimal("2.5"),
        "mentoring": Decimal("1"),
    }
    assert summary["totals"]["given"]["hours"] == Decimal("3.5")


def test_the_summary_is_only_about_the_viewer(world, community):
    other = world["other"]
    row = contribution_summary(other)["communities"][0]
    assert row["given"]["hours"] == Decimal("7")
    assert row["given"]["topics_started"] == 1
    assert row["received"]["appreciation_received"] == 1  # Mo's note, not Ola's own
    assert row["received"]["thanks"] == 0


def test_another_year_and_bad_years(world, member):
    from practica.core.errors import InvalidInput

    member.date_joined = member.date_joined.replace(year=member.date_joined.year - 1)
    member.save()
    last = contribution_summary(member, timezone.localdate().year - 1)
    assert last["communities"][0]["given"]["topics_started"] == 1
    assert last["communities"][0]["given"]["replies"] == 0
    for junk in ("abc", 1999, 99999, "1e309"):
        with pytest.raises(InvalidInput):
            contribution_summary(member, junk)


def test_the_page_and_its_text(world, client_for, member, community, private_community):
    client = client_for(member)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/me/contributions/")
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 25
    body = response.content.decode()
    assert community.name in body and private_community.name not in body
    assert "Secret" not in body
    text = client.get("/me/contributions/?format=text")
    assert text["Content-Type"].startswith("text/plain")
    assert "Replies: 3" in text.content.decode()
    assert client.get("/me/contributions/?year=abc").status_code == 400
    anonymous = client_for(None).get("/me/contributions/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_api(world, api_for, member, community):
    status, body = api_for(member).get("/me/contribution-summary")
    assert status == 200
    (row,) = body["communities"]
    assert row["slug"] == community.slug
    assert row["given"]["hours"] == "3.50" and row["received"]["thanks"] == 2
    assert api_for(member).get("/me/contribution-summary?year=1")[0] == 400
    assert api_for(None).get("/me/contribution-summary")[0] == 401
    # Nothing in the API lets anyone ask for another person's summary.
    assert api_for(member).get(f"/me/contribution-summary?user={world['other'].pk}")[1] == body


def test_the_counts_do_not_depend_on_rows_already_gone(world, member):
    """Deleting notes and thanks removes them from the summary (no stale copies)."""
    AppreciationNote.objects.all().delete()
    Thanks.objects.all().delete()
    row = contribution_summary(member)["communities"][0]
    assert row["received"]["thanks"] == 0 and row["received"]["appreciation_received"] == 0
    assert Post.objects.filter(author=member).count() == 4
