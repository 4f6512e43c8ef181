"""Every SQL query the pages use. Aggregation happens in the database; functions return
small DataFrames or dicts. No Streamlit import.

All functions take an ``Engine`` and a ``Filters``; the filter is applied the same way
everywhere through ``event_filter_conditions``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import (
    Engine,
    and_,
    distinct,
    exists,
    func,
    literal,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy.sql import ColumnElement, Select

from dashboard.filters import Filters
from dashboard.queries import rollup_reads
from dashboard.queries.event_rows import (  # noqa: F401 - re-exported: the area modules import them from here
    EVENT_ROW_COLUMNS,
    event_agencies_col,
    event_regions_col,
    event_sources_col,
    other_reports,
    plain_region_columns,
    tidy_name_lists,
)
from dashboard.queries.options import (  # noqa: F401 - re-exported
    agencies,
    all_region_codes,
    data_version,
    election_info,
    elections,
    provinces,
    region_names,
    region_options,
    stage_status,
    stages,
)
from dashboard.queries.tables import (  # noqa: F401 - re-exported
    _df,
    AG,
    DV,
    EA,
    EL,
    ELR,
    ER,
    ST,
    VISIBLE_STATUSES,
    A,
    E,
    R,
    is_sqlite,
    period_start,
    string_agg,
)
from dashboard.queries.textsearch import (  # noqa: F401 - re-exported
    _fts_query_sqlite,
    _fts_query_sqlite_expanded,
    _search_vector,
    _tsquery_pg,
    id_list,
    listed,
    search_article_ids,
    search_words,
)


# ---------------------------------------------------------------- filters


def _code_range(column, code: str) -> ColumnElement:
    """``code`` itself and every code below it (``13`` -> ``13``, ``13.01`` ... ``13.79``) as an
    index-friendly range: ``'.'`` sorts just before ``'/'``."""
    return and_(column >= code, column < code + "/")


def canonical_only() -> ColumnElement:
    """One row per real event: the canonical report of each (``dashboard.merging``)."""
    return E.c.merged_into.is_(None)


LISTED_EVENTS = 5000  # a region's events, when at most this many, are listed once


def _filter_key(f: Filters) -> tuple:
    """What of ``f`` decides which events pass it (a key of listed events)."""
    return (f.election_id, f.date_from, f.date_to, tuple(f.agencies), f.agency_all, tuple(f.activities),
            tuple(f.levels), f.region, f.province, (f.q or "").strip())


def event_filter_conditions(
    engine: Engine, f: Filters, *, use_agency: bool = True, canonical: bool = True, probe: bool = False,
    walk: bool = False,
) -> list[ColumnElement]:
    """Conditions on ``event`` for the filters (``_filter_conditions``). With a region, whose
    events are few, the events are listed once per process and data version
    (``textsearch.listed``, at most ``LISTED_EVENTS``) and every query of the page reads
    them by id instead of filtering the events again (a page asks 10-15 queries of the same
    filter: 13.02 and KPU at a million articles, ten of Instansi's and Rapat Koordinasi's
    queries 291 -> 223 ms on SQLite, 495 -> 430 ms on PostgreSQL). A search alone is not:
    its articles are listed already (``search_article_ids``), and listing its events too
    gained nothing."""
    if f.region:
        ids = listed_events(engine, f, use_agency=use_agency, canonical=canonical)
        if ids is not None:
            return [E.c.id.in_(id_list(engine, ids))]
    return _filter_conditions(engine, f, use_agency=use_agency, canonical=canonical, probe=probe, walk=walk)


def listed_events(engine: Engine, f: Filters, *, use_agency: bool = True, canonical: bool = True) -> list[int] | None:
    """The ids of the events passing ``f`` when at most ``LISTED_EVENTS``, else None: listed
    once per process and data version (``textsearch.listed``)."""
    key = ("events", *_filter_key(f), use_agency, canonical)
    return listed(engine, key, lambda: select(E.c.id).where(
        *_filter_conditions(engine, f, use_agency=use_agency, canonical=canonical)), LISTED_EVENTS)


def _filter_conditions(
    engine: Engine, f: Filters, *, use_agency: bool = True, canonical: bool = True, probe: bool = False,
    walk: bool = False,
) -> list[ColumnElement]:
    """Conditions on ``event`` for the filters. Agency, region and search filters are
    ``id IN (...)`` subqueries driven by their own indexes, so a selective filter reads
    only the matching events. The subqueries use their own aliases of event_agency /
    event_region, so a query that also joins those tables (agency x month, per-region
    counts) does not auto-correlate them away.

    ``canonical`` (the default): real events only, each once however many articles report
    it (its canonical row carries every report's agencies and regions). ``False``: every
    report, for lists of articles.

    On SQLite an agency condition is a probe of the event's own agency rows (``EXISTS``
    by primary key) instead of a list of every event of the agency, when something more
    selective drives the query (a region or a province) or the caller reads only the first
    rows in another order (``probe``: the calendar, lists): SQLite builds the whole list
    first (434,000 ids for KPU at a million articles: the calendar took 1.5 s, the key
    numbers of a region 1.0 s).

    ``walk``: the region or province too is a probe of the event's own region rows, for a
    caller that reads the first few events newest first (``newest_page`` decides): the
    newest-first index is walked until enough events of the place are found, instead of
    every event of the place being read and sorted."""
    fea = EA.alias("f_event_agency")
    fer = ER.alias("f_event_region")
    cond: list[ColumnElement] = [canonical_only()] if canonical else []
    if f.election_id:
        cond.append(E.c.election_id == f.election_id)
    if f.date_from:
        cond.append(E.c.event_date >= f.date_from)
    if f.date_to:
        cond.append(E.c.event_date <= f.date_to)
    if f.activities:
        cond.append(E.c.activity.in_(f.activities))
    cond.append(E.c.status != "rejected")
    if f.levels:
        cond.append(E.c.level.in_(f.levels))
    by_probe = is_sqlite(engine) and (probe or bool(f.region or f.province))  # reports too (Berita)

    def tagged(alias, names) -> ColumnElement:
        if by_probe:
            return exists().where(alias.c.event_id == E.c.id, alias.c.agency_name.in_(names))
        return E.c.id.in_(select(alias.c.event_id).where(alias.c.agency_name.in_(names)))

    if f.agencies and f.agency_all and len(f.agencies) > 1:
        # meetings attended by every chosen agency (also where the agency list only picks
        # which agencies a chart shows: it is a property of the meeting)
        for i, name in enumerate(f.agencies):
            cond.append(tagged(EA.alias(f"f_event_agency_{i}"), [name]))
    elif use_agency and f.agencies:
        cond.append(tagged(fea, list(f.agencies)))
    place = (fer.c.region_code == f.region if f.region
             else _code_range(fer.c.region_code, f.province) if f.province else None)
    if place is not None and walk:
        cond.append(exists().where(fer.c.event_id == E.c.id, place))
    elif place is not None:
        cond.append(E.c.id.in_(select(fer.c.event_id).where(place)))
    ids = search_article_ids(engine, f.q)
    if ids is not None:
        cond.append(E.c.article_id.in_(ids))
    return cond




# ---------------------------------------------------------------- summary


def of_events(engine: Engine, stmt: Select, tags, ev, joined=None) -> Select:
    """``stmt`` over the rows of ``tags`` (a table with ``event_id``; ``joined``: a join
    starting from it) of the events ``ev`` (a CTE with ``id``). SQLite: ``event_id IN
    (SELECT id FROM ev)``, a list probed through the tag table's primary key. PostgreSQL:
    a join, which it hashes (it estimates the ``IN`` list at 200 ids and probes the tag
    table once per event: twice as slow at 100,000 articles)."""
    frm = tags if joined is None else joined
    if is_sqlite(engine):
        return stmt.select_from(frm).where(tags.c.event_id.in_(select(ev.c.id)))
    return stmt.select_from(frm.join(ev, ev.c.id == tags.c.event_id))


def count_distinct(engine: Engine, stmt: Select) -> Select:
    """The number of distinct rows of the one-column ``stmt`` (NULL excluded by the caller):
    PostgreSQL hashes a DISTINCT subquery where ``count(DISTINCT)`` sorts."""
    col = stmt.selected_columns[0]
    if is_sqlite(engine):
        return stmt.with_only_columns(func.count(distinct(col)))
    return select(func.count()).select_from(stmt.distinct().subquery())


def reporting_articles(engine: Engine, ev) -> Select:
    """The number of articles reporting the events of ``ev`` (a CTE with id and
    article_id): their own and those of the reports merged into them."""
    if is_sqlite(engine):
        # the events' own articles, then the reports (events merged into another) whose
        # event is among them: 1.5 s against 4.2 s at a million articles for an
        # ``id IN ev OR merged_into IN ev`` over every event
        reports = E.alias("report")
        report_articles = union_all(
            select(ev.c.article_id.label("article_id")),
            # each event looked up in ``ix_event_merged_into`` (``INDEXED BY``): SQLite
            # scanned every event's covering index instead when its statistics said almost
            # no event is merged (90 ms at a million articles for a region's 1,900 events)
            select(literal_column("report.article_id"))
            .select_from(text("event AS report INDEXED BY ix_event_merged_into"))
            .where(literal_column("report.merged_into").in_(select(ev.c.id))),
        ).subquery("report_articles")
        sources = select(func.count(distinct(report_articles.c.article_id)))
    else:
        reports = E.alias("report")
        report_articles = union_all(
            select(ev.c.article_id.label("article_id")),
            select(reports.c.article_id).select_from(reports.join(ev, ev.c.id == reports.c.merged_into)),
        ).subquery("report_articles")
        sources = count_distinct(
            engine, select(report_articles.c.article_id).where(report_articles.c.article_id.is_not(None))
        )
    return sources


def summary(engine: Engine, f: Filters) -> dict:
    """Headline figures in one statement: the filtered events are read once (a CTE)."""
    fast = rollup_reads.summary(engine, f)
    if fast is not None:
        return fast
    ev = select(E.c.id, E.c.article_id, E.c.event_date).where(*event_filter_conditions(engine, f)).cte("ev")
    covered = of_events(engine, select(ER.c.region_code), ER, ev).distinct()
    if f.election_id:
        regions_total = (
            select(func.count()).select_from(ELR).where(ELR.c.election_id == f.election_id).scalar_subquery()
        )
        regions_covered = (
            select(func.count())
            .select_from(ELR)
            .where(ELR.c.election_id == f.election_id, ELR.c.region_code.in_(covered))
            .scalar_subquery()
        )
    else:
        regions_total = literal(None)
        regions_covered = select(func.count()).select_from(covered.subquery()).scalar_subquery()
    sources = reporting_articles(engine, ev)
    n_agencies = count_distinct(engine, of_events(engine, select(EA.c.agency_name), EA, ev))
    totals = select(
        func.count().label("events"), func.min(ev.c.event_date).label("first_date"),
        func.max(ev.c.event_date).label("last_date"),
    ).subquery("totals")
    stmt = select(
        totals.c.events,
        sources.scalar_subquery().label("articles"),
        select(func.count()).select_from(A).scalar_subquery().label("articles_total"),
        n_agencies.scalar_subquery().label("agencies"),
        regions_covered.label("regions_covered"),
        regions_total.label("regions_total"),
        totals.c.first_date,
        totals.c.last_date,
    ).select_from(totals)
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().one()
    out = {k: row[k] for k in row.keys()}
    for k in ("events", "articles", "articles_total", "agencies", "regions_covered"):
        out[k] = int(out[k] or 0)
    for k in ("first_date", "last_date"):
        if isinstance(out[k], str):
            out[k] = dt.date.fromisoformat(out[k][:10])
    return out


# ---------------------------------------------------------------- events


def events_over_time(engine: Engine, f: Filters, freq: str = "month", by: str = "activity") -> pd.DataFrame:
    """Event counts per period (``week``/``month``) and per activity (or level)."""
    fast = rollup_reads.over_time(engine, f, "week" if freq == "week" else "month", "level" if by == "level" else "activity")
    if fast is not None:
        return fast
    period = period_start(engine, E.c.event_date, freq).label("period")
    key = (E.c.level if by == "level" else E.c.activity).label(by)
    stmt = (
        select(period, key, func.count().label("n"))
        .where(*event_filter_conditions(engine, f), E.c.event_date.is_not(None))
        .group_by(period, key)
        .order_by(period)
    )
    df = _df(engine, stmt)
    df["period"] = pd.to_datetime(df["period"])
    df["n"] = df["n"].astype(int)
    return df


def count_events(engine: Engine, f: Filters) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(E).where(*event_filter_conditions(engine, f))) or 0


def agency_activity(engine: Engine, f: Filters, freq: str = "month") -> pd.DataFrame:
    """Events per agency per period. The agency filter picks which agencies are shown."""
    period = period_start(engine, E.c.event_date, freq).label("period")
    stmt = (
        select(period, EA.c.agency_name.label("agency"), func.count().label("n"))
        .select_from(E.join(EA, EA.c.event_id == E.c.id))
        .where(*event_filter_conditions(engine, f, use_agency=False), E.c.event_date.is_not(None))
        .group_by(period, EA.c.agency_name)
        .order_by(period)
    )
    if f.agencies:
        stmt = stmt.where(EA.c.agency_name.in_(f.agencies))
    df = _df(engine, stmt)
    df["period"] = pd.to_datetime(df["period"])
    df["n"] = df["n"].astype(int)
    return df


def agency_totals(engine: Engine, f: Filters) -> pd.DataFrame:
    stmt = (
        select(
            EA.c.agency_name.label("agency"),
            func.count().label("events"),
            func.max(E.c.event_date).label("last_date"),
        )
        .select_from(E.join(EA, EA.c.event_id == E.c.id))
        .where(*event_filter_conditions(engine, f, use_agency=False))
        .group_by(EA.c.agency_name)
        .order_by(func.count().desc())
    )
    if f.agencies:
        stmt = stmt.where(EA.c.agency_name.in_(f.agencies))
    return _df(engine, stmt)


def election_region_rows(f: Filters):
    """The filtered election's regions (within the province filter): code, name, level,
    contest, province_code, province_name (as of that election), lat, lon."""
    stmt = (
        select(R.c.code, R.c.name, R.c.level, ELR.c.contest, ELR.c.province_code, ELR.c.province_name, R.c.lat, R.c.lon)
        .select_from(ELR.join(R, R.c.code == ELR.c.region_code))
        .where(ELR.c.election_id == f.election_id)
    )
    if f.province:
        stmt = stmt.where(ELR.c.province_code == f.province)
    return stmt


def region_activity(engine: Engine, f: Filters) -> pd.DataFrame:
    """The election's regions with their event counts in the filtered period.

    Without an election: every region that has events."""
    ev = select(E.c.id, E.c.event_date).where(*event_filter_conditions(engine, f)).subquery()
    counts = (
        select(
            ER.c.region_code.label("code"),
            func.count(distinct(ev.c.id)).label("events"),
            func.max(ev.c.event_date).label("last_date"),
        )
        .select_from(ER.join(ev, ev.c.id == ER.c.event_id))
        .group_by(ER.c.region_code)
        .subquery()
    )
    if f.election_id:
        stmt = (
            election_region_rows(f)
            .add_columns(func.coalesce(counts.c.events, 0).label("events"), counts.c.last_date)
            .outerjoin(counts, counts.c.code == ELR.c.region_code)
            .order_by(R.c.code)
        )
    else:
        stmt = (
            select(*plain_region_columns(), counts.c.events, counts.c.last_date)
            .select_from(counts.join(R, R.c.code == counts.c.code))
            .order_by(R.c.code)
        )
        if f.province:
            stmt = stmt.where(R.c.province_code == f.province)
    df = _df(engine, stmt)
    df["events"] = df["events"].fillna(0).astype(int)
    if not df.empty and df["last_date"].map(lambda v: isinstance(v, str)).any():
        df["last_date"] = df["last_date"].map(lambda v: dt.date.fromisoformat(v[:10]) if isinstance(v, str) else v)
    return df


def activity_counts(engine: Engine, f: Filters) -> pd.DataFrame:
    fast = rollup_reads.totals_by(engine, f, "activity")
    if fast is not None:
        return fast
    stmt = (
        select(E.c.activity, func.count().label("n"))
        .where(*event_filter_conditions(engine, f))
        .group_by(E.c.activity)
        .order_by(func.count().desc())
    )
    return _df(engine, stmt)

