"""A concluded community is a read-only record: every write is refused (409) before anything
is stored — through services, the API and pages — while reading, searching, leaving, stepping
down and exporting go on. A steward can reopen it."""

import pytest

from practica.communities.models import (
    Activity,
    AuditEntry,
    CharterProposal,
    Community,
    Membership,
    Notification,
)
from practica.communities.services import (
    charter_propose,
    charter_respond,
    charter_withdraw,
    community_conclude,
    community_join,
    community_leave,
    community_reopen,
    community_update,
    goal_create,
    goal_update,
    invitation_accept,
    invitation_create,
    membership_approve,
    membership_decline,
    steward_appoint,
    steward_step_down,
)
from practica.core.errors import Conflict, InvalidInput, NotAllowed
from practica.discussions import services as talk
from practica.knowledge.archive import archive_export_system
from tests.test_form_fuzz import stored_rows

pytestmark = pytest.mark.django_db

NOTE = "It became the **Regional Health Network**."


@pytest.fixture
def world(community, steward, member, make_user):
    """A community with something of everything, concluded by its steward."""
    other = make_user("Ola Other")
    applicant = make_user("Ari Applicant")
    community_join(other, community, acknowledge_charter=True)
    community.join_policy = "approval"
    community.save()
    community_join(applicant, community, acknowledge_charter=True, message="Hi")
    topic = talk.topic_create(member, community, kind="question", title="Why?", body="Tell me.")
    steward_post = talk.post_create(steward, topic.pk, body="Because.")
    member_post = talk.post_create(member, topic.pk, body="Thanks!")
    talk.post_thank(member, steward_post.pk)
    goal = goal_create(member, community, title="Map the field")
    proposal = charter_propose(member, community, body="Be kinder.")
    invitation = invitation_create(steward, community, "guest@example.org")
    community_conclude(steward, community, note=NOTE)
    return {
        "other": other,
        "applicant": applicant,
        "topic": topic,
        "steward_post": steward_post,
        "member_post": member_post,
        "goal": goal,
        "proposal": proposal,
        "invitation": invitation,
        "pending": Membership.objects.get(user=applicant, community=community),
    }


def test_concluding_records_notes_and_tells_members(world, community, steward, member):
    community.refresh_from_db()
    assert community.is_concluded
    assert "<strong>Regional Health Network</strong>" in community.concluded_note_html
    entry = AuditEntry.objects.filter(community=community, action="concluded").get()
    assert entry.actor == steward and "Regional Health Network" in entry.summary
    told = Notification.objects.filter(community=community, kind="community_concluded")
    assert set(told.values_list("recipient", flat=True)) == {member.pk, world["other"].pk}
    # The open proposal can no longer gather responses: it was withdrawn, not left hanging.
    world["proposal"].refresh_from_db()
    assert world["proposal"].status == "withdrawn" and world["proposal"].decided_at


def test_only_a_steward_concludes_and_a_note_is_required(community, steward, member):
    with pytest.raises(NotAllowed):
        community_conclude(member, community, note="Done")
    with pytest.raises(InvalidInput) as refused:
        community_conclude(steward, community, note="   ")
    assert refused.value.field == "note"
    community.refresh_from_db()
    assert not community.is_concluded
    community_conclude(steward, community, note="Done")
    with pytest.raises(Conflict):
        community_conclude(steward, community, note="Again")


def _writes(world, community, steward, member):
    """Every kind of write, as (label, call) pairs."""
    from practica.knowledge.services import article_create

    topic, sp, mp = world["topic"], world["steward_post"], world["member_post"]
    return [
        ("topic", lambda: talk.topic_create(member, community, kind="idea", title="T", body="B")),
        ("topic edit", lambda: talk.topic_edit(member, topic.pk, title="Why not?")),
        ("reply", lambda: talk.post_create(steward, topic.pk, body="More")),
        ("post edit", lambda: talk.post_edit(member, mp.pk, body="Edited")),
        ("thanks", lambda: talk.post_thank(steward, mp.pk)),
        ("unthank", lambda: talk.post_unthank(member, sp.pk)),
        ("answer", lambda: talk.topic_mark_answered(member, topic.pk, sp.pk)),
        ("unanswer", lambda: talk.topic_unmark_answered(member, topic.pk)),
        ("pin", lambda: talk.topic_pin(steward, topic.pk)),
        ("lock", lambda: talk.topic_lock(steward, topic.pk)),
        ("hide topic", lambda: talk.topic_hide(steward, topic.pk, reason="Rule 1")),
        ("hide post", lambda: talk.post_hide(steward, mp.pk, reason="Rule 1")),
        ("propose", lambda: charter_propose(member, community, body="Be kindest.")),
        ("respond", lambda: charter_respond(steward, world["proposal"].pk, position="consent")),
        ("withdraw", lambda: charter_withdraw(member, world["proposal"].pk)),
        ("goal", lambda: goal_create(member, community, title="Another")),
        ("goal edit", lambda: goal_update(member, world["goal"].pk, status="achieved")),
        ("settings", lambda: community_update(steward, community, name="Renamed")),
        ("join", lambda: community_join(world["applicant"], community, acknowledge_charter=True)),
        ("invite", lambda: invitation_create(member, community, "friend@example.org")),
        ("accept", lambda: invitation_accept(world["applicant"], world["invitation"].token)),
        ("approve", lambda: membership_approve(steward, community, world["pending"].pk)),
        ("decline", lambda: membership_decline(steward, community, world["pending"].pk)),
        ("appoint", lambda: steward_appoint(steward, community, member.pk)),
        (
            "article",
            lambda: article_create(member, community, kind="guide", title="G", body="B"),
        ),
    ]


def test_every_write_is_refused_and_nothing_is_stored(world, community, steward, member):
    from django.core import mail

    before = stored_rows()
    sent = len(mail.outbox)
    for label, call in _writes(world, community, steward, member):
        with pytest.raises(Conflict) as refused:
            call()
        assert "concluded" in refused.value.message, label
        assert stored_rows() == before, f"{label} stored something"
    assert len(mail.outbox) == sent  # no invitation went out


def test_a_refusal_comes_before_any_write_even_outside_a_transaction(world, community, member):
    """The refusal is raised before anything else happens, not by the activity stream."""
    from unittest import mock

    with mock.patch("practica.discussions.services.render_markdown") as render:
        with pytest.raises(Conflict):
            talk.post_create(member, world["topic"].pk, body="Late")
    render.assert_not_called()


def test_leaving_and_stepping_down_stay_possible(world, community, steward, member, make_user):
    community_leave(world["other"], community)
    assert not Membership.objects.get(user=world["other"], community=community).is_active
    second = make_user("Sam Second")
    Membership.objects.create(user=second, community=community, role="steward")
    steward_step_down(steward, community)
    assert Membership.objects.get(user=steward, community=community).role == "member"


def test_a_concluded_community_stays_readable_and_exportable(world, community, member, tmp_path):
    from practica.discussions.queries import topics_for_viewer

    page = topics_for_viewer(member, community)
    assert [t.title for t in page.items] == ["Why?"]
    stats = archive_export_system(community, tmp_path / "a.zip")
    assert stats.topics == 1
    assert Activity.objects.filter(community=community, verb="exported").exists()


def test_the_charter_page_settles_nothing_in_a_concluded_community(
    world, community, member, client_for
):
    from datetime import timedelta

    from django.utils import timezone

    # A proposal whose window has ended (as if it had been left open).
    late = CharterProposal.objects.create(
        community=community,
        body="Late",
        proposed_by=member,
        review_ends_at=timezone.now() - timedelta(days=1),
    )
    response = client_for(member).get(f"/c/{community.slug}/charter/")
    assert response.status_code == 200
    page = client_for(member).get(f"/c/{community.slug}/charter/proposals/{late.pk}/")
    assert page.status_code == 200
    late.refresh_from_db()
    assert late.status == "open"


def test_reopening_brings_writes_back(world, community, steward, member):
    with pytest.raises(NotAllowed):
        community_reopen(member, community)
    community_reopen(steward, community)
    community.refresh_from_db()
    assert not community.is_concluded and community.concluded_note == ""
    assert AuditEntry.objects.filter(community=community, action="reopened").exists()
    assert Notification.objects.filter(kind="community_reopened", recipient=member).exists()
    talk.post_create(member, world["topic"].pk, body="We are back")
    with pytest.raises(Conflict):
        community_reopen(steward, community)


# --- the API -------------------------------------------------------------------------------------


def test_the_api_answers_409_and_stores_nothing(world, community, steward, member, api_for):
    api, steward_api = api_for(member), api_for(steward)
    applicant_api = api_for(world["applicant"])
    before = stored_rows()
    topic = world["topic"]
    calls = [
        (
            "post",
            f"/communities/{community.slug}/topics",
            {"kind": "idea", "title": "T", "body": "B"},
        ),
        ("post", f"/topics/{topic.pk}/posts", {"body": "More"}),
        ("patch", f"/topics/{topic.pk}", {"title": "Changed"}),
        ("post", f"/posts/{world['steward_post'].pk}/thanks", None),
        ("post", f"/communities/{community.slug}/goals", {"title": "Another"}),
        ("patch", f"/goals/{world['goal'].pk}", {"status": "achieved"}),
        ("post", f"/communities/{community.slug}/charter/proposals", {"body": "New"}),
        ("post", f"/communities/{community.slug}/invitations", {"email": "x@example.org"}),
        (
            "post",
            f"/communities/{community.slug}/articles",
            {"kind": "guide", "title": "G", "body": "B"},
        ),
    ]
    for method, path, payload in calls:
        status, body = getattr(api, method)(path, payload)
        assert status == 409, (path, status, body)
        assert "concluded" in body["detail"], path
    status, body = steward_api.patch(f"/communities/{community.slug}", {"name": "New name"})
    assert status == 409 and "concluded" in body["detail"]
    status, body = applicant_api.post(
        f"/communities/{community.slug}/join", {"acknowledge_charter": True}
    )
    assert status == 409
    assert stored_rows() == before
    # Reading still works.
    status, body = api.get(f"/topics/{topic.pk}")
    assert status == 200


# --- pages ---------------------------------------------------------------------------------------


def test_every_page_shows_the_banner_and_no_write_forms(world, community, member, client_for):
    client = client_for(member)
    topic = world["topic"]
    for path in (
        f"/c/{community.slug}/",
        f"/c/{community.slug}/topics/",
        f"/t/{topic.pk}/",
        f"/c/{community.slug}/charter/",
        f"/c/{community.slug}/goals/",
        f"/c/{community.slug}/goals/{world['goal'].pk}/",
        f"/c/{community.slug}/members/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "This community concluded on" in body, path
        assert "Regional Health Network" in body, path
        for write in (
            "Start a topic",
            "Post reply",
            "Invite someone",
            "Add the goal",
            "Save the change",
            "Propose a change",
            "Mark as answer",
            'class="btn btn-small thanks-button',
        ):
            assert write not in body, f"{path} still offers {write!r}"
    topic_page = client.get(f"/t/{topic.pk}/").content.decode()
    assert "take no more replies" in topic_page


def test_steward_pages_hide_their_forms(world, community, steward, client_for):
    client = client_for(steward)
    body = client.get(f"/c/{community.slug}/requests/").content.decode()
    assert "Ari Applicant" in body and "Welcome Ari Applicant" not in body
    body = client.get(f"/c/{community.slug}/settings/").content.decode()
    assert "Save settings" not in body and "Reopen it from the archive page" in body
    body = client.get(f"/c/{community.slug}/stewards/").content.decode()
    assert "Make steward" not in body and "Step down" in body
    body = client.get(f"/t/{world['topic'].pk}/").content.decode()
    assert "Steward tools" not in body and "Moderate" not in body


def test_posting_to_pages_answers_409_with_the_message(
    world, community, steward, member, client_for
):
    client = client_for(member)
    topic = world["topic"]
    before = stored_rows()
    for path, data in (
        (f"/c/{community.slug}/topics/new/", {"kind": "idea", "title": "T", "body": "B"}),
        (f"/t/{topic.pk}/reply/", {"body": "More"}),
        (f"/c/{community.slug}/goals/", {"title": "Another"}),
        (f"/c/{community.slug}/charter/propose/", {"body": "New", "rationale": ""}),
        (f"/c/{community.slug}/invite/", {"email": "friend@example.org"}),
    ):
        response = client.post(path, data)
        assert response.status_code == 409, (path, response.status_code)
        assert "concluded" in response.content.decode(), path
    response = client_for(steward).post(
        f"/c/{community.slug}/settings/",
        {
            "name": "Renamed",
            "purpose": "P",
            "visibility": "public",
            "join_policy": "open",
            "timezone": "UTC",
        },
    )
    assert response.status_code == 409
    assert stored_rows() == before


def test_the_join_page_says_no_new_members(world, community, client_for):
    client = client_for(world["other"])
    community_leave(world["other"], community)
    body = client.get(f"/c/{community.slug}/join/").content.decode()
    assert "takes no new members" in body and "Join the community" not in body
    response = client.post(f"/c/{community.slug}/join/", {"acknowledge_charter": "on"})
    assert response.status_code == 409


def test_conclude_and_reopen_through_the_archive_page(community, steward, member, client_for):
    client = client_for(steward)
    url = f"/c/{community.slug}/archive/"
    refused = client.post(url, {"action": "conclude", "note": ""})
    assert refused.status_code == 400
    assert not Community.objects.get(pk=community.pk).is_concluded
    assert client_for(member).post(url, {"action": "conclude", "note": "x"}).status_code == 403
    done = client.post(url, {"action": "conclude", "note": "It became a network."})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "Reopen the community" in page and "It became a network." in page
    assert client.post(url, {"action": "conclude", "note": "Again"}).status_code == 409
    assert client.post(url, {"action": "reopen"}).status_code == 302
    assert not Community.objects.get(pk=community.pk).is_concluded
    assert client.post(url, {"action": "reopen"}).status_code == 409


# --- the review period setting -------------------------------------------------------------------


def _settings(community, **extra):
    return {
        "name": community.name,
        "purpose": community.purpose,
        "visibility": community.visibility,
        "join_policy": community.join_policy,
        "timezone": community.timezone,
        **extra,
    }


def test_stewards_set_the_review_period(community, steward, client_for):
    client = client_for(steward)
    url = f"/c/{community.slug}/settings/"
    assert 'name="article_review_months"' in client.get(url).content.decode()
    response = client.post(url, _settings(community, article_review_months="6"))
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.article_review_months == 6
    assert AuditEntry.objects.filter(summary__contains="article_review_months").exists()
    for bad in ("0", "121", "abc", "-3"):
        response = client.post(url, _settings(community, article_review_months=bad))
        assert response.status_code == 400, bad
    community.refresh_from_db()
    assert community.article_review_months == 6
    # Left empty, the period stays as it is.
    client.post(url, _settings(community, name="Renamed", article_review_months=""))
    community.refresh_from_db()
    assert community.name == "Renamed" and community.article_review_months == 6


def test_the_service_checks_the_review_period(community, steward):
    for bad in (0, 121, "x", True, 2.5):
        with pytest.raises(InvalidInput):
            community_update(steward, community, article_review_months=bad)
    community_update(steward, community, article_review_months=24)
    community.refresh_from_db()
    assert community.article_review_months == 24
