"""No page, API answer, notification, feed or export shows an individual's check-in answer to
anyone but its author — stewards included. Stories appear only as their authors chose."""

import io
import json
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from practica.knowledge.archive import archive_export

from .helpers import add_members, answer, open_round

PRIVATE_STORY = "Private-story-kiwi-4471"
PRIVATE_CHANGE = "Private-change-mango-9922"
ANON_STORY = "Anonymous-story-plum-3318"
ODD_CAPACITY = 737  # given by one person only: a total over one person is that person's


@pytest.fixture
def checked_in(community, steward, member, make_user, django_capture_on_commit_callbacks):
    # Five answers in all: enough for the results to show.
    private_author, anon_author, *others = add_members(make_user, community, 4)
    with django_capture_on_commit_callbacks(execute=True):
        round = open_round(steward, community)
    answer(
        private_author,
        round,
        1,
        story=PRIVATE_STORY,
        should_change=PRIVATE_CHANGE,
        capacity_hours=ODD_CAPACITY,
        sharing="private",
    )
    answer(anon_author, round, 5, story=ANON_STORY, sharing="anonymous")
    answer(member, round, 3)
    for person in others:
        answer(person, round, 4)
    return {"round": round, "private_author": private_author, "anon_author": anon_author}


def _pages(community, round):
    slug = community.slug
    return [
        reverse("reflection:rounds", args=[slug]),
        reverse("reflection:round", args=[slug, round.pk]),
        reverse("reflection:retrospective", args=[slug, round.pk]),
        reverse("communities:home", args=[slug]),
        reverse("communities:audit", args=[slug]),
        reverse("communities:members", args=[slug]),
        reverse("health:page", args=[slug]),
        "/notifications/",
        "/",
    ]


def _api(community, round):
    return [
        f"/communities/{community.slug}/reflections",
        f"/reflections/{round.pk}",
        f"/reflections/{round.pk}/answers",
        "/notifications",
        f"/communities/{community.slug}/audit",
    ]


def _assert_private(text: str, where: str, *, anon_name: str | None = None):
    for secret in (
        PRIVATE_STORY,
        PRIVATE_CHANGE,
        f"{ODD_CAPACITY} hour",
        f": {ODD_CAPACITY}",  # as a number in JSON
    ):
        assert secret not in text, f"{where} shows a private answer ({secret})"
    if anon_name and ANON_STORY in text:
        assert anon_name not in text, f"{where} names the author of an anonymous story"


@pytest.mark.parametrize("closed", [False, True])
def test_nobody_else_sees_an_answer_on_any_page_or_api(
    community, steward, member, checked_in, client_for, api_for, closed
):
    round = checked_in["round"]
    if closed:
        client_for(steward).post(reverse("reflection:close", args=[community.slug, round.pk]))
    for viewer in (steward, member, checked_in["anon_author"]):
        client = client_for(viewer)
        for path in _pages(community, round) + [
            f"/accounts/people/{checked_in['private_author'].pk}/"
        ]:
            response = client.get(path)
            assert response.status_code == 200, path
            _assert_private(
                response.content.decode(),
                f"{viewer} GET {path}",
                anon_name=checked_in["anon_author"].display_name
                if viewer != checked_in["anon_author"]
                else None,
            )
        for path in _api(community, round):
            status, body = api_for(viewer).get(path)
            text = json.dumps(body)
            _assert_private(
                text,
                f"{viewer} API {path}",
                anon_name=checked_in["anon_author"].display_name
                if viewer != checked_in["anon_author"]
                else None,
            )
    # The author alone sees their own answer.
    own = client_for(checked_in["private_author"]).get(
        reverse("reflection:round", args=[community.slug, round.pk])
    )
    assert PRIVATE_STORY in own.content.decode()
    status, body = api_for(checked_in["private_author"]).get(f"/reflections/{round.pk}/answers")
    assert status == 200 and body["story"] == PRIVATE_STORY


def test_the_anonymous_story_is_shared_without_its_author(
    community, steward, checked_in, client_for
):
    round = checked_in["round"]
    client = client_for(steward)
    client.post(reverse("reflection:close", args=[community.slug, round.pk]))
    page = client.get(
        reverse("reflection:retrospective", args=[community.slug, round.pk])
    ).content.decode()
    assert ANON_STORY in page
    assert checked_in["anon_author"].display_name not in page


def test_notifications_and_mail_carry_no_answer(community, steward, checked_in):
    from practica.communities.models import Notification
    from practica.reflection.services import checkin_remind

    checkin_remind(checked_in["round"].pk)
    texts = [n.text + n.url for n in Notification.objects.all()]
    texts += [m.subject + m.body for m in mail.outbox]
    assert texts
    for text in texts:
        _assert_private(text, "a notification or mail", anon_name=None)
        assert ANON_STORY not in text


def test_the_activity_stream_records_the_round_not_the_answer(community, checked_in):
    from django.contrib.contenttypes.models import ContentType

    from practica.communities.models import Activity
    from practica.reflection.models import CheckInAnswer

    answer_type = ContentType.objects.get_for_model(CheckInAnswer)
    assert not Activity.objects.filter(target_type=answer_type).exists()
    assert Activity.objects.filter(verb="checked_in").count() == 5


def test_the_community_archive_holds_no_answer(community, steward, checked_in):
    buffer = io.BytesIO()
    archive_export(steward, community, buffer)
    with zipfile.ZipFile(buffer) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "replace")
            for secret in (PRIVATE_STORY, PRIVATE_CHANGE, ANON_STORY):
                assert secret not in text, f"the archive's {name} holds an answer"
