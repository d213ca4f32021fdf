"""Communities services: creation and settings, membership, stewards, invitations, the
charter's consent process, goals and notifications."""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import resolve
from django.utils import timezone

from practica.accounts.models import User
from practica.communities.models import (
    Activity,
    AuditEntry,
    CharterProposal,
    CharterResponse,
    Community,
    Goal,
    GoalRevision,
    Invitation,
    Membership,
    Notification,
)
from practica.communities.services import (
    DECLINED_WAIT_DAYS,
    charter_propose,
    charter_respond,
    charter_settle,
    charter_settle_due,
    charter_withdraw,
    community_create,
    community_join,
    community_leave,
    community_update,
    current_charter,
    goal_create,
    goal_update,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    membership_approve,
    membership_decline,
    notifications_mark_read,
    steward_appoint,
    steward_step_down,
)
from practica.communities.tasks import charter_settle_due_task, charter_settle_task
from practica.communities.visibility import is_member, is_steward, require_steward
from practica.core.errors import (
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFound,
    RateLimited,
    Unavailable,
)

# Ids as they may arrive from URLs, forms and JSON: none of them names anything.
ODD_IDS = [999_999, "abc", None, -1, 2**70, float("inf")]


def fresh(user):
    """The same person as a new object, as the next request would see them (no cached
    memberships)."""
    return User.objects.get(pk=user.pk)


def verbs(community) -> list[str]:
    return list(Activity.objects.filter(community=community).values_list("verb", flat=True))


def audit_actions(community) -> list[str]:
    return list(
        AuditEntry.objects.filter(community=community)
        .order_by("id")
        .values_list("action", flat=True)
    )


def notified(user, kind: str) -> int:
    return Notification.objects.filter(recipient=user, kind=kind).count()


def end_review(proposal):
    """Move a proposal's review window into the past, as if its days had gone by."""
    CharterProposal.objects.filter(pk=proposal.pk).update(
        review_ends_at=timezone.now() - timedelta(seconds=1)
    )
    proposal.refresh_from_db()
    return proposal


# --- community_create -------------------------------------------------------------------------


def test_create_makes_creator_the_steward_and_records_it(make_community, steward):
    c = make_community(steward, name="Open Health", values="Curiosity")
    m = Membership.objects.get(community=c, user=steward)
    assert m.role == "steward" and m.is_active and m.is_steward
    assert c.slug == "open-health" and c.member_count == 1 and c.created_by == steward
    assert c.purpose_html.startswith("<p>") and "Curiosity" in c.values_html
    assert {"created", "joined"} <= set(verbs(c))
    assert audit_actions(c) == ["created"]
    assert is_steward(fresh(steward), c)


def test_create_adopts_founding_charter_as_version_one(make_community, steward):
    c = make_community(steward, charter="Be **kind**.")
    charter = current_charter(c)
    assert charter.version == 1 and charter.status == "adopted"
    assert charter.proposed_by == steward and "<strong>kind</strong>" in charter.body_html
    assert Membership.objects.get(community=c, user=steward).charter_acknowledged == charter
    assert "charter_adopted" in verbs(c)


def test_create_without_charter_has_none(make_community, steward):
    c = make_community(steward)
    assert current_charter(c) is None
    assert "charter_adopted" not in verbs(c)


def test_slugs_are_generated_unique(make_community, steward):
    first = make_community(steward, name="Open Health")
    second = make_community(steward, name="Open  health!")
    third = make_community(steward, name="Open Health")
    assert [first.slug, second.slug, third.slug] == [
        "open-health",
        "open-health-2",
        "open-health-3",
    ]


@pytest.mark.parametrize("name,slug", [("New", "new-community"), ("Admin", "admin-community")])
def test_generated_slug_avoids_reserved_words(make_community, steward, name, slug):
    assert make_community(steward, name=name).slug == slug


def test_generated_slug_falls_back_when_name_has_no_latin_letters(make_community, steward):
    assert make_community(steward, name="!!!").slug == "community"


def test_generated_slug_fits_the_column(make_community, steward):
    name = "word " * 23  # 115 characters, near the 120 limit
    a, b = make_community(steward, name=name), make_community(steward, name=name)
    assert len(a.slug) <= 60 and len(b.slug) <= 60 and a.slug != b.slug


def test_chosen_slug_is_used(make_community, steward):
    assert make_community(steward, slug="ohp").slug == "ohp"


def test_chosen_slug_already_taken_is_a_conflict(make_community, steward):
    make_community(steward, slug="ohp")
    with pytest.raises(Conflict) as exc:
        make_community(steward, name="Other", slug="ohp")
    assert exc.value.field == "slug"


@pytest.mark.parametrize(
    "slug", ["new", "admin", "api", "Open-Health", "open health", "-open", "ü", "x" * 61, 5]
)
def test_chosen_slug_must_be_valid_and_not_reserved(make_community, steward, slug):
    with pytest.raises(InvalidInput) as exc:
        make_community(steward, slug=slug)
    assert exc.value.field == "slug"
    assert not Community.objects.exists()


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"purpose": "   "}, "purpose"),
        ({"purpose": 3}, "purpose"),
        ({"values": "x" * 5001}, "values"),
        ({"visibility": "secret"}, "visibility"),
        ({"join_policy": "lottery"}, "join_policy"),
        ({"community_timezone": "Nowhere/Land"}, "timezone"),
        ({"community_timezone": "Europe"}, "timezone"),
        ({"community_timezone": "x" * 5000}, "timezone"),
        ({"community_timezone": None}, "timezone"),
    ],
)
def test_create_validates_input(make_community, steward, kwargs, field):
    kwargs = {"name": "Open Health", **kwargs}
    name = kwargs.pop("name")
    with pytest.raises(InvalidInput) as exc:
        make_community(steward, name=name, **kwargs)
    assert exc.value.field == field
    assert not Community.objects.exists()


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_create_needs_a_signed_in_person(db, actor):
    with pytest.raises(NotAllowed):
        community_create(actor, name="Open Health", purpose="Why")


# --- community_update -------------------------------------------------------------------------


def test_update_by_steward_changes_and_audits(community, steward):
    community_update(
        steward, community, name="Open Health 2", purpose="New *aim*", join_policy="approval"
    )
    c = Community.objects.get(pk=community.pk)
    assert (c.name, c.join_policy) == ("Open Health 2", "approval")
    assert "<em>aim</em>" in c.purpose_html
    entry = AuditEntry.objects.filter(community=c, action="settings_changed").get()
    assert entry.actor == steward
    assert "join_policy" in entry.summary and "name" in entry.summary
    assert "settings_changed" in verbs(c)


def test_update_without_change_writes_no_audit(community, steward):
    community_update(steward, community, name=community.name)
    assert "settings_changed" not in audit_actions(community)


def test_update_by_member_is_not_allowed(community, member):
    with pytest.raises(NotAllowed):
        community_update(member, community, name="Taken over")
    assert Community.objects.get(pk=community.pk).name == community.name


def test_update_by_outsider_of_private_community_is_not_found(private_community, outsider):
    with pytest.raises(NotFound):
        community_update(outsider, private_community, name="Taken over")


@pytest.mark.parametrize(
    "changes",
    [
        {"colour": "red"},
        {"visibility": "secret"},
        {"timezone": "Nowhere/Land"},
        {"timezone": "America"},
        {"timezone": 5},
        {"name": ""},
        {"name": "Fine name", "join_policy": "lottery"},
    ],
)
def test_update_rejects_bad_settings_and_changes_nothing(community, steward, changes):
    with pytest.raises(InvalidInput):
        community_update(steward, community, **changes)
    c = Community.objects.get(pk=community.pk)
    assert (c.name, c.join_policy) == ("Open Health Practitioners", "open")
    assert "settings_changed" not in audit_actions(c)


# --- joining ----------------------------------------------------------------------------------


def test_join_open_community(community, outsider):
    m = community_join(outsider, community, acknowledge_charter=True)
    assert m.status == "active" and m.role == "member"
    assert m.charter_acknowledged == current_charter(community)
    assert Community.objects.get(pk=community.pk).member_count == 3
    assert verbs(community).count("joined") == 3


def test_join_requires_charter_acknowledgement(community, outsider):
    with pytest.raises(InvalidInput) as exc:
        community_join(outsider, community)
    assert exc.value.field == "acknowledge_charter"
    assert not Membership.objects.filter(user=outsider).exists()
    # "yes" is not True: the confirmation must be explicit.
    with pytest.raises(InvalidInput):
        community_join(outsider, community, acknowledge_charter="yes")


def test_join_without_charter_needs_no_acknowledgement(make_community, steward, outsider):
    c = make_community(steward)
    assert community_join(outsider, c).is_active


def test_join_twice_is_a_conflict(community, member):
    with pytest.raises(Conflict):
        community_join(fresh(member), community, acknowledge_charter=True)
    assert Community.objects.get(pk=community.pk).member_count == 2


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_join_needs_a_signed_in_person(community, actor):
    with pytest.raises(NotAllowed):
        community_join(actor, community, acknowledge_charter=True)


def test_join_private_community_without_invitation_is_not_found(private_community, outsider):
    with pytest.raises(NotFound):
        community_join(outsider, private_community, acknowledge_charter=True)


def test_join_invitation_only_community_without_invitation(make_community, steward, outsider):
    c = make_community(steward, join_policy="invitation")
    with pytest.raises(NotAllowed):
        community_join(outsider, c)
    assert not Membership.objects.filter(user=outsider).exists()


def test_join_message_is_limited(make_community, steward, outsider):
    c = make_community(steward, join_policy="approval")
    with pytest.raises(InvalidInput):
        community_join(outsider, c, message="x" * 1001)


@pytest.fixture
def approval_community(make_community, steward):
    return make_community(steward, name="Careful Circle", join_policy="approval", charter="Listen.")


def test_join_approval_community_asks_stewards(approval_community, steward, outsider):
    m = community_join(outsider, approval_community, acknowledge_charter=True, message="Hello!")
    assert m.status == "pending" and m.request_message == "Hello!"
    assert not is_member(fresh(outsider), approval_community)
    assert Community.objects.get(pk=approval_community.pk).member_count == 1
    note = Notification.objects.get(recipient=steward, kind="join_request")
    assert note.actor == outsider and "/requests/" in note.url
    with pytest.raises(Conflict):
        community_join(fresh(outsider), approval_community, acknowledge_charter=True)


def test_pending_request_notifies_only_active_stewards(approval_community, steward, make_user):
    deputy = make_user("Dee Deputy")
    invitation_accept(
        deputy,
        invitation_create(steward, approval_community, deputy.email).token,
        acknowledge_charter=True,
    )
    steward_appoint(fresh(steward), approval_community, deputy.pk, date.today() + timedelta(1))
    Membership.objects.filter(user=deputy).update(steward_term_ends=date.today() - timedelta(1))
    applicant = make_user()
    community_join(applicant, approval_community, acknowledge_charter=True)
    assert notified(steward, "join_request") == 1
    assert notified(deputy, "join_request") == 0


def test_approve_request(approval_community, steward, outsider):
    m = community_join(outsider, approval_community, acknowledge_charter=True)
    approved = membership_approve(steward, approval_community, m.pk)
    assert approved.status == "active"
    assert is_member(fresh(outsider), approval_community)
    assert Community.objects.get(pk=approval_community.pk).member_count == 2
    assert notified(outsider, "join_approved") == 1
    assert "join_approved" in audit_actions(approval_community)
    # Approving again finds no pending request.
    with pytest.raises(NotFound):
        membership_approve(steward, approval_community, m.pk)


def test_decline_request(approval_community, steward, outsider):
    m = community_join(outsider, approval_community, acknowledge_charter=True)
    declined = membership_decline(steward, approval_community, m.pk, reason="Not a fit yet")
    assert declined.status == "declined"
    entry = AuditEntry.objects.get(community=approval_community, action="join_declined")
    assert "Not a fit yet" in entry.summary
    assert not is_member(fresh(outsider), approval_community)
    # Someone declined may ask again — later, so stewards are not asked over and over.
    with pytest.raises(Conflict):
        community_join(fresh(outsider), approval_community, acknowledge_charter=True)
    assert (
        not Notification.objects.filter(kind="join_request")
        .exclude(created_at__lt=declined.updated_at)
        .exists()
    )
    Membership.objects.filter(pk=m.pk).update(
        updated_at=timezone.now() - timedelta(days=DECLINED_WAIT_DAYS + 1)
    )
    again = community_join(fresh(outsider), approval_community, acknowledge_charter=True)
    assert again.status == "pending"


def test_joining_twice_at_once_is_a_conflict_not_an_error(community, outsider):
    """A double click: the second request finds the unique constraint, not a 500."""
    from practica.communities.visibility import forget_memberships

    community_join(outsider, community, acknowledge_charter=True)
    outsider._practica_memberships = {}  # as if the first had not been seen yet
    with pytest.raises(Conflict):
        community_join(outsider, community, acknowledge_charter=True)
    forget_memberships(outsider)
    assert Membership.objects.filter(user=outsider, community=community).count() == 1


def test_only_stewards_approve_or_decline(approval_community, steward, outsider, make_user):
    m = community_join(outsider, approval_community, acknowledge_charter=True)
    plain = make_user()
    community_join(plain, approval_community, acknowledge_charter=True)
    membership_approve(steward, approval_community, Membership.objects.get(user=plain).pk)
    with pytest.raises(NotAllowed):
        membership_approve(fresh(plain), approval_community, m.pk)
    with pytest.raises(NotAllowed):
        membership_decline(fresh(plain), approval_community, m.pk)
    with pytest.raises(NotAllowed):
        membership_approve(fresh(outsider), approval_community, m.pk)
    assert Membership.objects.get(pk=m.pk).status == "pending"


@pytest.mark.parametrize("bad_id", ODD_IDS)
def test_approve_unknown_request_is_not_found(approval_community, steward, bad_id):
    with pytest.raises(NotFound):
        membership_approve(steward, approval_community, bad_id)
    with pytest.raises(NotFound):
        membership_decline(steward, approval_community, bad_id)


def test_approve_request_of_another_community_is_not_found(
    approval_community, make_community, steward, outsider
):
    other = make_community(steward, name="Other", join_policy="approval")
    m = community_join(outsider, other)
    with pytest.raises(NotFound):
        membership_approve(steward, approval_community, m.pk)


# --- leaving ----------------------------------------------------------------------------------


def test_member_leaves(community, member):
    m = community_leave(fresh(member), community)
    assert m.status == "left"
    assert Community.objects.get(pk=community.pk).member_count == 1
    assert "left" in verbs(community)
    assert not is_member(fresh(member), community)


def test_member_can_rejoin_after_leaving(community, member):
    community_leave(fresh(member), community)
    m = community_join(fresh(member), community, acknowledge_charter=True)
    assert m.status == "active" and m.role == "member"
    assert Community.objects.get(pk=community.pk).member_count == 2


def test_last_steward_cannot_leave_others_behind(community, steward):
    with pytest.raises(Conflict):
        community_leave(fresh(steward), community)
    assert Membership.objects.get(user=steward, community=community).status == "active"


def test_last_member_may_leave_even_as_steward(make_community, steward):
    c = make_community(steward)
    community_leave(fresh(steward), c)
    assert Community.objects.get(pk=c.pk).member_count == 0


def test_steward_may_leave_when_another_steward_remains(community, steward, member):
    steward_appoint(fresh(steward), community, member.pk)
    m = community_leave(fresh(steward), community)
    assert m.status == "left" and m.role == "member"


def test_outsider_cannot_leave(community, outsider):
    with pytest.raises(NotAllowed):
        community_leave(outsider, community)


# --- stewards ---------------------------------------------------------------------------------


def test_appoint_steward_with_term(community, steward, member):
    ends = date.today() + timedelta(days=30)
    m = steward_appoint(steward, community, member.pk, term_ends=ends)
    assert m.role == "steward" and m.steward_term_ends == ends
    assert is_steward(fresh(member), community)
    entry = AuditEntry.objects.get(community=community, action="steward_appointed")
    assert ends.isoformat() in entry.summary and "Mo Member" in entry.summary


def test_expired_term_carries_no_steward_powers(community, steward, member, outsider):
    steward_appoint(steward, community, member.pk, term_ends=date.today())
    assert is_steward(fresh(member), community)  # the term's last day still counts
    Membership.objects.filter(user=member).update(steward_term_ends=date.today() - timedelta(1))
    expired = fresh(member)
    assert not is_steward(expired, community)
    with pytest.raises(NotAllowed):
        require_steward(expired, community)
    with pytest.raises(NotAllowed):
        community_update(expired, community, name="Still mine?")
    with pytest.raises(NotAllowed):
        steward_appoint(expired, community, outsider.pk)


def test_term_cannot_end_in_the_past(community, steward, member):
    with pytest.raises(InvalidInput) as exc:
        steward_appoint(steward, community, member.pk, term_ends=date.today() - timedelta(1))
    assert exc.value.field == "term_ends"
    assert Membership.objects.get(user=member, community=community).role == "member"


def test_only_stewards_appoint(community, member, make_user):
    other = make_user()
    community_join(other, community, acknowledge_charter=True)
    with pytest.raises(NotAllowed):
        steward_appoint(fresh(member), community, other.pk)
    assert Membership.objects.get(user=other, community=community).role == "member"


@pytest.mark.parametrize("who", ["outsider", "nobody", "text", "huge"])
def test_appoint_non_member_is_not_found(community, steward, outsider, who):
    user_id = {"outsider": outsider.pk, "nobody": 999_999, "text": "abc", "huge": 2**70}[who]
    with pytest.raises(NotFound):
        steward_appoint(steward, community, user_id)


def test_step_down(community, steward, member):
    steward_appoint(steward, community, member.pk)
    m = steward_step_down(fresh(steward), community)
    assert m.role == "member"
    assert not is_steward(fresh(steward), community)
    assert "steward_stepped_down" in audit_actions(community)


def test_only_steward_cannot_step_down(community, steward):
    with pytest.raises(Conflict):
        steward_step_down(steward, community)
    assert is_steward(fresh(steward), community)


def test_member_cannot_step_down(community, member):
    with pytest.raises(NotAllowed):
        steward_step_down(member, community)


# --- invitations ------------------------------------------------------------------------------


def test_invitation_sends_mail_with_working_link(
    community, member, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inv = invitation_create(member, community, " New.Person@Example.org ")
    assert inv.email == "new.person@example.org" and inv.invited_by == member
    assert inv.is_usable
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert community.name in message.subject
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1
    assert links[0].startswith(settings.BASE_URL)
    match = resolve(urlsplit(links[0]).path)
    assert match.view_name == "communities:invitation"
    assert match.kwargs == {"token": inv.token}
    assert "invited" in verbs(community)


def test_invitation_is_not_kept_when_the_mail_server_refuses(community, member, settings):
    """A real SMTP connection to a closed port: a clear 503 error and no invitation stored."""
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with pytest.raises(Unavailable) as exc:
        invitation_create(member, community, "new@example.org")
    assert exc.value.status == 503 and "try again" in exc.value.message
    assert not Invitation.objects.filter(email="new@example.org").exists()


def test_invitation_tokens_are_stored_only_as_hashes(community, member):
    inv = invitation_create(member, community, "new@example.org")
    stored = Invitation.objects.get(pk=inv.pk)
    assert inv.token not in stored.token_hash and len(stored.token_hash) == 64
    assert invitation_for_token(inv.token).pk == inv.pk


def test_invitations_per_member_per_day_are_limited(community, member, settings):
    from practica.communities import services

    settings_limit = services.INVITATIONS_PER_DAY
    services.INVITATIONS_PER_DAY = 2
    try:
        invitation_create(member, community, "a@example.org")
        invitation_create(member, community, "b@example.org")
        with pytest.raises(RateLimited):
            invitation_create(member, community, "c@example.org")
    finally:
        services.INVITATIONS_PER_DAY = settings_limit
    assert not Invitation.objects.filter(email="c@example.org").exists()


def test_outsider_cannot_invite(community, private_community, outsider):
    with pytest.raises(NotAllowed):
        invitation_create(outsider, community, "friend@example.org")
    with pytest.raises(NotFound):
        invitation_create(outsider, private_community, "friend@example.org")
    assert not Invitation.objects.filter(email="friend@example.org").exists()


def test_invitation_needs_a_valid_email(community, member):
    with pytest.raises(InvalidInput):
        invitation_create(member, community, "not-an-email")


def test_accept_invitation_to_private_community(private_community, steward, outsider):
    inv = invitation_create(steward, private_community, outsider.email)
    m = invitation_accept(outsider, inv.token, acknowledge_charter=True)
    assert m.status == "active"
    inv.refresh_from_db()
    assert inv.accepted_by == outsider and inv.accepted_at is not None and not inv.is_usable
    assert is_member(fresh(outsider), private_community)


def test_invitation_bypasses_approval(approval_community, steward, outsider):
    inv = invitation_create(steward, approval_community, outsider.email)
    assert invitation_accept(outsider, inv.token, acknowledge_charter=True).status == "active"


def test_invitation_activates_a_pending_request(approval_community, steward, outsider):
    community_join(outsider, approval_community, acknowledge_charter=True)
    inv = invitation_create(steward, approval_community, outsider.email)
    assert invitation_accept(fresh(outsider), inv.token, acknowledge_charter=True).is_active


def test_accept_needs_charter_acknowledgement_and_keeps_the_invitation(
    private_community, steward, outsider
):
    inv = invitation_create(steward, private_community, outsider.email)
    with pytest.raises(InvalidInput):
        invitation_accept(outsider, inv.token)
    inv.refresh_from_db()
    assert inv.is_usable
    assert not Membership.objects.filter(user=outsider).exists()


def test_reused_invitation_is_a_conflict(private_community, steward, outsider, make_user):
    inv = invitation_create(steward, private_community, outsider.email)
    invitation_accept(outsider, inv.token, acknowledge_charter=True)
    someone = make_user()
    with pytest.raises(Conflict):
        invitation_accept(someone, inv.token, acknowledge_charter=True)
    assert not Membership.objects.filter(user=someone).exists()


def test_expired_invitation_is_a_conflict(private_community, steward, outsider):
    inv = invitation_create(steward, private_community, outsider.email)
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Conflict):
        invitation_accept(outsider, inv.token, acknowledge_charter=True)
    assert not Membership.objects.filter(user=outsider).exists()


@pytest.mark.parametrize("token", ["", "no-such-token", None, 123, "x" * 65])
def test_invalid_invitation_token_is_not_found(db, outsider, token):
    with pytest.raises(NotFound):
        invitation_accept(outsider, token, acknowledge_charter=True)


def test_accepting_as_existing_member_is_a_conflict(private_community, steward, member):
    inv = invitation_create(steward, private_community, "someone@example.org")
    with pytest.raises(Conflict):
        invitation_accept(fresh(member), inv.token, acknowledge_charter=True)
    inv.refresh_from_db()
    assert inv.is_usable


# --- charter: consent -------------------------------------------------------------------------


@pytest.fixture
def proposal(community, member):
    return charter_propose(
        member, community, body="Be kind. Share sources. Rotate facilitation.", rationale="Fair"
    )


def test_any_member_may_propose_and_everyone_is_told(proposal, community, steward, member):
    assert proposal.status == "open" and proposal.version is None
    assert proposal.proposed_by == member and proposal.rationale == "Fair"
    assert proposal.review_ends_at > timezone.now() + timedelta(days=6)
    assert notified(steward, "charter_proposal") == 1
    assert notified(member, "charter_proposal") == 0  # never told about one's own act
    assert "charter_proposed" in verbs(community)
    assert current_charter(community).version == 1


def test_outsider_cannot_propose(community, private_community, outsider):
    with pytest.raises(NotAllowed):
        charter_propose(outsider, community, body="Mine now")
    with pytest.raises(NotFound):
        charter_propose(outsider, private_community, body="Mine now")
    assert not CharterProposal.objects.filter(body="Mine now").exists()


@pytest.mark.parametrize("body", ["", "   ", None, 7])
def test_proposal_needs_text(community, member, body):
    with pytest.raises(InvalidInput):
        charter_propose(member, community, body=body)


def test_only_member_adopts_at_once(make_community, steward):
    c = make_community(steward, charter="First")
    p = charter_propose(steward, c, body="Second")
    assert p.status == "adopted" and p.version == 2 and p.decided_at is not None
    assert current_charter(c) == p
    c2 = make_community(steward, name="Blank")
    assert charter_propose(steward, c2, body="First").version == 1


def test_proposal_schedules_settlement_that_runs_harmlessly_now(
    community, member, django_capture_on_commit_callbacks
):
    # Tests use the immediate task backend: the settle task runs at once, before the window
    # ends, and must leave the proposal open.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        p = charter_propose(member, community, body="New text")
    # One settlement is scheduled; the other callbacks retire cached pages (core.cache).
    assert sum("charter_propose" in c.__qualname__ for c in callbacks) == 1
    p.refresh_from_db()
    assert p.status == "open"


def test_settle_task_results(proposal):
    assert charter_settle_task.enqueue(proposal.pk).return_value == "open"
    end_review(proposal)
    assert charter_settle_task.enqueue(proposal.pk).return_value == "adopted"
    assert charter_settle_task.enqueue(999_999).return_value == "missing"


def test_settle_due_task(proposal):
    assert charter_settle_due_task.enqueue().return_value == 0
    end_review(proposal)
    assert charter_settle_due_task.enqueue().return_value == 1
    proposal.refresh_from_db()
    assert proposal.status == "adopted"


def test_consent_needs_no_reason(proposal, steward):
    r = charter_respond(steward, proposal.pk, position="consent")
    assert (r.position, r.reason) == ("consent", "")
    assert "charter_responded" in verbs(proposal.community)


@pytest.mark.parametrize("position", ["concern", "objection"])
def test_concern_and_objection_need_a_reason(proposal, steward, position):
    with pytest.raises(InvalidInput) as exc:
        charter_respond(steward, proposal.pk, position=position, reason="  ")
    assert exc.value.field == "reason"
    assert not CharterResponse.objects.exists()
    r = charter_respond(steward, proposal.pk, position=position, reason="Too vague")
    assert r.reason == "Too vague"


def test_unknown_position_is_invalid(proposal, steward):
    with pytest.raises(InvalidInput):
        charter_respond(steward, proposal.pk, position="veto", reason="Because")


def test_objection_tells_the_proposer(proposal, steward, member):
    charter_respond(steward, proposal.pk, position="objection", reason="Unsafe")
    assert notified(member, "charter_objection") == 1


def test_response_can_change_while_open(proposal, steward):
    charter_respond(steward, proposal.pk, position="objection", reason="Unsafe")
    charter_respond(steward, proposal.pk, position="consent")
    r = CharterResponse.objects.get(proposal=proposal)
    assert r.position == "consent" and r.reason == ""


def test_non_member_cannot_respond(proposal, outsider):
    with pytest.raises(NotAllowed):
        charter_respond(outsider, proposal.pk, position="consent")
    assert not CharterResponse.objects.exists()


def test_outsider_of_private_community_gets_not_found(private_community, steward, outsider):
    p = charter_propose(steward, private_community, body="Hidden rules")
    with pytest.raises(NotFound):
        charter_respond(outsider, p.pk, position="consent")
    with pytest.raises(NotFound):
        charter_withdraw(outsider, p.pk)


@pytest.mark.parametrize("bad_id", ODD_IDS)
def test_respond_to_unknown_proposal_is_not_found(db, member, bad_id):
    with pytest.raises(NotFound):
        charter_respond(member, bad_id, position="consent")


def test_respond_after_the_window_is_a_conflict(proposal, steward):
    end_review(proposal)
    with pytest.raises(Conflict):
        charter_respond(steward, proposal.pk, position="objection", reason="Too late")
    proposal.refresh_from_db()
    assert proposal.status == "adopted"  # settled on the way, without the late objection


def test_withdraw_by_proposer(proposal, member):
    p = charter_withdraw(member, proposal.pk)
    assert p.status == "withdrawn" and p.decided_at is not None and p.version is None
    assert "charter_withdrawn" in verbs(proposal.community)
    with pytest.raises(Conflict):
        charter_withdraw(member, proposal.pk)
    with pytest.raises(Conflict):
        charter_respond(member, proposal.pk, position="consent")


def test_only_proposer_may_withdraw(proposal, steward, outsider):
    with pytest.raises(NotAllowed):
        charter_withdraw(steward, proposal.pk)
    with pytest.raises(NotAllowed):
        charter_withdraw(outsider, proposal.pk)
    proposal.refresh_from_db()
    assert proposal.is_open


def test_settle_before_the_window_changes_nothing(proposal):
    assert charter_settle(proposal).status == "open"
    assert charter_settle_due() == 0


def test_settle_adopts_with_next_version_when_nobody_objects(proposal, steward, community):
    charter_respond(steward, proposal.pk, position="concern", reason="Wording")
    end_review(proposal)
    settled = charter_settle(proposal)
    assert settled.status == "adopted" and settled.version == 2
    assert current_charter(community) == settled
    assert "charter_adopted" in verbs(community)


def test_settle_is_idempotent(proposal, community):
    end_review(proposal)
    first = charter_settle(proposal)
    again = charter_settle(CharterProposal.objects.get(pk=proposal.pk))
    assert first.version == again.version == 2
    assert charter_settle_due() == 0
    assert CharterProposal.objects.filter(community=community, status="adopted").count() == 2
    assert verbs(community).count("charter_adopted") == 2  # founding + this one


def test_settle_not_adopted_when_objection_stands(proposal, steward, community):
    charter_respond(steward, proposal.pk, position="objection", reason="Unsafe")
    end_review(proposal)
    settled = charter_settle(proposal)
    assert settled.status == "not_adopted" and settled.version is None
    assert current_charter(community).version == 1
    assert "charter_not_adopted" in verbs(community)


def test_withdrawn_objection_lets_it_pass(proposal, steward):
    charter_respond(steward, proposal.pk, position="objection", reason="Unsafe")
    charter_respond(steward, proposal.pk, position="consent")
    assert charter_settle(end_review(proposal)).status == "adopted"


def test_settle_due_counts_and_filters_by_community(proposal, community, make_community, steward):
    other = make_community(steward, name="Other")
    community_join(fresh(proposal.proposed_by), other)
    other_proposal = charter_propose(fresh(steward), other, body="Other rules")
    end_review(proposal)
    end_review(other_proposal)
    assert charter_settle_due(community) == 1
    assert CharterProposal.objects.get(pk=other_proposal.pk).status == "open"
    assert charter_settle_due() == 1
    assert CharterProposal.objects.get(pk=other_proposal.pk).version == 1


def test_versions_keep_counting_after_a_rejection(proposal, steward, member, community):
    charter_respond(steward, proposal.pk, position="objection", reason="No")
    charter_settle(end_review(proposal))
    second = charter_propose(fresh(member), community, body="Better text")
    assert charter_settle(end_review(second)).version == 2


# --- goals ------------------------------------------------------------------------------------


def test_any_member_sets_a_goal_with_history(community, member):
    goal = goal_create(member, community, title="Write a guide", description="A *short* one")
    assert goal.status == "active" and "<em>short</em>" in goal.description_html
    rev = GoalRevision.objects.get(goal=goal)
    assert (rev.title, rev.status, rev.changed_by) == ("Write a guide", "active", member)
    assert rev.note == "Goal set"
    assert "goal_set" in verbs(community)


def test_goal_update_keeps_full_history(community, member, steward):
    goal = goal_create(member, community, title="Write a guide")
    goal_update(steward, goal.pk, title="Write two guides", note="We have more to say")
    goal_update(member, goal.pk, status="achieved", note="Published!")
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Write two guides", "achieved")
    history = list(GoalRevision.objects.filter(goal=goal).order_by("changed_at", "id"))
    assert [(r.title, r.status, r.note, r.changed_by) for r in history] == [
        ("Write a guide", "active", "Goal set", member),
        ("Write two guides", "active", "We have more to say", steward),
        ("Write two guides", "achieved", "Published!", member),
    ]
    assert {"goal_revised", "goal_achieved"} <= set(verbs(community))


def test_goal_update_without_change_adds_no_revision(community, member):
    goal = goal_create(member, community, title="Write a guide")
    goal_update(member, goal.pk, title="Write a guide", note="nothing really")
    assert GoalRevision.objects.filter(goal=goal).count() == 1


@pytest.mark.parametrize(
    "changes",
    [{"status": "done"}, {"title": ""}, {"title": "x" * 201}, {"note": "x" * 501}, {"status": 3}],
)
def test_goal_update_validates(community, member, changes):
    goal = goal_create(member, community, title="Write a guide")
    with pytest.raises(InvalidInput):
        goal_update(member, goal.pk, **changes)
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Write a guide", "active")
    assert GoalRevision.objects.filter(goal=goal).count() == 1


@pytest.mark.parametrize("title", ["", "  ", "x" * 201, None])
def test_goal_create_validates(community, member, title):
    with pytest.raises(InvalidInput):
        goal_create(member, community, title=title)
    assert not Goal.objects.exists()


def test_outsiders_cannot_set_or_change_goals(community, private_community, member, outsider):
    with pytest.raises(NotAllowed):
        goal_create(outsider, community, title="Mine")
    goal = goal_create(member, community, title="Ours")
    with pytest.raises(NotAllowed):
        goal_update(outsider, goal.pk, status="retired")
    secret = goal_create(fresh(member), private_community, title="Secret")
    with pytest.raises(NotFound):
        goal_update(outsider, secret.pk, status="retired")
    with pytest.raises(NotFound):
        goal_create(outsider, private_community, title="Mine")
    assert Goal.objects.get(pk=goal.pk).status == "active"


@pytest.mark.parametrize("bad_id", ODD_IDS)
def test_goal_update_unknown_goal_is_not_found(db, member, bad_id):
    with pytest.raises(NotFound):
        goal_update(member, bad_id, status="retired")


# --- notifications ----------------------------------------------------------------------------


def _three_notes(community, steward, make_user):
    for _ in range(3):
        community_join(make_user(), community, acknowledge_charter=True, message="hi")
    return list(Notification.objects.filter(recipient=steward).order_by("id"))


def test_mark_some_notifications_read(approval_community, steward, make_user):
    notes = _three_notes(approval_community, steward, make_user)
    assert notifications_mark_read(steward, [notes[0].pk, str(notes[1].pk)]) == 2
    unread = Notification.objects.filter(recipient=steward, read_at__isnull=True)
    assert list(unread) == [notes[2]]


def test_mark_all_notifications_read(approval_community, steward, make_user):
    _three_notes(approval_community, steward, make_user)
    assert notifications_mark_read(steward) == 3
    assert notifications_mark_read(steward) == 0


def test_cannot_mark_someone_elses_notifications(approval_community, steward, make_user):
    notes = _three_notes(approval_community, steward, make_user)
    other = make_user()
    assert notifications_mark_read(other, [n.pk for n in notes]) == 0
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_mark_read_validates(db, steward):
    for bad in (["one"], [None], "12", 12, [float("inf")]):
        with pytest.raises(InvalidInput):
            notifications_mark_read(steward, bad)
    assert notifications_mark_read(steward, [2**70, -1]) == 0
    with pytest.raises(NotAllowed):
        notifications_mark_read(AnonymousUser())


def test_nobody_appoints_themselves_steward(community, steward):
    from practica.communities.services import steward_appoint

    with pytest.raises(InvalidInput):
        steward_appoint(steward, community, steward.pk, term_ends=None)


def test_when_every_term_has_ended_any_member_may_appoint_a_steward(community, steward, member):
    from practica.communities.services import steward_appoint

    Membership.objects.filter(user=steward, community=community).update(
        steward_term_ends=date.today() - timedelta(days=1)
    )
    appointed = steward_appoint(fresh(member), community, steward.pk, term_ends=None)
    assert appointed.is_steward
    assert AuditEntry.objects.filter(community=community, action="steward_appointed").exists()


def test_an_objection_by_someone_who_left_does_not_block_adoption(community, steward, member):
    from practica.communities.services import charter_respond, community_leave

    proposal = charter_propose(steward, community, body="Version two, with rotating hosts.")
    charter_respond(member, proposal.pk, position="objection", reason="Too soon")
    community_leave(fresh(member), community)
    CharterProposal.objects.filter(pk=proposal.pk).update(
        review_ends_at=timezone.now() - timedelta(minutes=1)
    )
    assert charter_settle(CharterProposal.objects.get(pk=proposal.pk)).status == "adopted"


def test_every_steward_action_is_also_in_the_activity_stream(community, steward, member):
    from practica.communities.models import Activity
    from practica.communities.services import community_update

    community_update(steward, community, name="Open Health Practice Network")
    assert Activity.objects.filter(community=community, verb="settings_changed").count() == 1
    audited = set(AuditEntry.objects.filter(community=community).values_list("action", flat=True))
    streamed = set(Activity.objects.filter(community=community).values_list("verb", flat=True))
    assert audited <= streamed
