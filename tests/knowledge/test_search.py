"""Search: ranking, snippets, filters, phrases and prefixes, stemming, and above all
visibility — what each viewer finds (and how much is counted) is exactly what the pages would
show them. Runs on SQLite (FTS5) and PostgreSQL (tsvector) with the same expectations."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from practica.accounts.models import User
from practica.accounts.services import profile_update
from practica.communities.services import (
    community_leave,
    invitation_accept,
    invitation_create,
)
from practica.core.errors import InvalidInput, NotFound
from practica.core.models import SearchDocument
from practica.discussions.services import post_create, post_hide, topic_create, topic_hide
from practica.knowledge import search as search_module
from practica.knowledge import services as knowledge_services
from practica.knowledge.models import SearchMiss
from practica.knowledge.search import marked_html, reindex_all, search
from practica.knowledge.services import article_create

ANON = AnonymousUser()


def fresh(user):
    """A new request's view of the user (memberships are cached per user object)."""
    return User.objects.get(pk=user.pk) if user is not None and user.is_authenticated else ANON


def found(viewer, q, **filters) -> set[tuple[str, int]]:
    results = search(fresh(viewer), q, **filters)
    assert results.count == len({(h.kind, h.object_id) for h in results.hits}) or results.pages > 1
    return {(h.kind, h.object_id) for h in results.hits}


def count(viewer, q, **filters) -> int:
    return search(fresh(viewer), q, **filters).count


# --- the visibility matrix --------------------------------------------------------------------


@pytest.fixture
def world(community, private_community, steward, member, outsider, make_user):
    former = make_user("Fern Former", "fern@example.org")
    invitation = invitation_create(steward, private_community, former.email)
    invitation_accept(former, invitation.token, acknowledge_charter=True)
    community_leave(former, private_community)
    owner = make_user(
        "Pia Profile",
        "pia@example.org",
        bio="Wombatbio practitioner.",
        bio_audience="everyone",
        organisation="Quokkaorg Collective",
        organisation_audience="communities",
        location="Numbatville",
        location_audience="only_me",
    )
    invitation = invitation_create(steward, private_community, owner.email)
    invitation_accept(owner, invitation.token, acknowledge_charter=True)
    things = {}
    for label, c in (("public", community), ("private", private_community)):
        topic = topic_create(
            member, c, kind="question", title=f"{label}topicword question", body="Body text."
        )
        post = post_create(steward, topic.pk, body=f"A reply with {label}postword in it.")
        article = article_create(
            member,
            c,
            kind="guide",
            title=f"{label}articleword guide",
            body="How we do it.",
            status="published",
        )
        draft = article_create(
            member, c, kind="guide", title=f"{label}draftword guide", body="Not yet."
        )
        things[label] = {"topic": topic, "post": post, "article": article, "draft": draft}
    return {
        "anonymous": None,
        "outsider": outsider,
        "former": former,
        "member": member,
        "steward": steward,
        "owner": owner,
        "things": things,
    }


VIEWERS = ["anonymous", "outsider", "former", "member", "steward"]
INSIDERS = {"member", "steward"}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("where", ["public", "private"])
@pytest.mark.parametrize("kind", ["topic", "post", "article"])
def test_content_is_found_only_by_those_who_may_see_it(world, viewer, where, kind):
    thing = world["things"][where][kind]
    q = f"{where}{kind}word"
    visible = where == "public" or viewer in INSIDERS
    expected = {(kind, thing.pk)} if visible else set()
    assert found(world[viewer], q, kind=kind) == expected
    # A topic's replies carry its title, so they are found by it too: all or nothing.
    total = 1 + (kind == "topic")
    assert count(world[viewer], q) == (total if visible else 0)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("where", ["public", "private"])
def test_drafts_are_found_by_nobody(world, viewer, where):
    assert count(world[viewer], f"{where}draftword") == 0


@pytest.mark.parametrize("viewer", [*VIEWERS, "owner"])
def test_profile_fields_are_found_by_their_audience(world, viewer):
    owner = world["owner"]
    profile = {("profile", owner.pk)}
    assert found(world[viewer], "wombatbio") == profile  # shown to everyone
    # Shown to members of her communities: she shares the private one with member/steward.
    shares = viewer in INSIDERS or viewer == "owner"
    assert found(world[viewer], "quokkaorg") == (profile if shares else set())
    assert found(world[viewer], "wombatbio quokkaorg") == (profile if shares else set())
    assert count(world[viewer], "numbatville") == 0  # only her: never indexed


def test_members_only_fields_never_reach_a_snippet_of_outsiders(world):
    owner = world["owner"]
    owner.profile.refresh_from_db()
    results = search(fresh(world["outsider"]), "wombatbio")
    assert "Quokkaorg" not in str(results.hits[0].snippet_html)
    results = search(fresh(world["member"]), "quokkaorg")
    assert "<mark>Quokkaorg</mark>" in str(results.hits[0].snippet_html)


def test_a_private_community_filter_is_not_found_by_outsiders(world, private_community):
    with pytest.raises(NotFound):
        search(fresh(world["outsider"]), "privatetopicword", community=private_community.slug)
    with pytest.raises(NotFound):
        search(ANON, "x", community=private_community)
    assert count(world["member"], "privatetopicword", community=private_community.slug) == 2


def test_an_inactive_account_is_not_found(world):
    owner = world["owner"]
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert count(world["member"], "wombatbio") == 0


def test_placeholder_people_are_found_like_others(world):
    owner = world["owner"]
    User.objects.filter(pk=owner.pk).update(is_placeholder=True)
    assert found(world["outsider"], "wombatbio") == {("profile", owner.pk)}


# --- hidden things ----------------------------------------------------------------------------


def test_hidden_topics_and_posts_are_not_found(community, steward, member):
    topic = topic_create(member, community, kind="idea", title="Zanzibar plan", body="Details.")
    post = post_create(member, topic.pk, body="A zanzibar reply.")
    other = topic_create(member, community, kind="idea", title="Other", body="Plain.")
    hidden_post = post_create(member, other.pk, body="Kilimanjaro notes.")
    assert count(member, "zanzibar") == 2
    post_hide(steward, hidden_post.pk, reason="Off topic.")
    assert count(member, "kilimanjaro") == 0
    topic_hide(steward, topic.pk, reason="Breaks the charter.")
    assert count(member, "zanzibar") == 0
    assert count(steward, "zanzibar") == 0  # search shows what the pages list to everyone
    topic_hide(steward, topic.pk, reason="", hidden=False)
    assert found(member, "zanzibar") == {("topic", topic.pk), ("post", post.pk)}


# --- ranking, snippets, syntax ----------------------------------------------------------------


@pytest.fixture
def library(community, member):
    rows = {
        "title": topic_create(
            member, community, kind="practice", title="Onboarding newcomers", body="A practice."
        ),
        "body": topic_create(
            member,
            community,
            kind="discussion",
            title="Weekly notes",
            body="Somewhere in here we mention onboarding once, among many other words.",
        ),
        "phrase": topic_create(
            member,
            community,
            kind="discussion",
            title="Check-in format",
            body="Our check-in format takes ten minutes.",
            tags=["facilitation"],
        ),
        "scrambled": topic_create(
            member,
            community,
            kind="discussion",
            title="Formats",
            body="A format for every check-in? No.",
        ),
        "stem": topic_create(
            member,
            community,
            kind="question",
            title="Interpreters",
            body="Who pays the interpreters when meetings run long?",
        ),
    }
    return rows


def test_title_matches_rank_above_body_matches(library, member):
    results = search(member, "onboarding")
    assert [h.object_id for h in results.hits] == [library["title"].pk, library["body"].pk]


def test_phrases_match_words_side_by_side(library, member):
    assert found(member, '"check-in format"') == {("topic", library["phrase"].pk)}
    assert found(member, "check-in format") == {
        ("topic", library["phrase"].pk),
        ("topic", library["scrambled"].pk),
    }


def test_prefix_and_stemming(library, member):
    assert found(member, "interp*") == {("topic", library["stem"].pk)}
    assert found(member, "interpreter meeting") == {("topic", library["stem"].pk)}  # stems
    assert found(member, "INTERPRETERS") == {("topic", library["stem"].pk)}


def test_excluded_words(library, member):
    assert found(member, "format -minutes") == {("topic", library["scrambled"].pk)}


def test_snippets_mark_the_words_and_escape_the_rest(community, member):
    topic = topic_create(
        member,
        community,
        kind="discussion",
        title="Escaping <script>alert(1)</script> titles",
        body="Use `<b>bold</b>` & escape with care: the marmot said so.",
    )
    hit = search(member, "marmot").hits[0]
    assert hit.object_id == topic.pk
    assert "<mark>marmot</mark>" in hit.snippet_html
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    # Never markup from the text itself (PostgreSQL's ts_headline drops tag-like words;
    # SQLite shows them escaped).
    assert "<b>" not in hit.snippet_html
    assert "&lt;b&gt;" in hit.snippet_html or connection.vendor == "postgresql"
    assert hit.url == f"/t/{topic.pk}/"


def test_marks_are_balanced_whatever_the_text_holds():
    assert marked_html("a \x03 b \x02c\x02 d") == "a  b <mark>c d</mark>"
    assert marked_html("<i>\x02x\x03</i>") == "&lt;i&gt;<mark>x</mark>&lt;/i&gt;"


def test_results_carry_what_a_page_shows(library, community, member):
    reply = post_create(member, library["stem"].pk, body="Budget for interpreters early.")
    hits = {(h.kind, h.object_id): h for h in search(member, "interpreters").hits}
    post = hits[("post", reply.pk)]
    assert post.url == f"/t/{library['stem'].pk}/#post-{reply.pk}"
    assert post.community_name == community.name and post.community_slug == community.slug
    assert post.author_name == member.profile.display_name
    assert post.title == "Interpreters"


# --- filters ----------------------------------------------------------------------------------


def test_filters(library, community, private_community, member, steward):
    elsewhere = topic_create(
        member, private_community, kind="idea", title="Onboarding elsewhere", body="x"
    )
    assert found(member, "onboarding", community=private_community.slug) == {
        ("topic", elsewhere.pk)
    }
    assert found(member, "format", tag="Facilitation") == {("topic", library["phrase"].pk)}
    assert found(member, "format", tag="facilit") == set()  # whole tags only
    assert count(member, "onboarding", kind="post") == 0
    assert count(member, "onboarding", author=member.pk) == 3
    assert count(member, "onboarding", author="mo member") == 3
    assert count(member, "onboarding", author=steward.pk) == 0
    assert count(member, "onboarding", author="Nobody At All") == 0
    now = datetime.now(UTC)
    assert count(member, "onboarding", date_from=now - timedelta(hours=1)) == 3
    assert count(member, "onboarding", date_to=now - timedelta(days=1)) == 0
    with pytest.raises(InvalidInput):
        search(member, "x", kind="nonsense")
    with pytest.raises(InvalidInput):
        search(member, "x", tag="!!!")


def test_people_filtered_by_community_are_its_members(world, community, private_community):
    owner = world["owner"]
    assert found(world["member"], "wombatbio", community=private_community.slug) == {
        ("profile", owner.pk)
    }
    assert found(world["member"], "wombatbio", community=community.slug) == set()


# --- counting, paging, scale ------------------------------------------------------------------


def test_count_is_exact_below_the_cap_and_capped_above(community, member, monkeypatch):
    topic = topic_create(member, community, kind="discussion", title="Tally", body="x")
    for n in range(7):
        post_create(member, topic.pk, body=f"tally number {n}")
    results = search(member, "tally", size=3)
    assert (results.count, results.pages, len(results.hits)) == (8, 3, 3)
    last = search(member, "tally", size=3, page=99)
    assert last.page == 3 and len(last.hits) == 2
    monkeypatch.setattr(search_module, "COUNT_CAP", 5)
    monkeypatch.setattr(search_module, "CANDIDATES", 6)
    capped = search(member, "tally", size=3)
    assert capped.count == 5 and capped.count_is_capped and capped.count_display == "5+"


def test_beyond_the_window_titles_then_tags_then_text_newest_first(community, member, monkeypatch):
    """A query matching more than the window ranks by where its words were found (SQLite: bm25
    would count every match first); PostgreSQL ranks with ts_rank, to the same effect here."""
    body = topic_create(member, community, kind="idea", title="Notes", body="A heron was seen.")
    title = topic_create(member, community, kind="idea", title="Heron", body="Seen.")
    tagged = topic_create(
        member, community, kind="idea", title="Birds", body="heron", tags=["heron"]
    )
    newer = topic_create(member, community, kind="idea", title="More", body="Another heron.")
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    monkeypatch.setattr(search_module, "CANDIDATES", 4)
    results = search(member, "heron")
    assert results.count_is_capped and results.count == 3
    ids = [h.object_id for h in results.hits]
    assert body.pk not in ids  # the oldest is outside the window of the 3 newest
    assert ids[0] == title.pk
    if connection.vendor == "sqlite":
        assert ids == [title.pk, tagged.pk, newer.pk]


def test_a_search_runs_a_bounded_number_of_queries(library, member, django_assert_max_num_queries):
    for n in range(30):
        post_create(member, library["stem"].pk, body=f"interpreters again {n}")
    viewer = fresh(member)
    with django_assert_max_num_queries(8):
        results = search(viewer, "interpreters")
    assert len(results.hits) == 20


# --- search misses ----------------------------------------------------------------------------


def test_a_search_that_finds_little_is_logged_without_the_searcher(
    community, private_community, member
):
    search(fresh(member), "  Zebra   CROSSINGS ", record_miss=True)
    rows = list(SearchMiss.objects.values_list("community_id", "query", "result_count"))
    assert sorted(rows) == sorted(
        [(community.pk, "crossings zebra", 0), (private_community.pk, "crossings zebra", 0)]
    )
    assert not any(f.name in {"user", "viewer", "searcher"} for f in SearchMiss._meta.fields)


def test_misses_in_a_community_search_go_to_that_community(community, member):
    topic_create(member, community, kind="idea", title="One lonely match", body="x")
    search(fresh(member), "lonely", community=community.slug, record_miss=True)
    search(fresh(member), "lonely", community=community.slug, record_miss=True, page=2)
    assert list(SearchMiss.objects.values_list("community_id", "query", "result_count")) == [
        (community.pk, "lonely", 1)
    ]


def test_no_miss_for_anonymous_site_wide_empty_or_successful_searches(community, member):
    search(ANON, "nothingatall", record_miss=True)
    search(fresh(member), "   ", record_miss=True)
    search(fresh(member), "🙂", record_miss=True)
    for n in range(2):
        topic_create(member, community, kind="idea", title=f"Found {n}", body="x")
    search(fresh(member), "found", record_miss=True)
    search(fresh(member), "nothingatall")  # record_miss off
    assert not SearchMiss.objects.exists()


# --- reindex ----------------------------------------------------------------------------------


def test_reindex_rebuilds_the_same_documents(world):
    fields = ("kind", "object_id", "community_id", "author_id", "title", "body", "tags",
              "members_text")  # fmt: skip
    before = set(SearchDocument.objects.values_list(*fields))
    SearchDocument.objects.all().delete()
    assert count(world["member"], "publictopicword") == 0
    reindex_all(progress=False)
    assert set(SearchDocument.objects.values_list(*fields)) == before
    assert count(world["member"], "publictopicword") == 2  # the topic and its reply
    assert count(world["member"], "publicdraftword") == 0


def test_reindex_cli(world, capsys):
    from practica.cli import main

    assert main(["reindex", "--quiet"]) == 0
    assert "Search index rebuilt" in capsys.readouterr().out


# --- any input --------------------------------------------------------------------------------


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=200), tag=st.text(max_size=20), author=st.text(max_size=20))
@example(q="'; DROP TABLE core_searchdocument; --", tag="", author="")
@example(q='"unclosed NEAR(x) AND -', tag="", author="")
@example(q="a\x00b 🙂 %_% \\", tag="x%", author="1")
@example(q="x" * 10_000, tag="", author="99999999999999999999")
def test_any_input_is_an_answer_never_an_error(library, member, q, tag, author):
    try:
        results = search(member, q, tag=tag or None, author=author or None)
    except InvalidInput:
        assert tag  # only a tag with no letters in it is refused, with a message
        return
    assert results.count >= 0
    assert all("<script" not in h.snippet_html for h in results.hits)


def test_excluding_a_word_reveals_nothing_of_members_only_fields(make_user, outsider, member):
    """Excluding a word must not drop, or rank, a profile by a field the viewer cannot read."""
    alice = make_user("Alice Zebra")
    profile_update(
        alice, alice.profile, organisation="Zorglubcorp", organisation_audience="communities"
    )
    for viewer in (ANON, outsider):
        assert count(viewer, "zebra") == 1
        assert count(viewer, "zebra -zorglubcorp") == count(viewer, "zebra -nothinghere") == 1
    # Alice herself may read the field, so for her the exclusion applies to it.
    assert count(alice, "zebra -zorglubcorp") == 0
    assert count(alice, "zebra -nothinghere") == 1


def test_only_members_write_misses_onto_a_community_gaps_page(community, member, outsider):
    """Nobody outside a community can put words on its gaps page, however often they search."""
    for _ in range(3):
        search(ANON, "cheap pills", community=community.slug, record_miss=True)
        search(fresh(outsider), "cheap pills", community=community.slug, record_miss=True)
    assert not SearchMiss.objects.exists()
    # A member's repeated search counts once a day.
    for _ in range(3):
        search(fresh(member), "grant writing", community=community.slug, record_miss=True)
    assert SearchMiss.objects.filter(query="grant writing").count() == 1


def test_one_person_logs_a_bounded_number_of_misses_an_hour(community, member):
    for n in range(knowledge_services.MISS_PER_PERSON_HOUR + 5):
        search(fresh(member), f"nothing{n}", community=community.slug, record_miss=True)
    assert SearchMiss.objects.count() == knowledge_services.MISS_PER_PERSON_HOUR


def test_the_tag_filter_finds_people_by_the_tags_they_show(make_user, outsider):
    alice = make_user("Alice Zebra")
    profile_update(alice, alice.profile, expertise="facilitation", needs="grant-writing")
    # Expertise is shown to everyone by default, needs to members of her communities only.
    assert found(outsider, "zebra", tag="facilitation") == {("profile", alice.pk)}
    assert found(outsider, "zebra", tag="grant-writing") == set()
