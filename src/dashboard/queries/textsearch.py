"""Text search (``q=``): a user's string reduced to words, all required, the last as a
prefix; SQLite's FTS5 index (``article_fts``) or PostgreSQL's ``search_vector``. Any
string is safe: operators, quotes and brackets in it are inert on both back ends."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Engine, func, literal, literal_column, select, text
from sqlalchemy.sql import ColumnElement, Select

from dashboard.queries.tables import A, is_sqlite


def search_words(q: str | None) -> list[str]:
    """The words of a search string (at most 12): everything else in it is dropped, so
    operators, quotes and brackets are inert on both back ends."""
    return re.findall(r"\w+", (q or "").strip(), flags=re.UNICODE)[:12]


def _fts_query_sqlite(q: str) -> str | None:
    """Turn any user string into a safe FTS5 query: every word becomes a quoted token, all
    must match (prefix match on the last). Operators and quotes in the input are inert."""
    words = search_words(q)
    if not words:
        return None
    parts = ['"' + w.replace('"', '""') + '"' for w in words]
    parts[-1] += "*"
    return " ".join(parts)


PREFIX_TERMS_MAX = 40  # a last word's prefix is expanded into at most this many indexed words
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _fts_query_sqlite_expanded(conn, q: str) -> str | None:
    """The FTS5 query of ``_fts_query_sqlite`` with the prefix of the last word replaced by
    the indexed words that start with it (``article_fts_vocab``), when they are few: the
    same matches, but FTS5 can then check one article by rowid cheaply (a prefix makes it
    merge the lists of every word of the prefix first, at each lookup). Words other than
    plain ASCII letters and digits (which the tokenizer may fold or split) keep the prefix."""
    words = search_words(q)
    if not words:
        return None
    last = words[-1].lower()
    plain = _fts_query_sqlite(q)
    if not _ASCII_WORD.fullmatch(last):
        return plain
    terms = list(conn.execute(
        text("SELECT term FROM article_fts_vocab WHERE term >= :lo AND term < :hi LIMIT :n"),
        {"lo": last, "hi": last[:-1] + chr(ord(last[-1]) + 1), "n": PREFIX_TERMS_MAX + 1},
    ).scalars())
    if not terms or len(terms) > PREFIX_TERMS_MAX:
        return plain
    head = ['"' + w.replace('"', '""') + '"' for w in words[:-1]]
    return " AND ".join(head + ["(" + " OR ".join('"' + t.replace('"', '""') + '"' for t in terms) + ")"])


def _tsquery_pg(words: Sequence[str]) -> ColumnElement:
    """The PostgreSQL query of the words: all required, each as a prefix (a bound literal)."""
    return func.to_tsquery("simple", literal(" & ".join(f"{w}:*" for w in words)))


def _search_vector() -> ColumnElement:
    return literal_column("article.search_vector")


def search_article_ids(engine: Engine, q: str) -> Select | None:
    """A select of the ids of articles matching the search string, or None for no search.

    Any string is safe: it is reduced to words, each quoted, all required."""
    q = (q or "").strip()
    if not q:
        return None
    words = search_words(q)
    if is_sqlite(engine):
        fts = _fts_query_sqlite(q)
        if fts is None:
            return select(A.c.id).where(literal(False))
        return select(literal_column("rowid")).select_from(text("article_fts")).where(
            text("article_fts MATCH :fts").bindparams(fts=fts)
        )
    if not words:
        return select(A.c.id).where(literal(False))
    a2 = A.alias("article_search")
    return select(a2.c.id).where(literal_column("article_search.search_vector").op("@@")(_tsquery_pg(words)))
