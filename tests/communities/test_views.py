"""The community pages: what each shows, who may use it, what bad input does, and that the
busiest pages run a number of queries that does not grow with the data."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from practica.communities.models import (
    AuditEntry,
    CharterProposal,
    CharterResponse,
    Community,
    Goal,
    Invitation,
    Membership,
    Notification,
)
from practica.communities.services import (
    charter_propose,
    charter_respond,
    community_join,
    goal_create,
    invitation_create,
    invitation_for_token,
)
from practica.communities.views import line_diff
from practica.discussions.services import topic_create

from .conftest import queries_for

HTMX = {"HX-Request": "true"}


def url(name, community, *args):
    from django.urls import reverse

    return reverse(f"communities:{name}", args=[community.slug, *args])


def member_of(user, community) -> bool:
    return Membership.objects.filter(user=user, community=community, status="active").exists()


# --- list and create --------------------------------------------------------------------------


def test_list_shows_public_communities_and_searches(client_for, community, private_community):
    page = client_for().get("/communities/")
    body = page.content.decode()
    assert page.status_code == 200
    assert community.name in body and "Open to join" in body
    assert private_community.name not in body
    assert 'href="/communities/new/"' in body

    miss = client_for().get("/communities/", {"q": "zzz-nothing"}).content.decode()
    assert community.name not in miss and "No community matches" in miss


def test_list_marks_the_viewers_communities(client_for, community, member):
    body = client_for(member).get("/communities/").content.decode()
    assert "You are a member" in body


def test_list_query_count_does_not_grow(
    client_for, make_community, outsider, steward, django_assert_max_num_queries
):
    client = client_for(outsider)
    for n in range(5):
        make_community(steward, name=f"Circle {n}")
    few = queries_for(client, "/communities/")
    for n in range(5, 30):
        make_community(steward, name=f"Circle {n}")
    with django_assert_max_num_queries(few):
        assert client.get("/communities/").status_code == 200
    assert few <= 8


def test_create_asks_anonymous_visitors_to_log_in(client_for):
    response = client_for().get("/communities/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/communities/new/")


def test_create_makes_the_creator_steward_with_a_founding_charter(client_for, outsider):
    response = client_for(outsider).post(
        "/communities/new/",
        {
            "name": "Rural Nurses",
            "purpose": "Learn from each other's **rounds**.",
            "values": "Care",
            "charter": "Listen first.",
            "visibility": "public",
            "join_policy": "approval",
            "timezone": "Europe/Berlin",
        },
    )
    community = Community.objects.get(name="Rural Nurses")
    assert response.status_code == 302 and response["Location"] == f"/c/{community.slug}/"
    assert community.join_policy == "approval" and community.timezone == "Europe/Berlin"
    assert Membership.objects.get(user=outsider, community=community).is_steward
    assert CharterProposal.objects.get(community=community).version == 1


def test_create_page_explains_each_choice(client_for, outsider):
    body = client_for(outsider).get("/communities/new/").content.decode()
    for words in ("rules of engagement", "Private communities are invisible", "invitation only"):
        assert words in body
    assert "How we work together" in body  # the starter charter as a placeholder


@pytest.mark.parametrize(
    "change, message",
    [
        ({"name": ""}, "This field is required"),
        ({"timezone": "Mars/Base"}, "Select a valid choice"),
        ({"visibility": "secret"}, "Select a valid choice"),
    ],
)
def test_create_rejects_bad_input_and_stores_nothing(client_for, outsider, change, message):
    data = {
        "name": "Ok",
        "purpose": "Something",
        "visibility": "public",
        "join_policy": "open",
        "timezone": "UTC",
        **change,
    }
    response = client_for(outsider).post("/communities/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Community.objects.exists()


# --- home -------------------------------------------------------------------------------------


def test_home_shows_purpose_charter_topics_goals_and_stewards(client_for, community, member):
    topic_create(member, community, kind="question", title="Who audits rounds?", body="?")
    goal_create(member, community, title="A shared guide")
    body = client_for().get(url("home", community)).content.decode()
    assert "Share what works in community health." in body
    assert "Be kind. Share sources." in body and "Read the full charter" in body
    assert "Who audits rounds?" in body  # latest topics and unanswered questions
    assert "Questions waiting for an answer" in body
    assert "A shared guide" in body
    assert "Stella Steward" in body
    assert "Join this community" in body and "Start a topic" not in body


def test_home_for_a_member_offers_to_start_a_topic(client_for, community, member):
    body = client_for(member).get(url("home", community)).content.decode()
    assert "Start a topic" in body and "Join this community" not in body
    assert url("audit", community) in body and url("settings", community) not in body


def test_home_for_a_steward_shows_steward_tabs(client_for, community, steward):
    body = client_for(steward).get(url("home", community)).content.decode()
    assert url("requests", community) in body and url("settings", community) in body


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_private_community_pages_are_not_found(client_for, private_community, outsider, who):
    client = client_for(outsider if who == "outsider" else None)
    for name in ("home", "members", "charter", "goals"):
        response = client.get(url(name, private_community))
        assert response.status_code == 404
        assert private_community.name not in response.content.decode()


def test_home_query_count_does_not_grow(
    client_for, community, member, add_members, django_assert_max_num_queries
):
    client = client_for(member)
    add_members(community, 3)
    for n in range(5):
        topic_create(member, community, kind="question", title=f"Q{n}", body="?", tags="a, b")
        goal_create(member, community, title=f"First goal {n}")
    few = queries_for(client, url("home", community))
    add_members(community, 25)
    for n in range(25):
        topic_create(member, community, kind="question", title=f"More {n}", body="?", tags="c")
        goal_create(member, community, title=f"Goal {n}")
    with django_assert_max_num_queries(few):
        assert client.get(url("home", community)).status_code == 200
    assert few <= 25


# --- joining and leaving ----------------------------------------------------------------------


def test_join_page_shows_the_charter_and_asks_for_acknowledgement(client_for, community, outsider):
    body = client_for(outsider).get(url("join", community)).content.decode()
    assert "Be kind. Share sources." in body
    assert "I have read the charter and will work by it" in body


def test_joining_requires_acknowledging_the_charter(client_for, community, outsider):
    client = client_for(outsider)
    refused = client.post(url("join", community), {})
    assert refused.status_code == 400
    assert "Please read the charter" in refused.content.decode()
    assert not member_of(outsider, community)

    joined = client.post(url("join", community), {"acknowledge_charter": "on"})
    assert joined.status_code == 302 and joined["Location"] == url("home", community)
    assert member_of(outsider, community)


def test_join_with_htmx_redirects_the_client_or_returns_the_form(client_for, community, outsider):
    client = client_for(outsider)
    refused = client.post(url("join", community), {}, headers=HTMX)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'id="join-form"' in body and "<html" not in body

    joined = client.post(url("join", community), {"acknowledge_charter": "on"}, headers=HTMX)
    assert joined.status_code == 200 and joined["HX-Redirect"] == url("home", community)


def test_asking_to_join_an_approval_community(client_for, make_community, steward, outsider):
    community = make_community(steward, name="Careful", join_policy="approval", charter="Be fair.")
    client = client_for(outsider)
    assert "note for the stewards" in client.get(url("join", community)).content.decode()
    client.post(url("join", community), {"acknowledge_charter": "on", "message": "Hi, I'm new"})
    pending = Membership.objects.get(user=outsider, community=community)
    assert pending.status == "pending" and pending.request_message == "Hi, I'm new"
    assert "waiting for a steward" in client.get(url("home", community)).content.decode()


def test_invitation_only_community_explains_how_to_get_in(
    client_for, make_community, steward, outsider
):
    community = make_community(steward, name="Closed", join_policy="invitation")
    client = client_for(outsider)
    body = client.get(url("join", community)).content.decode()
    assert "invitation only" in body and 'id="join-form"' not in body


def test_join_asks_anonymous_visitors_to_log_in(client_for, community):
    response = client_for().get(url("join", community))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_leave_confirms_then_leaves(client_for, community, member):
    client = client_for(member)
    assert "Leave the community" in client.get(url("leave", community)).content.decode()
    assert member_of(member, community)
    response = client.post(url("leave", community))
    assert response.status_code == 302 and not member_of(member, community)


def test_the_only_steward_cannot_leave(client_for, community, steward):
    response = client_for(steward).post(url("leave", community))
    assert response.status_code == 409
    assert "only steward" in response.content.decode()
    assert member_of(steward, community)


# --- members, invitations ---------------------------------------------------------------------


def test_member_directory_filters_and_shows_only_visible_fields(
    client_for, community, make_user, outsider
):
    shy = make_user("Shy Person", interests="evaluation", needs="mentoring")
    community_join(shy, community, acknowledge_charter=True)
    loud = make_user("Loud Person", interests="gardening", needs_audience="everyone", needs="money")
    community_join(loud, community, acknowledge_charter=True)

    body = client_for(outsider).get(url("members", community)).content.decode()
    assert "Shy Person" in body and "Loud Person" in body
    assert "#money" in body  # shared with everyone
    assert "#mentoring" not in body  # needs are for members of shared communities by default

    filtered = client_for(outsider).get(url("members", community), {"interest": "evaluation"})
    body = filtered.content.decode()
    assert "Shy Person" in body and "Loud Person" not in body


def test_member_directory_query_count_does_not_grow(
    client_for, community, member, add_members, django_assert_max_num_queries
):
    client = client_for(member)
    add_members(community, 5)
    few = queries_for(client, url("members", community))
    add_members(community, 25)
    with django_assert_max_num_queries(few):
        assert client.get(url("members", community)).status_code == 200
    assert few <= 14


def test_member_directory_paginates(client_for, community, add_members):
    add_members(community, 24)
    body = client_for().get(url("members", community)).content.decode()
    assert "Page 1 of 2" in body


def test_any_member_can_invite_by_email(
    client_for, community, member, django_capture_on_commit_callbacks
):
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invite", community), {"email": "new@example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new@example.org")
    assert len(mail.outbox) == 1
    token = re.search(r"/invitations/([\w-]+)/", mail.outbox[0].body).group(1)
    assert invitation_for_token(token) == invitation
    follow = client.get(url("invite", community))
    assert follow.status_code == 200
    assert f"/invitations/{token}/" in follow.content.decode()  # shown once to share by hand


def test_invite_rejects_a_bad_address(client_for, community, member):
    response = client_for(member).post(url("invite", community), {"email": "not-an-address"})
    assert response.status_code == 400 and "valid email" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_is_for_members_only(client_for, community, outsider):
    assert client_for(outsider).get(url("invite", community)).status_code == 403
    assert client_for().get(url("invite", community)).status_code == 302


def test_invitation_page_shows_the_community_and_asks_to_sign_in(
    client_for, private_community, steward
):
    invitation = invitation_create(steward, private_community, "guest@example.org")
    link = f"/invitations/{invitation.token}/"
    body = client_for().get(link).content.decode()
    assert private_community.name in body and "Keep it in the circle." in body
    assert f"/accounts/login/?next={link}" in body
    assert f"/accounts/signup/?next={link}" in body


def test_accepting_an_invitation_needs_the_charter_acknowledged(
    client_for, private_community, steward, outsider, make_user
):
    invitation = invitation_create(steward, private_community, outsider.email)
    link = f"/invitations/{invitation.token}/"
    client = client_for(outsider)
    refused = client.post(link, {})
    assert refused.status_code == 400 and "Please read the charter" in refused.content.decode()
    assert not member_of(outsider, private_community)
    accepted = client.post(link, {"acknowledge_charter": "on"})
    assert accepted.status_code == 302 and member_of(outsider, private_community)

    again = client_for(outsider).get(link)
    assert again.status_code == 200 and "You are a member" in again.content.decode()
    used = client_for(make_user("Late Comer")).get(link)
    assert used.status_code == 410 and "already been used" in used.content.decode()


def test_expired_and_unknown_invitations_say_so(client_for, community, steward, outsider):
    invitation = invitation_create(steward, community, outsider.email)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    expired = client_for(outsider).get(f"/invitations/{invitation.token}/")
    assert expired.status_code == 410 and "has expired" in expired.content.decode()
    posted = client_for(outsider).post(
        f"/invitations/{invitation.token}/", {"acknowledge_charter": "on"}
    )
    assert posted.status_code == 410 and not member_of(outsider, community)
    unknown = client_for().get("/invitations/nothing-like-this/")
    assert unknown.status_code == 404 and "not valid" in unknown.content.decode()


@pytest.mark.parametrize("how", ["used", "expired"])
@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_dead_invitation_link_shows_nothing_of_a_private_community(
    client_for, private_community, steward, member, outsider, make_user, how, who
):
    invitation = invitation_create(steward, private_community, "guest@example.org")
    if how == "used":
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    else:
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    client = client_for(outsider if who == "outsider" else None)
    link = f"/invitations/{invitation.token}/"
    for response in (client.get(link), client.post(link, {"acknowledge_charter": "on"})):
        assert response.status_code == 410
        body = response.content.decode()
        assert "expired or was already used" in body and "ask a member for a new one" in body
        for secret in (
            private_community.name,
            private_community.purpose,
            "Keep it in the circle.",
            private_community.slug,
            str(steward.profile.display_name),
        ):
            assert secret not in body
    assert not member_of(outsider, private_community)
    # A member who follows the old link is simply told they are in.
    assert client_for(member).get(link).status_code == 200


# --- stewards' pages --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["requests", "settings"])
def test_steward_pages_are_forbidden_to_members(client_for, community, member, name):
    response = client_for(member).get(url(name, community))
    assert response.status_code == 403


def test_stewards_approve_and_decline_join_requests(client_for, make_community, steward, make_user):
    community = make_community(steward, name="Careful", join_policy="approval")
    ada, bo = make_user("Ada Asker"), make_user("Bo Asker")
    for person in (ada, bo):
        community_join(person, community, message="Please")
    client = client_for(steward)
    body = client.get(url("requests", community)).content.decode()
    assert "Ada Asker" in body and "Please" in body

    ada_m = Membership.objects.get(user=ada, community=community)
    bo_m = Membership.objects.get(user=bo, community=community)
    client.post(url("requests", community), {"action": "approve", "membership_id": ada_m.pk})
    client.post(
        url("requests", community),
        {"action": "decline", "membership_id": bo_m.pk, "reason": "Wrong place"},
    )
    assert member_of(ada, community)
    assert Membership.objects.get(pk=bo_m.pk).status == "declined"
    assert AuditEntry.objects.filter(community=community, summary__contains="Wrong place").exists()

    gone = client.post(url("requests", community), {"action": "approve", "membership_id": 999})
    assert gone.status_code == 404 and "No such join request" in gone.content.decode()


def test_stewards_appoint_a_steward_with_a_term_and_step_down(
    client_for, community, steward, member
):
    client = client_for(steward)
    assert "Mo Member" in client.get(url("stewards", community)).content.decode()
    term = date.today() + timedelta(days=90)
    response = client.post(
        url("stewards", community),
        {"action": "appoint", "user_id": member.pk, "term_ends": term.isoformat()},
    )
    assert response.status_code == 302
    appointed = Membership.objects.get(user=member, community=community)
    assert appointed.is_steward and appointed.steward_term_ends == term
    assert "Term ends" in client.get(url("stewards", community)).content.decode()

    client.post(url("stewards", community), {"action": "step_down"})
    assert not Membership.objects.get(user=steward, community=community).is_steward


def test_steward_appointment_rejects_a_past_term(client_for, community, steward, member):
    response = client_for(steward).post(
        url("stewards", community),
        {"action": "appoint", "user_id": member.pk, "term_ends": "2000-01-01"},
    )
    assert response.status_code == 400 and "cannot end in the past" in response.content.decode()
    assert not Membership.objects.get(user=member, community=community).is_steward


def test_the_only_steward_cannot_step_down(client_for, community, steward):
    response = client_for(steward).post(url("stewards", community), {"action": "step_down"})
    assert response.status_code == 409 and "only steward" in response.content.decode()


def test_members_cannot_appoint_stewards(client_for, community, member):
    response = client_for(member).post(
        url("stewards", community), {"action": "appoint", "user_id": member.pk}
    )
    assert response.status_code == 403
    assert not Membership.objects.get(user=member, community=community).is_steward


def test_settings_change_is_saved_and_audited(client_for, community, steward):
    data = {
        "name": "Open Health Circle",
        "purpose": community.purpose,
        "values": community.values,
        "visibility": "public",
        "join_policy": "approval",
        "timezone": "UTC",
    }
    response = client_for(steward).post(url("settings", community), data)
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.name == "Open Health Circle" and community.join_policy == "approval"
    assert AuditEntry.objects.filter(community=community, action="settings_changed").exists()

    bad = client_for(steward).post(url("settings", community), {**data, "purpose": ""})
    assert bad.status_code == 400
    community.refresh_from_db()
    assert community.purpose


def test_audit_trail_is_for_members(client_for, community, member, outsider):
    body = client_for(member).get(url("audit", community)).content.decode()
    assert "Created the community" in body and "recorded" in body
    assert client_for(outsider).get(url("audit", community)).status_code == 403
    assert client_for().get(url("audit", community)).status_code == 302


# --- charter ----------------------------------------------------------------------------------


def test_charter_shows_current_version_open_proposals_and_history(
    client_for, community, member, steward
):
    proposal = charter_propose(member, community, body="Be kind.\nShare sources.\nRotate roles.")
    charter_respond(steward, proposal.pk, position="concern", reason="Who rotates?")
    body = client_for().get(url("charter", community)).content.decode()
    assert "Be kind. Share sources." in body and "Version 1" in body
    assert "Proposal by Mo Member" in body
    assert "0 consents" in body and "1 concern" in body and "0 objections" in body


def test_charter_page_settles_proposals_whose_window_ended(client_for, community, member):
    proposal = charter_propose(member, community, body="Be kinder.")
    CharterProposal.objects.filter(pk=proposal.pk).update(
        review_ends_at=timezone.now() - timedelta(minutes=1)
    )
    body = client_for().get(url("charter", community)).content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "adopted" and proposal.version == 2
    assert "Version 2" in body and "Be kinder." in body


def test_propose_is_prefilled_and_opens_a_proposal(client_for, community, member):
    client = client_for(member)
    assert (
        "Be kind. Share sources." in client.get(url("charter_propose", community)).content.decode()
    )
    response = client.post(
        url("charter_propose", community), {"body": "Be kind always.", "rationale": "Tone"}
    )
    proposal = CharterProposal.objects.get(body="Be kind always.")
    assert response.status_code == 302
    assert response["Location"] == url("proposal", community, proposal.pk)
    assert proposal.is_open


def test_propose_rejects_empty_text_and_non_members(client_for, community, member, outsider):
    empty = client_for(member).post(url("charter_propose", community), {"body": "  "})
    assert empty.status_code == 400
    assert client_for(outsider).get(url("charter_propose", community)).status_code == 403
    assert CharterProposal.objects.count() == 1


def test_proposal_page_shows_a_line_diff_and_responses(client_for, community, member, steward):
    proposal = charter_propose(member, community, body="Be kind.\nRotate roles.", rationale="Why")
    charter_respond(steward, proposal.pk, position="consent")
    body = client_for(member).get(url("proposal", community, proposal.pk)).content.decode()
    assert '<ins class="diff-line diff-add">' in body and "Rotate roles." in body
    assert '<del class="diff-line diff-del">' in body and "Be kind. Share sources." in body
    assert "Stella Steward" in body and "Withdraw proposal" in body


def test_responding_to_a_proposal(client_for, community, member, steward):
    proposal = charter_propose(member, community, body="Be kind only.")
    client = client_for(steward)
    link = url("proposal", community, proposal.pk)
    no_reason = client.post(link, {"action": "respond", "position": "objection"})
    assert no_reason.status_code == 400 and "give the reason" in no_reason.content.decode()
    assert not CharterResponse.objects.exists()

    client.post(link, {"action": "respond", "position": "objection", "reason": "Sources matter"})
    response = CharterResponse.objects.get()
    assert response.position == "objection" and response.reason == "Sources matter"
    assert "Sources matter" in client.get(link).content.decode()


def test_only_the_proposer_withdraws(client_for, community, member, steward):
    proposal = charter_propose(member, community, body="Be kind only.")
    link = url("proposal", community, proposal.pk)
    refused = client_for(steward).post(link, {"action": "withdraw"})
    assert refused.status_code == 403 and "Only the person who proposed" in refused.content.decode()
    client_for(member).post(link, {"action": "withdraw"})
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"


def test_proposal_of_another_community_is_not_found(client_for, community, make_community, steward):
    other = make_community(steward, name="Other", charter="Other rules")
    proposal = CharterProposal.objects.get(community=other)
    assert client_for().get(url("proposal", community, proposal.pk)).status_code == 404


def test_line_diff_marks_added_and_removed_lines_and_folds_long_runs():
    old = "\n".join(f"line {n}" for n in range(20))
    new = old.replace("line 10", "line ten") + "\nlast"
    rows = line_diff(old, new)
    kinds = [r["kind"] for r in rows]
    assert {"kind": "del", "text": "line 10"} in rows and {
        "kind": "add",
        "text": "line ten",
    } in rows
    assert rows[-1] == {"kind": "add", "text": "last"}
    assert kinds.count("skip") == 2 and len(rows) < 20
    assert line_diff("", "a\nb") == [{"kind": "add", "text": "a"}, {"kind": "add", "text": "b"}]


# --- goals ------------------------------------------------------------------------------------


def test_members_add_goals_and_outsiders_cannot(client_for, community, member, outsider):
    client_for(member).post(url("goals", community), {"title": "Write a guide"})
    assert Goal.objects.filter(title="Write a guide").exists()
    refused = client_for(outsider).post(url("goals", community), {"title": "Sneak"})
    assert refused.status_code == 403 and not Goal.objects.filter(title="Sneak").exists()
    blank = client_for(member).post(url("goals", community), {"title": ""})
    assert blank.status_code == 400


def test_goal_update_keeps_history_and_moves_achieved_goals_down(client_for, community, member):
    goal = goal_create(member, community, title="Write a guide")
    client = client_for(member)
    response = client.post(
        url("goal", community, goal.pk),
        {"title": "Write a guide", "description": "", "status": "achieved", "note": "Published!"},
    )
    assert response.status_code == 302
    body = client.get(url("goal", community, goal.pk)).content.decode()
    assert "Published!" in body and "Goal set" in body
    goals_page = client.get(url("goals", community)).content.decode()
    assert goals_page.index("No active goals") < goals_page.index("Write a guide")


def test_goal_update_rejects_an_unknown_status(client_for, community, member):
    goal = goal_create(member, community, title="Guide")
    response = client_for(member).post(
        url("goal", community, goal.pk), {"title": "Guide", "status": "exploded"}
    )
    assert response.status_code == 400
    goal.refresh_from_db()
    assert goal.status == "active"


# --- notifications ----------------------------------------------------------------------------


def test_notifications_list_and_mark_read(client_for, community, steward, member):
    charter_propose(member, community, body="New rules")
    client = client_for(steward)
    body = client.get("/notifications/").content.decode()
    assert "proposed a new charter" in body and "is-unread" in body
    assert client.post("/notifications/").status_code == 302
    assert not Notification.objects.filter(recipient=steward, read_at__isnull=True).exists()
    assert "is-unread" not in client.get("/notifications/").content.decode()


def test_notifications_ask_anonymous_visitors_to_log_in(client_for):
    response = client_for().get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_following_a_notification_marks_it_read(db, client_for, community, steward, member):
    from practica.communities.models import Notification
    from practica.discussions.services import post_create, topic_create

    topic = topic_create(member, community, kind="question", title="Which tool?", body="Ideas?")
    post_create(steward, topic.pk, body="Try a shared notebook.")
    note = Notification.objects.get(recipient=member, kind="answer")
    client = client_for(member)
    listing = client.get("/notifications/").content.decode()
    assert f"/notifications/{note.pk}/" in listing
    response = client.get(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"].startswith(f"/t/{topic.pk}/")
    note.refresh_from_db()
    assert note.read_at is not None
    # Someone else's notification is not found, and cannot be marked read.
    other = client_for(steward).get(f"/notifications/{note.pk}/")
    assert other.status_code == 404


def test_a_notification_never_redirects_off_site(db, client_for, member):
    from practica.communities.models import Notification

    note = Notification.objects.create(
        recipient=member, kind="reply", text="x", url="//evil.example"
    )
    response = client_for(member).get(f"/notifications/{note.pk}/")
    assert response["Location"] == "/"
