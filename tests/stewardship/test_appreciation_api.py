"""API for appreciation notes: same rules as the pages."""

from practica.communities.models import Notification
from practica.discussions.services import topic_create
from practica.stewardship.models import AppreciationNote
from practica.stewardship.services.appreciation import appreciation_create


def test_write_list_show_and_delete(api_for, community, steward, member):
    topic = topic_create(steward, community, kind="idea", title="Plan", body="x")
    api = api_for(member)
    status, body = api.post(
        f"/communities/{community.slug}/appreciations",
        {"recipient_id": steward.pk, "body": "Great plan", "target": f"/t/{topic.pk}/"},
    )
    assert status == 201, body
    assert body["target"] == {
        "kind": "topic",
        "id": topic.pk,
        "title": "“Plan”",
        "url": f"/t/{topic.pk}/",
    }
    assert body["recipient"]["display_name"] == "Stella Steward"
    assert Notification.objects.filter(recipient=steward, kind="appreciation").exists()
    status, page = api.get(f"/communities/{community.slug}/appreciations")
    assert status == 200 and page["total"] == 1
    note_id = body["id"]
    assert api.patch(f"/appreciations/{note_id}", {"on_profile": True})[0] == 403
    status, shown = api_for(steward).patch(f"/appreciations/{note_id}", {"on_profile": True})
    assert status == 200 and shown["on_profile"] is True
    assert api_for(steward).delete(f"/appreciations/{note_id}")[0] == 400  # no reason given
    assert api.delete(f"/appreciations/{note_id}")[0] == 204
    assert not AppreciationNote.objects.exists()


def test_outsiders_and_bad_input(api_for, community, private_community, steward, member, outsider):
    note = appreciation_create(member, private_community, recipient=steward, body="Hush")
    out = api_for(outsider)
    assert out.get(f"/communities/{private_community.slug}/appreciations")[0] == 404
    assert out.patch(f"/appreciations/{note.pk}", {"on_profile": True})[0] == 404
    assert out.delete(f"/appreciations/{note.pk}")[0] == 404
    assert out.get(f"/communities/{community.slug}/appreciations")[0] == 403
    status, _ = out.post(
        f"/communities/{community.slug}/appreciations", {"recipient_id": steward.pk, "body": "x"}
    )
    assert status == 403
    api = api_for(member)
    status, body = api.post(
        f"/communities/{community.slug}/appreciations",
        {"recipient_id": member.pk, "body": "Me"},
    )
    assert status == 400 and "someone else" in body["detail"]
    status, body = api.post(
        f"/communities/{community.slug}/appreciations",
        {"recipient_id": steward.pk, "body": "x", "target_kind": "topic", "target_id": 10**12},
    )
    assert status == 400
    assert AppreciationNote.objects.count() == 1
