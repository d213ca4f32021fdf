"""Reflection services: who may open and close rounds, answering once, editing while open,
goal reviews written to the goal's history, settling on time, notifications and mail."""

from datetime import timedelta

import pytest
from django.core import mail

from practica.communities.models import Activity, AuditEntry, GoalRevision, Notification
from practica.communities.services import community_conclude, goal_create
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from practica.reflection import services
from practica.reflection.models import CheckInAnswer, CheckInRound, GoalReview

from .helpers import add_members, answer, expire, open_round


def verbs(community):
    return list(Activity.objects.filter(community=community).values_list("verb", flat=True))


# --- settings and opening ----------------------------------------------------------------------


def test_a_steward_opens_a_round_and_members_are_told(community, steward, member):
    round = open_round(steward, community, prompt="*Think* of the last months")
    assert round.is_open and round.opened_by == steward
    assert "<em>Think</em>" in round.prompt_html
    assert "checkin_opened" in verbs(community)
    told = Notification.objects.get(kind="checkin_opened")
    assert told.recipient == member and "Spring check-in" in told.text
    assert not Notification.objects.filter(recipient=steward).exists()


def test_a_member_may_open_a_round_only_when_the_community_allows_it(community, steward, member):
    assert services.reflection_settings(community).pk is None  # nothing stored by reading
    with pytest.raises(NotAllowed):
        open_round(member, community)
    services.reflection_settings_update(steward, community, members_may_open=True)
    assert open_round(member, community).opened_by == member
    assert AuditEntry.objects.filter(action="reflection_settings_changed").count() == 1


def test_only_stewards_change_the_setting(community, member):
    with pytest.raises(NotAllowed):
        services.reflection_settings_update(member, community, members_may_open=True)
    with pytest.raises(InvalidInput):
        services.reflection_settings_update(
            community.memberships.first().user, community, members_may_open="yes"
        )


def test_outsiders_cannot_open_a_round(community, private_community, outsider):
    with pytest.raises(NotAllowed):
        open_round(outsider, community)
    with pytest.raises(NotFound):
        open_round(outsider, private_community)


@pytest.mark.parametrize("days", [-1, 91])
def test_the_closing_date_is_today_or_later_and_within_90_days(community, steward, days):
    with pytest.raises(InvalidInput) as exc:
        open_round(steward, community, days=days)
    assert exc.value.field == "closes_on"
    assert not CheckInRound.objects.exists()


@pytest.mark.parametrize("value", ["", "2024-02-30", "tomorrow", None, 12])
def test_a_bad_closing_date_is_a_clear_error(community, steward, value):
    with pytest.raises(InvalidInput):
        services.checkin_open(steward, community, title="X", closes_on=value)


def test_a_round_needs_a_title(community, steward):
    with pytest.raises(InvalidInput) as exc:
        open_round(steward, community, title="  ")
    assert exc.value.field == "title"


def test_a_round_closes_at_the_end_of_its_day_in_the_communitys_zone(community, steward):
    community.timezone = "Pacific/Auckland"
    community.save()
    round = open_round(steward, community, days=3)
    local = round.closes_at.astimezone(services._zone(community))
    assert (local.hour, local.minute) == (0, 0)


# --- answers -----------------------------------------------------------------------------------


def test_a_member_answers_once_and_a_second_answer_is_a_conflict(community, steward, member):
    round = open_round(steward, community)
    first = answer(
        member,
        round,
        4,
        capacity_hours=6,
        story="I learned *a lot*",
        cycles=["applied", "immediate", "applied"],
        sharing="anonymous",
        should_change="More evening sessions",
    )
    assert first.cycles == ["immediate", "applied"]
    assert "<em>a lot</em>" in first.story_html
    with pytest.raises(Conflict):
        answer(member, round, 2)
    assert CheckInAnswer.objects.get().worthwhile == 4
    assert "checked_in" in verbs(community)


@pytest.mark.parametrize(
    "fields",
    [
        {"worthwhile": 0},
        {"worthwhile": 6},
        {"worthwhile": "many"},
        {"worthwhile": 3.5},
        {"worthwhile": True},
        {"worthwhile": 3, "capacity_hours": -1},
        {"worthwhile": 3, "capacity_hours": 10_000},
        {"worthwhile": 3, "capacity_hours": "1e309"},
        {"worthwhile": 3, "cycles": ["nonsense"]},
        {"worthwhile": 3, "cycles": "applied"},
        {"worthwhile": 3, "sharing": "everyone"},
        {"worthwhile": 3, "story": "x" * 4001},
        {"worthwhile": 3, "should_change": "a\x00b"},
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(community, steward, member, fields):
    round = open_round(steward, community)
    with pytest.raises(InvalidInput):
        services.checkin_answer(member, round.pk, **fields)
    assert not CheckInAnswer.objects.exists()


def test_an_answer_may_be_changed_while_the_round_is_open_only(community, steward, member):
    round = open_round(steward, community)
    answer(member, round, 2, story="Quiet months")
    changed = services.checkin_answer_update(member, round.pk, worthwhile=5)
    assert (changed.worthwhile, changed.story) == (5, "Quiet months")
    expire(round)
    with pytest.raises(Conflict):
        services.checkin_answer_update(member, round.pk, worthwhile=1)
    assert CheckInAnswer.objects.get().worthwhile == 5


def test_changing_an_answer_one_never_gave_is_not_found(community, steward, member):
    round = open_round(steward, community)
    with pytest.raises(NotFound):
        services.checkin_answer_update(member, round.pk, worthwhile=3)


def test_no_answers_after_closing(community, steward, member):
    round = open_round(steward, community)
    expire(round)
    with pytest.raises(Conflict):
        answer(member, round)
    assert CheckInRound.objects.get().closed_at is not None  # settled on the way


def test_outsiders_cannot_answer(community, private_community, steward, outsider):
    public_round = open_round(steward, community)
    private_round = open_round(steward, private_community)
    with pytest.raises(NotAllowed):
        answer(outsider, public_round)
    with pytest.raises(NotFound):
        answer(outsider, private_round)
    for junk in (0, -1, 2**63, "abc", None, True):
        with pytest.raises(NotFound):
            services.checkin_answer(outsider, junk, worthwhile=3)


# --- closing -----------------------------------------------------------------------------------


def test_stewards_or_the_opener_close_a_round_early(community, steward, member, make_user):
    services.reflection_settings_update(steward, community, members_may_open=True)
    other = add_members(make_user, community, 1)[0]
    round = open_round(member, community)
    with pytest.raises(NotAllowed):
        services.checkin_close(other, round.pk)
    closed = services.checkin_close(member, round.pk)
    assert closed.closed_at is not None and not closed.is_open
    with pytest.raises(Conflict):
        services.checkin_close(steward, round.pk)
    second = open_round(member, community, title="Autumn")
    services.checkin_close(steward, second.pk)
    assert AuditEntry.objects.filter(action="checkin_closed").count() == 1


def test_settling_closes_due_rounds_once(community, steward):
    round = expire(open_round(steward, community))
    assert services.checkin_settle_due() == 1
    round.refresh_from_db()
    assert round.closed_at == round.closes_at
    assert services.checkin_settle_due() == 0
    assert verbs(community).count("checkin_closed") == 1


def test_a_concluded_community_takes_no_more_answers(community, steward, member):
    round = open_round(steward, community)
    community_conclude(steward, community, note="We are done.")
    community.refresh_from_db()
    with pytest.raises(Conflict):
        answer(member, round)
    with pytest.raises(Conflict):
        open_round(steward, community)


# --- goal review -------------------------------------------------------------------------------


def test_goal_decisions_are_written_to_the_goals_history(community, steward, member):
    keep = goal_create(member, community, title="Monthly calls")
    revise = goal_create(member, community, title="A guide")
    done = goal_create(member, community, title="First meetup")
    retire = goal_create(member, community, title="A newsletter")
    round = open_round(steward, community)
    services.goal_review(steward, round.pk, goal_id=keep.pk, decision="keep")
    services.goal_review(
        steward,
        round.pk,
        goal_id=revise.pk,
        decision="revise",
        title="A guide to intake",
        note="Narrower",
    )
    services.goal_review(steward, round.pk, goal_id=done.pk, decision="achieve")
    services.goal_review(steward, round.pk, goal_id=retire.pk, decision="retire")
    for goal in (keep, revise, done, retire):
        goal.refresh_from_db()
    assert (keep.status, revise.status, done.status, retire.status) == (
        "active",
        "active",
        "achieved",
        "retired",
    )
    assert revise.title == "A guide to intake"
    assert GoalRevision.objects.filter(goal=revise).last().note == "Narrower"
    assert "Spring check-in" in GoalRevision.objects.filter(goal=done).last().note
    assert GoalReview.objects.count() == 4
    assert "goal_reviewed" in verbs(community) and "goal_achieved" in verbs(community)


def test_goal_review_refusals(community, steward, member, make_community):
    goal = goal_create(member, community, title="Monthly calls")
    round = open_round(steward, community)
    with pytest.raises(NotAllowed):  # a member who did not open the round
        services.goal_review(member, round.pk, goal_id=goal.pk, decision="keep")
    with pytest.raises(InvalidInput):
        services.goal_review(steward, round.pk, goal_id=goal.pk, decision="maybe")
    with pytest.raises(InvalidInput):  # revising without changing the words
        services.goal_review(steward, round.pk, goal_id=goal.pk, decision="revise")
    elsewhere = goal_create(steward, make_community(steward, name="Elsewhere"), title="Other")
    with pytest.raises(NotFound):
        services.goal_review(steward, round.pk, goal_id=elsewhere.pk, decision="keep")
    services.goal_review(steward, round.pk, goal_id=goal.pk, decision="achieve")
    with pytest.raises(Conflict):  # no longer active
        services.goal_review(steward, round.pk, goal_id=goal.pk, decision="keep")
    assert GoalReview.objects.count() == 1


def test_a_round_decides_about_a_goal_once(community, steward, member):
    goal = goal_create(member, community, title="Monthly calls")
    round = open_round(steward, community)
    services.goal_review(steward, round.pk, goal_id=goal.pk, decision="keep")
    with pytest.raises(Conflict):
        services.goal_review(steward, round.pk, goal_id=goal.pk, decision="keep")


# --- mail and reminders ------------------------------------------------------------------------


def test_members_get_mail_when_a_round_opens(
    community, steward, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round = open_round(steward, community)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert round.title in mail.outbox[0].subject
    assert services.round_url(round) in mail.outbox[0].body


def test_the_reminder_goes_once_to_those_who_have_not_answered(
    community, steward, member, make_user
):
    late, answered = add_members(make_user, community, 2)
    round = open_round(steward, community, days=1)
    answer(answered, round)
    mail.outbox.clear()
    assert services.checkin_remind_due() == 3  # steward, member and the late one
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([steward.email, member.email, late.email])
    assert Notification.objects.filter(kind="checkin_reminder", recipient=answered).count() == 0
    assert services.checkin_remind(round.pk) == 0  # once
    assert services.checkin_remind_due() == 0


def test_no_reminder_for_a_round_far_from_closing(community, steward):
    open_round(steward, community, days=10)
    assert services.checkin_remind_due() == 0


def test_a_mail_server_that_refuses_loses_nothing(community, steward, member, settings):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    round = open_round(steward, community)
    assert services.checkin_announce(round.pk) == 0
    assert CheckInRound.objects.get().is_open
    assert Notification.objects.filter(kind="checkin_opened", recipient=member).exists()


def test_the_announcement_goes_through_a_real_smtp_server(community, steward, member, settings):
    from .smtp import smtp_server

    with smtp_server() as (port, received):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        round = open_round(steward, community)
        assert services.checkin_announce(round.pk) == 1
    assert len(received) == 1
    assert received[0]["to"] == [member.email]
    assert "Spring check-in" in received[0]["data"]


def test_announce_and_remind_skip_closed_or_missing_rounds(community, steward):
    round = open_round(steward, community)
    services.checkin_close(steward, round.pk)
    assert services.checkin_announce(round.pk) == 0
    assert services.checkin_remind(round.pk) == 0
    assert services.checkin_announce(10**9) == 0


def test_the_reminder_is_scheduled_before_closing_on_a_deferring_backend(
    community, steward, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from practica.reflection import tasks

    scheduled = []

    class FakeTask:
        def __init__(self, name):
            self.name = name

        def using(self, run_after=None):
            scheduled.append((self.name, run_after))
            return self

        def enqueue(self, *args):
            scheduled.append((self.name, "enqueued"))

    monkeypatch.setattr(tasks, "checkin_announce_task", FakeTask("announce"))
    monkeypatch.setattr(tasks, "checkin_remind_task", FakeTask("remind"))
    monkeypatch.setattr(tasks, "checkin_settle_task", FakeTask("settle"))
    monkeypatch.setattr(tasks, "default_task_backend", type("B", (), {"supports_defer": True})())
    with django_capture_on_commit_callbacks(execute=True):
        round = open_round(steward, community, days=7)
    assert ("remind", round.closes_at - timedelta(days=2)) in scheduled
    assert ("settle", round.closes_at) in scheduled
    assert ("announce", "enqueued") in scheduled


def test_a_title_is_one_line_so_the_announcement_mail_goes_out(
    community, steward, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round = open_round(steward, community, title="Spring\r\ncheck-in\n")
    assert round.title == "Spring check-in"
    assert any("Spring check-in" in m.subject for m in mail.outbox)
