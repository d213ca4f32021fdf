"""The search box's parser: any string is understood without error, and the queries built
from it are always valid for SQLite FTS5 and PostgreSQL — whatever quotes, operators, emoji,
SQL fragments or control characters a person types."""

import sqlite3

import pytest
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from practica.knowledge import searchquery
from practica.knowledge.searchquery import fts5_match, normalise, parse, tsquery_sql

NASTY = [
    "",
    '"',
    '""',
    '"unclosed phrase',
    "-",
    "--",
    "*",
    "-*",
    "a*",
    "NEAR(a b)",
    "title:secret",
    "{title}: x",
    "x AND OR NOT y",
    "'; DROP TABLE core_searchdocument; --",
    "1' OR '1'='1",
    "a\x00b",
    "🙂🙂",
    "café ñandú",
    "(((",
    "x -y",
    '-"phrase out"',
    "^start",
    "a:* & b | !c",
    "\\",
    "%_%",
]


@pytest.fixture(scope="module")
def fts():
    """A real FTS5 table built as the migration builds it."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, title, body, tags, members_text)")
    db.execute(
        "CREATE VIRTUAL TABLE f USING fts5(title, body, tags, members_text, content='d', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')"
    )
    rows = [
        (1, "Check-in format", "one round, everyone speaks once", "facilitation", ""),
        (2, "Interpreters on calls", "We booked interpreters for café meetings", "access", ""),
        (3, "Grant ending", "when the grant ends we keep going", "funding", "Lyon"),
    ]
    db.executemany("INSERT INTO d VALUES (?, ?, ?, ?, ?)", rows)
    db.execute("INSERT INTO f(f) VALUES ('rebuild')")
    yield db
    db.close()


def matches(db, text, columns=None) -> list[int]:
    expr = fts5_match(parse(text), columns)
    if not expr:
        return []
    return [r[0] for r in db.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid", [expr])]


def test_words_phrases_prefixes_and_exclusions():
    parsed = parse('Grant "check-in  format" interpret* -funding -"old way"')
    assert parsed.terms == ["grant"]
    assert parsed.phrases == ["check in format"]
    assert parsed.prefixes == ["interpret"]
    assert [c.tokens for c in parsed.excluded] == [("funding",), ("old", "way")]


def test_hyphenated_words_are_phrases_and_symbols_are_dropped():
    parsed = parse("covid-19 🙂 -- don't")
    assert parsed.phrases == ["covid 19", "don t"]
    assert parse("🙂 -- ***").is_empty


def test_operators_are_words_nobody_searches_for():
    assert parse("python AND testing OR NOT NEAR").terms == ["python", "testing"]
    assert parse("and or").terms == ["and", "or"]  # lower case: ordinary words


def test_exclusions_alone_find_nothing():
    assert parse("-python").is_empty
    assert fts5_match(parse("-python")) == ""


def test_one_letter_prefix_is_a_word():
    assert parse("a*").prefixes == []
    assert parse("ab*").prefixes == ["ab"]


def test_normalise_groups_the_same_search():
    assert normalise("  Python   TESTING ") == normalise("testing python") == "python testing"
    assert normalise('"Grant  Ending"') == '"grant ending"'
    assert normalise("interpret* -x") == "interpret* -x"
    assert normalise("🙂 ---") == ""
    assert len(normalise("word " * 500)) <= searchquery.NORMALISED_MAX


def test_fts5_finds_what_the_words_say(fts):
    assert matches(fts, "interpreter") == [2]  # stemmed
    assert matches(fts, "cafe") == [2]  # diacritics removed
    assert matches(fts, '"check-in format"') == [1]
    assert matches(fts, '"format check-in"') == []
    assert matches(fts, "interp*") == [2]
    assert matches(fts, "grant -funding") == []
    assert matches(fts, "grant -meetings") == [3]
    assert matches(fts, "lyon") == [3]
    assert matches(fts, "lyon", ["title", "body", "tags"]) == []
    assert matches(fts, "title:grant") == []  # no column syntax gets through


@pytest.mark.parametrize("text", NASTY)
def test_nasty_input_is_valid_fts5(fts, text):
    for columns in (None, ["title", "body", "tags"]):
        matches(fts, text, columns)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
@example("\x00" * 10)
@example('"' * 7 + "*-" * 5)
@example("x" * 5000)
def test_any_text_parses_and_builds_a_valid_fts5_query(fts, text):
    parsed = parse(text)
    assert len(parsed.clauses) <= searchquery.MAX_CLAUSES
    normalise(parsed)
    matches(fts, text)
    matches(fts, text, ["title", "body", "tags"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120))
@example("a:* & b | !c <-> d")
@example("'; select pg_sleep(10); --")
@pytest.mark.django_db
def test_any_text_builds_a_valid_tsquery(text):
    sql, params = tsquery_sql(parse(text))
    assert sql.count("%s") == len(params)
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({sql})::text", params)
        cursor.fetchone()


def test_tsquery_config_name_cannot_be_injected():
    with pytest.raises(ValueError):
        tsquery_sql(parse("x"), "english'); drop table x; --")
