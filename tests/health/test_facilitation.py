"""The facilitator view: newcomers waiting for a reply, formerly active members gone quiet,
questions still waiting, next actions — alphabetical, never ranked, opt-outs only counted."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils.timezone import now as current_time

from practica.accounts.models import Profile, User
from practica.communities.models import Membership
from practica.communities.services import community_join, community_leave
from practica.core.errors import NotFound
from practica.discussions.models import Topic
from practica.discussions.services import post_create, topic_create
from practica.health import facilitation
from practica.health.facilitation import facilitator_mirror, top_quarter
from tests.health.synthetic import members_since, reply, topic, utc

NOW = utc(2025, 6, 30, 12)
# Quiet since 2025-06-02 12:00; formerly active over [2025-03-04 12:00, 2025-06-02 12:00).


def _join(community, person, when):
    community_join(person, community, acknowledge_charter=True)
    Membership.objects.filter(community=community, user=person).update(joined_at=when)


def _opt_out(person):
    Profile.objects.filter(user=person).update(named_in_health=False)


def _names(group):
    return [p["display_name"] for p in group["named"]]


# --- newcomers waiting for a reply -------------------------------------------------------------


@pytest.fixture
def newcomers(community, steward, member, make_user):
    """Members since 2024 (steward, member, Olga, Otis), and newcomers who joined in June."""
    olga, otis = make_user("Olga"), make_user("Otis")
    for person in (olga, otis):
        community_join(person, community, acknowledge_charter=True)
    members_since(community, utc(2024, 1, 1))
    people = {"olga": olga, "otis": otis}
    for key, name, day in [
        ("nia", "Nia", 20),
        ("nico", "Nico", 10),
        ("nadia", "Nadia", 10),
        ("noor", "Noor", 15),
        ("pip", "Pip", 12),
    ]:
        people[key] = make_user(name)
        _join(community, people[key], utc(2025, 6, day))
    p = people
    p["t_nia"] = topic(community, p["nia"], utc(2025, 6, 21), kind="question", title="Nia asks")
    # Nico answered himself: that is no reply.
    t = topic(community, p["nico"], utc(2025, 6, 11), kind="discussion", title="Nico shares")
    reply(t, p["nico"], utc(2025, 6, 12))
    # Nadia got a reply from Mo.
    t = topic(community, p["nadia"], utc(2025, 6, 11), kind="discussion", title="Nadia's")
    reply(t, member, utc(2025, 6, 12))
    # Noor opted out of being named.
    topic(community, p["noor"], utc(2025, 6, 16), kind="discussion", title="Noor's")
    _opt_out(p["noor"])
    # Olga is a member since 2024 whose first contribution is in June: new too.
    topic(community, p["olga"], utc(2025, 6, 25), kind="idea", title="Olga's idea")
    # Otis contributed in March: not new.
    topic(community, p["otis"], utc(2025, 3, 20), kind="discussion", title="Otis in March")
    reply(Topic.objects.get(title="Otis in March"), member, utc(2025, 3, 21))
    topic(community, p["otis"], utc(2025, 6, 25), kind="discussion", title="Otis in June")
    # Pip is an unclaimed imported sender: never listed.
    topic(community, p["pip"], utc(2025, 6, 13), kind="discussion", title="Pip's")
    User.objects.filter(pk=p["pip"].pk).update(is_placeholder=True)
    return p


def test_a_newcomer_whose_topic_has_no_reply_is_listed(newcomers, community, member):
    found = facilitator_mirror(member, community, now=NOW)
    waiting = found["newcomers_waiting"]
    nia = next(p for p in waiting["named"] if p["display_name"] == "Nia")
    assert nia["user_id"] == newcomers["nia"].pk
    assert nia["profile_url"] == f"/accounts/people/{newcomers['nia'].pk}/"
    assert nia["topics"] == [
        {
            "title": "Nia asks",
            "url": f"/t/{newcomers['t_nia'].pk}/",
            "created_at": utc(2025, 6, 21),
            "waiting_days": 9,
        }
    ]


def test_who_is_a_waiting_newcomer(newcomers, community, member):
    waiting = facilitator_mirror(member, community, now=NOW)["newcomers_waiting"]
    # Nia (no reply), Nico (only his own reply), Olga (first contribution in June); not
    # Nadia (Mo replied), Otis (contributed in March), Pip (placeholder); Noor only counted.
    assert _names(waiting) == ["Nia", "Nico", "Olga"]
    assert waiting["unnamed"] == 1
    assert waiting["total"] == 4
    assert waiting["more"] == 0


def test_a_hidden_reply_is_no_reply_and_a_hidden_topic_is_not_listed(newcomers, community, member):
    t = topic(community, newcomers["nadia"], utc(2025, 6, 20), kind="discussion", title="Again")
    p = reply(t, member, utc(2025, 6, 21))
    p.is_hidden = True
    p.save()
    waiting = facilitator_mirror(member, community, now=NOW)["newcomers_waiting"]
    assert "Nadia" in _names(waiting)
    Topic.objects.filter(pk=t.pk).update(is_hidden=True)
    Topic.objects.filter(pk=newcomers["t_nia"].pk).update(is_hidden=True)
    waiting = facilitator_mirror(member, community, now=NOW)["newcomers_waiting"]
    assert "Nadia" not in _names(waiting) and "Nia" not in _names(waiting)


def test_a_reply_after_now_does_not_count_yet(newcomers, community, member):
    reply(newcomers["t_nia"], member, utc(2025, 7, 2))
    assert "Nia" in _names(facilitator_mirror(member, community, now=NOW)["newcomers_waiting"])
    later = utc(2025, 7, 3)
    assert "Nia" not in _names(
        facilitator_mirror(member, community, now=later)["newcomers_waiting"]
    )


def test_newcomers_stop_being_new_after_thirty_days(newcomers, community, member):
    later = facilitator_mirror(member, community, now=utc(2025, 7, 12))["newcomers_waiting"]
    # Nico joined on 06-10 and opened his topic on 06-11: no longer new on 07-12; Nia, who
    # joined on 06-20, still is.
    assert "Nico" not in _names(later)
    assert "Nia" in _names(later)


def test_a_newcomer_who_left_is_not_listed(newcomers, community, member):
    community_leave(newcomers["nia"], community)
    assert "Nia" not in _names(facilitator_mirror(member, community, now=NOW)["newcomers_waiting"])


def test_at_most_three_topics_per_newcomer_oldest_first(newcomers, community, member):
    for day in (22, 23, 24):
        topic(community, newcomers["nia"], utc(2025, 6, day), kind="discussion", title=f"d{day}")
    waiting = facilitator_mirror(member, community, now=NOW)["newcomers_waiting"]
    nia = next(p for p in waiting["named"] if p["display_name"] == "Nia")
    assert [t["title"] for t in nia["topics"]] == ["Nia asks", "d22", "d23"]


def test_through_the_services_with_the_real_clock(community, member, make_user):
    newcomer = make_user("Neve")
    community_join(newcomer, community, acknowledge_charter=True)
    t = topic_create(newcomer, community, kind="question", title="How do you start?", body="?")
    post_create(newcomer, t.pk, body="Anyone?")
    found = facilitator_mirror(member, community)
    assert _names(found["newcomers_waiting"]) == ["Neve"]
    assert [q["title"] for q in found["unanswered_questions"]["items"]] == ["How do you start?"]
    post_create(member, t.pk, body="Welcome! Start small.")
    # The reply moved the community's cache version on: the cached result is retired.
    found = facilitator_mirror(member, community)
    assert found["newcomers_waiting"]["total"] == 0
    assert found["unanswered_questions"]["count"] == 0


# --- formerly active members who have gone quiet -----------------------------------------------


def _contribute(community, person, times, start):
    for i in range(times):
        topic(community, person, start + timedelta(hours=i), kind="discussion")


@pytest.fixture
def quiet_world(community, steward, member, make_user):
    """Contributions over [03-04, 06-02): Zed 7, Ada 5, Bea 5, Leo 5, Quin 5, and Lou, Kim,
    Pat, Mo 1 each: nine contributors, the top quarter ⌈9/4⌉ = 3 with ties is everyone with
    5 or more. Bea contributed again in June; Leo left; Quin opted out."""
    people = {name: make_user(name) for name in ("Zed", "Ada", "Bea", "Leo", "Quin", "Lou")}
    people.update({name: make_user(name) for name in ("Kim", "Pat")})
    for person in people.values():
        community_join(person, community, acknowledge_charter=True)
    members_since(community, utc(2024, 1, 1))
    april = utc(2025, 4, 10)
    for name, times in [("Zed", 7), ("Ada", 5), ("Bea", 5), ("Leo", 5), ("Quin", 5)]:
        _contribute(community, people[name], times, april)
    for name in ("Lou", "Kim", "Pat"):
        _contribute(community, people[name], 1, utc(2025, 5, 1))
    _contribute(community, member, 1, utc(2025, 5, 2))
    _contribute(community, people["Bea"], 1, utc(2025, 6, 20))
    community_leave(people["Leo"], community)
    _opt_out(people["Quin"])
    people["Mo"] = member
    return people


def test_gone_quiet_lists_the_formerly_active_who_are_silent(quiet_world, community, member):
    quiet = facilitator_mirror(member, community, now=NOW)["gone_quiet"]
    # Alphabetical, although Zed gave more than Ada; Bea is active again, Leo left, Lou gave
    # little, Quin is only counted.
    assert _names(quiet) == ["Ada", "Zed"]
    assert quiet["unnamed"] == 1
    assert quiet["total"] == 3
    ada = quiet["named"][0]
    assert set(ada) == {"user_id", "display_name", "profile_url", "last_contribution_at"}
    assert ada["last_contribution_at"] == utc(2025, 4, 10, 4)
    assert ada["profile_url"] == f"/accounts/people/{quiet_world['Ada'].pk}/"


def test_a_recent_contribution_or_a_low_count_keeps_someone_off_the_list(
    quiet_world, community, member
):
    _contribute(community, quiet_world["Ada"], 1, utc(2025, 6, 29))
    quiet = facilitator_mirror(member, community, now=NOW)["gone_quiet"]
    assert _names(quiet) == ["Zed"]
    assert "Lou" not in _names(quiet) and "Kim" not in _names(quiet)


def test_contributions_before_the_ninety_days_do_not_make_someone_formerly_active(
    quiet_world, community, member, make_user
):
    old = make_user("Aaron")
    community_join(old, community, acknowledge_charter=True)
    _contribute(community, old, 50, utc(2025, 1, 5))
    assert "Aaron" not in _names(facilitator_mirror(member, community, now=NOW)["gone_quiet"])


def test_no_counts_leave_the_view(newcomers, quiet_world, community, member):
    found = facilitator_mirror(member, community, now=NOW)
    assert found["gone_quiet"]["named"] and found["newcomers_waiting"]["named"]

    def keys(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from keys(v)
        elif isinstance(value, list):
            for v in value:
                yield from keys(v)

    for person in found["gone_quiet"]["named"]:
        assert set(person) == {"user_id", "display_name", "profile_url", "last_contribution_at"}
    for person in found["newcomers_waiting"]["named"]:
        assert set(person) == {"user_id", "display_name", "profile_url", "topics"}
    seen = set(keys(found["gone_quiet"])) | set(keys(found["newcomers_waiting"]))
    assert not {"n", "count", "contributions", "score", "rank", "level"} & seen


@pytest.mark.parametrize(
    ("counts", "top"),
    [
        ({}, set()),
        ({1: 0}, set()),
        ({1: 3}, {1}),
        ({1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, {1, 2, 3, 4, 5}),  # all alike: all in
        ({1: 9, 2: 5, 3: 4, 4: 3, 5: 1}, {1, 2}),  # ⌈5/4⌉ = 2
        ({1: 9, 2: 1, 3: 1, 4: 1}, {1}),
        ({1: 2, 2: 2, 3: 1, 4: 1, 5: 0}, {1, 2}),  # zero is no contributor
    ],
)
def test_top_quarter(counts, top):
    assert top_quarter(counts) == top


# --- unanswered questions ----------------------------------------------------------------------


def test_unanswered_questions_oldest_first_at_most_ten_with_the_count(community, steward, member):
    members_since(community, utc(2024, 1, 1))
    for i in range(12):
        topic(community, member, utc(2025, 5, 1 + i), kind="question", title=f"Q{i:02d}")
    own = topic(community, member, utc(2025, 4, 1), kind="question", title="Self-replied")
    reply(own, member, utc(2025, 4, 2))
    answered = topic(community, member, utc(2025, 4, 1), kind="question", title="Answered")
    reply(answered, steward, utc(2025, 4, 2))
    hidden = topic(community, member, utc(2025, 4, 1), kind="question", title="Hidden")
    locked = topic(community, member, utc(2025, 4, 1), kind="question", title="Locked")
    Topic.objects.filter(pk=hidden.pk).update(is_hidden=True)
    Topic.objects.filter(pk=locked.pk).update(is_locked=True)
    topic(community, member, utc(2025, 4, 1), kind="discussion", title="Not a question")
    topic(community, member, utc(2025, 7, 1), kind="question", title="Future")

    questions = facilitator_mirror(steward, community, now=NOW)["unanswered_questions"]
    titles = [q["title"] for q in questions["items"]]
    assert titles == ["Self-replied"] + [f"Q{i:02d}" for i in range(9)]
    assert questions["count"] == 13
    assert questions["more"] == 3
    assert questions["gaps_url"] == f"/c/{community.slug}/knowledge/gaps/"
    assert questions["items"][0]["waiting_days"] == 90
    assert questions["items"][0]["url"] == f"/t/{own.pk}/"


def test_a_question_with_an_accepted_answer_is_not_waiting(community, member):
    members_since(community, utc(2024, 1, 1))
    q = topic(community, member, utc(2025, 6, 1), kind="question", title="Solved alone")
    p = reply(q, member, utc(2025, 6, 2))
    Topic.objects.filter(pk=q.pk).update(answer=p, answered_at=utc(2025, 6, 2))
    assert facilitator_mirror(member, community, now=NOW)["unanswered_questions"]["count"] == 0


# --- next actions ------------------------------------------------------------------------------


def test_next_actions_follow_from_the_lists(newcomers, quiet_world, community, member):
    actions = facilitator_mirror(member, community, now=NOW)["next_actions"]
    texts = [a["text"] for a in actions]
    assert texts[0] == "Welcome 4 newcomers whose topics have no reply yet"
    assert actions[0]["url"] == "#facilitator-newcomers"
    assert texts[1].startswith("Check in with members who have gone quiet")
    assert texts[2] == "1 question is waiting: answer it"
    assert actions[2]["url"] == f"/t/{newcomers['t_nia'].pk}/"


def test_with_nothing_waiting_the_next_action_is_gentle(community, member):
    found = facilitator_mirror(member, community, now=NOW)
    assert found["newcomers_waiting"] == {"named": [], "more": 0, "unnamed": 0, "total": 0}
    assert found["gone_quiet"]["total"] == 0
    assert len(found["next_actions"]) == 1
    assert found["next_actions"][0]["url"] == f"/c/{community.slug}/knowledge/gaps/"


def test_a_concluded_community_suggests_nothing(newcomers, community, steward, member):
    from practica.communities.services import community_conclude

    community_conclude(steward, community, note="We became a network.")
    community.refresh_from_db()
    found = facilitator_mirror(member, community, now=NOW)
    assert found["next_actions"] == [] and found["concluded"]
    html = render_to_string("health/_facilitator.html", {"mirror": found})
    assert "read-only" in html


def test_many_named_people_are_capped_with_the_rest_counted(
    community, member, make_user, monkeypatch
):
    monkeypatch.setattr(facilitation, "NAMED_SHOWN", 2)
    for name in ("Cy", "Al", "Bo", "Di"):
        person = make_user(name)
        _join(community, person, utc(2025, 6, 20))
        topic(community, person, utc(2025, 6, 21), kind="discussion")
    waiting = facilitator_mirror(member, community, now=NOW)["newcomers_waiting"]
    assert _names(waiting) == ["Al", "Bo"]
    assert waiting["more"] == 2 and waiting["total"] == 4


# --- who may see it ----------------------------------------------------------------------------


def test_a_private_community_is_not_found_for_outsiders(private_community, member, outsider):
    assert facilitator_mirror(member, private_community, now=NOW)["gone_quiet"]["total"] == 0
    for viewer in (outsider, AnonymousUser()):
        with pytest.raises(NotFound):
            facilitator_mirror(viewer, private_community, now=NOW)


def test_a_public_community_is_seen_by_anyone(newcomers, community):
    found = facilitator_mirror(AnonymousUser(), community, now=NOW)
    assert "Nia" in _names(found["newcomers_waiting"])


def test_the_viewer_sees_themselves_unless_they_opted_out(newcomers, community):
    nia = newcomers["nia"]
    assert "Nia" in _names(facilitator_mirror(nia, community, now=NOW)["newcomers_waiting"])
    _opt_out(nia)
    waiting = facilitator_mirror(nia, community, now=NOW)["newcomers_waiting"]
    assert "Nia" not in _names(waiting)
    assert waiting["unnamed"] == 2


# --- cost --------------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_data(
    newcomers, quiet_world, community, member, make_user, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        small = facilitator_mirror(member, community, now=NOW)
    for i in range(15):
        person = make_user(f"New {i:02d}")
        _join(community, person, utc(2025, 6, 20))
        for day in (21, 22, 23, 24):
            topic(community, person, utc(2025, 6, day, i), kind="question")
        _contribute(community, quiet_world["Kim"], 3, utc(2025, 4, 1 + i))
    with django_assert_max_num_queries(7):
        large = facilitator_mirror(member, community, now=NOW)
    assert large["newcomers_waiting"]["total"] == small["newcomers_waiting"]["total"] + 15
    assert large["unanswered_questions"]["count"] == 61


def test_the_result_is_cached_until_something_changes(community, member, django_assert_num_queries):
    first = facilitator_mirror(member, community)
    with django_assert_num_queries(0):
        assert facilitator_mirror(member, community) == first


def test_it_works_with_real_time_data(community, member, make_user):
    """Dates relative to the real clock: a quiet member found without a fixed ``now``."""
    gone = make_user("Gwen")
    community_join(gone, community, acknowledge_charter=True)
    members_since(community, current_time() - timedelta(days=400))
    _contribute(community, gone, 4, current_time() - timedelta(days=60))
    found = facilitator_mirror(member, community)
    assert _names(found["gone_quiet"]) == ["Gwen"]


# --- the template ------------------------------------------------------------------------------


def test_the_template_names_people_and_counts_the_others(newcomers, quiet_world, community, member):
    html = render_to_string(
        "health/_facilitator.html", {"mirror": facilitator_mirror(member, community, now=NOW)}
    )
    assert 'id="facilitator-title"' in html and "Who may need a word" in html
    for heading in ("Newcomers waiting for a reply", "Members who have gone quiet"):
        assert heading in html
    assert "Questions still waiting" in html and "What you could do next" in html
    newcomers_part = html.split("Members who have gone quiet")[0]
    assert newcomers_part.index("Nia") < newcomers_part.index("Nico") < newcomers_part.index("Olga")
    assert "Noor" not in html and "Quin" not in html
    assert "and 1 more who prefers not to be named" in html
    assert "waiting 9 days" in html
    assert "quiet since April 2025" in html
    assert f'href="/accounts/people/{newcomers["nia"].pk}/"' in html


def test_the_template_has_friendly_empty_states(community, member):
    found = facilitator_mirror(member, community, now=NOW)
    html = render_to_string("health/_facilitator.html", {"mirror": found})
    assert "Every newcomer has had a reply — well done." in html
    assert "Every question has had a reply — well done." in html
    assert "prefer" not in html


def test_the_template_counts_when_everyone_opted_out(newcomers, community, member):
    for key in ("nia", "nico", "olga"):
        _opt_out(newcomers[key])
    html = render_to_string(
        "health/_facilitator.html", {"mirror": facilitator_mirror(member, community, now=NOW)}
    )
    assert "4 people who prefer not to be named" in html
    assert "Nia" not in html.split("Members who have gone quiet")[0]
