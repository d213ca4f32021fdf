"""Appreciation notes: who may write, what a note may point at, notifications, the recipient's
choice to show it on their profile, deletion and a steward's audited removal."""

from datetime import date, timedelta

import pytest

from practica.communities.models import Activity, AuditEntry, Notification
from practica.communities.services import community_join
from practica.core.errors import Conflict, InvalidInput, NotAllowed, NotFound, RateLimited
from practica.discussions.services import post_create, post_hide, topic_create
from practica.knowledge.services import article_create
from practica.stewardship.models import AppreciationNote
from practica.stewardship.queries.appreciation import (
    appreciation_on_profile,
    appreciation_wall,
)
from practica.stewardship.services.appreciation import (
    DAILY_LIMIT,
    appreciation_create,
    appreciation_delete,
    appreciation_set_on_profile,
)
from practica.stewardship.services.time_entries import time_entry_create


@pytest.fixture
def note(community, steward, member):
    return appreciation_create(
        member, community, recipient=steward.pk, body="Thank you for **hosting**."
    )


def test_a_member_appreciates_another_and_they_are_told(community, steward, member):
    note = appreciation_create(member, community, recipient=steward, body="Thanks for *that*.")
    assert note.body_html.strip() == "<p>Thanks for <em>that</em>.</p>"
    assert note.on_profile is False
    activity = Activity.objects.get(verb="appreciated")
    assert (activity.actor, activity.community, activity.target_id) == (member, community, note.pk)
    told = Notification.objects.get(recipient=steward, kind="appreciation")
    assert f"#note-{note.pk}" in told.url and "Mo Member" in told.text


def test_no_note_to_yourself_nor_to_a_non_member(community, member, outsider):
    with pytest.raises(InvalidInput) as err:
        appreciation_create(member, community, recipient=member, body="Me!")
    assert err.value.field == "recipient"
    with pytest.raises(InvalidInput):
        appreciation_create(member, community, recipient=outsider, body="Hi")
    with pytest.raises(InvalidInput):
        appreciation_create(member, community, recipient="abc", body="Hi")
    with pytest.raises(InvalidInput):
        appreciation_create(member, community, recipient=2**70, body="Hi")
    assert not AppreciationNote.objects.exists()


def test_non_members_cannot_write_and_private_stays_hidden(
    community, private_community, steward, outsider
):
    with pytest.raises(NotAllowed):
        appreciation_create(outsider, community, recipient=steward, body="Hi")
    with pytest.raises(NotFound):
        appreciation_create(outsider, private_community, recipient=steward, body="Hi")
    with pytest.raises(NotFound):
        appreciation_wall(outsider, private_community)
    with pytest.raises(NotAllowed):
        appreciation_wall(outsider, community)


def test_empty_or_long_bodies_are_refused(community, steward, member):
    with pytest.raises(InvalidInput):
        appreciation_create(member, community, recipient=steward, body="  ")
    with pytest.raises(InvalidInput) as err:
        appreciation_create(member, community, recipient=steward, body="x" * 2001)
    assert err.value.field == "body"


def test_a_note_can_point_at_the_recipients_post_topic_article_or_time(community, steward, member):
    topic = topic_create(steward, community, kind="question", title="How?", body="Ask")
    post = post_create(steward, topic.pk, body="Like this")
    article = article_create(
        steward, community, kind="guide", title="Intake", body="So.", status="published"
    )
    entry = time_entry_create(
        steward, community, day=date.today() - timedelta(days=1), hours="2", kind="planning"
    )
    for kind, pk in (
        ("post", post.pk),
        ("topic", topic.pk),
        ("article", article.pk),
        ("time", entry.pk),
    ):
        note = appreciation_create(
            member, community, recipient=steward, body="Thanks", target_kind=kind, target_id=pk
        )
        assert note.target_id == pk
    page = appreciation_wall(member, community)
    titles = {n.target_kind: n.target_info.title for n in page.items}
    assert titles["post"] == "a reply in “How?”"
    assert titles["article"] == "“Intake”"
    assert "2 h of planning" in titles["time"]


def test_targets_must_be_visible_same_community_and_the_recipients(
    community, make_community, steward, member
):
    other = make_community(steward, name="Elsewhere")
    community_join(member, other, acknowledge_charter=True)
    foreign = topic_create(steward, other, kind="idea", title="Far", body="Away")
    mine = topic_create(member, community, kind="idea", title="Mine", body="Me")
    hidden = topic_create(steward, community, kind="idea", title="Gone", body="x")
    hidden_post = post_create(steward, hidden.pk, body="reply")
    post_hide(steward, hidden_post.pk, reason="Off topic")
    cases = [
        ("topic", foreign.pk),  # another community
        ("topic", mine.pk),  # not the recipient's work
        ("post", hidden_post.pk),  # hidden by a steward
        ("post", 999999),
        ("gathering", 1),  # unknown kind
        ("topic", "x"),
    ]
    for kind, pk in cases:
        with pytest.raises(InvalidInput) as err:
            appreciation_create(
                member, community, recipient=steward, body="T", target_kind=kind, target_id=pk
            )
        assert err.value.field == "target"
    assert not AppreciationNote.objects.exists()


def test_drafts_of_a_private_community_cannot_be_pointed_at_from_outside(
    community, private_community, steward, member
):
    draft = article_create(steward, private_community, kind="guide", title="D", body="x")
    with pytest.raises(InvalidInput):
        appreciation_create(
            member,
            community,
            recipient=steward,
            body="T",
            target_kind="article",
            target_id=draft.pk,
        )


def test_rate_limit_per_author_per_day(community, steward, member):
    for i in range(DAILY_LIMIT):
        appreciation_create(member, community, recipient=steward, body=f"Thanks {i}")
    with pytest.raises(RateLimited):
        appreciation_create(member, community, recipient=steward, body="One more")
    AppreciationNote.objects.update(
        created_at=AppreciationNote.objects.first().created_at - timedelta(days=2)
    )
    appreciation_create(member, community, recipient=steward, body="Next day")


def test_only_the_recipient_shows_a_note_on_their_profile(note, steward, member, outsider):
    with pytest.raises(NotAllowed):
        appreciation_set_on_profile(member, note.pk, True)
    with pytest.raises(NotFound):
        appreciation_set_on_profile(outsider, note.pk, True)
    assert appreciation_on_profile(outsider, steward.pk) == []
    appreciation_set_on_profile(steward, note.pk, True)
    assert [n.pk for n in appreciation_on_profile(outsider, steward.pk)] == [note.pk]
    assert Activity.objects.filter(verb="appreciation_shown").count() == 1
    appreciation_set_on_profile(steward, note.pk, False)
    assert appreciation_on_profile(None, steward.pk) == []


def test_a_private_communitys_note_shows_on_a_profile_only_to_its_members(
    private_community, steward, member, outsider
):
    note = appreciation_create(member, private_community, recipient=steward, body="Secret")
    appreciation_set_on_profile(steward, note.pk, True)
    assert appreciation_on_profile(outsider, steward.pk) == []
    assert appreciation_on_profile(None, steward.pk) == []
    assert [n.pk for n in appreciation_on_profile(member, steward.pk)] == [note.pk]


def test_the_author_deletes_a_steward_removes_with_a_reason(community, steward, member, make_user):
    third = make_user("Tia Third")
    community_join(third, community, acknowledge_charter=True)
    mine = appreciation_create(member, community, recipient=third, body="Thanks")
    with pytest.raises(NotAllowed):
        appreciation_delete(third, mine.pk)  # the recipient cannot delete it
    appreciation_delete(member, mine.pk)
    assert not AppreciationNote.objects.filter(pk=mine.pk).exists()
    assert not AuditEntry.objects.filter(action="appreciation_removed").exists()

    rude = appreciation_create(member, community, recipient=third, body="Rude")
    with pytest.raises(InvalidInput):
        appreciation_delete(steward, rude.pk)  # a steward must say why
    appreciation_delete(steward, rude.pk, reason="Be kind.")
    audit = AuditEntry.objects.get(action="appreciation_removed")
    assert "Be kind." in audit.summary and audit.actor == steward
    assert Notification.objects.filter(recipient=member, kind="appreciation_removed").exists()


def test_a_concluded_community_is_read_only(community, steward, member, note):
    community.concluded_at = note.created_at
    community.save()
    with pytest.raises(Conflict):
        appreciation_create(member, community, recipient=steward, body="Late")
    with pytest.raises(Conflict):
        appreciation_set_on_profile(steward, note.pk, True)
    with pytest.raises(Conflict):
        appreciation_delete(member, note.pk)
