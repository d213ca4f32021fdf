"""What a person typed into a search box, understood: words, "quoted phrases", prefixes
(``word*``) and exclusions (``-word``), and the full-text queries built from them.

Pure module (no Django). Any string at all is accepted: operators, quotes, emoji, SQL and NUL
characters are all just text. The queries built here never let search syntax through — every
token is quoted for SQLite FTS5, and for PostgreSQL the tokens travel as bound parameters of
``plainto_tsquery``/``phraseto_tsquery`` — so no input can make the database reject a query.

Words are split into tokens the way both engines do (runs of letters and digits), so
``covid-19`` is the phrase ``covid 19`` and ``don't`` the phrase ``don t``. A word with no
letter or digit in it (``🙂``, ``--``) is dropped. The upper-case words ``AND``, ``OR``,
``NOT`` and ``NEAR`` are ignored: every word must match (AND), which is what they mean most of
the time anyway.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_INPUT = 500  # characters of the query read at all
MAX_CLAUSES = 16
MAX_TOKEN = 64
MAX_PHRASE_TOKENS = 12
NORMALISED_MAX = 200
MIN_PREFIX = 2

_TOKEN = re.compile(r"[^\W_]+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


@dataclass(frozen=True)
class Clause:
    """One thing the results must (or, excluded, must not) contain: a word, or a phrase of
    adjacent words; with ``prefix`` its last word may be the start of a longer one."""

    tokens: tuple[str, ...]
    prefix: bool = False
    excluded: bool = False
    quoted: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...]

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.excluded)

    @property
    def excluded(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.excluded)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: no word that must be found (exclusions alone find nothing)."""
        return not self.positive

    @property
    def terms(self) -> list[str]:
        return [c.tokens[0] for c in self.positive if not c.is_phrase and not c.prefix]

    @property
    def phrases(self) -> list[str]:
        return [" ".join(c.tokens) for c in self.positive if c.is_phrase]

    @property
    def prefixes(self) -> list[str]:
        return [c.tokens[-1] for c in self.positive if c.prefix]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")[: MAX_INPUT * 2])
    # Control characters (NUL included) become spaces; they never mean anything in a query.
    text = "".join(" " if unicodedata.category(ch) in {"Cc", "Cs"} else ch for ch in text)
    return text[:MAX_INPUT]


def _tokens(chunk: str) -> tuple[str, ...]:
    return tuple(t.lower()[:MAX_TOKEN] for t in _TOKEN.findall(chunk))[:MAX_PHRASE_TOKENS]


def _chunks(text: str):
    """(raw text, was quoted, excluded) for each whitespace-separated word or quoted phrase."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        excluded = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            excluded, i = True, i + 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end  # an unclosed quote runs to the end
            raw, i = text[i + 1 : end], end + 1
            prefix = i < n and text[i] == "*"
            yield raw + ("*" if prefix else ""), True, excluded
            if prefix:
                i += 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        yield text[start:i], False, excluded


def parse(text: str) -> ParsedQuery:
    """Understand any string; never raises."""
    clauses: list[Clause] = []
    seen: set[Clause] = set()
    for raw, quoted, excluded in _chunks(_clean(text)):
        if not quoted and not excluded and raw in _OPERATORS:
            continue
        tokens = _tokens(raw)
        if not tokens:
            continue
        # A one-letter prefix would match a good part of the vocabulary: read it as a word.
        prefix = raw.endswith("*") and len(tokens[-1]) >= MIN_PREFIX
        clause = Clause(tokens, prefix=prefix, excluded=excluded, quoted=quoted)
        if clause in seen:
            continue
        seen.add(clause)
        clauses.append(clause)
        if len(clauses) >= MAX_CLAUSES:
            break
    return ParsedQuery(tuple(clauses))


def _render(clause: Clause) -> str:
    text = " ".join(clause.tokens)
    if clause.is_phrase or clause.quoted:
        text = f'"{text}"'
    if clause.prefix:
        text += "*"
    return f"-{text}" if clause.excluded else text


def normalise(text_or_parsed) -> str:
    """One spelling per query, for grouping searches that found nothing: lower case, tokens
    as the engines see them, clauses sorted (every word must match, so order is noise),
    duplicates dropped. Phrases keep their inner order. ``""`` when nothing is searchable."""
    parsed = text_or_parsed if isinstance(text_or_parsed, ParsedQuery) else parse(text_or_parsed)
    if parsed.is_empty:
        return ""
    parts = sorted({_render(c) for c in parsed.clauses}, key=lambda s: (s.startswith("-"), s))
    return " ".join(parts)[:NORMALISED_MAX].strip()


# --- SQLite FTS5 --------------------------------------------------------------------------------


def _fts_phrase(clause: Clause) -> str:
    body = " ".join(t.replace('"', '""') for t in clause.tokens)
    return f'"{body}"' + (" *" if clause.prefix else "")


def without_exclusions(parsed: ParsedQuery) -> ParsedQuery:
    """The query's words that must be found, without its ``-word`` exclusions: what ranks
    and highlights a result, once the exclusions have decided whether it is one."""
    return ParsedQuery(clauses=parsed.positive)


def fts5_match(parsed: ParsedQuery, columns: list[str] | None = None) -> str:
    """The FTS5 MATCH expression for a parsed query ("" when there is nothing to find).

    Every token is a quoted string, so user text is never read as FTS5 syntax. ``columns``
    restricts the match to those columns (``{title body} : (...)``).
    """
    if parsed.is_empty:
        return ""
    expr = "(" + " AND ".join(_fts_phrase(c) for c in parsed.positive) + ")"
    for clause in parsed.excluded:
        expr += " NOT " + _fts_phrase(clause)
    if columns:
        expr = "{" + " ".join(columns) + "} : (" + expr + ")"
    return expr


# --- PostgreSQL tsquery -------------------------------------------------------------------------


def _ts_clause(clause: Clause, config: str) -> tuple[str, list[str]]:
    if not clause.prefix:
        function = "phraseto_tsquery" if clause.is_phrase else "plainto_tsquery"
        return f"{function}('{config}', %s)", [" ".join(clause.tokens)]
    # The last token may be the start of a word: 'tok:*' (letters and digits only, so safe to
    # hand to to_tsquery), joined to the words before it as a phrase.
    last = f"to_tsquery('{config}', %s)"
    params = [f"{clause.tokens[-1]}:*"]
    if len(clause.tokens) > 1:
        sql = f"tsquery_phrase(phraseto_tsquery('{config}', %s), {last})"
        return sql, [" ".join(clause.tokens[:-1]), *params]
    return last, params


def tsquery_sql(parsed: ParsedQuery, config: str = "practica_search") -> tuple[str, list[str]]:
    """A PostgreSQL expression of type tsquery, with its parameters, for a parsed query.
    ``config`` is a text search configuration name chosen by the code, never by the user."""
    if not re.fullmatch(r"[a-z_]+", config):
        raise ValueError("bad text search configuration name")
    if parsed.is_empty:
        return "''::tsquery", []
    parts, params = [], []
    for clause in parsed.positive:
        sql, p = _ts_clause(clause, config)
        parts.append(f"({sql})")
        params += p
    for clause in parsed.excluded:
        sql, p = _ts_clause(clause, config)
        parts.append(f"(!! {sql})")
        params += p
    return " && ".join(parts), params
