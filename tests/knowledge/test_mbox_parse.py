"""Reading mailing-list archives (knowledge.mbox_parse): each quirk of real archives, and
arbitrary bytes never raising."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practica.core.markdown import render_markdown
from practica.core.search import plain_text
from practica.knowledge.mbox_parse import (
    NotAnArchive,
    ParsedMessage,
    clean_body,
    normalise_subject,
    parse_mbox,
    parse_sender,
    synthetic_message_id,
    thread_messages,
    to_markdown,
)

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def mbox(*messages: str) -> bytes:
    return "\n".join(messages).encode()


def msg(
    frm="ana@example.org",
    date="Mon, 2 Jan 2006 10:00:00 +0100",
    subject="Hello",
    mid="<m1@example.org>",
    body="Hi there.",
    extra="",
    sep="From ana@example.org  Mon Jan  2 10:00:00 2006",
):
    headers = [f"From: {frm}"] if frm is not None else []
    if date is not None:
        headers.append(f"Date: {date}")
    headers.append(f"Subject: {subject}")
    if mid is not None:
        headers.append(f"Message-ID: {mid}")
    if extra:
        headers.append(extra)
    return f"{sep}\n" + "\n".join(headers) + f"\n\n{body}\n"


def parse(data: bytes, **kw):
    return parse_mbox(data, now=NOW, **kw)


# --- addresses and names -----------------------------------------------------------------------


def test_mailman_at_form_with_real_name():
    assert parse_sender("ryan2057 at gmx.de (M.W.)") == ("ryan2057@gmx.de", "M.W.")


def test_mailman_at_form_with_rfc2047_name():
    address, name = parse_sender("ozarow at gmail.com (Piotr =?utf-8?Q?O=C5=BCarowski?=)")
    assert (address, name) == ("ozarow@gmail.com", "Piotr Ożarowski")


def test_latin1_encoded_word_in_name():
    address, name = parse_sender("agutierr at gsyc.es (Antonio =?ISO-8859-1?Q?Guti=E9rrez?= M)")
    assert name == "Antonio Gutiérrez M"


def test_ordinary_address_forms_and_case():
    assert parse_sender('"Ana Lima" <Ana.Lima@Example.ORG>') == (
        "ana.lima@example.org",
        "Ana Lima",
    )
    assert parse_sender("bo@example.org") == ("bo@example.org", "")
    assert parse_sender("=?utf-8?B?w4lsaXNl?= <elise@example.org>") == (
        "elise@example.org",
        "Élise",
    )


def test_name_that_is_only_the_address_again_is_dropped():
    assert parse_sender("list at lists.example.org (list at lists.example.org)") == (
        "list@lists.example.org",
        "",
    )


def test_unreadable_sender_comes_back_empty():
    assert parse_sender("nobody")[0] == ""
    assert parse_sender("")[0] == ""


def test_sender_falls_back_to_the_separator_line():
    result = parse(mbox(msg(frm=None, sep="From carla at example.net  Mon Jan  2 10:00:00 2006")))
    assert result.messages[0].sender_email == "carla@example.net"


def test_message_without_any_sender_is_skipped_with_a_reason():
    result = parse(mbox(msg(frm="undisclosed", sep="From -  Mon Jan  2 10:00:00 2006")))
    assert result.messages == []
    assert result.skipped[0].reason == "no readable sender address"


# --- subjects ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject, title",
    [
        ("[Griffith-devel] Re: Release plans", "Release plans"),
        ("Re: [Griffith-devel] Re: Fwd: Release   plans", "Release plans"),
        ("AW: Re[2]: plans", "plans"),
        ("=?utf-8?Q?Caf=C3=A9?= talk", "Café talk"),
        ("", ""),
    ],
)
def test_subject_normalisation(subject, title):
    from practica.knowledge.mbox_parse import decode_header_value

    assert normalise_subject(decode_header_value(subject)) == title


def test_list_name_comes_from_the_subject_tag():
    data = mbox(msg(subject="[Open-list] One"), msg(subject="[Open-list] Two", mid="<m2@x>"))
    assert parse(data).list_name == "Open-list"


def test_folded_subject_is_unfolded():
    data = mbox(msg(subject="[L] Update of\n\tplugins/movie/Plugin.py"))
    assert parse(data).messages[0].title == "Update of plugins/movie/Plugin.py"


# --- dates -------------------------------------------------------------------------------------


def test_dates_become_aware_utc():
    m = parse(mbox(msg(date="Fri, 15 Sep 2006 10:46:00 +0200"))).messages[0]
    assert m.date == datetime(2006, 9, 15, 8, 46, tzinfo=UTC)


def test_missing_date_falls_back_to_separator_line_and_is_reported():
    result = parse(mbox(msg(date=None, sep="From ana@example.org  Sat May 19 03:54:56 2007")))
    assert result.messages[0].date == datetime(2007, 5, 19, 3, 54, 56, tzinfo=UTC)
    assert "separator" in result.notes[0]


def test_garbled_date_without_usable_separator_takes_a_neighbours_date():
    data = mbox(
        msg(mid="<a@x>", date="Mon, 2 Jan 2006 10:00:00 +0000"),
        msg(mid="<b@x>", date="not a date at all", sep="From ana@example.org  Mon Jan  2 1:0"),
    )
    result = parse(data)
    # The separator's date is unreadable too, so the previous message's date is used.
    assert result.messages[1].date == datetime(2006, 1, 2, 10, tzinfo=UTC)
    assert any("previous" in n for n in result.notes)


def test_future_date_is_implausible():
    result = parse(mbox(msg(date="Mon, 2 Jan 2090 10:00:00 +0000")))
    assert result.messages[0].date == datetime(2006, 1, 2, 10, tzinfo=UTC)
    assert result.notes


# --- bodies ------------------------------------------------------------------------------------


def test_quotes_attribution_footer_signature_and_scrubbed_parts_are_stripped():
    body = """On Jan 7, 2008 4:22 PM, Piotr <ozarow at gmail.com> wrote:
> I will be in Frankfurt this week
>> older quote

That's ok for me.

--
-=[ Piotr ]=-
-------------- next part --------------
A non-text attachment was scrubbed...
Name: signature.asc"""
    assert clean_body(body) == "That's ok for me."


@pytest.mark.parametrize(
    "attribution",
    [
        "[Marcel Dijkstra, 01.04.2007]",
        "Vasco Nunes wrote:",
        "Am 24.04.2011 07:46, schrieb Daniel Fetchinson:",
        "2010/1/16 Enrico Carlesso <enrico at ecarlesso.org>",
    ],
)
def test_attribution_styles(attribution):
    assert clean_body(f"Thanks!\n\n{attribution}\n> quoted\n\nCommitted.") == (
        "Thanks!\n\nCommitted."
    )


def test_wrapped_attribution_over_two_lines():
    text = (
        "On Tue, Nov 2, 2010 at 10:13 AM, Piotr Ozarowski <piotr at\ngriffith.cc> wrote:\n> x\nOK"
    )
    assert clean_body(text) == "OK"


def test_mailman_footer_is_stripped():
    text = (
        "Real text.\n\n_______________________________________________\n"
        "Griffith-devel mailing list\nGriffith-devel at lists.berlios.de\n"
        "https://lists.berlios.de/mailman/listinfo/griffith-devel\n"
    )
    assert clean_body(text) == "Real text."


def test_a_message_that_is_all_quote_keeps_it():
    assert clean_body("> only a quote\n> here") == "> only a quote\n> here"


def test_original_message_block_is_cut():
    text = "Agreed.\n\n-----Original Message-----\nFrom: x\nold text"
    assert clean_body(text) == "Agreed."


def test_multipart_takes_the_text_plain_part():
    raw = (
        "From ana@example.org  Mon Jan  2 10:00:00 2006\n"
        "From: ana@example.org\nDate: Mon, 2 Jan 2006 10:00:00 +0000\nSubject: x\n"
        "Message-ID: <mp@x>\nMIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="BB"\n\n'
        "--BB\nContent-Type: text/html\n\n<p>HTML version</p>\n"
        '--BB\nContent-Type: text/plain; charset="utf-8"\n'
        "Content-Transfer-Encoding: quoted-printable\n\nPlain caf=C3=A9\n--BB--\n"
    )
    assert parse(raw.encode()).messages[0].body == "Plain café"


def test_html_only_message_gives_its_text():
    raw = msg(body="<p>Hello <b>there</b></p>", extra="Content-Type: text/html")
    assert parse(raw.encode()).messages[0].body == "Hello there"


def test_non_utf8_body_is_decoded_with_its_declared_charset():
    raw = msg(body="@@", extra="Content-Type: text/plain; charset=iso-8859-2").encode()
    raw = raw.replace(b"@@", "Żółw".encode("iso-8859-2"))
    assert parse(raw).messages[0].body == "Żółw"


def test_wrong_or_unknown_charset_falls_back_without_raising():
    raw = msg(body="@@", extra="Content-Type: text/plain; charset=x-no-such-charset").encode()
    raw = raw.replace(b"@@", "Café".encode("latin-1"))
    assert parse(raw).messages[0].body == "Café"
    undeclared = msg(body="@@").encode().replace(b"@@", "naïve".encode("cp1252"))
    assert parse(undeclared).messages[0].body == "naïve"


def test_nul_and_control_characters_are_removed():
    raw = msg(body="a\x00b\x07c").encode()
    assert parse(raw).messages[0].body == "abc"


def test_huge_message_is_truncated_with_a_note():
    raw = msg(body="\n".join(f"line {i} of a long message" for i in range(20000))).encode()
    result = parse(raw, max_body=5000)
    m = result.messages[0]
    assert m.truncated and len(m.body) <= 5000
    assert "truncated" in m.body
    assert any("truncated" in n for n in result.notes)


# --- ids and duplicates ------------------------------------------------------------------------


def test_duplicate_message_id_keeps_the_first_and_reports_the_second():
    data = mbox(msg(body="first"), msg(body="second"))
    result = parse(data)
    assert [m.body for m in result.messages] == ["first"]
    assert result.skipped[0].index == 2 and "duplicate" in result.skipped[0].reason
    assert result.read == 2


def test_missing_message_id_gets_a_stable_synthetic_one():
    data = mbox(msg(mid=None))
    first = parse(data).messages[0]
    again = parse(data).messages[0]
    assert first.synthetic_id and first.message_id == again.message_id
    assert first.message_id == synthetic_message_id("ana@example.org", first.date, "Hello")
    other = parse(mbox(msg(mid=None, subject="Other"))).messages[0]
    assert other.message_id != first.message_id


def test_long_message_id_is_hashed_to_fit():
    long_id = "<" + "x" * 400 + "@example.org>"
    data = mbox(msg(mid=long_id), msg(mid="<r@x>", extra=f"In-Reply-To: {long_id}"))
    first, reply = parse(data).messages
    assert len(first.message_id) <= 300 and reply.in_reply_to == first.message_id


# --- malformed files ---------------------------------------------------------------------------


def test_not_an_archive_raises_only_not_an_archive():
    with pytest.raises(NotAnArchive):
        parse(b"just some text\nwith no separators\n")
    with pytest.raises(NotAnArchive):
        parse(b"")


def test_body_line_starting_with_from_does_not_split_a_message():
    data = mbox(msg(body="Hi\n\nFrom here on, we use git.\nBye"))
    result = parse(data)
    assert len(result.messages) == 1 and "From here on" in result.messages[0].body


def test_bytes_before_the_first_message_are_reported():
    data = b"garbage\n" + mbox(msg())
    result = parse(data)
    assert len(result.messages) == 1 and "ignored" in result.notes[0]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_not_an_archive(data):
    try:
        result = parse(data, max_body=500)
    except NotAnArchive:
        return
    for m in result.messages:
        assert m.date.tzinfo is not None
        assert "\x00" not in m.body + m.subject + m.sender_name
        m.body.encode("utf-8")  # no lone surrogates


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=1500))
def test_arbitrary_bytes_inside_a_valid_frame_never_raise(junk):
    data = b"From ana@example.org  Mon Jan  2 10:00:00 2006\n" + junk
    result = parse(data, max_body=500)
    assert result.read == 1
    assert len(result.messages) + len(result.skipped) >= 1
    thread_messages(result.messages)


# --- threading ---------------------------------------------------------------------------------


def pm(mid, *, subject="Topic", reply_to=None, refs=(), days=0, is_reply=None):
    return ParsedMessage(
        index=days + 1,
        message_id=mid,
        synthetic_id=False,
        sender_email="a@example.org",
        sender_name="",
        subject=subject,
        title=normalise_subject(subject),
        date=datetime(2010, 1, 1, tzinfo=UTC) + timedelta(days=days),
        in_reply_to=reply_to,
        references=list(refs),
        body="x",
        is_reply=bool(reply_to or refs or subject.lower().startswith("re:"))
        if is_reply is None
        else is_reply,
    )


def roots(keys):
    return {mid: k.root or k.known for mid, k in keys.items()}


def test_threads_by_in_reply_to_and_references():
    msgs = [
        pm("a", days=0),
        pm("b", reply_to="a", days=1),
        pm("c", refs=["a", "b"], days=2),
        pm("d", subject="Other", days=3),
    ]
    assert roots(thread_messages(msgs)) == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_missing_parent_falls_back_to_subject():
    msgs = [
        pm("a", subject="Plans", days=0),
        pm("b", subject="Re: Plans", reply_to="gone", days=90),
    ]
    assert roots(thread_messages(msgs))["b"] == "a"


def test_same_subject_without_reply_headers_joins_only_when_recent():
    msgs = [
        pm("a", subject="Plans", days=0),
        pm("b", subject="Plans", days=3),
        pm("c", subject="Plans", days=300),
        pm("t1", subject="test", days=301),
        pm("t2", subject="test", days=302),
    ]
    got = roots(thread_messages(msgs))
    assert got["b"] == "a" and got["c"] == "c"
    assert got["t2"] == "t2"  # generic subjects never join by subject alone


def test_known_threads_from_an_earlier_import():
    msgs = [pm("n1", reply_to="old", days=5), pm("n2", subject="Re: Elsewhere", days=6)]
    keys = thread_messages(
        msgs,
        known_ids={"old": 41},
        known_subjects={"elsewhere": (42, datetime(2009, 1, 1, tzinfo=UTC))},
    )
    assert keys["n1"].known == 41 and keys["n2"].known == 42


def test_reference_loops_do_not_hang():
    msgs = [pm("a", reply_to="b", days=0), pm("b", reply_to="a", days=1)]
    got = roots(thread_messages(msgs))
    assert got["a"] == got["b"] == "a"


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_keeps_lines_and_paragraphs_and_escapes_syntax():
    text = "# not a heading\n1. not a list\n*not emphasis* <b>no</b> [x](http://y)\n\nNext"
    html = render_markdown(to_markdown(text))
    assert "<h1>" not in html and "<ol>" not in html and "<em>" not in html
    assert "<a " not in html and "<b>" not in html
    assert html.count("<p>") == 2 and html.count("<br") == 2


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_markdown_renders_back_to_the_same_words(text):
    rendered = plain_text(render_markdown(to_markdown(text)))
    from practica.knowledge.mbox_parse import clean_text

    assert rendered == " ".join(clean_text(text).split())


def test_markdown_respects_the_limit():
    out = to_markdown("word. " * 5000, 1000)
    assert len(out) <= 1000 and "truncated" in out
