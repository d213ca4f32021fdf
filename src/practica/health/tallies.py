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
from time import monotonic, sleep
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
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


#: Rows written per transaction by a rebuild on SQLite, where a writing transaction holds the
#: database's only write lock (~0.1 s each).
WRITE_CHUNK = 10_000
#: A rebuild's lock, and how long another asking for the same tallies waits for it.
BUILD_SECONDS = 600
BUILD_WAIT_SECONDS = 120

#: PostgreSQL advisory locks of the tallies: (this class, community id). A rebuild holds the
#: lock exclusively; each act tallied holds it shared, so neither misses the other.
LOCK_CLASS = 4_711


def _lock(community_id: int, *, shared: bool) -> None:
    """Inside a transaction on PostgreSQL; SQLite serialises writers by itself."""
    if connection.vendor != "postgresql":
        return
    fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {fn}(%s, %s)", [LOCK_CLASS, community_id])


def _counts(activity: Activity) -> bool:
    return (
        activity.community_id is not None
        and activity.actor_id is not None
        and activity.verb in CONTRIBUTION_VERBS
    )


def _count(activity: Activity, zone: str) -> None:
    """Add one contribution to its day, its hour and, for a reply, its pair of sectors."""
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


def activity_tally(activity: Activity) -> None:
    """Count one act just recorded, if it is a contribution by a person to a community whose
    tallies are built (otherwise the next reading builds them, this act included). Runs in
    the transaction that records the act (``activity_record``)."""
    if not _counts(activity):
        return
    _lock(activity.community_id, shared=True)
    state = TallyState.objects.filter(community_id=activity.community_id)
    zone = state.values_list("timezone", flat=True).first()
    if zone is not None:
        _count(activity, zone)


# --- building them from the stream -------------------------------------------------------------
#
# In SQL, one SELECT per table, each row's local moment worked out once in a derived table:
# PostgreSQL converts time zones natively; SQLite has no time zones, so the moment is shifted
# by the zone's UTC offset, picked by a CASE over the changes of offset in the community's
# life (a zone per row in Python would cost a call per row).
#
# PostgreSQL runs them as INSERT … SELECT under the community's advisory lock: acts being
# recorded wait for it, briefly. On SQLite a transaction that writes holds the only write lock
# of the database, and the SELECTs take seconds at a million acts, so they run first, outside
# any write, up to watermarks (the highest act and post ids, read together); then the old rows
# are replaced a chunk per transaction, other writers passing in between, and at last the
# acts recorded since the watermark are counted from the stream (SQLite commits one writer at
# a time, so ids grow in commit order) and the tallies marked built.

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


def _zone_known_to_postgresql(name: str) -> bool:
    if not _ZONE_NAME.match(name):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = %s)", [name])
        return bool(cursor.fetchone()[0])


def _local_moment(column: str, community: Community, lo: datetime, hi: datetime) -> str:
    """SQL for the community's local time of a UTC ``column``: PostgreSQL's own conversion
    where it knows the zone, else the moment shifted by the zone's offset at that time."""
    tz = community_tz(community)
    postgresql = connection.vendor == "postgresql"
    if postgresql and _zone_known_to_postgresql(tz.key):
        return f"({column} AT TIME ZONE '{tz.key}')"
    changes = _offset_spans(tz, lo, hi)

    def shift(minutes: int) -> str:
        return f"interval '{minutes} minutes'" if postgresql else f"'{minutes:+d} minutes'"

    whens = " ".join(
        f"WHEN {column} < '{until.astimezone(UTC):%Y-%m-%d %H:%M:%S}+00:00' THEN {shift(minutes)}"
        if postgresql
        else f"WHEN {column} < '{until.astimezone(UTC):%Y-%m-%d %H:%M:%S}' THEN {shift(minutes)}"
        for (_, minutes), (until, _) in zip(changes, changes[1:], strict=False)
    )
    last = shift(changes[-1][1])
    case = f"CASE {whens} ELSE {last} END" if whens else last
    if postgresql:
        return f"(({column} AT TIME ZONE 'UTC') + {case})"
    return f"datetime({column}, {case})"


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


def _tally_selects(community: Community, acts_upto=None, posts_upto=None) -> list:
    """(model, its columns, SELECT, params) for each tally: days and hours from the stream,
    pairs of sectors from the replies to the community's topics (a service records "replied"
    for each; read topic by topic, far fewer scattered reads than following the stream to
    each post). ``acts_upto`` / ``posts_upto``: the highest ids to read. Empty when the
    community has nothing yet."""
    acts = Activity.objects.filter(community=community)
    replies = Post.objects.filter(topic__community=community)
    bounds = [
        acts.aggregate(lo=Min("created_at"), hi=Max("created_at")),
        replies.aggregate(lo=Min("created_at"), hi=Max("created_at")),
    ]
    moments = [m for b in bounds for m in b.values() if m is not None]
    if not moments:
        return []
    lo, hi = min(moments), max(moments) + timedelta(seconds=1)
    day, month, hour = _local_parts()
    verbs = sorted(CONTRIBUTION_VERBS)
    shown = list(SHOWN_TO_COMMUNITY)
    c = community.pk
    stream = (
        f"SELECT a.actor_id AS person, {_local_moment('a.created_at', community, lo, hi)} AS lt "
        f"FROM {_table(Activity)} a WHERE a.community_id = %s "
        f"AND a.verb IN ({', '.join(['%s'] * len(verbs))}) AND a.actor_id IS NOT NULL"
    )
    stream_params = [c, *verbs]
    if acts_upto is not None:
        stream += " AND a.id <= %s"
        stream_params.append(acts_upto)
    topic = Post._meta.get_field("topic").related_model
    in_shown = ", ".join(["%s"] * len(shown))

    def sector(profile: str) -> str:
        return (
            f"CASE WHEN {profile}.sector IS NOT NULL AND {profile}.sector <> '' AND "
            f"{profile}.sector_audience IN ({in_shown}) THEN {profile}.sector ELSE '' END"
        )

    replies_sql = (
        f"SELECT {_local_moment('p.created_at', community, lo, hi)} AS lt, "
        f"{sector('tp')} AS author_sector, {sector('rp')} AS replier_sector "
        f"FROM {_table(topic)} tt JOIN {_table(Post)} p ON p.topic_id = tt.id "
        f"LEFT JOIN {_table(Profile)} tp ON tp.user_id = tt.author_id "
        f"LEFT JOIN {_table(Profile)} rp ON rp.user_id = p.author_id "
        "WHERE tt.community_id = %s AND p.author_id IS NOT NULL "
        "AND tt.author_id IS NOT NULL AND p.author_id <> tt.author_id"
    )
    replies_params = [*shown, *shown, c]
    if posts_upto is not None:
        replies_sql += " AND p.id <= %s"
        replies_params.append(posts_upto)
    return [
        (
            ContributionDay,
            "community_id, person_id, day, month, contributions",
            f"SELECT %s, person, {day}, {month}, COUNT(*) FROM ({stream}) s GROUP BY 2, 3, 4",
            [c, *stream_params],
        ),
        (
            ActivityHour,
            "community_id, day, hour, contributions",
            f"SELECT %s, {day}, {hour}, COUNT(*) FROM ({stream}) s GROUP BY 2, 3",
            [c, *stream_params],
        ),
        (
            SectorReplyDay,
            "community_id, day, author_sector, replier_sector, replies",
            f"SELECT %s, {day}, author_sector, replier_sector, COUNT(*) "
            f"FROM ({replies_sql}) s GROUP BY 2, 3, 4",
            [c, *replies_params],
        ),
    ]


TALLIES = (ContributionDay, ActivityHour, SectorReplyDay)


def _clear(community: Community) -> None:
    for model in (*TALLIES, TallyState):
        model.objects.filter(community=community).delete()


def _rebuild_in_place(community: Community, zone: str) -> None:
    """PostgreSQL: everything in one transaction under the community's lock."""
    with transaction.atomic():
        _lock(community.pk, shared=False)
        _clear(community)
        with connection.cursor() as cursor:
            for model, columns, select, params in _tally_selects(community):
                cursor.execute(f"INSERT INTO {_table(model)} ({columns}) {select}", params)
        TallyState.objects.create(community=community, timezone=zone, built_at=now())


def _rebuild_read_first(community: Community, zone: str) -> None:
    """SQLite: read up to the watermarks, then write in short transactions (see above)."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {_table(Activity)}), (SELECT MAX(id) FROM {_table(Post)})"
        )
        acts_upto, posts_upto = (n or 0 for n in cursor.fetchone())
        for model, columns, select, params in _tally_selects(community, acts_upto, posts_upto):
            cursor.execute(select, params)
            found.append((model, columns, cursor.fetchall()))
    # From here until the last step the tallies are unbuilt: acts recorded meanwhile are not
    # tallied one by one but counted at the end, from the stream.
    TallyState.objects.filter(community=community).delete()
    for model in TALLIES:
        rows = model.objects.filter(community=community)
        ids = list(rows.order_by("pk").values_list("pk", flat=True))
        for i in range(0, len(ids), WRITE_CHUNK):
            chunk = ids[i : i + WRITE_CHUNK]
            with transaction.atomic():
                rows.filter(pk__gte=chunk[0], pk__lte=chunk[-1]).delete()
    with connection.cursor() as cursor:
        for model, columns, rows in found:
            marks = ", ".join(["%s"] * len(columns.split(",")))
            sql = f"INSERT INTO {_table(model)} ({columns}) VALUES ({marks})"
            for i in range(0, len(rows), WRITE_CHUNK):
                with transaction.atomic():
                    cursor.executemany(sql, rows[i : i + WRITE_CHUNK])
    with transaction.atomic():
        recorded_since = Activity.objects.filter(community=community, pk__gt=acts_upto)
        for act in recorded_since.order_by("pk"):
            if _counts(act):
                _count(act, zone)
        TallyState.objects.create(community=community, timezone=zone, built_at=now())


def _built_in(community: Community) -> str | None:
    state = TallyState.objects.filter(community=community)
    return state.values_list("timezone", flat=True).first()


def tallies_rebuild(community: Community) -> None:
    """Build the community's tallies again from the stream and its replies, in its time
    zone. One process builds a community's tallies at a time (a cache lock); another asking
    meanwhile waits for them rather than building them too."""
    zone = _zone_name(community)
    key = f"health:tallies-building:{community.pk}"
    if not cache.add(key, 1, BUILD_SECONDS):
        deadline = monotonic() + BUILD_WAIT_SECONDS
        while monotonic() < deadline:
            sleep(0.25)
            if cache.get(key) is None:
                if _built_in(community) == zone:
                    return
                break
    rebuild = _rebuild_in_place if connection.vendor == "postgresql" else _rebuild_read_first
    try:
        rebuild(community, zone)
    except IntegrityError:
        # Another process built them at the same time and committed first: its tallies are
        # as good as these would have been, and this attempt was rolled back whole.
        return
    finally:
        cache.delete(key)


def tallies_ready(community: Community) -> None:
    """Make sure the community's tallies are built, in its current time zone."""
    if _built_in(community) != _zone_name(community):
        tallies_rebuild(community)


def tallies_forget(community_id: int) -> None:
    """History was rewritten: the next reading rebuilds the tallies (after this transaction
    commits, so it reads the rewritten rows)."""
    TallyState.objects.filter(community_id=community_id).delete()
    transaction.on_commit(lambda: TallyState.objects.filter(community_id=community_id).delete())
