"""The article list of Berita: articles matching the filters (through their events) and the
search text, newest first, their count (capped for a search), highlighted snippets of the
shown page, an article's detail and the other reports of its events. No Streamlit import.

The search is full-text (SQLite FTS5, PostgreSQL tsvector with a GIN index); which side
drives a search (the words or the filters) is chosen from their sizes, so a common word and
a narrow filter, or a rare word and a broad one, both read few rows.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import (
    Column,
    Engine,
    func,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.sql import ColumnElement, Select, visitors
from sqlalchemy.sql import util as sql_util

from dashboard import article_rollup
from dashboard.filters import Filters
from dashboard.queries import article_counts, rollup_reads
from dashboard.queries.core import (
    EA,
    EL,
    ER,
    VISIBLE_STATUSES,
    A,
    E,
    R,
    _df,
    _fts_query_sqlite_expanded,
    _search_vector,
    _tsquery_pg,
    event_filter_conditions,
    is_sqlite,
    other_reports,
    search_words,
)
from dashboard.textsafe import MARK_END, MARK_START

# ---------------------------------------------------------------- articles


SEARCH_COUNT_CAP = 10_000  # a search counts its matches up to here ("more than 10,000 articles")
SMALL_SET = 20_000  # a word or filter with fewer articles than this drives the search (SQLite)
WALK_BUDGET = 20_000  # a common word's page is looked for among this many newest articles
PG_FEW_MATCHES = 2_000  # PostgreSQL: a word with fewer matches is fetched by the GIN index and sorted


def newest_first_key(engine: Engine) -> ColumnElement:
    """The article list's order: the publication day, else the day it was stored; then id,
    descending (``article_rollup.newest_key``, which ``article_day`` keeps too)."""
    return article_rollup.newest_key(engine)


def _event_filter_active(f: Filters) -> bool:
    return bool(any([f.date_from, f.date_to, f.agencies, f.activities, f.levels, f.region, f.province])
                or f.election_id)


def _article_event_conditions(engine: Engine, f: Filters) -> list[ColumnElement] | None:
    """Conditions on ``event`` that an article's event must meet (the filters, not the
    search; every report, not only canonical events), or None when nothing is filtered."""
    if not _event_filter_active(f):
        return None
    return event_filter_conditions(engine, f.with_(q=""), canonical=False)


def _walk_conditions(engine: Engine, f: Filters) -> list[ColumnElement]:
    """``_article_event_conditions`` for a walk that checks the newest articles one by one:
    an agency, region or province as a probe of each event's own rows, not a list of every
    event of the agency or place built first (Berita with KPU at a million articles: the
    list of 434,000 KPU events took 130 of 135 ms)."""
    return event_filter_conditions(engine, f.with_(q=""), canonical=False, probe=True, walk=True)


def _article_columns() -> tuple:
    n_events = (
        select(func.count()).select_from(E).where(E.c.article_id == A.c.id, E.c.status.in_(VISIBLE_STATUSES))
    ).scalar_subquery()
    return (A.c.id, A.c.title, A.c.published, A.c.publisher, A.c.url, A.c.ingested_at, n_events.label("events"))


def _fts_match(fts: str) -> ColumnElement:
    return text("article_fts MATCH :fts").bindparams(fts=fts)


def _fts_rowid() -> ColumnElement:
    return literal_column("article_fts.rowid")


def _fts_ids(fts: str) -> Select:
    return select(_fts_rowid()).select_from(text("article_fts")).where(_fts_match(fts))


def _fts_has(fts: str, article_id) -> ColumnElement:
    """Whether one article matches: an FTS5 lookup by rowid (reads only that article's
    entries of the words, whatever the number of matches)."""
    return select(literal(1)).select_from(text("article_fts")).where(_fts_match(fts), _fts_rowid() == article_id).exists()


def _event_has(conds: list[ColumnElement], article_id) -> ColumnElement:
    """Whether one article has an event passing the filters, looked up by its own events
    (``ix_event_article``). The filter's columns are written ``+column`` so that SQLite
    cannot pick the covering index on ``election_id`` instead (it did, without statistics:
    every event of the election read again for each article)."""
    ev = E.alias("f_article_event")

    def unindexed(el):
        if isinstance(el, Column) and el.table is ev and el.name != "article_id":
            return literal_column(f"+{ev.name}.{el.name}", type_=el.type)
        return None

    adapted = [
        visitors.replacement_traverse(sql_util.ClauseAdapter(ev).traverse(c), {}, unindexed) for c in conds
    ]
    return select(literal(1)).select_from(ev).where(ev.c.article_id == article_id, *adapted).exists()


def _filtered_set(conds: list[ColumnElement]) -> Select:
    """The ids of articles with an event passing the filters, as a set SQLite builds once.
    ``election_id`` and ``status`` are written ``+column`` so that a selective filter's own
    index (the event ids of a region or an agency) drives it, not every event of the election."""

    def unindexed(el):
        if isinstance(el, Column) and el.table is E and el.name in ("election_id", "status"):
            return literal_column(f"+{E.name}.{el.name}", type_=el.type)
        return None

    return select(E.c.article_id).where(*[visitors.replacement_traverse(c, {}, unindexed) for c in conds])


def _fts_ids_in(fts: str, ids: Select) -> Select:
    """The word's matches among ``ids`` (``+rowid``: SQLite would otherwise run one MATCH
    per id of the set)."""
    return _fts_ids(fts).where(literal_column("+article_fts.rowid").in_(ids))


def _capped(conn, stmt: Select, cap: int) -> int:
    return conn.scalar(select(func.count()).select_from(stmt.limit(cap).subquery())) or 0


def _filtered_size(engine: Engine, conn, f: Filters, conds: list[ColumnElement]) -> int:
    """How many articles the filters pass, up to ``SMALL_SET`` (at least that many: the
    newest articles are walked). With an agency or a province, Berita's kept count when it
    answers (SQLite lists every event of the agency or province before counting the first
    ones: KPU at a million articles 30-100 ms against 3 ms); else the filtered events'
    articles counted up to the cap (activities: 8 ms, through their index, where the kept
    count sums 50 ms of pairs)."""
    if f.agencies or f.province:
        kept = article_counts.count(engine, f.with_(q=""), "l")
        if kept is not None:
            return min(kept, SMALL_SET)
    return _capped(conn, _filtered_set(conds), SMALL_SET)


def _sqlite_driver(conn, fts: str, f: Filters, conds: list[ColumnElement] | None) -> tuple[str, int]:
    """Which side a SQLite search starts from, and how many articles the word matches (up to
    ``SMALL_SET``): ``words`` (the word's matches, each checked against the filters),
    ``filters`` (the filtered articles, each looked up in the index of words) or ``common``
    (both have ``SMALL_SET`` articles or more). SQLite's own plan pushes ``rowid IN (...)``
    into FTS5 as one MATCH per filtered article (seconds at 100,000 articles)."""
    n_words = _capped(conn, _fts_ids(fts), SMALL_SET)
    if n_words < SMALL_SET:
        return "words", n_words
    if conds is not None and _filtered_size(conn.engine, conn, f, conds) < SMALL_SET:
        return "filters", n_words
    return "common", n_words


def articles(engine: Engine, f: Filters, limit: int = 50, offset: int = 0) -> pd.DataFrame:
    """Articles matching the search text and the filters (through their events), newest first.

    A search reads the smaller side first (``_sqlite_driver``). A common word with broad
    filters does not sort its matches: the newest articles are read in index order, each
    checked against the index of words and the filters, until the page is full (at most
    ``WALK_BUDGET`` articles; then the matches are sorted after all). PostgreSQL's planner
    makes the same choice from its statistics (GIN index and sort, or the order index
    with the tsquery as a filter)."""
    order = (newest_first_key(engine).desc(), A.c.id.desc())
    page = article_counts.newest_by_day(engine, f, limit + offset)
    if page is not None:
        return _df(engine, select(*_article_columns()).where(A.c.id.in_(page[offset:] or [-1])).order_by(*order))
    conds = _article_event_conditions(engine, f)
    words = search_words(f.q)
    stmt = select(*_article_columns())
    if not (f.q or "").strip() and conds is not None and is_sqlite(engine) and offset + limit <= WALK_BUDGET:
        # no search, broad filters (the election alone has every article): the newest articles
        # in index order, each checked by its own events, until the page is full, instead of a
        # list of every filtered article first (3 s at a million articles)
        with engine.connect() as conn:
            if _filtered_size(engine, conn, f, conds) >= SMALL_SET:
                newest = select(A.c.id).order_by(*order).limit(WALK_BUDGET).subquery("newest")
                ids = select(newest.c.id).where(_event_has(_walk_conditions(engine, f), newest.c.id))
                page = [r[0] for r in conn.execute(ids.limit(limit + offset))]
                if len(page) == limit + offset:
                    return _df(engine, stmt.where(A.c.id.in_(page[offset:])).order_by(*order))
    if not (f.q or "").strip() or not is_sqlite(engine):
        if conds is not None:
            stmt = stmt.where(A.c.id.in_(select(E.c.article_id).where(*conds)))
        if (f.q or "").strip() and not words:
            stmt = stmt.where(literal(False))
        elif words:
            matches = select(A.c.id).where(_search_vector().op("@@")(_tsquery_pg(words)))
            with engine.connect() as conn:
                few = _capped(conn, matches, PG_FEW_MATCHES) < PG_FEW_MATCHES
            if few:
                # the matches through the GIN index, then sorted: without the fence the
                # planner guessed a rare prefix common and walked the order index (0.9 s
                # for 43 matches at 100,000 articles)
                fenced = matches.cte("search_matches").prefix_with("MATERIALIZED")
                stmt = stmt.where(A.c.id.in_(select(fenced.c.id)))
            else:
                stmt = stmt.where(_search_vector().op("@@")(_tsquery_pg(words)))
        return _df(engine, stmt.order_by(*order).limit(limit).offset(offset))
    if not words:
        return _df(engine, stmt.where(literal(False)))
    with engine.connect() as conn:
        fts = _fts_query_sqlite_expanded(conn, f.q)
        driver, _ = _sqlite_driver(conn, fts, f, conds)
        if driver == "common" and offset + limit <= WALK_BUDGET:
            newest = select(A.c.id).order_by(*order).limit(WALK_BUDGET).subquery("newest")
            ids = select(newest.c.id).where(_fts_has(fts, newest.c.id))
            if conds is not None:
                ids = ids.where(_event_has(_walk_conditions(engine, f), newest.c.id))
            page = [r[0] for r in conn.execute(ids.limit(limit + offset))]
            if len(page) == limit + offset or _capped(conn, select(A.c.id), WALK_BUDGET + 1) <= WALK_BUDGET:
                return _df(engine, select(*_article_columns()).where(A.c.id.in_(page[offset:] or [-1])).order_by(*order))
    if driver == "filters":
        stmt = stmt.where(A.c.id.in_(_fts_ids_in(fts, _filtered_set(conds))))
    else:
        stmt = stmt.where(A.c.id.in_(_fts_ids(fts)))
        if conds is not None:
            stmt = stmt.where(_event_has(conds, A.c.id))
    return _df(engine, stmt.order_by(*order).limit(limit).offset(offset))


def count_articles(engine: Engine, f: Filters, cap: int | None = None) -> int:
    """How many articles match the search and the filters. With ``cap``, a search counts
    at most ``cap + 1`` (so "more than ``cap``" can be said without counting every match
    of a common word); the count is exact up to ``cap``."""
    conds = _article_event_conditions(engine, f)
    if conds is not None:
        kept = rollup_reads.article_count(engine, f, "l")  # only the election filtered
        if kept is None:
            kept = article_counts.count(engine, f, "l")  # a period, activities, one agency, a province
        if kept is not None:
            return kept
    words = search_words(f.q)
    searching = bool((f.q or "").strip())
    if searching and not words:
        return 0
    limit = cap + 1 if cap is not None and searching else None
    if searching and is_sqlite(engine):
        with engine.connect() as conn:
            fts = _fts_query_sqlite_expanded(conn, f.q)
            driver, n_words = _sqlite_driver(conn, fts, f, conds)
            if conds is None:
                inner = _fts_ids(fts)
            elif driver == "filters":
                inner = _fts_ids_in(fts, _filtered_set(conds))
            else:
                inner = _fts_ids(fts).where(_event_has(conds, _fts_rowid()))
            if limit is not None:
                inner = inner.limit(limit)
            return conn.scalar(select(func.count()).select_from(inner.subquery())) or 0
    inner = select(A.c.id)
    if searching:
        inner = inner.where(_search_vector().op("@@")(_tsquery_pg(words)))
    if conds is not None:
        inner = inner.where(A.c.id.in_(select(E.c.article_id).where(*conds)))
    if limit is not None:
        inner = inner.limit(limit)
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(inner.subquery())) or 0


SNIPPET_TOKENS = 14  # words in a snippet (SQLite; PostgreSQL: MaxWords)
_PG_HEADLINE_CHARS = 20_000  # ts_headline reads this much of an article's text


def search_snippets(engine: Engine, q: str, ids: Sequence[int]) -> dict[int, str]:
    """A short passage of each article's text around the searched words, for the articles
    of the shown page (``ids``, at most a page; never every match), the matched words
    between ``MARK_START`` and ``MARK_END``. SQLite: FTS5 ``snippet()`` on the search's
    own query; PostgreSQL: ``ts_headline`` with the search's tsquery. An article whose
    text has no match (a title-only match) gets the start of its text.

    The markers cannot be forged by an article: the database marks matches with markers
    that carry a random nonce made for this call, and every ``MARK_START``/``MARK_END``
    character of the text itself is dropped when the nonce markers are replaced by them."""
    ids = [int(i) for i in ids][:200]
    words = search_words(q)
    if not ids or not words:
        return {}
    nonce = secrets.token_hex(6)
    start, end = f"{MARK_START}{nonce}{MARK_END}", f"{MARK_END}{nonce}{MARK_START}"
    with engine.connect() as conn:
        if is_sqlite(engine):
            rows = _sqlite_snippets(conn, _fts_query_sqlite_expanded(conn, q), ids, start, end)
        else:
            opts = (f"StartSel={start}, StopSel={end}, MaxWords={SNIPPET_TOKENS + 6}, MinWords={SNIPPET_TOKENS - 4}, "
                    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')
            body = func.left(func.coalesce(A.c.text, ""), _PG_HEADLINE_CHARS)
            rows = conn.execute(
                select(A.c.id, func.ts_headline("simple", body, _tsquery_pg(words), literal(opts)))
                .where(A.c.id.in_(ids))
            ).all()
    return {int(i): _canonical_marks(s or "", start, end) for i, s in rows}


def _sqlite_snippets(conn, fts: str, ids: Sequence[int], start: str, end: str) -> list[tuple[int, str]]:
    """One FTS5 lookup by rowid per shown article (a rowid-constrained MATCH reads only
    that article's entries, whatever the number of matches)."""
    stmt = text(
        "SELECT rowid, snippet(article_fts, 1, :start, :end, :dots, :tokens) FROM article_fts "
        "WHERE article_fts MATCH :fts AND rowid = :id"
    )
    out = []
    for i in ids:
        row = conn.execute(stmt, {"start": start, "end": end, "dots": "…", "tokens": SNIPPET_TOKENS,
                                  "fts": fts, "id": i}).first()
        if row is not None:
            out.append((row[0], row[1]))
    return out


_WS_RUN = re.compile(r"\s+")


def _canonical_marks(s: str, start: str, end: str) -> str:
    """The snippet with the nonce markers as ``MARK_START``/``MARK_END`` and no other
    marker characters; whitespace (newlines too) collapsed to single spaces."""
    out = []
    for i, piece in enumerate(s.split(start)):
        if i == 0:
            out.append(_plain(piece))
            continue
        inside, _, rest = piece.partition(end)
        out.append(MARK_START + _plain(inside) + MARK_END + _plain(rest))
    return "".join(out).strip()


def _plain(s: str) -> str:
    return _WS_RUN.sub(" ", s.replace(MARK_START, "").replace(MARK_END, ""))


def article_detail(engine: Engine, article_id: int) -> dict | None:
    """The article with its events, their agencies and regions and evidence."""
    with engine.connect() as conn:
        art = conn.execute(select(A).where(A.c.id == article_id)).mappings().first()
        if art is None:
            return None
        evs = conn.execute(
            select(E, EL.c.name.label("election_name"))
            .select_from(E.outerjoin(EL, EL.c.id == E.c.election_id))
            .where(E.c.article_id == article_id)
            .order_by(E.c.ordinal)
        ).mappings().all()
        ids = [e["id"] for e in evs]
        own_a, own_r = EA.c.via_event_id.is_(None), ER.c.via_event_id.is_(None)
        ags = conn.execute(select(EA).where(EA.c.event_id.in_(ids), own_a)).mappings().all() if ids else []
        rgs = (
            conn.execute(
                select(ER, R.c.name).select_from(ER.join(R, R.c.code == ER.c.region_code))
                .where(ER.c.event_id.in_(ids), own_r)
            ).mappings().all()
            if ids
            else []
        )
        others = other_reports(conn, ids)
    events = []
    for e in evs:
        d = dict(e)
        # what this article says; the other reports of the same event are listed apart
        d["agencies"] = [dict(a) for a in ags if a["event_id"] == e["id"]]
        d["regions"] = [dict(r) for r in rgs if r["event_id"] == e["id"]]
        d["also_reported"] = others.get(e["id"], [])
        events.append(d)
    out = dict(art)
    out["events"] = events
    return out
