"""The appreciation wall, its form and actions, and the profile section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practica.communities.models import AuditEntry, Notification
from practica.discussions.services import post_create, topic_create
from practica.stewardship.models import AppreciationNote
from practica.stewardship.services.appreciation import (
    appreciation_create,
    appreciation_set_on_profile,
)


def wall(community):
    return f"/c/{community.slug}/appreciation/"


def test_members_write_a_note_through_the_form(client_for, community, steward, member):
    topic = topic_create(steward, community, kind="question", title="Where?", body="Q")
    post = post_create(steward, topic.pk, body="Here")
    client = client_for(member)
    page = client.get(wall(community))
    assert page.status_code == 200
    assert f'<option value="{steward.pk}">Stella Steward</option>' in page.content.decode()
    response = client.post(
        wall(community),
        {
            "recipient": steward.pk,
            "body": "You _answered_ fast",
            "target": f"/t/{topic.pk}/?post={post.pk}",
        },
    )
    assert response.status_code == 302
    note = AppreciationNote.objects.get()
    assert (note.recipient, note.target_id) == (steward, post.pk)
    body = client.get(wall(community)).content.decode()
    assert "<em>answered</em>" in body and "a reply in “Where?”" in body
    assert Notification.objects.filter(recipient=steward, kind="appreciation").count() == 1


def test_bad_input_re_shows_the_form_and_stores_nothing(client_for, community, steward, member):
    client = client_for(member)
    for data in (
        {"recipient": member.pk, "body": "Me"},
        {"recipient": steward.pk, "body": ""},
        {"recipient": steward.pk, "body": "Hi", "target": "https://example.org/nothing"},
        {"recipient": "junk", "body": "Hi"},
    ):
        response = client.post(wall(community), data)
        assert response.status_code == 400, data
        assert 'class="errorlist' in response.content.decode()
    assert not AppreciationNote.objects.exists()


def test_outsiders_get_404_for_a_private_wall_and_403_for_a_public_one(
    client_for, community, private_community, outsider
):
    assert client_for(outsider).get(wall(private_community)).status_code == 404
    assert client_for(None).get(wall(private_community)).status_code == 404
    assert client_for(outsider).get(wall(community)).status_code == 403
    anonymous = client_for(None).get(wall(community))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    response = client_for(outsider).post(wall(community), {"recipient": 1, "body": "x"})
    assert response.status_code == 403
    assert not AppreciationNote.objects.exists()


def test_the_recipient_shows_the_note_on_their_profile(client_for, community, steward, member):
    note = appreciation_create(member, community, recipient=steward, body="Steady hands")
    profile = f"/accounts/people/{steward.pk}/"
    assert "Steady hands" not in client_for(None).get(profile).content.decode()
    manage = f"/c/{community.slug}/appreciation/manage/"
    # Someone else cannot choose for the recipient.
    assert client_for(member).post(manage, {"action": "show", "note": note.pk}).status_code == 403
    response = client_for(steward).post(manage, {"action": "show", "note": note.pk})
    assert response.status_code == 302
    assert "Steady hands" in client_for(None).get(profile).content.decode()
    client_for(steward).post(manage, {"action": "unshow", "note": note.pk})
    assert "Steady hands" not in client_for(None).get(profile).content.decode()


def test_a_steward_removes_a_note_with_a_reason(client_for, community, steward, member, make_user):
    from practica.communities.services import community_join

    third = make_user("Tia Third")
    community_join(third, community, acknowledge_charter=True)
    note = appreciation_create(member, community, recipient=third, body="Rude words")
    manage = f"/c/{community.slug}/appreciation/manage/"
    refused = client_for(steward).post(manage, {"action": "delete", "note": note.pk})
    assert refused.status_code == 400
    ok = client_for(steward).post(manage, {"action": "delete", "note": note.pk, "reason": "Kind"})
    assert ok.status_code == 302
    assert not AppreciationNote.objects.exists()
    assert AuditEntry.objects.filter(action="appreciation_removed").count() == 1


def test_the_wall_runs_a_bounded_number_of_queries(client_for, community, steward, member):
    client = client_for(member)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(wall(community)).status_code == 200
        return len(ctx.captured_queries)

    topic = topic_create(steward, community, kind="idea", title="Idea", body="x")
    appreciation_create(
        member, community, recipient=steward, body="One", target_kind="topic", target_id=topic.pk
    )
    few = count()
    for i in range(12):
        t = topic_create(steward, community, kind="idea", title=f"Idea {i}", body="x")
        note = appreciation_create(
            member, community, recipient=steward, body=f"N{i}", target_kind="topic", target_id=t.pk
        )
        appreciation_set_on_profile(steward, note.pk, True)
    assert count() <= few


@pytest.mark.parametrize("who", ["steward", "member"])
def test_own_profile_points_at_the_summary(client_for, community, steward, member, who):
    person = {"steward": steward, "member": member}[who]
    body = client_for(person).get(f"/accounts/people/{person.pk}/").content.decode()
    assert "/me/contributions/" in body
