"""Each engine's native full-text index over ``core_searchdocument``.

SQLite: an FTS5 table with external content (the rows stay in core_searchdocument; the index
holds only the inverted lists), Porter stemming over the unicode61 tokenizer with diacritics
removed, prefix indexes for ``word*`` queries, and triggers that keep it in step with every
INSERT, UPDATE and DELETE on the table.

PostgreSQL: a text search configuration ``practica_search`` (English Snowball stemming without
a stop-word list, so that the same words are searchable as on SQLite, and accents removed with
``unaccent`` where the extension can be installed), two stored generated tsvector columns —
``search_vector`` (title weighted A, body B, tags C) and ``members_vector`` (profile fields shown
to fellow members only, kept apart) — and a GIN index on each.

The columns and the FTS5 table are unknown to the Django model: the ORM never reads or writes
them, the database fills them.
"""

from django.db import migrations, transaction

FTS = "core_searchdocument_fts"
COLUMNS = "title, body, tags, members_text"

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        {COLUMNS},
        content='core_searchdocument', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2',
        prefix='2 3'
    )""",
    f"""CREATE TRIGGER core_searchdocument_fts_ai AFTER INSERT ON core_searchdocument BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS})
        VALUES (new.id, new.title, new.body, new.tags, new.members_text);
    END""",
    f"""CREATE TRIGGER core_searchdocument_fts_ad AFTER DELETE ON core_searchdocument BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.tags, old.members_text);
    END""",
    f"""CREATE TRIGGER core_searchdocument_fts_au AFTER UPDATE ON core_searchdocument BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.tags, old.members_text);
        INSERT INTO {FTS}(rowid, {COLUMNS})
        VALUES (new.id, new.title, new.body, new.tags, new.members_text);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_searchdocument_fts_ai",
    "DROP TRIGGER IF EXISTS core_searchdocument_fts_ad",
    "DROP TRIGGER IF EXISTS core_searchdocument_fts_au",
    f"DROP TABLE IF EXISTS {FTS}",
]

PG_MAPPED = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"
PG_VECTOR = (
    "setweight(to_tsvector('practica_search'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('practica_search'::regconfig, coalesce(body, '')), 'B') || "
    "setweight(to_tsvector('practica_search'::regconfig, coalesce(tags, '')), 'C')"
)
PG_MEMBERS_VECTOR = "to_tsvector('practica_search'::regconfig, coalesce(members_text, ''))"
PG_CREATE = [
    "CREATE TEXT SEARCH DICTIONARY practica_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION practica_search (COPY = english)",
    # {unaccent} is "unaccent, " when the extension is there, else "".
    f"ALTER TEXT SEARCH CONFIGURATION practica_search ALTER MAPPING FOR {PG_MAPPED} "
    "WITH {unaccent}practica_stem",
    f"ALTER TABLE core_searchdocument ADD COLUMN search_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED",
    f"ALTER TABLE core_searchdocument ADD COLUMN members_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_MEMBERS_VECTOR}) STORED",
    "CREATE INDEX core_searchdocument_vector_gin ON core_searchdocument "
    "USING gin (search_vector)",
    "CREATE INDEX core_searchdocument_members_gin ON core_searchdocument "
    "USING gin (members_vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS core_searchdocument_members_gin",
    "DROP INDEX IF EXISTS core_searchdocument_vector_gin",
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS members_vector",
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS practica_search",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS practica_stem",
]


def _unaccent_available(connection) -> bool:
    """Install ``unaccent`` if the server has it and we may; otherwise search without it."""
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        return True
    except Exception:  # not installed on the server, or not allowed: accents stay
        return False


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_CREATE:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            unaccent = "unaccent, " if _unaccent_available(connection) else ""
            for sql in PG_CREATE:
                cursor.execute(sql.replace("{unaccent}", unaccent))


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_DROP:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            for sql in PG_DROP:
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_searchdocument")]

    operations = [migrations.RunPython(create_index, drop_index)]
