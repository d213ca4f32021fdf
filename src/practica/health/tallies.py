"""Keeping the health tallies: contributions per person and local day, per local hour, and
replies per pair of sectors (``models``).

They are a summary of the activity stream, kept two ways:

* **as acts are recorded** — every contribution saved to the stream adds one to its person's
  day, its hour and, for a reply, its pair of sectors (``activity_tally``, from the signal in
  ``signals``), in the transaction that records the act;
* **rebuilt from the stream** — before a community's tallies are first read, after its time
  zone changed (its days are local days), and after history was rewritten by an imported
  archive or a claim of imported messages (``tallies_forget`` drops them; the next reading
  rebuilds them). ``practica health-refresh --rebuild`` rebuilds every community's.

A reply's pair of sectors is the one both people showed the community when it was written;
a rebuild can only read today's, so it uses those.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min
from django.utils.timezone import now

from practica.accounts.models import Profile
from practica.communities.models import Activity, Community
from practica.discussions.models import Post

from .metrics import CONTRIBUTION_VERBS
from .models import ActivityHour, ContributionDay, SectorReplyDay, TallyState
from .queries import SHOWN_TO_COMMUNITY, community_tz
from .rollup import month_index


def _zone_name(community: Community) -> str:
    return community_tz(community).key


# --- adding one act --------------------------------------------------------------------------


def _add(model, key: tuple[str, ...], values: dict, counter: str, n: int = 1) -> None:
    """Add ``n`` to ``counter`` of the row with these values, made if missing: one
    ``INSERT … ON CONFLICT … DO UPDATE`` (SQLite and PostgreSQL alike), safe under
    concurrent writers."""
    qn = connection.ops.quote_name
    meta = model._meta
    columns, params = [], []
    for name, value in [*values.items(), (counter, n)]:
        f = meta.get_field(name)
        columns.append(qn(f.column))
        params.append(f.get_db_prep_value(value, connection))
    table, count = qn(meta.db_table), qn(meta.get_field(counter).column)
    conflict = ", ".join(qn(meta.get_field(k).column) for k in key)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(params))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _shown(sector: str | None, audience: str | None) -> str:
    return sector if sector and audience in SHOWN_TO_COMMUNITY else ""


def _reply_sectors(activity: Activity) -> tuple[str, str] | None:
    """(topic author's sector, replier's sector) of a reply to someone else's topic, each as
    shown to the community now ('' where not); None for a reply to one's own topic."""
    if activity.target_type_id != ContentType.objects.get_for_model(Post).pk:
        return None
    found = (
        Post.objects.filter(pk=activity.target_id)
        .values_list(
            "topic__author_id",
            "topic__author__profile__sector",
            "topic__author__profile__sector_audience",
        )
        .first()
    )
    if found is None or found[0] is None or found[0] == activity.actor_id:
        return None
    mine = Profile.objects.filter(user_id=activity.actor_id).values_list(
        "sector", "sector_audience"
    )
    replier = mine.first() or ("", None)
    return _shown(found[1], found[2]), _shown(*replier)


def activity_tally(activity: Activity) -> None:
    """Count one act just recorded, if it is a contribution by a person to a community whose
    tallies are built (otherwise the next reading builds them, this act included)."""
    if activity.community_id is None or activity.actor_id is None:
        return
    if activity.verb not in CONTRIBUTION_VERBS:
        return
    state = TallyState.objects.filter(community_id=activity.community_id)
    zone = state.values_list("timezone", flat=True).first()
    if zone is None:
        return
    local = activity.created_at.astimezone(ZoneInfo(zone))
    day = local.date()
    c = activity.community_id
    _add(
        ContributionDay,
        ("community", "person", "day"),
        {"community": c, "person": activity.actor_id, "day": day, "month": month_index(day)},
        "contributions",
    )
    _add(
        ActivityHour,
        ("community", "day", "hour"),
        {"community": c, "day": day, "hour": local.hour},
        "contributions",
    )
    if activity.verb == "replied":
        pair = _reply_sectors(activity)
        if pair is not None:
            _add(
                SectorReplyDay,
                ("community", "day", "author_sector", "replier_sector"),
                {"community": c, "day": day, "author_sector": pair[0], "replier_sector": pair[1]},
                "replies",
            )


# --- building them from the stream -------------------------------------------------------------
#
# In SQL, one INSERT … SELECT per table, each row's local moment worked out once in a derived
# table: PostgreSQL converts time zones natively; SQLite has no time zones, so the moment is
# shifted by the zone's UTC offset, picked by a CASE over the changes of offset in the
# community's life (a zone per row in Python would cost a call per row).

_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+\-/]+$")


def _offset_spans(tz, lo: datetime, hi: datetime) -> list[tuple[datetime, int]]:
    """The changes of ``tz``'s UTC offset in ``[lo, hi)``: (from when, offset in minutes),
    the first from ``lo``."""

    def offset(moment: datetime) -> int:
        return int(moment.astimezone(tz).utcoffset().total_seconds() // 60)

    changes = [(lo, offset(lo))]
    probe = lo
    while probe < hi:
        step = min(probe + timedelta(days=1), hi)
        if offset(step) != changes[-1][1]:
            before, after = probe, step  # the change lies in (before, after]
            while after - before > timedelta(seconds=1):
                middle = before + (after - before) / 2
                if offset(middle) == changes[-1][1]:
                    before = middle
                else:
                    after = middle
            changes.append((after.replace(microsecond=0), offset(after)))
        probe = step
    return changes


def _local_moment(column: str, community: Community, lo: datetime, hi: datetime) -> str:
    """SQL for the community's local time of a UTC ``column``."""
    tz = community_tz(community)
    if connection.vendor == "postgresql":
        if not _ZONE_NAME.match(tz.key):
            raise ValueError(f"unexpected time zone name {tz.key!r}")
        return f"({column} AT TIME ZONE '{tz.key}')"
    changes = _offset_spans(tz, lo, hi)
    whens = " ".join(
        f"WHEN {column} < '{until.astimezone(UTC):%Y-%m-%d %H:%M:%S}' THEN '{minutes:+d} minutes'"
        for (_, minutes), (until, _) in zip(changes, changes[1:], strict=False)
    )
    last = f"'{changes[-1][1]:+d} minutes'"
    shift = f"CASE {whens} ELSE {last} END" if whens else last
    return f"datetime({column}, {shift})"


def _local_parts() -> tuple[str, str, str]:
    """SQL for the (day, month index, hour) of the derived column ``lt``, a local moment."""
    if connection.vendor == "postgresql":
        return (
            "CAST(lt AS date)",
            "(CAST(EXTRACT(YEAR FROM lt) AS integer) * 12"
            " + CAST(EXTRACT(MONTH FROM lt) AS integer) - 1)",
            "CAST(EXTRACT(HOUR FROM lt) AS integer)",
        )
    return (
        "substr(lt, 1, 10)",
        "(CAST(substr(lt, 1, 4) AS integer) * 12 + CAST(substr(lt, 6, 2) AS integer) - 1)",
        "CAST(substr(lt, 12, 2) AS integer)",
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rebuild_sql(community: Community) -> None:
    """The tallies of a community whose rows were just deleted, from the stream (days and
    hours) and from the replies to its topics (pairs of sectors)."""
    acts = Activity.objects.filter(community=community)
    replies = Post.objects.filter(topic__community=community)
    bounds = [
        acts.aggregate(lo=Min("created_at"), hi=Max("created_at")),
        replies.aggregate(lo=Min("created_at"), hi=Max("created_at")),
    ]
    moments = [m for b in bounds for m in b.values() if m is not None]
    if not moments:
        return
    lo, hi = min(moments), max(moments) + timedelta(seconds=1)
    day, month, hour = _local_parts()
    verbs = sorted(CONTRIBUTION_VERBS)
    shown = list(SHOWN_TO_COMMUNITY)
    in_verbs = ", ".join(["%s"] * len(verbs))
    stream = (
        f"SELECT a.actor_id AS person, {_local_moment('a.created_at', community, lo, hi)} AS lt "
        f"FROM {_table(Activity)} a WHERE a.community_id = %s AND a.verb IN ({in_verbs}) "
        "AND a.actor_id IS NOT NULL"
    )
    topic = Post._meta.get_field("topic").related_model

    def sector(profile: str) -> str:
        return (
            f"CASE WHEN {profile}.sector IS NOT NULL AND {profile}.sector <> '' AND "
            f"{profile}.sector_audience IN ({', '.join(['%s'] * len(shown))}) "
            f"THEN {profile}.sector ELSE '' END"
        )

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(ContributionDay)} "
            "(community_id, person_id, day, month, contributions) "
            f"SELECT %s, person, {day}, {month}, COUNT(*) FROM ({stream}) s GROUP BY 2, 3, 4",
            [community.pk, community.pk, *verbs],
        )
        cursor.execute(
            f"INSERT INTO {_table(ActivityHour)} (community_id, day, hour, contributions) "
            f"SELECT %s, {day}, {hour}, COUNT(*) FROM ({stream}) s GROUP BY 2, 3",
            [community.pk, community.pk, *verbs],
        )
        # Every reply to someone else's topic (a service records "replied" for each), read
        # topic by topic: far fewer scattered reads than following the stream to each post.
        cursor.execute(
            f"INSERT INTO {_table(SectorReplyDay)} "
            "(community_id, day, author_sector, replier_sector, replies) "
            f"SELECT %s, {day}, author_sector, replier_sector, COUNT(*) FROM ("
            f"SELECT {_local_moment('p.created_at', community, lo, hi)} AS lt, "
            f"{sector('tp')} AS author_sector, {sector('rp')} AS replier_sector "
            f"FROM {_table(topic)} tt JOIN {_table(Post)} p ON p.topic_id = tt.id "
            f"LEFT JOIN {_table(Profile)} tp ON tp.user_id = tt.author_id "
            f"LEFT JOIN {_table(Profile)} rp ON rp.user_id = p.author_id "
            "WHERE tt.community_id = %s AND p.author_id IS NOT NULL "
            "AND tt.author_id IS NOT NULL AND p.author_id <> tt.author_id"
            ") s GROUP BY 2, 3, 4",
            [community.pk, *shown, *shown, community.pk],
        )


def tallies_rebuild(community: Community) -> None:
    """Build the community's tallies again from the stream and its replies, in its time
    zone. Concurrent rebuilds of one community: the first to commit wins."""
    tz = community_tz(community)
    try:
        with transaction.atomic():
            for model in (ContributionDay, ActivityHour, SectorReplyDay, TallyState):
                model.objects.filter(community=community).delete()
            _rebuild_sql(community)
            TallyState.objects.create(community=community, timezone=tz.key, built_at=now())
    except IntegrityError:
        pass  # another reader rebuilt them at the same time


def tallies_ready(community: Community) -> None:
    """Make sure the community's tallies are built, in its current time zone."""
    zone = TallyState.objects.filter(community=community).values_list("timezone", flat=True).first()
    if zone != _zone_name(community):
        tallies_rebuild(community)


def tallies_forget(community_id: int) -> None:
    """History was rewritten: the next reading rebuilds the tallies (after this transaction
    commits, so it reads the rewritten rows)."""
    TallyState.objects.filter(community_id=community_id).delete()
    transaction.on_commit(lambda: TallyState.objects.filter(community_id=community_id).delete())
