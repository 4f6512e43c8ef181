"""Queries of the Rapat Koordinasi and Instansi pages. Everything is aggregated in the
database (counts per period, agency x period, co-participation pairs by a self-join on
``event_agency``, the two windows of the change flags); results are small DataFrames.

Called through ``ui.cache.cached(engine, "meetings.<function>", ...)``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from dashboard.filters import Filters
from dashboard.meetings import Windows
from dashboard.queries import region_rollup_reads, rollup_reads
from dashboard.queries.core import (
    EA,
    ER,
    EVENT_ROW_COLUMNS,
    A,
    E,
    R,
    _df,
    count_distinct,
    event_agencies_col,
    event_filter_conditions,
    events_over_time,
    listed_events,
    of_events,
    other_reports,
    period_start,
    tidy_name_lists,
)
from dashboard.queries.event_lists import newest_page
from dashboard.queries.textsearch import id_list


def _dates(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for c in cols:
        df[c] = pd.to_datetime(df[c])
    return df


# ---------------------------------------------------------------- meetings over time


def over_time(engine: Engine, f: Filters, freq: str = "month", by: str = "activity") -> pd.DataFrame:
    """Meetings per week or month and per activity kind (``by="activity"``) or level of
    the body holding them (``by="level"``): columns period, <by>, n."""
    return events_over_time(engine, f, "week" if freq == "week" else "month", "level" if by == "level" else "activity")


def level_totals(engine: Engine, f: Filters) -> pd.DataFrame:
    """Meetings per level (nasional, provinsi, kabkota; None when unknown)."""
    fast = rollup_reads.totals_by(engine, f, "level")
    if fast is not None:
        return fast
    stmt = (
        select(E.c.level, func.count().label("n"))
        .where(*event_filter_conditions(engine, f))
        .group_by(E.c.level)
        .order_by(func.count().desc())
    )
    df = _df(engine, stmt)
    df["n"] = df["n"].astype(int)
    return df


def calendar(engine: Engine, f: Filters, limit: int = 5000) -> pd.DataFrame:
    """One row per dated meeting for the calendar view: id, date, activity, level, venue,
    article, agencies. Newest first, at most ``limit`` rows."""
    page = newest_page(engine, f, limit, dated=True)
    stmt = (
        select(
            E.c.id,
            E.c.event_date,
            E.c.activity,
            E.c.level,
            E.c.location,
            E.c.article_id,
            A.c.title.label("article_title"),
            event_agencies_col(engine),
        )
        .select_from(page.join(E, E.c.id == page.c.page_id).outerjoin(A, A.c.id == E.c.article_id))
        .order_by(E.c.event_date.desc(), E.c.id.desc())
    )
    return tidy_name_lists(_df(engine, stmt), "agencies")


def event_detail(engine: Engine, event_id: int) -> dict | None:
    """One meeting with its agencies and regions (every report's), its main source article
    and the other articles reporting it (``sources``); None if unknown or rejected. The id of
    any report of the meeting opens the meeting."""
    event_id = int(event_id)
    with engine.connect() as conn:
        event_id = conn.scalar(select(func.coalesce(E.c.merged_into, E.c.id)).where(E.c.id == event_id)) or event_id
        row = conn.execute(
            select(
                *EVENT_ROW_COLUMNS,
                E.c.article_id,
                A.c.title.label("article_title"),
                A.c.url.label("article_url"),
                A.c.published.label("article_published"),
                A.c.publisher.label("article_publisher"),
            )
            .select_from(E.outerjoin(A, A.c.id == E.c.article_id))
            .where(E.c.id == event_id, E.c.status != "rejected")
        ).mappings().first()
        if row is None:
            return None
        agencies = [
            dict(r)
            for r in conn.execute(
                select(EA.c.agency_name, EA.c.role).where(EA.c.event_id == event_id).order_by(EA.c.agency_name)
            ).mappings()
        ]
        regions = [
            dict(r)
            for r in conn.execute(
                select(R.c.code, R.c.name)
                .select_from(ER.join(R, R.c.code == ER.c.region_code))
                .where(ER.c.event_id == event_id)
                .order_by(R.c.code)
            ).mappings()
        ]
        sources = other_reports(conn, [event_id]).get(event_id, [])
    out = dict(row)
    out["agencies"] = agencies
    out["regions"] = regions
    out["sources"] = sources
    return out


# ---------------------------------------------------------------- agencies


def agency_period(engine: Engine, f: Filters, freq: str = "month") -> pd.DataFrame:
    """Meetings per agency per period (agency x month heatmap, small multiples): columns
    period, agency, n. The agency filter picks the agencies shown.

    A meeting has one ``event_agency`` row per agency (its primary key), so the joined rows
    of an (agency, period) are distinct meetings: a plain count, no per-group de-duplication."""
    fast = rollup_reads.agency_period(engine, f, "week" if freq == "week" else "month")
    if fast is not None:
        return fast
    period = period_start(engine, E.c.event_date, "week" if freq == "week" else "month").label("period")
    stmt = (
        select(period, EA.c.agency_name.label("agency"), func.count().label("n"))
        .select_from(E.join(EA, EA.c.event_id == E.c.id))
        .where(*event_filter_conditions(engine, f, use_agency=False), E.c.event_date.is_not(None))
        .group_by(period, EA.c.agency_name)
        .order_by(period, EA.c.agency_name)
    )
    if f.agencies:
        stmt = stmt.where(EA.c.agency_name.in_(f.agencies))
    df = _dates(_df(engine, stmt), "period")
    df["n"] = df["n"].astype(int)
    return df


def co_participation(engine: Engine, f: Filters) -> pd.DataFrame:
    """Pairs of bodies meeting together: columns a, b (a < b), n = shared meetings, over
    the filtered meetings (a self-join on ``event_agency``). (event_id, agency_name) is
    unique, so a meeting gives a pair one joined row: a plain count."""
    fast = rollup_reads.co_participation(engine, f)
    if fast is not None:
        return fast
    ev = select(E.c.id).where(*event_filter_conditions(engine, f)).cte("ev")
    ea1 = EA.alias("ea1")
    ea2 = EA.alias("ea2")
    n = func.count()
    pairs = ea1.join(ea2, and_(ea1.c.event_id == ea2.c.event_id, ea1.c.agency_name < ea2.c.agency_name))
    stmt = of_events(
        engine, select(ea1.c.agency_name.label("a"), ea2.c.agency_name.label("b"), n.label("n")), ea1, ev, pairs
    ).group_by(ea1.c.agency_name, ea2.c.agency_name).order_by(n.desc(), ea1.c.agency_name, ea2.c.agency_name)
    df = _df(engine, stmt)
    df["n"] = df["n"].astype(int)
    return df


def agency_meetings(engine: Engine, f: Filters) -> pd.DataFrame:
    """Meetings per agency over the filtered meetings (the diagonal of the matrix): one
    ``event_agency`` row per meeting and agency (the primary key), counted."""
    fast = rollup_reads.agency_meetings(engine, f)
    if fast is not None:
        return fast
    ev = select(E.c.id).where(*event_filter_conditions(engine, f)).cte("ev")
    n = func.count()
    stmt = of_events(engine, select(EA.c.agency_name.label("agency"), n.label("n")), EA, ev).group_by(
        EA.c.agency_name
    ).order_by(n.desc(), EA.c.agency_name)
    df = _df(engine, stmt)
    df["n"] = df["n"].astype(int)
    return df


# ---------------------------------------------------------------- change flags


def _window_filters(f: Filters) -> Filters:
    """The change flags look at their own two windows: the period filter does not apply."""
    return f.with_(date_from=None, date_to=None)


def _window_counts(w: Windows):
    recent = func.sum(case((E.c.event_date >= w.recent_start, 1), else_=0))
    before = func.sum(case((E.c.event_date < w.recent_start, 1), else_=0))
    window = and_(E.c.event_date >= w.before_start, E.c.event_date <= w.reference)
    return recent, before, window


def last_event_date(engine: Engine, f: Filters) -> dt.date | None:
    """Date of the latest meeting under the filters, the period filter left out."""
    fast = rollup_reads.last_event_date(engine, f)
    if fast is not None:
        return fast[0]
    with engine.connect() as conn:
        d = conn.scalar(select(func.max(E.c.event_date)).where(*event_filter_conditions(engine, _window_filters(f))))
    if isinstance(d, str):  # pragma: no cover - SQLite without type info
        d = dt.date.fromisoformat(d)
    return d


def change_by_agency(engine: Engine, f: Filters, w: Windows) -> pd.DataFrame:
    """Per agency: meetings in the last 4 weeks (``recent``) and the 12 before (``before``)."""
    fast = rollup_reads.change_by_agency(engine, f, w)
    if fast is not None:
        return fast
    g = _window_filters(f)
    recent, before, window = _window_counts(w)
    stmt = (
        select(EA.c.agency_name.label("agency"), recent.label("recent"), before.label("before"))
        .select_from(E.join(EA, EA.c.event_id == E.c.id))
        .where(*event_filter_conditions(engine, g, use_agency=False), window)
        .group_by(EA.c.agency_name)
        .order_by(EA.c.agency_name)
    )
    if f.agencies:
        stmt = stmt.where(EA.c.agency_name.in_(f.agencies))
    df = _df(engine, stmt)
    for c in ("recent", "before"):
        df[c] = df[c].fillna(0).astype(int)
    return df


def change_by_region(engine: Engine, f: Filters, w: Windows) -> pd.DataFrame:
    """Per region named in the meetings: ``recent`` and ``before`` counts, with its name
    and province."""
    g = _window_filters(f)
    counts = region_rollup_reads.change_counts(engine, g, w)
    if counts is None:
        recent, before, window = _window_counts(w)
        counts = (
            select(ER.c.region_code.label("code"), recent.label("recent"), before.label("before"))
            .select_from(E.join(ER, ER.c.event_id == E.c.id))
            .where(*event_filter_conditions(engine, g), window)
            .group_by(ER.c.region_code)
            .subquery()
        )
    stmt = (
        select(R.c.code, R.c.name, R.c.level, R.c.province_name, counts.c.recent, counts.c.before)
        .select_from(counts.join(R, R.c.code == counts.c.code))
        .order_by(R.c.code)
    )
    df = _df(engine, stmt)
    for c in ("recent", "before"):
        df[c] = df[c].fillna(0).astype(int)
    return df


# ---------------------------------------------------------------- key numbers


def key_numbers(engine: Engine, f: Filters) -> dict:
    """Headline numbers of the filtered meetings: total, agencies, regions, first and last
    date, the busiest period (month) and its count, and how many have no date or only a
    month (the notes under the time charts)."""
    fast = rollup_reads.key_numbers(engine, f)
    if fast is not None:
        return fast
    # few events (a region, a search, several agencies): listed (``core.listed_events``, the
    # list a region's queries read too), then each figure reads them by id, instead of each
    # of the four statements filtering them again (1M PostgreSQL, a region and KPU: 112 ->
    # 40 ms)
    few = listed_events(engine, f)
    cond = event_filter_conditions(engine, f) if few is None else [E.c.id.in_(id_list(engine, few))]
    ev = select(E.c.id).where(*cond).cte("ev")
    month = period_start(engine, E.c.event_date, "month").label("period")
    with engine.connect() as conn:
        total, first, last, undated, month_only = conn.execute(
            select(
                func.count(), func.min(E.c.event_date), func.max(E.c.event_date),
                func.sum(case((E.c.event_date.is_(None), 1), else_=0)),
                func.sum(case((and_(E.c.event_date.is_not(None), E.c.date_precision == "month"), 1), else_=0)),
            ).where(*cond)
        ).one()
        n_agencies = conn.scalar(count_distinct(engine, of_events(engine, select(EA.c.agency_name), EA, ev)))
        n_regions = conn.scalar(count_distinct(engine, of_events(engine, select(ER.c.region_code), ER, ev)))
        busiest = conn.execute(
            select(month, func.count().label("n"))
            .where(*cond, E.c.event_date.is_not(None))
            .group_by(month)
            .order_by(func.count().desc(), month)
            .limit(1)
        ).first()
    return {
        "meetings": int(total or 0),
        "agencies": int(n_agencies or 0),
        "regions": int(n_regions or 0),
        "first_date": first,
        "last_date": last,
        "busiest_month": dt.date.fromisoformat(busiest[0]) if busiest else None,
        "busiest_n": int(busiest[1]) if busiest else 0,
        "undated": int(undated or 0),  # left out of every time chart
        "month_only": int(month_only or 0),  # left out of charts by week or day
    }


def change_total(engine: Engine, f: Filters, w: Windows) -> dict:
    """All filtered meetings in the last 4 weeks and the 12 before (each meeting once)."""
    fast = rollup_reads.change_total(engine, f, w)
    if fast is not None:
        return fast
    recent, before, window = _window_counts(w)
    with engine.connect() as conn:
        r, b = conn.execute(select(recent, before).where(*event_filter_conditions(engine, _window_filters(f)), window)).one()
    return {"recent": int(r or 0), "before": int(b or 0)}
