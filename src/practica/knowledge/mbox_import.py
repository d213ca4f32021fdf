"""Bringing a mailing-list archive into a community (``practica import-mbox SLUG FILE``).

The file is read and checked whole first (``mbox_parse``, pure), so a file that is not an
archive stores nothing. Then, each in its own transaction: the community (created public and
open when the slug is new), one member per distinct sender (a placeholder account that the
owner of the address can claim later; never an existing account, see ``_placeholder_for``),
and one thread at a time — its topic, replies, search entries, activity dated at each
message's date, and the ``ImportedMessage`` rows that make a second run import nothing
twice. An interrupted import leaves whole threads behind and the next run carries on where
it stopped.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm

from practica.accounts.indexing import profile_index
from practica.accounts.models import User
from practica.accounts.services import placeholder_email_for, placeholder_merging
from practica.communities.activity import activity_record, audit_record, require_not_concluded
from practica.communities.models import (
    Activity,
    Community,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Role,
    Visibility,
)
from practica.communities.services import RESERVED_SLUGS, SLUG_MAX
from practica.communities.visibility import forget_memberships
from practica.core.errors import InvalidInput, PracticaError
from practica.core.markdown import render_markdown
from practica.discussions.indexing import post_index, topic_index
from practica.discussions.models import Post, Topic, TopicKind

from .mbox_parse import (
    NotAnArchive,
    ParsedMessage,
    Skipped,
    ThreadKey,
    parse_mbox,
    thread_messages,
    to_markdown,
)
from .models import ImportedMessage

DISPLAY_NAME_MAX = 80
NAME_MAX = 120
# Rows looked up per query: well under SQLite's limit on query parameters.
BATCH = 500


@dataclass
class ImportReport:
    community: Community
    community_created: bool = False
    read: int = 0
    imported: int = 0
    already: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    topics_created: int = 0
    topics_extended: int = 0
    placeholders_created: int = 0
    members_added: int = 0
    notes: list[str] = field(default_factory=list)


def _clean_slug(slug) -> str:
    if not isinstance(slug, str) or not slug:
        raise InvalidInput(_("Give the community's address (slug), e.g. griffith-devel."))
    cleaned = slugify(slug)[:SLUG_MAX].strip("-")
    if cleaned != slug or cleaned in RESERVED_SLUGS:
        raise InvalidInput(
            _("Use lower-case letters, digits and hyphens for the address (e.g. open-health).")
        )
    return slug


def _valid_sender(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return len(address) <= 254


def _display_name(messages: list[ParsedMessage], address: str) -> str:
    for m in messages:
        name = " ".join(m.sender_name.split())
        if name:
            return name[:DISPLAY_NAME_MAX]
    return address.split("@")[0][:DISPLAY_NAME_MAX] or address[:DISPLAY_NAME_MAX]


def _title(m: ParsedMessage) -> str:
    title = m.title or _("(no subject)")
    limit = settings.MAX_TITLE_LENGTH
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _body(m: ParsedMessage) -> str:
    return to_markdown(m.body or _("(This message had no text.)"), settings.MAX_BODY_LENGTH)


def _batched(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- the community and its members ---------------------------------------------------------------


def _community_for_import(slug: str, list_name: str, source_name: str, first_date):
    """(community, created). A new one is public and open, named after the list; its
    history starts with the archive's first message."""
    community = Community.objects.filter(slug=slug).first()
    if community is not None:
        require_not_concluded(community)
        return community, False
    name = (list_name or slug)[:NAME_MAX]
    purpose = _(
        "This community was imported from the archive of the %(list)s mailing list "
        "(%(file)s). Its discussions keep their original dates and authors; anyone who wrote "
        "to the list can claim their messages by verifying their email address."
    ) % {"list": name, "file": source_name or _("an mbox file")}
    with transaction.atomic():
        community = Community.objects.create(
            name=name,
            slug=slug,
            purpose=purpose,
            purpose_html=render_markdown(purpose),
            visibility=Visibility.PUBLIC,
            join_policy=JoinPolicy.OPEN,
            created_by=None,
            created_at=first_date,
            member_count=0,
        )
        activity_record(None, community, "created", community, at=first_date)
    return community, True


def _placeholder_for(address: str, name: str, report) -> User | None:
    """The placeholder that stands for a sender, made if missing. Never an ordinary account:
    sign-up does not verify addresses, so an account with the sender's email may belong to
    anyone. For such an address the placeholder's email is a marker made from the address
    (``placeholder_email_for``), found again by the next run; whoever reads mail at the
    address joins the two by a claim link. None only if that marker is an ordinary account's
    (sign-up refuses it): that sender's messages are skipped."""
    user = User.objects.filter(email__iexact=address).first()
    if user is not None and user.is_placeholder:
        return user
    marker = placeholder_email_for(address)
    stand_in = User.objects.filter(email=marker).first()
    if stand_in is not None:
        return stand_in if stand_in.is_placeholder else None
    user = User.objects.create_user(
        email=address if user is None else marker,
        password=None,
        display_name=name,
        is_placeholder=True,
    )
    profile_index(user.profile)
    report.placeholders_created += 1
    return user


def _member_for(community: Community, address: str, name: str, first_date, report) -> User | None:
    """The placeholder that stands for a sender, made a member if it never was one."""
    with transaction.atomic():
        user = _placeholder_for(address, name, report)
        if user is None:
            return None
        membership = Membership.objects.filter(user=user, community=community).first()
        if membership is None:
            # A placeholder that left or was declined keeps that status; its messages are
            # still its own.
            Membership.objects.create(
                user=user,
                community=community,
                role=Role.MEMBER,
                status=MembershipStatus.ACTIVE,
                joined_at=first_date,
            )
            Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
            activity_record(user, community, "joined", community, at=first_date)
            report.members_added += 1
    forget_memberships(user)
    return user


@receiver(placeholder_merging, dispatch_uid="practica.knowledge.mbox_import.merge_memberships")
def _merge_memberships(sender, placeholder, user, **kwargs) -> None:
    """A claim merges a placeholder into the account of its address (accounts.services):
    where both are members of a community, the account's membership stays (a steward role
    of the placeholder's carries over), the placeholder's goes with its "joined" act, and the
    community counts one member fewer if the placeholder's was active. Each community the
    placeholder belonged to notes the claim in its audit trail."""
    theirs = {m.community_id: m for m in Membership.objects.filter(user=user)}
    rows = Membership.objects.filter(user=placeholder).select_related("community")
    for m in rows:
        community = m.community
        kept = theirs.get(m.community_id)
        if kept is not None:
            if m.is_steward and kept.is_active and not kept.is_steward:
                kept.role = m.role
                kept.steward_term_ends = m.steward_term_ends
                kept.save(update_fields=["role", "steward_term_ends", "updated_at"])
            if m.status == MembershipStatus.ACTIVE:
                Community.objects.filter(pk=community.pk, member_count__gt=0).update(
                    member_count=F("member_count") - 1
                )
            Activity.objects.filter(actor=placeholder, community=community, verb="joined").delete()
            m.delete()
        if not community.is_concluded:
            audit_record(
                user,
                community,
                "imported_messages_claimed",
                _("%(who)s claimed the messages imported as %(name)s")
                % {"who": user.display_name, "name": placeholder.display_name},
            )
    forget_memberships(user)


# --- threads -------------------------------------------------------------------------------------


def _known_threads(community: Community, messages: list[ParsedMessage]):
    """What earlier imports left: Message-ID → topic id and → post id for the messages the
    new ones refer to, and subject → (topic id, last activity) of imported topics."""
    wanted = set()
    for m in messages:
        if m.in_reply_to:
            wanted.add(m.in_reply_to)
        wanted.update(m.references)
    topic_of: dict[str, int] = {}
    post_of: dict[str, int] = {}
    for chunk in _batched(sorted(wanted)):
        rows = ImportedMessage.objects.filter(
            community=community, message_id__in=chunk, topic__isnull=False
        ).values_list("message_id", "topic_id", "post_id")
        for message_id, topic_id, post_id in rows:
            topic_of[message_id] = topic_id
            if post_id:
                post_of[message_id] = post_id
    subjects: dict[str, tuple[int, object]] = {}
    roots = (
        Topic.objects.filter(
            community=community,
            pk__in=ImportedMessage.objects.filter(
                community=community, post__isnull=True, topic__isnull=False
            ).values("topic_id"),
        )
        .order_by("last_activity_at")
        .values_list("pk", "title", "last_activity_at")
    )
    for pk, title, last in roots:
        subjects[title.casefold()] = (pk, last)  # the latest thread of a subject wins
    return topic_of, post_of, subjects


def _write_thread(community, key: ThreadKey, messages, authors, post_of, report, bar) -> None:
    """One thread's new messages in one transaction: the topic (new, or the one an earlier
    import made), its replies with their original dates, counters as the discussion
    services keep them, search entries, activity and the import record."""
    messages = sorted(messages, key=lambda m: (m.date, m.index))
    with transaction.atomic():
        topic = None
        if key.known is not None:
            topic = Topic.objects.select_for_update().filter(pk=key.known).first()
        records = []
        if topic is None:
            root = next((m for m in messages if m.message_id == key.root), messages[0])
            messages = [root] + [m for m in messages if m is not root]
            body = _body(root)
            title = _title(root)
            kind = TopicKind.QUESTION if title.endswith("?") else TopicKind.DISCUSSION
            topic = Topic.objects.create(
                community=community,
                author=authors[root.sender_email],
                kind=kind,
                title=title,
                body=body,
                body_html=render_markdown(body),
                created_at=root.date,
                last_activity_at=root.date,
                reply_count=0,
            )
            topic_index(topic)
            activity_record(topic.author, community, f"{kind}_started", topic, at=root.date)
            records.append(
                ImportedMessage(community=community, message_id=root.message_id, topic=topic)
            )
            report.topics_created += 1
            replies = messages[1:]
            bar.update(1)
        else:
            replies = messages
            report.topics_extended += 1
        last = topic.last_activity_at
        for m in replies:
            body = _body(m)
            parent_id = post_of.get(m.in_reply_to) if m.in_reply_to else None
            post = Post.objects.create(
                topic=topic,
                author=authors[m.sender_email],
                body=body,
                body_html=render_markdown(body),
                reply_to_id=parent_id,
                created_at=m.date,
            )
            post_of[m.message_id] = post.pk
            post_index(post, topic, "")
            activity_record(post.author, community, "replied", post, at=m.date)
            records.append(
                ImportedMessage(
                    community=community, message_id=m.message_id, topic=topic, post=post
                )
            )
            last = max(last, m.date)
            bar.update(1)
        if replies:
            Topic.objects.filter(pk=topic.pk).update(
                reply_count=F("reply_count") + len(replies), last_activity_at=last
            )
        ImportedMessage.objects.bulk_create(records)
    report.imported += len(records)


# --- the service ---------------------------------------------------------------------------------


def mbox_import(slug, data: bytes, *, source_name: str = "", progress: bool = False):
    """Import an archive's messages into the community ``slug`` (created if missing).
    Raises InvalidInput for a file that holds nothing importable (nothing is stored then)
    and Conflict for a concluded community. Returns an ImportReport."""
    slug = _clean_slug(slug)
    if not isinstance(data, bytes | bytearray):
        raise InvalidInput(_("The archive must be read as bytes."))
    try:
        parsed = parse_mbox(bytes(data), max_body=settings.MAX_BODY_LENGTH, now=timezone.now())
    except NotAnArchive:
        raise InvalidInput(
            _(
                "No messages found: this is not an mbox file or a Mailman text archive (each "
                "message starts with a line like “From someone@example.org Mon Jan  1 "
                "00:00:00 2001”)."
            )
        )
    skipped = list(parsed.skipped)
    usable: list[ParsedMessage] = []
    for m in parsed.messages:
        if _valid_sender(m.sender_email):
            usable.append(m)
        else:
            skipped.append(Skipped(m.index, m.message_id, "sender address is not valid"))
    if not usable:
        reasons = sorted({s.reason for s in skipped})
        raise InvalidInput(
            _("No message in this file can be imported (%(why)s).")
            % {"why": "; ".join(reasons) or _("it holds no messages")}
        )

    existing = Community.objects.filter(slug=slug).first()
    if existing is not None:
        require_not_concluded(existing)
    already: set[str] = set()
    if existing is not None:
        ids = [m.message_id for m in usable]
        for chunk in _batched(ids):
            already.update(
                ImportedMessage.objects.filter(
                    community=existing, message_id__in=chunk
                ).values_list("message_id", flat=True)
            )
    new = [m for m in usable if m.message_id not in already]
    first_date = min(m.date for m in usable)
    community, created = _community_for_import(slug, parsed.list_name, source_name, first_date)
    report = ImportReport(
        community=community,
        community_created=created,
        read=parsed.read,
        already=len(usable) - len(new),
        skipped=sorted(skipped, key=lambda s: s.index),
        notes=list(parsed.notes),
    )
    if not new:
        return report

    by_sender: dict[str, list[ParsedMessage]] = defaultdict(list)
    for m in sorted(new, key=lambda m: (m.date, m.index)):
        by_sender[m.sender_email].append(m)
    authors = {
        address: _member_for(community, address, _display_name(msgs, address), msgs[0].date, report)
        for address, msgs in by_sender.items()
    }
    unusable = {address for address, author in authors.items() if author is None}
    if unusable:
        for m in new:
            if m.sender_email in unusable:
                report.skipped.append(
                    Skipped(m.index, m.message_id, "sender address is reserved for placeholders")
                )
        report.skipped.sort(key=lambda s: s.index)
        new = [m for m in new if m.sender_email not in unusable]
        if not new:
            return report

    topic_of, post_of, subjects = _known_threads(community, new)
    keys = thread_messages(new, known_ids=topic_of, known_subjects=subjects)
    threads: dict[ThreadKey, list[ParsedMessage]] = defaultdict(list)
    for m in new:
        threads[keys[m.message_id]].append(m)
    ordered = sorted(threads.items(), key=lambda item: min((m.date, m.index) for m in item[1]))
    with tqdm(
        total=len(new), disable=not progress, unit="msg", desc=_("Importing"), file=sys.stderr
    ) as bar:
        for key, messages in ordered:
            try:
                _write_thread(community, key, messages, authors, post_of, report, bar)
            except IntegrityError:
                # Another import of the same archive got there first; its rows stand.
                for m in messages:
                    report.skipped.append(
                        Skipped(m.index, m.message_id, "imported at the same time by another run")
                    )
    if report.imported:
        with transaction.atomic():
            audit_record(
                None,
                community,
                "archive_imported",
                _("Imported %(n)d messages from %(file)s")
                % {"n": report.imported, "file": source_name or _("a mailing-list archive")},
            )
    community.refresh_from_db(fields=["member_count"])
    return report


# --- the command ---------------------------------------------------------------------------------


def _summary(report: ImportReport, out) -> None:
    c = report.community
    print(
        (
            _("Created the community “%(name)s” (%(slug)s).")
            if report.community_created
            else _("Importing into “%(name)s” (%(slug)s).")
        )
        % {"name": c.name, "slug": c.slug},
        file=out,
    )
    lines = [
        (_("Messages read"), report.read),
        (_("Imported"), report.imported),
        (_("Already there"), report.already),
        (_("Skipped"), len(report.skipped)),
        (_("New topics"), report.topics_created),
        (_("Topics with new replies"), report.topics_extended),
        (_("New placeholder members"), report.placeholders_created),
        (_("Members added"), report.members_added),
    ]
    width = max(len(label) for label, _n in lines)
    for label, number in lines:
        print(f"  {label.ljust(width)}  {number}", file=out)
    for s in report.skipped:
        ident = f" <{s.message_id}>" if s.message_id else ""
        print(
            _("  skipped message %(i)d%(id)s: %(why)s")
            % {"i": s.index, "id": ident, "why": s.reason},
            file=out,
        )
    for note in report.notes:
        print(f"  {_('note')}: {note}", file=out)


def import_mbox_cli(args) -> int:
    """``practica import-mbox SLUG FILE [--quiet]``: 0 when done, 2 for a bad file or
    slug (with a message, never a traceback), 1 when the database failed part-way (what was
    imported until then is kept; running again continues)."""
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        print(_("error: no such file: %(f)s") % {"f": args.file}, file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            _("error: cannot read %(f)s: %(why)s") % {"f": args.file, "why": exc.strerror or exc},
            file=sys.stderr,
        )
        return 2
    try:
        report = mbox_import(args.slug, data, source_name=path.name, progress=not args.quiet)
    except PracticaError as exc:
        print(_("error: %(why)s") % {"why": exc.message}, file=sys.stderr)
        return 2
    except DatabaseError as exc:
        print(
            _(
                "error: the database failed during the import (%(why)s). Whole threads imported "
                "until then are kept; run the command again to continue."
            )
            % {"why": exc},
            file=sys.stderr,
        )
        return 1
    _summary(report, sys.stdout)
    return 0
