"""Importing a mailing-list archive (knowledge.mbox_import), checked against an independent
reading of the shared real archive with Python's own mailbox and email modules."""

import mailbox
import re
from collections import Counter
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.utils import timezone

from practica.accounts.models import User
from practica.accounts.services import placeholder_email_for
from practica.cli import main
from practica.communities.models import Activity, Community, Membership
from practica.core.errors import Conflict, InvalidInput
from practica.core.models import SearchDocument
from practica.discussions.models import Post, Topic
from practica.knowledge import mbox_import as importer
from practica.knowledge.mbox_import import mbox_import
from practica.knowledge.models import ImportedMessage

ARCHIVE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "griffith-devel.mbox.txt"
if not ARCHIVE.exists():  # the checkout may sit elsewhere than beside shared/
    ARCHIVE = Path("/work/shared/data/griffith-devel.mbox.txt")

pytestmark = pytest.mark.skipif(not ARCHIVE.exists(), reason="shared archive not present")


# --- an independent reading of the archive --------------------------------------------------------


def independent_reading():
    """Message-ID → (sender address, UTC date), first occurrence of each id, read with the
    standard library only; and how many messages the file holds."""
    box = mailbox.mbox(str(ARCHIVE), create=False)
    expected = {}
    total = 0
    for message in box:
        total += 1
        mid = message["Message-ID"].strip().strip("<>")
        sender = re.match(r"(\S+) at (\S+)", message["From"])
        address = f"{sender.group(1)}@{sender.group(2)}".lower()
        date = parsedate_to_datetime(message["Date"]).astimezone(UTC)
        expected.setdefault(mid, (address, date))
    box.close()
    return expected, total


EXPECTED, TOTAL = independent_reading() if ARCHIVE.exists() else ({}, 0)
# Threads, counted by hand from the archive: replies found through In-Reply-To/References,
# and Mailman's stripped "Re:" replies joined by subject (e.g. the 9 messages of "Griffith
# 0.9.6 release plans", three of them sent without reply headers).
THREADS = 34


def load(slug="griffith-devel", data=None, **kw):
    return mbox_import(slug, data if data is not None else ARCHIVE.read_bytes(), **kw)


def state(community):
    """Everything an import leaves, in a comparable form."""
    topics = Topic.objects.filter(community=community)
    return {
        "topics": sorted((t.title, t.created_at, t.reply_count, t.author.email) for t in topics),
        "posts": sorted(
            (p.topic.title, p.created_at, p.author.email)
            for p in Post.objects.filter(topic__community=community).select_related(
                "topic", "author"
            )
        ),
        "members": community.member_count,
    }


# --- the shared archive ---------------------------------------------------------------------------


def test_the_file_holds_84_messages_one_of_them_a_duplicate():
    assert TOTAL == 84 and len(EXPECTED) == 83


def test_imports_the_shared_archive(db):
    report = load(source_name=ARCHIVE.name)
    community = report.community
    assert report.community_created
    assert community.slug == "griffith-devel" and community.name == "Griffith-devel"
    assert community.visibility == "public" and community.join_policy == "open"
    assert "imported" in community.purpose.lower()
    assert report.read == TOTAL
    assert report.imported == len(EXPECTED) == 83
    assert [s.reason for s in report.skipped] == ["duplicate Message-ID in the file"]
    assert report.topics_created == THREADS
    assert Topic.objects.filter(community=community).count() == THREADS
    assert Post.objects.filter(topic__community=community).count() == 83 - THREADS

    # Every message, by its Message-ID: its author and its date as the file says.
    records = ImportedMessage.objects.filter(community=community).select_related(
        "topic__author", "post__author"
    )
    assert records.count() == 83
    for record in records:
        address, date = EXPECTED[record.message_id]
        thing = record.post or record.topic
        assert thing.author.email == address, record.message_id
        assert thing.created_at == date, record.message_id
        if record.post is None:
            assert record.topic.created_at == date

    # One placeholder member per distinct sender address.
    senders = {address for address, _date in EXPECTED.values()}
    assert len(senders) == 21
    members = User.objects.filter(memberships__community=community)
    assert {u.email for u in members} == senders
    assert all(u.is_placeholder and not u.has_usable_password() for u in members)
    community.refresh_from_db()
    assert community.member_count == 21
    names = {u.email: u.profile.display_name for u in members}
    assert names["ozarow@gmail.com"] == "Piotr Ozarowski"
    assert names["gkaroly@gmail.com"] == "Gossler Károly"
    assert names["griffith-devel@lists.berlios.de"] == "griffith-devel"

    # Counters as the discussion services keep them.
    for topic in Topic.objects.filter(community=community):
        posts = list(topic.posts.all())
        assert topic.reply_count == len(posts)
        assert topic.last_activity_at == max([topic.created_at, *[p.created_at for p in posts]])

    # The activity stream: each message a contribution by its author at its date.
    started = Activity.objects.filter(
        community=community, verb__in=["discussion_started", "question_started"]
    )
    replied = Activity.objects.filter(community=community, verb="replied")
    assert started.count() == THREADS and replied.count() == 83 - THREADS
    dates = Counter(a.created_at for a in [*started, *replied])
    assert dates == Counter(date for _address, date in EXPECTED.values())

    # In search, and the body cleaned of quotes and footers.
    indexed = SearchDocument.objects.filter(community_id=community.pk)
    assert indexed.filter(kind="topic").count() == THREADS
    assert indexed.filter(kind="post").count() == 83 - THREADS
    reply = Post.objects.get(
        pk=ImportedMessage.objects.get(message_id="20060915200839.GA26056@pox.one.pl").post_id
    )
    assert reply.body == "Thanks, changes committed"
    assert "spelling mistakes" not in reply.body and "Piotr Ozarowski" not in reply.body


def test_specific_threads(db):
    community = load().community
    sizes = {t.title: t.reply_count + 1 for t in Topic.objects.filter(community=community)}
    assert sizes["Griffith 0.9.6 release plans"] == 9
    assert sizes["patch for searching for any field"] == 11
    assert sizes["tried griffith, back with first questions"] == 5
    assert sizes["(no subject)"] == 1


def test_rerun_imports_nothing_twice(db):
    first = load()
    before = state(first.community)
    activities = Activity.objects.count()
    again = load()
    assert again.imported == 0 and again.already == 83 and not again.community_created
    assert again.placeholders_created == 0
    assert state(again.community) == before
    assert Activity.objects.count() == activities
    assert User.objects.count() == 21


def test_a_grown_file_adds_only_the_new_messages_into_existing_topics(db):
    data = ARCHIVE.read_bytes()
    # Cut after the 64th message: "patch for searching for any field" began at the 62nd and
    # goes on in the part added later.
    starts = [m.start() for m in re.finditer(rb"^From \S+ at \S+  ", data, re.M)]
    first = load(data=data[: starts[64]])
    assert first.imported == 63  # 64 read, one a duplicate
    partial = Topic.objects.get(title="patch for searching for any field")
    assert partial.reply_count == 2
    grown = load(data=data)
    assert grown.imported == 20 and grown.already == 63
    assert grown.topics_extended >= 1
    partial.refresh_from_db()
    assert partial.reply_count == 10
    grown_state = state(grown.community)

    # The same as importing the whole file at once.
    Community.objects.all().delete()
    whole = load(slug="griffith-devel-2")
    assert state(whole.community) == grown_state


# --- bad input ------------------------------------------------------------------------------------


def small(*parts: str) -> bytes:
    return "\n".join(parts).encode()


def one(mid="<a@x>", subject="Hello", body="Hi.", frm="ana@example.org", extra=""):
    return (
        "From ana@example.org  Mon Jan  2 10:00:00 2006\n"
        f"From: {frm}\nDate: Mon, 2 Jan 2006 10:00:00 +0000\nSubject: {subject}\n"
        f"Message-ID: {mid}\n{extra}\n{body}\n"
    )


def test_malformed_file_is_a_clean_error_and_stores_nothing(db):
    for data in (b"", b"\x00\xff garbage", b"Subject: no separators\n\nbody"):
        with pytest.raises(InvalidInput):
            mbox_import("broken", data)
    # Separators, but no message with a sender.
    with pytest.raises(InvalidInput, match="sender"):
        mbox_import("broken", b"From -  Mon Jan  2 10:00:00 2006\nSubject: x\n\nbody\n")
    assert not Community.objects.exists() and not User.objects.exists()


def test_bad_slug_is_refused(db):
    with pytest.raises(InvalidInput):
        mbox_import("Not A Slug", small(one()))
    with pytest.raises(InvalidInput):
        mbox_import("admin", small(one()))


def test_duplicate_message_ids_across_files(db):
    load(slug="dups", data=small(one(body="first")))
    report = load(slug="dups", data=small(one(body="a different text, same id")))
    assert report.imported == 0 and report.already == 1
    assert Topic.objects.get().body == "first"


def test_non_utf8_body_is_kept_readable(db):
    data = small(one(body="@@", extra="Content-Type: text/plain; charset=iso-8859-1")).replace(
        b"@@", "Caf\xe9 cr\xe8me".encode("latin-1")
    )
    load(slug="latin", data=data)
    assert "Café crème" in Topic.objects.get().body_html


def test_huge_message_is_truncated_to_the_limit(db, settings):
    settings.MAX_BODY_LENGTH = 3000
    body = "\n".join(f"line {i}: some words of a long patch" for i in range(2000))
    report = load(slug="huge", data=small(one(body=body)))
    topic = Topic.objects.get()
    assert len(topic.body) <= 3000 and "truncated" in topic.body_html
    assert any("truncated" in note for note in report.notes)


def test_markdown_in_mail_is_shown_as_written(db):
    load(slug="md", data=small(one(body="# not a heading\n<script>x</script>\n* star")))
    html = Topic.objects.get().body_html
    assert "<h1>" not in html and "<script>" not in html and "<li>" not in html
    assert "# not a heading" in html and "&lt;script&gt;" in html


def test_question_subject_makes_a_question(db):
    load(slug="q", data=small(one(subject="How do I build it?")))
    topic = Topic.objects.get()
    assert topic.kind == "question"
    assert Activity.objects.filter(verb="question_started", target_id=topic.pk).exists()


def test_a_registered_account_gets_neither_messages_nor_membership(db, make_user):
    # Sign-up does not verify addresses: whoever registered a sender's address first must not
    # get that sender's messages or a membership of the imported community.
    piotr = make_user("Someone Else", "ozarow@gmail.com")
    report = load()
    community = report.community
    assert not Topic.objects.filter(author=piotr).exists()
    assert not Post.objects.filter(author=piotr).exists()
    assert not Activity.objects.filter(actor=piotr).exists()
    assert not Membership.objects.filter(user=piotr).exists()
    assert not SearchDocument.objects.filter(author_id=piotr.pk).exclude(kind="profile").exists()
    # A placeholder with the address's marker stands for the sender instead.
    stand_in = User.objects.get(email=placeholder_email_for("ozarow@gmail.com"))
    assert stand_in.is_placeholder and not stand_in.has_usable_password()
    assert stand_in.profile.display_name != "Someone Else"
    assert Topic.objects.filter(author=stand_in).exists()
    assert Membership.objects.filter(user=stand_in, community=community, status="active").exists()
    assert User.objects.get(pk=piotr.pk).profile.display_name == "Someone Else"
    assert community.member_count == len(set(a for a, _d in EXPECTED.values()))
    # A second run finds the same placeholder.
    again = load()
    assert again.imported == 0 and again.placeholders_created == 0
    assert User.objects.filter(email=placeholder_email_for("ozarow@gmail.com")).count() == 1


def test_a_registered_account_gets_no_membership_of_a_private_community(
    db, private_community, outsider
):
    data = small(
        one(frm=f"Otto <{outsider.email}>"),
        one(mid="<b@x>", frm="bo@example.org", extra="In-Reply-To: <a@x>"),
    )
    private_community.refresh_from_db()
    before = private_community.member_count
    report = load(slug=private_community.slug, data=data)
    assert report.imported == 2 and report.placeholders_created == 2
    assert not Membership.objects.filter(user=outsider, community=private_community).exists()
    assert not Topic.objects.filter(author=outsider).exists()
    stand_in = User.objects.get(email=placeholder_email_for(outsider.email))
    assert Topic.objects.get(community=private_community).author == stand_in
    private_community.refresh_from_db()
    assert private_community.member_count == before + 2


def test_new_messages_of_a_marker_address_join_its_placeholder(db, make_user):
    make_user("Someone Else", "ana@example.org")
    load(slug="grow", data=small(one()))
    report = load(slug="grow", data=small(one(), one(mid="<b@x>", subject="Another")))
    assert report.imported == 1 and report.placeholders_created == 0
    stand_in = User.objects.get(email=placeholder_email_for("ana@example.org"))
    assert Topic.objects.filter(author=stand_in).count() == 2


def test_a_marker_taken_by_an_account_skips_that_sender(db, make_user):
    # Sign-up refuses the placeholder domain; an account made some other way with a marker
    # still never stands for the sender.
    make_user("Someone Else", "ana@example.org")
    User.objects.create_user(email=placeholder_email_for("ana@example.org"), password="x-1")
    report = load(slug="taken", data=small(one(), one(mid="<b@x>", frm="bo@example.org")))
    assert report.imported == 1
    assert [s.message_id for s in report.skipped] == ["a@x"]
    assert Topic.objects.get().author.email == "bo@example.org"


def test_import_into_an_existing_community_keeps_its_counters(db, community):
    before = community.member_count
    report = load(slug=community.slug, data=small(one(), one(mid="<b@x>", frm="bo@example.org")))
    community.refresh_from_db()
    assert not report.community_created
    assert community.member_count == before + 2


def test_concluded_community_takes_no_import(db, community):
    community.concluded_at = timezone.now()
    community.save()
    with pytest.raises(Conflict):
        load(slug=community.slug, data=small(one()))
    assert not Topic.objects.exists()


def test_failure_in_the_middle_keeps_whole_threads_and_a_rerun_finishes(db, monkeypatch):
    calls = {"n": 0}
    real = importer._write_thread

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise DatabaseError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "_write_thread", flaky)
    with pytest.raises(DatabaseError):
        load()
    community = Community.objects.get(slug="griffith-devel")
    assert Topic.objects.filter(community=community).count() == 4
    for topic in Topic.objects.filter(community=community):
        assert topic.reply_count == topic.posts.count()
    monkeypatch.setattr(importer, "_write_thread", real)
    report = load()
    assert report.already == ImportedMessage.objects.count() - report.imported
    assert Topic.objects.filter(community=community).count() == THREADS
    assert ImportedMessage.objects.count() == 83


# --- the command ----------------------------------------------------------------------------------


def test_cli_imports_and_reports(db, capsys):
    assert main(["import-mbox", "griffith-devel", str(ARCHIVE), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Messages read" in out and "84" in out
    assert "duplicate Message-ID" in out and "New placeholder members" in out
    assert main(["import-mbox", "griffith-devel", str(ARCHIVE), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Already there\s+83", out) and re.search(r"Imported\s+0", out)


def test_cli_bad_input_exits_2_without_traceback(db, capsys, tmp_path):
    garbage = tmp_path / "garbage.mbox"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n not mail")
    assert main(["import-mbox", "x", str(garbage), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert main(["import-mbox", "x", str(tmp_path / "missing.mbox")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["import-mbox", "x", str(tmp_path)]) == 2  # a directory
    assert "cannot read" in capsys.readouterr().err
    assert main(["import-mbox", "Bad Slug", str(ARCHIVE), "--quiet"]) == 2
    assert not Community.objects.exists()
