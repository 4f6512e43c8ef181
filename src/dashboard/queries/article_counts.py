"""Distinct article counts under filters, read from ``article_solo`` and ``article_pair``
(``dashboard.article_rollup``, migration 0013) instead of every filtered event.

The summary's "articles" (kind ``s``: articles reporting a filtered real event) and
Berita's count (kind ``l``: articles with an event of their own, not rejected, passing the
filters) count each article once. The articles that count for one event add up like
events (``article_solo``, the event rollup's keys); the others are counted distinct from
their events' rows (``article_pair``, one tag's rows in article order). Rows of kind ``b``
serve both counts. Answers for the election, a period, activities, levels, one agency and
a province; a region, a search, or several agencies go through the events (None here).
``tests/unit/test_query_reference.py`` checks it against the events on both databases."""

from __future__ import annotations

from sqlalchemy import Engine, exists, func, select

from dashboard import article_rollup, rollup
from dashboard.filters import Filters
from dashboard.queries import rollup_reads
from dashboard.queries.tables import EA

SOLO = article_rollup.SOLO
PAIR = article_rollup.PAIR
DAY = article_rollup.DAY


def _served(f: Filters) -> bool:
    if not rollup_reads._enabled.get():
        return False
    if f.region or (f.q or "").strip():
        return False
    return len(f.agencies or ()) <= 1


def _solo(f: Filters, kind: str):
    """The articles of one event passing the filters: a sum of kept counts."""
    grain = "m" if rollup_reads._aligned(f) else "d"
    return select(func.coalesce(func.sum(SOLO.c.n), 0)).where(
        SOLO.c.kind.in_((kind, "b")), SOLO.c.a == (f.agencies[0] if f.agencies else ""),
        *rollup_reads._conds(f, grain, SOLO))


def _several(f: Filters, kind: str):
    """The articles of several events with one passing the filters, counted once each:
    the rows of one tag (the province's, else the agency's, else every event's), grouped
    by article in index order; with both a province and an agency, the agency is looked up
    per row of the province."""
    tag = f"pv:{f.province}" if f.province else f"ag:{f.agencies[0]}" if f.agencies else ""
    cond = [PAIR.c.tag == tag, *rollup_reads.kept_conds(PAIR, f)]
    if f.province and f.agencies:
        cond.append(exists().where(EA.c.event_id == PAIR.c.event_id, EA.c.agency_name == f.agencies[0]))
    counts = [select(func.count()).select_from(
        select(PAIR.c.article_id).where(PAIR.c.kind == k, *cond).group_by(PAIR.c.article_id).subquery())
        .scalar_subquery() for k in (kind, "b")]
    return select(counts[0] + counts[1])


def count(engine: Engine, f: Filters, kind: str) -> int | None:
    """How many articles of ``kind`` (``s``: the summary's, ``l``: Berita's) the filters
    pass, or None when the kept rows cannot answer them."""
    if not _served(f):
        return None
    with engine.connect() as conn:
        if rollup.pending(conn):
            return None
        return int(conn.scalar(_solo(f, kind)) or 0) + int(conn.scalar(_several(f, kind)) or 0)


def newest_by_day(engine: Engine, f: Filters, n: int) -> list[int] | None:
    """The ids of Berita's first ``n`` articles, newest first, when only a period (and the
    election) is filtered: ``article_day`` read in its newest-first index, the days checked
    in the index (an article with several days in the period is met once per day). None
    when other filters apply. Without it, every article newer than the period was checked
    through its events first (0.7 s on SQLite, 1.7 s on PostgreSQL at a million)."""
    if not _served(f) or not (f.date_from or f.date_to) or f.agencies or f.activities or f.levels or f.province:
        return None
    cond = []
    if f.election_id:
        cond.append(DAY.c.election_id == f.election_id)
    if f.date_from:
        cond.append(DAY.c.day >= f.date_from)
    if f.date_to:
        cond.append(DAY.c.day <= f.date_to)
    with engine.connect() as conn:
        if rollup.pending(conn):
            return None
        want = 2 * n + 20
        while True:
            rows = conn.execute(select(DAY.c.article_id).where(*cond)
                                .order_by(DAY.c.newest.desc(), DAY.c.article_id.desc()).limit(want)).all()
            ids = list(dict.fromkeys(r[0] for r in rows))
            if len(ids) >= n or len(rows) < want:
                return ids[:n]
            want *= 4


__all__ = ["count", "newest_by_day"]
