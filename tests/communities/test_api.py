"""The communities API: communities, membership, directory, people, invitations, audit trail,
the charter's consent process, goals and notifications."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practica.communities.models import (
    AuditEntry,
    CharterProposal,
    Community,
    Goal,
    Invitation,
    Membership,
    Notification,
)
from practica.communities.services import (
    charter_propose,
    community_join,
    community_update,
    goal_create,
)
from practica.discussions.services import post_create, topic_create

# --- communities ------------------------------------------------------------------------------


def test_list_shows_public_to_everyone_and_private_only_to_members(
    api_for, community, private_community, member, outsider
):
    for api in (api_for(), api_for(outsider)):
        status, body = api.get("/communities")
        assert status == 200
        assert [c["slug"] for c in body["items"]] == [community.slug]
        assert (body["page"], body["pages"], body["total"]) == (1, 1, 1)
    status, body = api_for(member).get("/communities")
    assert {c["slug"] for c in body["items"]} == {community.slug, private_community.slug}


def test_list_searches_and_paginates(api_for, make_community, steward, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        make_community(steward, name=f"Circle {n}", purpose="Gardening together")
    make_community(steward, name="Other", purpose="Bees")
    api = api_for()
    status, body = api.get("/communities?q=garden&page=3")
    assert status == 200
    assert (body["page"], body["pages"], body["total"]) == (3, 3, 5)
    assert len(body["items"]) == 1
    assert "purpose_html" in body["items"][0]
    status, body = api.get("/communities?page=abc")
    assert status == 422 and "page" in body["detail"]


def test_create_community(api_for, steward):
    status, body = api_for(steward).post(
        "/communities",
        {
            "name": "Care Makers",
            "purpose": "We *make* care work better.",
            "values": "Openness",
            "visibility": "public",
            "join_policy": "approval",
            "charter": "Listen first.",
        },
    )
    assert status == 201
    assert body["slug"] == "care-makers"
    assert "<em>make</em>" in body["purpose_html"]
    assert body["values_html"] == "<p>Openness</p>\n"
    assert body["charter_version"] == 1
    assert body["member_count"] == 1
    assert body["membership"] == {"status": "active", "role": "steward", "is_steward": True}


def test_create_community_needs_a_token(api_for, db):
    status, body = api_for().post(
        "/communities",
        {"name": "X", "purpose": "Y", "visibility": "public", "join_policy": "open"},
    )
    assert status == 401 and body["detail"]
    assert not Community.objects.exists()


@pytest.mark.parametrize(
    "changes, status, mentions",
    [
        ({"slug": "Not A Slug!"}, 400, "lower-case"),
        ({"slug": "admin"}, 400, "lower-case"),
        ({"slug": "x" * 61}, 422, "slug"),
        ({"name": "x" * 121}, 422, "name"),
        ({"purpose": "x" * 5001}, 422, "purpose"),
        ({"name": 42}, 422, "name"),
        ({"visibility": "secret"}, 422, "visibility"),
        ({"join_policy": None}, 422, "join_policy"),
        ({"timezone": "Nowhere/Land"}, 400, "time zone"),
        ({"purpose": "   "}, 400, "purpose"),
    ],
)
def test_create_community_rejects_bad_input(api_for, steward, changes, status, mentions):
    payload = {"name": "Care", "purpose": "Care.", "visibility": "public", "join_policy": "open"}
    payload.update(changes)
    got, body = api_for(steward).post("/communities", payload)
    assert got == status, body
    assert mentions in body["detail"].lower()
    assert not Community.objects.exists()


def test_create_community_missing_fields_and_taken_slug(api_for, steward, community):
    api = api_for(steward)
    status, body = api.post("/communities", {"name": "Only a name"})
    assert status == 422 and "purpose" in body["detail"]
    status, body = api.post(
        "/communities",
        {
            "name": "Copy",
            "purpose": "Copy",
            "visibility": "public",
            "join_policy": "open",
            "slug": community.slug,
        },
    )
    assert status == 409 and "taken" in body["detail"]
    assert Community.objects.count() == 1


def test_detail_shows_charter_version_and_viewer_membership(api_for, community, member):
    status, body = api_for(member).get(f"/communities/{community.slug}")
    assert status == 200
    assert body["charter_version"] == 1
    assert body["member_count"] == 2
    assert body["membership"] == {"status": "active", "role": "member", "is_steward": False}
    status, body = api_for().get(f"/communities/{community.slug}")
    assert status == 200 and body["membership"] is None
    status, body = api_for().get("/communities/no-such-place")
    assert status == 404 and body["detail"]


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_community_is_not_found_for_outsiders(api_for, private_community, outsider, who):
    api = api_for(outsider if who == "outsider" else None)
    slug = private_community.slug
    for path in ["", "/members", "/charter", "/goals", "/topics", "/audit", "/requests"]:
        status, body = api.get(f"/communities/{slug}{path}")
        # Public reads answer anonymous visitors too; the rest ask them to sign in first.
        signed_in_only = who == "anonymous" and path in {"/audit", "/requests"}
        assert status == (401 if signed_in_only else 404), path
        assert "Secret" not in str(body) and "circle" not in str(body)


def test_private_community_writes_are_not_found_for_outsiders(api_for, private_community, outsider):
    api = api_for(outsider)
    slug = private_community.slug
    before = Membership.objects.count(), Invitation.objects.count(), Goal.objects.count()
    assert api.post(f"/communities/{slug}/join", {"acknowledge_charter": True})[0] == 404
    assert api.post(f"/communities/{slug}/invitations", {"email": "x@example.org"})[0] == 404
    assert api.post(f"/communities/{slug}/goals", {"title": "Leak"})[0] == 404
    assert api.patch(f"/communities/{slug}", {"name": "Mine now"})[0] == 404
    assert api.post(f"/communities/{slug}/charter/proposals", {"body": "Mine"})[0] == 404
    after = Membership.objects.count(), Invitation.objects.count(), Goal.objects.count()
    assert before == after


def test_stewards_update_settings_and_it_is_audited(api_for, community, steward, member):
    status, body = api_for(steward).patch(
        f"/communities/{community.slug}",
        {"purpose": "Share **what works**", "join_policy": "approval"},
    )
    assert status == 200
    assert "<strong>what works</strong>" in body["purpose_html"]
    assert body["join_policy"] == "approval"
    assert AuditEntry.objects.filter(community=community, action="settings_changed").exists()

    status, body = api_for(member).patch(f"/communities/{community.slug}", {"name": "Mine"})
    assert status == 403 and "steward" in body["detail"]
    status, body = api_for(steward).patch(
        f"/communities/{community.slug}", {"name": "Renamed", "visibility": "hidden"}
    )
    assert status == 422
    community.refresh_from_db()
    assert community.name == "Open Health Practitioners"


def test_join_open_community_needs_the_charter_acknowledged(api_for, community, outsider):
    api = api_for(outsider)
    status, body = api.post(f"/communities/{community.slug}/join", {})
    assert status == 400 and "charter" in body["detail"]
    assert not Membership.objects.filter(user=outsider).exists()
    status, body = api.post(f"/communities/{community.slug}/join", {"acknowledge_charter": True})
    assert status == 201
    assert body["status"] == "active" and body["role"] == "member"
    assert body["user"]["display_name"] == "Otto Outsider"
    status, body = api.post(f"/communities/{community.slug}/join", {"acknowledge_charter": True})
    assert status == 409


def test_join_approval_community_then_steward_approves(
    api_for, make_community, steward, member, outsider
):
    c = make_community(steward, join_policy="approval")
    status, body = api_for(outsider).post(
        f"/communities/{c.slug}/join", {"message": "I run a clinic"}
    )
    assert status == 201 and body["status"] == "pending"
    request_id = body["id"]

    status, body = api_for(outsider).get(f"/communities/{c.slug}/requests")
    assert status == 403
    status, page = api_for(steward).get(f"/communities/{c.slug}/requests")
    assert status == 200 and page["total"] == 1
    requests = page["items"]
    assert [(r["id"], r["message"]) for r in requests] == [(request_id, "I run a clinic")]

    approve = f"/communities/{c.slug}/requests/{request_id}/approve"
    assert api_for(outsider).post(approve)[0] == 403
    status, body = api_for(steward).post(approve)
    assert status == 200 and body["status"] == "active"
    status, body = api_for(steward).post(approve)
    assert status == 404


def test_steward_declines_a_request(api_for, make_community, steward, outsider):
    c = make_community(steward, join_policy="approval")
    _status, pending = api_for(outsider).post(f"/communities/{c.slug}/join", {})
    decline = f"/communities/{c.slug}/requests/{pending['id']}/decline"
    status, body = api_for(steward).post(decline, {"reason": "x" * 501})
    assert status == 422
    assert Membership.objects.get(pk=pending["id"]).status == "pending"
    status, body = api_for(steward).post(decline, {"reason": "Not a practitioner"})
    assert status == 200 and body["status"] == "declined"
    assert AuditEntry.objects.filter(community=c, action="join_declined").exists()


def test_invitation_only_community_refuses_direct_joins(api_for, make_community, steward, outsider):
    c = make_community(steward, join_policy="invitation")
    status, body = api_for(outsider).post(f"/communities/{c.slug}/join", {})
    assert status == 403 and "invitation" in body["detail"]


def test_leave(api_for, community, member, steward):
    status, body = api_for(member).post(f"/communities/{community.slug}/leave")
    assert status == 200 and body["status"] == "left"
    community.refresh_from_db()
    assert community.member_count == 1
    assert api_for(member).post(f"/communities/{community.slug}/leave")[0] == 403


def test_only_steward_cannot_leave_while_others_remain(api_for, community, steward):
    status, body = api_for(steward).post(f"/communities/{community.slug}/leave")
    assert status == 409 and "only steward" in body["detail"]


def test_members_invite_by_email(
    api_for, community, member, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        status, body = api_for(member).post(
            f"/communities/{community.slug}/invitations", {"email": "friend@example.org"}
        )
    assert status == 201
    assert body["email"] == "friend@example.org" and "token" not in body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["friend@example.org"]

    status, body = api_for(outsider).post(
        f"/communities/{community.slug}/invitations", {"email": "other@example.org"}
    )
    assert status == 403
    status, body = api_for(member).post(
        f"/communities/{community.slug}/invitations", {"email": "not an email"}
    )
    assert status == 400 and "email" in body["detail"]
    assert Invitation.objects.count() == 1


def test_audit_trail_is_for_members(api_for, community, member, outsider):
    status, body = api_for(member).get(f"/communities/{community.slug}/audit")
    assert status == 200
    assert body["items"][0]["action"] == "created"
    assert body["items"][0]["actor"]["display_name"] == "Stella Steward"
    assert api_for(outsider).get(f"/communities/{community.slug}/audit")[0] == 403


# --- directory and people ---------------------------------------------------------------------


def test_member_directory_filters_and_hides_what_people_hid(
    api_for, community, make_user, outsider
):
    ana = make_user(
        "Ana Lima",
        interests=["evaluation"],
        organisation="Clinic",
        organisation_audience="communities",
    )
    community_join(ana, community, acknowledge_charter=True)
    api = api_for(outsider)
    status, body = api.get(f"/communities/{community.slug}/members?interest=Evaluation")
    assert status == 200
    assert [m["display_name"] for m in body["items"]] == ["Ana Lima"]
    ana_row = body["items"][0]
    assert ana_row["interests"] == ["evaluation"]
    assert "organisation" not in ana_row  # only for people who share a community
    assert ana_row["role"] == "member" and ana_row["is_steward"] is False

    status, body = api_for(community.created_by).get(
        f"/communities/{community.slug}/members?interest=evaluation"
    )
    assert body["items"][0]["organisation"] == "Clinic"
    status, body = api.get(f"/communities/{community.slug}/members")
    assert body["total"] == 3
    status, body = api.get(f"/communities/{community.slug}/members?interest={'x' * 51}")
    assert status == 422


def test_people_profile_respects_audiences(api_for, community, make_user, outsider, member):
    ana = make_user(
        "Ana Lima",
        bio="Nurse",
        location="Porto",
        location_audience="communities",
        hours_per_month=4,
        hours_per_month_audience="only_me",
    )
    community_join(ana, community, acknowledge_charter=True)
    status, body = api_for().get(f"/people/{ana.pk}")
    assert status == 200
    assert body["display_name"] == "Ana Lima" and body["bio"] == "Nurse"
    assert "location" not in body and "hours_per_month" not in body
    assert body["communities"] == [{"slug": community.slug, "name": community.name}]
    status, body = api_for(member).get(f"/people/{ana.pk}")
    assert body["location"] == "Porto" and "hours_per_month" not in body
    assert api_for().get("/people/999999")[0] == 404
    assert api_for().get("/people/abc")[0] == 422


def test_people_profile_never_lists_private_communities(api_for, private_community, member):
    status, body = api_for().get(f"/people/{member.pk}")
    assert status == 200
    assert body["communities"] == []
    status, body = api_for(member).get(f"/people/{member.pk}")
    assert [c["slug"] for c in body["communities"]] == [private_community.slug]


# --- charter ----------------------------------------------------------------------------------


def test_charter_overview(api_for, community):
    status, body = api_for().get(f"/communities/{community.slug}/charter")
    assert status == 200
    assert body["current"]["version"] == 1
    assert body["current"]["body"] == "Be kind. Share sources."
    assert body["current"]["body_html"] == "<p>Be kind. Share sources.</p>\n"
    assert body["current"]["proposed_by"]["display_name"] == "Stella Steward"
    assert [v["version"] for v in body["versions"]] == [1]
    assert body["proposals"][0]["status"] == "adopted"


def test_charter_consent_round(api_for, community, member, steward):
    status, proposal = api_for(member).post(
        f"/communities/{community.slug}/charter/proposals",
        {"body": "Be kind. Cite sources.", "rationale": "Clearer"},
    )
    assert status == 201
    assert proposal["status"] == "open" and proposal["version"] is None
    assert proposal["counts"] == {"consent": 0, "concern": 0, "objection": 0}
    pid = proposal["id"]

    steward_api = api_for(steward)
    status, body = steward_api.post(f"/charter/proposals/{pid}/responses", {"position": "consent"})
    assert status == 201 and body["position"] == "consent"
    status, body = steward_api.post(
        f"/charter/proposals/{pid}/responses", {"position": "objection"}
    )
    assert status == 400 and "reason" in body["detail"]
    status, body = steward_api.post(
        f"/charter/proposals/{pid}/responses", {"position": "concern", "reason": "Which sources?"}
    )
    assert status == 200 and body["position"] == "concern"
    status, body = steward_api.post(f"/charter/proposals/{pid}/responses", {"position": "maybe"})
    assert status == 422

    status, detail = api_for().get(f"/charter/proposals/{pid}")
    assert status == 200
    assert detail["counts"] == {"consent": 0, "concern": 1, "objection": 0}
    assert [(r["member"]["display_name"], r["reason"]) for r in detail["responses"]["items"]] == [
        ("Stella Steward", "Which sources?")
    ]
    assert detail["previous_version"] == 1 and detail["my_position"] is None
    status, detail = steward_api.get(f"/charter/proposals/{pid}")
    assert detail["my_position"] == "concern"

    status, overview = api_for().get(f"/communities/{community.slug}/charter")
    assert [p["status"] for p in overview["proposals"]] == ["open", "adopted"]
    assert overview["proposals"][0]["counts"]["concern"] == 1

    # The review window ends; reading the charter settles it.
    CharterProposal.objects.filter(pk=pid).update(review_ends_at=timezone.now() - timedelta(1))
    status, overview = api_for().get(f"/communities/{community.slug}/charter")
    assert overview["current"]["version"] == 2
    assert overview["current"]["body"] == "Be kind. Cite sources."
    status, body = steward_api.post(f"/charter/proposals/{pid}/responses", {"position": "consent"})
    assert status == 409


def test_withdraw_proposal(api_for, community, member, steward):
    proposal = charter_propose(member, community, body="New text")
    status, body = api_for(steward).post(f"/charter/proposals/{proposal.pk}/withdraw")
    assert status == 403
    status, body = api_for(member).post(f"/charter/proposals/{proposal.pk}/withdraw")
    assert status == 200 and body["status"] == "withdrawn"
    status, body = api_for(member).post(f"/charter/proposals/{proposal.pk}/withdraw")
    assert status == 409


def test_charter_proposals_need_membership_and_valid_text(api_for, community, outsider, member):
    path = f"/communities/{community.slug}/charter/proposals"
    status, body = api_for(outsider).post(path, {"body": "Mine"})
    assert status == 403
    status, body = api_for(member).post(path, {"body": "x" * 50_001})
    assert status == 422
    status, body = api_for(member).post(path, {"rationale": "no body"})
    assert status == 422 and "body" in body["detail"]
    assert CharterProposal.objects.count() == 1


def test_private_charter_proposal_is_not_found(api_for, private_community, member, outsider):
    proposal = charter_propose(member, private_community, body="Hidden rule")
    for api in (api_for(), api_for(outsider)):
        status, body = api.get(f"/charter/proposals/{proposal.pk}")
        assert status == 404 and "Hidden" not in str(body)
    status, body = api_for(outsider).post(
        f"/charter/proposals/{proposal.pk}/responses", {"position": "consent"}
    )
    assert status == 404
    assert not proposal.responses.exists()


# --- goals ------------------------------------------------------------------------------------


def test_goals_lifecycle(api_for, community, member, steward):
    api = api_for(member)
    status, goal = api.post(
        f"/communities/{community.slug}/goals",
        {"title": "Map local clinics", "description": "All of *them*"},
    )
    assert status == 201
    assert goal["status"] == "active" and "<em>them</em>" in goal["description_html"]
    assert [h["note"] for h in goal["history"]] == ["Goal set"]

    status, goal = api_for(steward).patch(
        f"/goals/{goal['id']}", {"status": "achieved", "note": "Done in May"}
    )
    assert status == 200 and goal["status"] == "achieved"
    assert [(h["status"], h["note"]) for h in goal["history"]] == [
        ("active", "Goal set"),
        ("achieved", "Done in May"),
    ]
    assert goal["history"][1]["changed_by"]["display_name"] == "Stella Steward"

    status, page = api_for().get(f"/communities/{community.slug}/goals?status=achieved")
    goals = page["items"]
    assert status == 200 and [g["title"] for g in goals] == ["Map local clinics"]
    status, page = api_for().get(f"/communities/{community.slug}/goals?status=active")
    goals = page["items"]
    assert goals == [] and page["total"] == 0
    status, body = api_for().get(f"/communities/{community.slug}/goals?status=someday")
    assert status == 422
    status, body = api_for().get(f"/goals/{goal['id']}")
    assert status == 200 and len(body["history"]) == 2


def test_goal_writes_are_checked(api_for, community, member, outsider):
    goal = goal_create(member, community, title="Grow")
    status, body = api_for(outsider).patch(f"/goals/{goal.pk}", {"title": "Shrink"})
    assert status == 403
    status, body = api_for(member).patch(f"/goals/{goal.pk}", {"status": "forgotten"})
    assert status == 422
    status, body = api_for(member).patch(f"/goals/{goal.pk}", {"title": "x" * 201})
    assert status == 422
    status, body = api_for(member).post(f"/communities/{community.slug}/goals", {})
    assert status == 422 and "title" in body["detail"]
    status, body = api_for(outsider).post(f"/communities/{community.slug}/goals", {"title": "X"})
    assert status == 403
    goal.refresh_from_db()
    assert goal.title == "Grow" and Goal.objects.count() == 1


def test_private_goal_is_not_found(api_for, private_community, member, outsider):
    goal = goal_create(member, private_community, title="Secret goal")
    for api in (api_for(), api_for(outsider)):
        assert api.get(f"/goals/{goal.pk}")[0] == 404
    assert api_for(outsider).patch(f"/goals/{goal.pk}", {"title": "Mine"})[0] == 404


# --- notifications ----------------------------------------------------------------------------


def test_notifications_list_and_mark_read(api_for, community, member, steward):
    topic = topic_create(member, community, kind="question", title="How?", body="Any tips?")
    post_create(steward, topic.pk, body="Like this, @Mo Member")
    post_create(steward, topic.pk, body="And this")
    api = api_for(member)
    status, body = api.get("/notifications")
    assert status == 200
    assert body["total"] == 2 and body["unread"] == 2
    first = body["items"][0]
    assert first["kind"] == "answer" and first["actor"]["display_name"] == "Stella Steward"
    assert first["community"] == community.slug and first["read_at"] is None

    status, body = api.post("/notifications/read", {"ids": [first["id"]]})
    assert status == 200 and body == {"marked": 1, "unread": 1}
    status, body = api.post("/notifications/read", {"ids": ["one"]})
    assert status == 422
    status, body = api.post("/notifications/read", {})
    assert status == 200 and body == {"marked": 1, "unread": 0}
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_notifications_are_ones_own(api_for, community, member, steward):
    topic = topic_create(member, community, kind="discussion", title="Hi", body="Hello")
    post_create(steward, topic.pk, body="Welcome")
    theirs = Notification.objects.get(recipient=member)
    status, body = api_for(steward).post("/notifications/read", {"ids": [theirs.pk]})
    assert status == 200 and body["marked"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert api_for(steward).get("/notifications")[1]["total"] == 0


# --- cost -------------------------------------------------------------------------------------


def _queries(api, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        status, _body = api.get(path)
    assert status == 200, path
    return len(captured)


def test_lists_run_the_same_number_of_queries_whatever_their_length(
    api_for, community, steward, make_user, make_community
):
    slug = community.slug
    paths = [
        "/communities",
        f"/communities/{slug}/members",
        f"/communities/{slug}/charter",
        f"/communities/{slug}/goals",
        f"/communities/{slug}/audit",
        "/notifications",
    ]
    api = api_for(steward)
    api.get("/me")  # the token's first use is recorded once

    def grow(n):
        for _ in range(n):
            person = make_user(interests=["care"])
            make_community(person, name="Another", purpose="More")
            community_join(person, community, acknowledge_charter=True)
            goal_create(person, community, title="A goal")
            charter_propose(person, community, body="A proposal")  # notifies the steward
            community_update(steward, community, values=f"Values of {person}")  # audited

    grow(2)
    before = {path: _queries(api, path) for path in paths}
    grow(6)
    after = {path: _queries(api, path) for path in paths}
    assert after == before
