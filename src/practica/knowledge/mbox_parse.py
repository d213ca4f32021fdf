"""Reading a mailing-list archive into plain messages, ready to import.

Pure: no Django. Accepts mbox files and Mailman's monthly text archives (pipermail ``.txt``),
whose separator lines and From: headers spell addresses as ``user at host``. Every quirk of
real archives is absorbed here and reported, never raised: unknown or lying charsets, missing
or garbled dates, missing Message-IDs, duplicates, huge messages, stray bytes.

``parse_mbox(data)`` returns a ``ParseResult``; ``thread_messages`` groups messages into
threads by Message-ID / In-Reply-To / References, falling back to the subject; ``to_markdown``
turns a plain-text body into Markdown that renders as the original text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

MESSAGE_ID_MAX = 300

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_DAYS = "Mon Tue Wed Thu Fri Sat Sun"
# An mbox separator: "From <address> <ctime date>". Mailman writes the address as
# "user at host". The weekday and month make it distinctive enough that a body line
# beginning with "From " is not mistaken for one.
_FROM_LINE = re.compile(
    rb"^From (?P<addr>\S+(?: at \S+)?)\s+"
    rb"(?P<date>(?:" + "|".join(_DAYS.split()).encode() + rb") "
    rb"(?:" + "|".join(_MONTHS).encode() + rb")\s+\d{1,2}\s.*)$"
)
_CTIME = re.compile(
    r"^\w{3} (?P<mon>\w{3})\s+(?P<day>\d{1,2})\s+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s+[A-Za-z]{2,5})?\s+(?P<year>\d{4})"
)
_AT_FORM = re.compile(r"^\s*(?P<local>[^\s@()<>\"]+) at (?P<domain>[^\s@()<>\"]+)\s*(?P<rest>.*)$")
_EMAIL = re.compile(r"^[^@\s<>()\",;:]+@[^@\s<>()\",;:]+\.[^@\s<>()\",;:]+$")
_ANGLE_ID = re.compile(r"<([^<>\s]+)>")
_LIST_PREFIX = re.compile(r"^\s*\[([^\[\]]{1,60})\]\s*")
_REPLY_PREFIX = re.compile(
    r"^\s*(?:re|fwd?|aw|wg|sv|vs|antw|odp|r|rif|tr|res)\s*(?:\[\d+\])?\s*:\s*", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class ParsedMessage:
    """One message as the importer needs it."""

    index: int  # position in the file, from 1
    message_id: str
    synthetic_id: bool
    sender_email: str
    sender_name: str
    subject: str  # as sent, decoded, on one line
    title: str  # the subject without list and reply prefixes
    date: datetime  # aware, UTC
    in_reply_to: str | None
    references: list[str]
    body: str  # plain text, cleaned
    truncated: bool = False
    is_reply: bool = False  # has reply headers or a "Re:" subject

    @property
    def thread_subject(self) -> str:
        return self.title.casefold()


@dataclass
class Skipped:
    index: int
    message_id: str
    reason: str


@dataclass
class ParseResult:
    messages: list[ParsedMessage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Things handled by a fallback, worth telling the operator (dates guessed, bytes ignored).
    notes: list[str] = field(default_factory=list)
    list_name: str = ""
    read: int = 0  # messages found in the file, skipped ones included


class NotAnArchive(ValueError):
    """The data holds no message separators at all: not an mbox or Mailman archive."""


# --- text helpers ------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text safe to store anywhere: no NUL or other control characters (PostgreSQL refuses
    NUL), no lone surrogates left over from undecodable bytes, Unix line ends."""
    if not text:
        return ""
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def decode_header_value(raw) -> str:
    """An RFC 2047 header (``=?utf-8?Q?...?=``) as text, unfolded onto one line. Unknown
    charsets and broken encodings fall back to what can be read, never raise."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raw = str(raw)
    try:
        text = str(make_header(decode_header(raw)))
    except (LookupError, UnicodeError, ValueError, TypeError, AssertionError):
        parts = []
        try:
            for chunk, charset in decode_header(raw):
                if isinstance(chunk, bytes):
                    parts.append(_decode_bytes(chunk, charset))
                else:
                    parts.append(chunk)
            text = "".join(parts)
        except Exception:  # noqa: BLE001 - a header must never stop an import
            text = raw
    return _one_line(text)


def _decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes in their declared charset, else UTF-8, else Windows-1252 (what mail mislabelled
    as Latin-1 or unlabelled usually is), and at worst with replacement characters."""
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeError, ValueError):
            continue
    try:
        return data.decode("cp1252")
    except UnicodeError:
        return data.decode("latin-1", "replace")


# --- addresses, ids, dates ---------------------------------------------------------------------


def _is_email(address: str) -> bool:
    return bool(address) and len(address) <= 254 and bool(_EMAIL.match(address))


def parse_sender(raw: str) -> tuple[str, str]:
    """(address lower-cased, display name) from a From: header. Understands Mailman's
    ``user at host (Real Name)`` as well as ``Real Name <user@host>``; names may be RFC 2047
    encoded. An address that cannot be read comes back empty."""
    if not raw:
        return "", ""
    match = None if "@" in raw else _AT_FORM.match(raw.replace("\n", " "))
    if match:
        address = f"{match['local']}@{match['domain']}".lower()
        rest = match["rest"].strip()
        name = rest[1:-1] if rest.startswith("(") and rest.endswith(")") else rest
        name = decode_header_value(name)
        return (address if _is_email(address) else ""), _plain_name(name, address)
    try:
        pairs = getaddresses([raw])
    except Exception:  # noqa: BLE001 - malformed headers are common in old archives
        pairs = []
    for name, address in pairs:
        address = _one_line(address).lower()
        if _is_email(address):
            return address, _plain_name(decode_header_value(name), address)
    return "", decode_header_value(raw)


def _plain_name(name: str, address: str) -> str:
    """The header's name, unless it is only the address again (Mailman writes
    ``list at host (list at host)`` for munged senders)."""
    name = name.strip().strip('"').strip()
    if not name or "@" in name or " at " in name and name.replace(" at ", "@") == address:
        return ""
    return name


def normalise_message_id(raw: str) -> str:
    """A Message-ID without its angle brackets; a very long one is replaced by its hash so
    that it fits the column, the same way wherever it is referred to."""
    value = clean_text(raw).strip()
    match = _ANGLE_ID.search(value)
    if match:
        value = match.group(1)
    value = "".join(value.split())
    if len(value) > MESSAGE_ID_MAX:
        value = "sha256-" + hashlib.sha256(value.encode()).hexdigest()
    return value


def _id_list(raw: str) -> list[str]:
    """Message-IDs in an In-Reply-To or References header, in order. In-Reply-To is often
    ``<id> (Someone's message of ...)``; bare ids with an @ are accepted too."""
    if not raw:
        return []
    value = clean_text(str(raw))
    found = _ANGLE_ID.findall(value)
    if not found:
        found = [t for t in value.split() if "@" in t]
    result = []
    for item in found:
        norm = normalise_message_id(item)
        if norm and norm not in result:
            result.append(norm)
    return result


def synthetic_message_id(sender: str, date: datetime, subject: str) -> str:
    """A stable id for a message that has none, so a re-import recognises it."""
    key = f"{sender}\n{date.isoformat()}\n{subject}".encode()
    return f"synthetic-{hashlib.sha256(key).hexdigest()[:32]}@mbox-import.invalid"


def parse_date(raw) -> datetime | None:
    """A Date: header as an aware UTC datetime, or None when it cannot be read."""
    if not raw:
        return None
    try:
        value = parsedate_to_datetime(_one_line(str(raw)))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if value is None:
        return None
    if value.tzinfo is None:  # "-0000": the zone is unknown; UTC is the honest guess
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def parse_from_line_date(text: str) -> datetime | None:
    """The ctime date of an mbox separator (``Fri Sep 15 10:46:00 2006``), read as UTC: the
    line carries no zone."""
    match = _CTIME.match(text.strip())
    if not match or match["mon"] not in _MONTHS:
        return None
    try:
        return datetime(
            int(match["year"]),
            _MONTHS.index(match["mon"]) + 1,
            int(match["day"]),
            int(match["h"]),
            int(match["m"]),
            int(match["s"] or 0),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def _plausible(date: datetime | None, now: datetime) -> bool:
    return date is not None and datetime(1970, 1, 2, tzinfo=UTC) <= date <= now + timedelta(days=2)


# --- subjects ----------------------------------------------------------------------------------


def normalise_subject(subject: str, list_name: str = "") -> str:
    """The subject as a topic title: list tags ("[Griffith-devel]") and reply or forward
    prefixes ("Re:", "Fwd:", "AW:"), however nested, removed; whitespace collapsed."""
    text = _one_line(subject)
    while True:
        before = text
        text = _LIST_PREFIX.sub("", text, count=1) if _LIST_PREFIX.match(text) else text
        text = _REPLY_PREFIX.sub("", text, count=1)
        if text == before:
            break
    return text.strip()


def _list_tag(subject: str) -> str:
    match = _LIST_PREFIX.match(_REPLY_PREFIX.sub("", _one_line(subject)))
    return match.group(1).strip() if match else ""


# --- bodies ------------------------------------------------------------------------------------

_NEXT_PART = re.compile(r"^-{5,} ?next part ?-{5,}\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^\s*-{3,}\s*(original message|ursprüngliche nachricht|message d'origine|"
    r"forwarded message|mensaje original)\s*-{3,}\s*$",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"^[ \t]*>")
_ATTRIBUTION_VERB = re.compile(
    r"(wrote|writes|schrieb|a écrit|a ecrit|escribió|escribio|ha scritto|scrisse|napisał|"
    r"napisal|skrev|schreef|kirjoitti|escreveu|написал|said)\b[^:]{0,80}:\s*$",
    re.IGNORECASE,
)
_ATTRIBUTION_BRACKET = re.compile(r"^\[[^\[\]]{1,120}\]\s*$")
_ATTRIBUTION_DATE = re.compile(r"^\d{2,4}[/.-]\d{1,2}[/.-]\d{1,4}\s.{0,120}$")
_ATTRIBUTION_START = re.compile(r"^(On|Am|Le|El|Il|Em|Op|W dniu|Den|Dnia)\s", re.IGNORECASE)
_UNDERSCORES = re.compile(r"^_{10,}\s*$")
FOOTER_MAX_LINES = 8
SIGNATURE_MAX_LINES = 10


def _is_attribution(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 240:
        return False
    return bool(
        _ATTRIBUTION_VERB.search(stripped)
        or _ATTRIBUTION_BRACKET.match(stripped)
        or _ATTRIBUTION_DATE.match(stripped)
    )


def strip_quotes(lines: list[str]) -> list[str]:
    """Drop quoted lines ("> ...") and the attribution line above each quoted block
    ("On ... wrote:", "[Name, date]", "2010/1/16 Name <addr>"), wrapped over two lines
    or not."""
    out: list[str] = []
    for line in lines:
        if _QUOTE.match(line):
            # Remove the attribution (and a blank line between it and the quote).
            back = len(out) - 1
            while back >= 0 and not out[back].strip():
                back -= 1
            if back >= 0 and _is_attribution(out[back]):
                start = back
                if (
                    not _ATTRIBUTION_START.match(out[back].strip())
                    and back > 0
                    and _ATTRIBUTION_START.match(out[back - 1].strip())
                ):
                    start = back - 1
                del out[start:]
            continue
        if _ORIGINAL.match(line):
            break  # everything below is the quoted original
        out.append(line)
    return out


def _strip_tail_block(lines: list[str], is_start, max_lines: int) -> list[str]:
    """Remove a short block at the end that starts with a line ``is_start`` accepts."""
    for i in range(len(lines) - 1, -1, -1):
        if is_start(lines[i]):
            tail = [t for t in lines[i + 1 :] if t.strip()]
            if len(tail) <= max_lines:
                return lines[:i]
            return lines
    return lines


def clean_body(text: str) -> str:
    """A message body as people want to read it again: without Mailman's scrubbed
    attachment notes, quoted text and attributions, list footers ("____" then the list's
    address and listinfo link, or a webmail advertisement) and "-- " signatures."""
    text = clean_text(text)
    lines = [line.rstrip() for line in text.split("\n")]
    for i, line in enumerate(lines):
        if _NEXT_PART.match(line):
            lines = lines[:i]
            break
    # mboxrd escapes body lines that begin with "From " as ">From ".
    lines = [line[1:] if line.startswith(">From ") else line for line in lines]
    without_quotes = strip_quotes(lines)
    if any(line.strip() for line in without_quotes):
        lines = without_quotes  # a message that is all quote keeps it: nothing else to show
    lines = _strip_tail_block(lines, lambda line: bool(_UNDERSCORES.match(line)), FOOTER_MAX_LINES)
    stripped = _strip_tail_block(lines, lambda line: line in ("-- ", "--"), SIGNATURE_MAX_LINES)
    if any(line.strip() for line in stripped):
        lines = stripped
    # Collapse runs of blank lines; trim.
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and out[-1] == "":
                continue
            out.append("")
        else:
            out.append(line)
    return "\n".join(out).strip("\n")


def truncate_body(text: str, limit: int) -> tuple[str, bool]:
    """At most ``limit`` characters, cut at a line end where possible, with a note saying
    how much was left out."""
    if limit <= 0 or len(text) <= limit:
        return text, False
    left_out = len(text)
    note_room = 120
    cut = text[: max(limit - note_room, 0)]
    if "\n" in cut[-2000:]:
        cut = cut[: cut.rfind("\n")]
    note = f"\n\n[Message truncated on import: {left_out - len(cut)} more characters not shown.]"
    return (cut.rstrip() + note)[:limit], True


def _message_text(msg: Message) -> str:
    """The text/plain content (the first text/plain part of a multipart message; an HTML
    part's text when there is no plain one), decoded with its charset."""
    plain, html = None, None
    try:
        parts = list(msg.walk()) if msg.is_multipart() else [msg]
    except Exception:  # noqa: BLE001
        parts = [msg]
    for part in parts:
        if part.is_multipart():
            continue
        try:
            ctype = part.get_content_type()
            disposition = (part.get("Content-Disposition") or "").lower()
        except Exception:  # noqa: BLE001
            ctype, disposition = "text/plain", ""
        if "attachment" in disposition:
            continue
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html is None:
            html = part
    part = plain if plain is not None else html
    if part is None:
        return ""
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        payload = None
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    try:
        charset = part.get_content_charset()
    except Exception:  # noqa: BLE001
        charset = None
    text = _decode_bytes(payload, charset)
    if part is html:
        text = _html_to_text(text)
    return text


def _html_to_text(html: str) -> str:
    from html import unescape

    html = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", html)
    html = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>", "\n", html)
    return unescape(re.sub(r"<[^>]+>", "", html))


# --- splitting the file -------------------------------------------------------------------------


def split_mbox(data: bytes) -> tuple[list[tuple[str, bytes]], int]:
    """[(separator line, raw message bytes)], and how many bytes came before the first
    separator (ignored). Raises NotAnArchive when there is no separator at all."""
    data = data.replace(b"\r\n", b"\n")
    chunks: list[tuple[str, bytes]] = []
    current: list[bytes] | None = None
    separator = ""
    leading = 0
    for line in data.split(b"\n"):
        if line.startswith(b"From ") and _FROM_LINE.match(line):
            if current is not None:
                chunks.append((separator, b"\n".join(current)))
            current = []
            separator = line.decode("latin-1")
            continue
        if current is None:
            leading += len(line) + 1
        else:
            current.append(line)
    if current is not None:
        chunks.append((separator, b"\n".join(current)))
    if not chunks:
        raise NotAnArchive(
            "No messages found: an mbox file or a Mailman text archive starts each message "
            "with a line like 'From someone@example.org Mon Jan  1 00:00:00 2001'."
        )
    leading_text = data[: max(leading - 1, 0)].strip()
    return chunks, len(leading_text)


def _separator_parts(separator: str) -> tuple[str, datetime | None]:
    match = _FROM_LINE.match(separator.encode("latin-1"))
    if not match:
        return "", None
    addr = match["addr"].decode("latin-1").replace(" at ", "@").lower()
    return (addr if _is_email(addr) else ""), parse_from_line_date(match["date"].decode("latin-1"))


# --- the whole file ----------------------------------------------------------------------------


def parse_mbox(data: bytes, *, max_body: int = 0, now: datetime | None = None) -> ParseResult:
    """Every message of an archive, cleaned, in file order, duplicates and unusable messages
    reported in ``skipped``. Raises only NotAnArchive (no separators at all)."""
    now = now or datetime.now(UTC)
    chunks, leading = split_mbox(data)
    result = ParseResult(read=len(chunks))
    if leading:
        result.notes.append(f"{leading} bytes before the first message were ignored.")
    seen: set[str] = set()
    tags: Counter = Counter()
    last_good: datetime | None = None
    pending_dates: list[ParsedMessage] = []
    for index, (separator, raw) in enumerate(chunks, start=1):
        try:
            msg = message_from_bytes(raw, policy=compat32)
        except Exception:  # noqa: BLE001 - compat32 hardly raises, but never stop here
            result.skipped.append(Skipped(index, "", "the message could not be read"))
            continue
        sep_addr, sep_date = _separator_parts(separator)
        address, name = parse_sender(_header(msg, "From"))
        if not address:
            address, name = parse_sender(_header(msg, "Sender"))
        if not address:
            address = sep_addr
        subject = decode_header_value(_header(msg, "Subject"))
        raw_id = _header(msg, "Message-ID") or _header(msg, "Message-Id")
        message_id = normalise_message_id(raw_id) if raw_id else ""
        if not address:
            result.skipped.append(Skipped(index, message_id, "no readable sender address"))
            continue
        date = parse_date(_header(msg, "Date"))
        if not _plausible(date, now):
            fallback = sep_date if _plausible(sep_date, now) else None
            what = "missing" if not _header(msg, "Date") else "unreadable or implausible"
            if fallback is not None:
                result.notes.append(
                    f"Message {index}: date {what}; used the mbox separator's date."
                )
                date = fallback
            elif last_good is not None:
                result.notes.append(
                    f"Message {index}: date {what}; used the previous message's date."
                )
                date = last_good
            else:
                result.notes.append(f"Message {index}: date {what}; used the next message's date.")
                date = None
        synthetic = not message_id
        body_text = clean_body(_message_text(msg))
        body_text, truncated = truncate_body(body_text, max_body)
        in_reply_to = _id_list(_header(msg, "In-Reply-To"))
        references = _id_list(_header(msg, "References"))
        parsed = ParsedMessage(
            index=index,
            message_id=message_id,
            synthetic_id=synthetic,
            sender_email=address,
            sender_name=name,
            subject=subject,
            title=normalise_subject(subject),
            date=date or now,
            in_reply_to=in_reply_to[0] if in_reply_to else None,
            references=references,
            body=body_text,
            truncated=truncated,
            is_reply=bool(in_reply_to or references or _REPLY_PREFIX.match(subject)),
        )
        if date is None:
            pending_dates.append(parsed)
        else:
            last_good = date
            for waiting in pending_dates:
                waiting.date = date
            pending_dates = []
        if truncated:
            result.notes.append(f"Message {index}: longer than {max_body} characters; truncated.")
        tag = _list_tag(subject)
        if tag:
            tags[tag] += 1
        result.messages.append(parsed)
    # Synthetic ids need the final dates, so they are given once every date is settled.
    unique: list[ParsedMessage] = []
    for parsed in result.messages:
        if parsed.synthetic_id:
            parsed.message_id = synthetic_message_id(
                parsed.sender_email, parsed.date, parsed.subject
            )
        parsed.references = [r for r in parsed.references if r != parsed.message_id]
        if parsed.in_reply_to == parsed.message_id:
            parsed.in_reply_to = None
        if parsed.message_id in seen:
            result.skipped.append(
                Skipped(parsed.index, parsed.message_id, "duplicate Message-ID in the file")
            )
            continue
        seen.add(parsed.message_id)
        unique.append(parsed)
    result.messages = unique
    result.list_name = tags.most_common(1)[0][0] if tags else ""
    return result


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001
        return ""
    if value is None:
        return ""
    return str(value) if not isinstance(value, str) else value


# --- threading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadKey:
    """Which thread a message belongs to: an existing one (``known``, e.g. a topic id) or
    a new one rooted at ``root`` (the Message-ID of its first message)."""

    root: str = ""
    known: object = None


# A message with no reply headers (Mailman's text archives drop "Re:", and some mail
# programs send no In-Reply-To) joins the latest earlier message with the same subject if
# that one is at most this recent; a message that says it is a reply joins it at any age.
SUBJECT_WINDOW = timedelta(days=45)
_GENERIC_SUBJECTS = {"", "(no subject)", "no subject", "test", "hi", "hello", "help", "question"}


def thread_messages(
    messages: list[ParsedMessage],
    *,
    known_ids: Mapping[str, object] | None = None,
    known_subjects: Mapping[str, tuple[object, datetime]] | None = None,
) -> dict[str, ThreadKey]:
    """Message-ID → ThreadKey for every message.

    A message's parent is the nearest message it refers to (In-Reply-To, then References
    from the last) found in this archive or among those imported before (``known_ids``:
    Message-ID → thread). A message whose parent is missing falls back to its normalised
    subject: it joins the latest earlier message with that subject here, or a thread
    imported before (``known_subjects``: subject → (thread, last activity)), when it is a
    reply or that message is recent (``SUBJECT_WINDOW``). Anything else starts a thread.
    """
    known_ids = known_ids or {}
    known_subjects = known_subjects or {}
    by_id = {m.message_id: m for m in messages}
    order = sorted(messages, key=lambda m: (m.date, m.index))
    position = {m.message_id: i for i, m in enumerate(order)}
    parent: dict[str, str] = {}
    key: dict[str, ThreadKey] = {}
    for m in order:
        candidates = ([m.in_reply_to] if m.in_reply_to else []) + list(reversed(m.references))
        for cand in candidates:
            if cand == m.message_id:
                continue
            if cand in by_id:
                parent[m.message_id] = cand
                break
            if cand in known_ids:
                key[m.message_id] = ThreadKey(known=known_ids[cand])
                break
    latest_by_subject: dict[str, ParsedMessage] = {}
    for m in order:
        subject = m.thread_subject
        if m.message_id not in parent and m.message_id not in key:
            generic = subject in _GENERIC_SUBJECTS
            earlier = latest_by_subject.get(subject)
            if earlier is not None and (
                m.is_reply or (not generic and m.date - earlier.date <= SUBJECT_WINDOW)
            ):
                parent[m.message_id] = earlier.message_id
            elif subject in known_subjects:
                thread, last = known_subjects[subject]
                if m.is_reply or (not generic and m.date - last <= SUBJECT_WINDOW):
                    key[m.message_id] = ThreadKey(known=thread)
        if subject:
            latest_by_subject[subject] = m

    def resolve(message_id: str) -> ThreadKey:
        path: list[str] = []
        on_path: set[str] = set()
        current = message_id
        while current not in key and current in parent and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = parent[current]
        if current in key:
            result = key[current]
        elif current in on_path:  # a reference loop: its earliest message is the root
            loop = path[path.index(current) :]
            result = ThreadKey(root=min(loop, key=lambda i: position[i]))
        else:  # a message with no parent starts the thread
            result = ThreadKey(root=current)
        key.setdefault(current, result)
        for item in path:
            key[item] = result
        return result

    for m in order:
        if m.message_id not in key:
            resolve(m.message_id)
    return key


# --- Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=&])")
_LEADING_SPACE = re.compile(r"^[ \t]+")
NBSP = "\u00a0"


def to_markdown(text: str, limit: int = 0) -> str:
    """Plain text as Markdown that renders as the same text: punctuation that Markdown
    reads as syntax is escaped, each line break is kept (a hard break), paragraphs stay
    paragraphs and indentation stays visible. Within ``limit`` characters (if given), cut
    at a line with a note."""
    paragraphs: list[list[str]] = [[]]
    for line in clean_text(text).split("\n"):
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        line = line.rstrip()
        indent = _LEADING_SPACE.match(line)
        lead = ""
        if indent:
            lead = NBSP * len(indent.group(0).expandtabs(4))
            line = line[indent.end() :]
        paragraphs[-1].append(lead + _MD_SPECIAL.sub(r"\\\1", line))
    blocks = ["\\\n".join(p) for p in paragraphs if p]
    result = "\n\n".join(blocks)
    if limit and len(result) > limit:
        note = "\n\n\\[Message truncated on import\\.\\]"
        cut = result[: max(limit - len(note), 0)]
        newline = cut.rfind("\n")
        if newline > 0:
            cut = cut[:newline]
        # Drop a trailing hard break or a half-cut escape.
        cut = cut.rstrip("\\\n ")
        result = cut + note
    return result
