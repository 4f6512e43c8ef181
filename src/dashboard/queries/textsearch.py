"""Text search (``q=``): a user's string reduced to words, all required, the last as a
prefix; SQLite's FTS5 index (``article_fts``) or PostgreSQL's ``search_vector``. Any
string is safe: operators, quotes and brackets in it are inert on both back ends."""

from __future__ import annotations

import json
import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence

from sqlalchemy import ARRAY, BigInteger, Engine, String, func, literal, literal_column, select, text
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


FEW_MATCHES = 20_000  # a search matching at most this many articles is listed once (``search_article_ids``)
_LISTED_ENTRIES = 32  # searches and filters kept listed per process (at most 20,000 ids each: ~0.2 MB)
_listed: OrderedDict[tuple, array | None] = OrderedDict()
_listed_lock = threading.Lock()


def clear_listed() -> None:
    """Forget the listed matches and events (the benchmark times each filter change from
    nothing)."""
    with _listed_lock:
        _listed.clear()


def listed(engine: Engine, key: tuple, stmt: Callable[[], Select], cap: int, *, first: bool = False,
           known_only: bool = False) -> list[int] | None:
    """The ids ``stmt()`` selects, when at most ``cap``, else None (``first``: its first
    ``cap`` ids in its order, however many it has); run once per process and data version
    (a write shows at once) and kept, bounded (``_LISTED_ENTRIES``), under ``key``.
    ``known_only``: only if kept already (None otherwise). None too for an in-memory
    database (they share one URL: nothing to key by)."""
    if engine.url.database in (None, "", ":memory:"):
        return None
    from dashboard.queries.options import data_version

    key = (engine.url.render_as_string(hide_password=False), data_version(engine), first, cap, *key)
    with _listed_lock:
        known = key in _listed
        if known:
            _listed.move_to_end(key)
            ids = _listed[key]
    if not known:
        if known_only:
            return None
        with engine.connect() as conn:
            found = conn.scalars(stmt().limit(cap if first else cap + 1)).all()
        if first:
            ids = array("q", (int(i) for i in found))
        else:
            ids = array("q", sorted(int(i) for i in found)) if len(found) <= cap else None
        with _listed_lock:
            _listed[key] = ids
            while len(_listed) > _LISTED_ENTRIES:
                _listed.popitem(last=False)
    return None if ids is None else ids.tolist()


def search_article_ids(engine: Engine, q: str) -> Select | None:
    """A select of the ids of the articles matching the search string (None: no search).

    A page asks several queries of the same search (the key numbers alone four) and each
    re-ran the search (50-130 ms on PostgreSQL at a million articles for a two-word prefix
    search). So a search with at most ``FEW_MATCHES`` matches is run once and its ids are
    kept (``listed``); the select then reads them from one bound value (SQLite
    ``json_each``, PostgreSQL ``unnest``). Any string is safe: it is reduced to words, each
    quoted, all required."""
    q = (q or "").strip()
    if not q:
        return None
    stmt = _search_select(engine, q)
    ids = listed(engine, ("search", q), lambda: stmt, FEW_MATCHES)
    return stmt if ids is None else id_list(engine, ids)


def id_list(engine: Engine, ids: Sequence[int]) -> Select:
    """A select of the integers ``ids`` from one bound value (SQLite ``json_each``,
    PostgreSQL ``unnest``), for ``column IN (...)`` with any number of ids."""
    if is_sqlite(engine):
        listed = func.json_each(literal(json.dumps([int(i) for i in ids]), String)).table_valued("value")
        return select(listed.c.value)
    return select(func.unnest(literal([int(i) for i in ids], ARRAY(BigInteger))))


def _search_select(engine: Engine, q: str) -> Select:
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
