"""The event lists: Rapat Koordinasi's and Wilayah's tables, the calendar's page of
meetings, Ringkasan's latest, all newest first. Finding a page of the filtered events in
that order is the costly part at a million articles; ``newest_page`` picks the cheapest
way for the filter. No Streamlit."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.sql import Select

from dashboard import rollup
from dashboard.filters import Filters
from dashboard.queries import rollup_reads
from dashboard.queries.core import _code_range, _filter_key, event_filter_conditions
from dashboard.queries.event_rows import (
    EVENT_ROW_COLUMNS,
    event_agencies_col,
    event_regions_col,
    event_sources_col,
    tidy_name_lists,
)
from dashboard.queries.tables import EL, ER, A, E, _df, is_sqlite
from dashboard.queries.textsearch import id_list, listed

PN = rollup.PN
UNDATED = rollup.UNDATED


def events_table(engine: Engine, f: Filters, limit: int = 500, offset: int = 0) -> pd.DataFrame:
    """One row per event with its agencies, regions, main source article and the number of
    articles reporting it, newest first."""
    page = newest_page(engine, f, limit, offset)
    stmt = (
        select(
            *EVENT_ROW_COLUMNS,
            event_agencies_col(engine),
            event_regions_col(engine),
            event_sources_col(),
            E.c.article_id,
            A.c.title.label("article_title"),
            A.c.url.label("article_url"),
            A.c.published.label("article_published"),
            EL.c.name.label("election_name"),
        )
        .select_from(page.join(E, E.c.id == page.c.page_id).outerjoin(A, A.c.id == E.c.article_id)
                     .outerjoin(EL, EL.c.id == E.c.election_id))
        .order_by(E.c.event_date.desc().nulls_last(), E.c.id.desc())
    )
    return tidy_name_lists(_df(engine, stmt), "agencies", "regions")


NEWEST_LISTED = 6000  # the newest dated events of a filter listed once (the calendar's), in order
NEWEST_LISTING = 500  # ... for a page of at least this many rows (a few rows are a short walk)


def newest_page(engine: Engine, f: Filters, limit: int, offset: int = 0, *, dated: bool = False):
    """The ids (``page_id``) of one page of the filtered events (``dated``: dated ones only),
    newest first, as a subquery to join the rows' columns to (the callers order the rows).

    - A province with nothing more than the election and a period: a walk of the kept
      ``province_newest`` key backwards (``_province_page``).
    - A province with more (an agency, activities, ...): the newest ``NEWEST_LISTED`` dated
      events are listed once per process and data version (``textsearch.listed``) for a
      page of ``NEWEST_LISTING`` rows or more, and any page inside them reads them from
      there: Rapat Koordinasi's calendar (6,000 dated meetings) and its table (the first
      1,000, dated ones first) sorted the province's events twice (1M, province 13, the two
      lists: SQLite 329 -> 240 ms, PostgreSQL 914 -> 740 ms). Not without a province:
      walking the newest-first index is cheap there, and a second statement over the
      listed ids cost more than it saved (PostgreSQL, no filter: 208 -> 248 ms).
    - Otherwise, and past the list (or a table's undated events): ``_newest_select``."""
    kept = _province_page(engine, f, limit, offset, dated=dated)
    if kept is not None:
        return kept
    ids = None
    if f.province and not f.region:
        listing = NEWEST_LISTING <= limit + offset <= NEWEST_LISTED
        ids = listed(engine, ("newest", *_filter_key(f)), lambda: _newest_select(engine, f, NEWEST_LISTED, dated=True),
                     NEWEST_LISTED, first=True, known_only=not listing)
    if ids is not None and (dated or len(ids) >= limit + offset):
        page = id_list(engine, ids[offset:offset + limit]).subquery("listed_page")
        return select(page.c[0].label("page_id")).subquery("page")
    return _newest_select(engine, f, limit, offset, dated=dated).subquery("page")


def _province_page(engine: Engine, f: Filters, limit: int, offset: int, *, dated: bool):
    """``newest_page`` read from ``province_newest`` (migration 0017), or None when it cannot
    answer: a filter with more than a province, an election and a period, or events written
    without being folded in (``rollup.pending``). The province's events were found through
    their region rows, and every one read and sorted: the calendar's 6,000 of province 13 at
    a million articles took 123 ms on SQLite and 330 ms on PostgreSQL; ordered by the kept
    key they are its first rows. Undated events are kept under ``UNDATED``, which sorts
    them last, as ``_newest_select`` does."""
    if not f.province or f.region or not f.election_id:
        return None
    if f.agencies or f.activities or f.levels or (f.q or "").strip():
        return None
    if not rollup_reads.kept(engine):
        return None
    cond = [PN.c.prov == f.province, PN.c.election_id == f.election_id]
    if f.date_from:
        cond.append(PN.c.day >= f.date_from)
    if f.date_to:
        cond.append(PN.c.day <= f.date_to)
    if dated or f.date_from or f.date_to:
        cond.append(PN.c.day != UNDATED)
    return (
        select(PN.c.event_id.label("page_id"))
        .where(*cond)
        .order_by(PN.c.day.desc(), PN.c.event_id.desc())
        .limit(limit)
        .offset(offset)
        .subquery("page")
    )


def _newest_select(engine: Engine, f: Filters, limit: int, offset: int = 0, *, dated: bool = False) -> Select:
    """The select of ``newest_page``'s ids. The sort reads ids and dates only: SQLite
    computes every selected column of a row before sorting it, so the agencies, regions
    and titles (correlated subqueries and joins) were read for every match, not the
    page's (a province's 5,000 newest meetings at a million articles: 260 -> 190 ms). With
    a region or province, SQLite walks the newest-first index when that is cheaper than
    sorting the place's events (``_walk_newest``: a province's 8 latest meetings 75 -> 7
    ms)."""
    cond = event_filter_conditions(engine, f, probe=True, walk=_walk_newest(engine, f, limit + offset))
    if dated:
        cond = [*cond, E.c.event_date.is_not(None)]
    return (
        select(E.c.id.label("page_id"))
        .where(*cond)
        .order_by(_newest_key(engine, f).desc().nulls_last(), E.c.id.desc())
        .limit(limit)
        .offset(offset)
    )


def _walk_newest(engine: Engine, f: Filters, rows: int) -> bool:
    """Whether SQLite should find the newest ``rows`` events of the filter's region or
    province by walking all events newest first (about ``rows x events / the place's
    events`` probes) rather than by sorting the place's events. Only with nothing else
    that thins the events out (agency, activity, level, period, search): the walk's length
    is then known from two index counts, and it is bounded by the sort's own work."""
    if not is_sqlite(engine) or not (f.region or f.province):
        return False
    if f.agencies or f.activities or f.levels or f.date_from or f.date_to or (f.q or "").strip():
        return False
    place = ER.c.region_code == f.region if f.region else _code_range(ER.c.region_code, f.province)
    with engine.connect() as conn:
        matches = conn.scalar(select(func.count()).select_from(ER).where(place)) or 0
        events = conn.scalar(select(func.max(E.c.id))) or 0
    return matches > 0 and rows * events < matches * matches


def _newest_key(engine: Engine, f: Filters):
    """The date the event lists order by. With a region or a search word (few events),
    PostgreSQL is kept off the newest-first index (migration 0011): it walked the index
    and checked each event against the filter, 80 -> 280 ms for a search at a million
    articles, where sorting the few matches is quick; an expression is not in the index."""
    if not is_sqlite(engine) and (f.region or (f.q or "").strip()):
        return func.coalesce(E.c.event_date, E.c.event_date)
    return E.c.event_date




def latest_events(engine: Engine, f: Filters, n: int = 10) -> pd.DataFrame:
    return events_table(engine, f, limit=n)
