"""Page aggregates read from the event rollup (``dashboard.rollup``) instead of the events.

Each function returns exactly what its counterpart in ``queries.core`` / ``queries.meetings``
returns, or None when the rollup cannot answer the filters; the counterpart then reads the
events as before. The rollup answers when the filters are about the event itself:
election, period, activity, level, and one agency (any number when the agency list only
picks what a chart shows), and a province (``prov`` rows, migration 0010). A region or a
search word go through the events' own indexes (both are selective), and so does
"every chosen agency" with several agencies. Periods: whole months read the month rows,
other ranges the day rows; agency pairs exist per month only, so a pair count over a range
that is not whole months reads the events. ``tests/unit/test_query_reference.py`` checks
every function here against a plain computation over the events, on both databases.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, distinct, exists, func, literal, select, union_all
from sqlalchemy.sql import ColumnElement

from dashboard import article_rollup, rollup
from dashboard.filters import Filters
from dashboard.queries.tables import ELR, ER, E, EA, R, _df, period_start

RU = rollup.RU
RC = rollup.RC
UNDATED = rollup.UNDATED
_enabled = contextvars.ContextVar("rollup_reads_enabled", default=True)


@contextlib.contextmanager
def disabled():
    """Read the events, not the rollup (the reference path of tests and benchmarks)."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


def kept(engine: Engine) -> bool:
    """Whether the kept tables may be read: not turned off (``disabled``) and no event
    written without being folded in (``rollup.pending``)."""
    if not _enabled.get():
        return False
    with engine.connect() as conn:
        return not rollup.pending(conn)


def _aligned(f: Filters) -> bool:
    """The period filter is whole months (or none)."""
    return (f.date_from is None or f.date_from.day == 1) and (
        f.date_to is None or (f.date_to + dt.timedelta(days=1)).day == 1
    )


def _serves(engine: Engine, f: Filters, *, use_agency: bool = True) -> bool:
    if f.region or (f.q or "").strip():  # a search (one with no words finds nothing)
        return False
    if f.agencies and f.agency_all and len(f.agencies) > 1:
        return False
    if use_agency and len(f.agencies or ()) > 1:
        return False
    return kept(engine)


def _conds(f: Filters, grain: str, t=RU) -> list[ColumnElement]:
    """The filters on the rows of a rollup keyed like ``event_rollup`` (``t``: it, or
    ``article_solo``), of one grain."""
    # a region filter is not served
    return [t.c.grain == grain, t.c.prov == (f.province or ""), *kept_conds(t, f)]


def kept_conds(t, f: Filters) -> list[ColumnElement]:
    """The election, period, activity and level filters on a kept table ``t`` with those
    columns (``period``: a day or a month's first day; undated events under ``UNDATED``)."""
    cond = []
    if f.election_id:
        cond.append(t.c.election_id == f.election_id)
    if f.date_from or f.date_to:
        cond.append(t.c.period != UNDATED)
        if f.date_from:
            cond.append(t.c.period >= f.date_from)
        if f.date_to:
            cond.append(t.c.period <= f.date_to)
    if f.activities:
        cond.append(t.c.activity.in_(f.activities))
    if f.levels:
        cond.append(t.c.level.in_(f.levels))
    return cond


def _events(f: Filters) -> list[ColumnElement]:
    """The rows that count events: of the one chosen agency, or of every event."""
    agency = f.agencies[0] if f.agencies else ""
    return [RU.c.a == agency, RU.c.b == ""]


def _agency_rows(f: Filters) -> list[ColumnElement]:
    """The rows that count each agency's events (those the agency list picks)."""
    cond = [RU.c.b == ""]
    cond.append(RU.c.a.in_(f.agencies) if f.agencies else RU.c.a != "")
    return cond


def _grain(f: Filters) -> str:
    return "m" if _aligned(f) else "d"


def _month(engine: Engine, grain: str):
    return RU.c.period if grain == "m" else period_start(engine, RU.c.period, "month")




def election_only(f: Filters) -> bool:
    """Nothing but the election is filtered (the figures ``article_rollup`` keeps)."""
    return not (f.date_from or f.date_to or f.agencies or f.province or f.region or f.activities or f.levels or f.q)


def article_count(engine: Engine, f: Filters, kind: str) -> int | None:
    """The kept article count of ``kind`` (``article_rollup``: ``s`` the summary's, ``l``
    Berita's) when only the election is filtered, else None."""
    if not (_enabled.get() and election_only(f)):
        return None
    with engine.connect() as conn:
        if rollup.pending(conn):
            return None
        return article_rollup.count(conn, kind, f.election_id)


def _as_date(v) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


# ---------------------------------------------------------------- counts of events


def over_time(engine: Engine, f: Filters, freq: str, by: str) -> pd.DataFrame | None:
    """``core.events_over_time``: events per period and activity (or level)."""
    if not _serves(engine, f):
        return None
    grain = "m" if freq == "month" and _aligned(f) else "d"
    period = (RU.c.period if grain == "m" else period_start(engine, RU.c.period, freq)).label("period")
    key = (RU.c.level if by == "level" else RU.c.activity).label(by)
    n = func.sum(RU.c.n)
    stmt = (
        select(period, key, n.label("n"))
        .where(*_conds(f, grain), *_events(f), RU.c.period != UNDATED)
        .group_by(period, key)
        .order_by(period, key)
    )
    df = _df(engine, stmt, ["period", by, "n"])
    if by == "level":
        df["level"] = df["level"].map(lambda v: v or None)
    df["period"] = pd.to_datetime(df["period"])
    df["n"] = df["n"].astype(int)
    return df


def totals_by(engine: Engine, f: Filters, by: str) -> pd.DataFrame | None:
    """``meetings.level_totals`` (``by="level"``) and ``core.activity_counts``."""
    if not _serves(engine, f):
        return None
    key = (RU.c.level if by == "level" else RU.c.activity).label(by)
    n = func.sum(RU.c.n)
    stmt = select(key, n.label("n")).where(*_conds(f, _grain(f)), *_events(f)).group_by(key).order_by(n.desc(), key)
    df = _df(engine, stmt, [by, "n"])
    if by == "level":
        df["level"] = df["level"].map(lambda v: v or None)
    df["n"] = df["n"].astype(int)
    return df


def _probe(engine: Engine, f: Filters, code):
    """Whether one of the events of the region ``code`` (a column) passes the filters: the
    first found ends the search."""
    from dashboard.queries.core import event_filter_conditions

    er = ER.alias("kr_event_region")
    cond = event_filter_conditions(engine, f.with_(agencies=()))
    if f.agencies:
        ea = EA.alias("kr_event_agency")
        cond.append(exists().where(ea.c.event_id == E.c.id, ea.c.agency_name == f.agencies[0]))
    probe = (
        select(literal(1)).select_from(er.join(E, E.c.id == er.c.event_id))
        .where(er.c.region_code == code, *cond).limit(1)
    )
    # a scalar subquery, not EXISTS: PostgreSQL drops the LIMIT of an EXISTS and turns it
    # into a semi-join over every (region, event) pair (46 ms against 3 ms at 100,000 articles)
    return probe.scalar_subquery().is_not(None)


def _regions(engine: Engine, f: Filters):
    """Regions named by at least one filtered event. With a province, see
    ``_province_regions`` (a probe of every region would read every event of the regions
    outside it: 16-33 s at a million)."""
    if f.province:
        return _province_regions(engine, f)
    return select(func.count()).select_from(R).where(_probe(engine, f, R.c.code)).scalar_subquery()


def _province_regions(engine: Engine, f: Filters, election: str | None = None):
    """The number of regions (of ``election``'s contests, or any) named by the filtered
    events, ``f`` having a province: the province's own regions with a filtered event (a
    probe each: any event naming one is an event of the province), plus the regions outside
    it named by its events that cross a province border (``region_cross``, a few rows).
    Reading every region row of every event of the province took 0.1 s on SQLite and 0.4 s
    on PostgreSQL at a million articles."""
    from dashboard.queries.core import _code_range, event_filter_conditions

    g = f.with_(province=None)
    if election:
        scope = ELR.c.region_code
        inside = select(func.count()).select_from(ELR).where(ELR.c.election_id == election)
    else:
        scope = R.c.code
        inside = select(func.count()).select_from(R)
    inside = inside.where(_code_range(scope, f.province), _probe(engine, g, scope))
    here, there = RC.alias("cross_here"), RC.alias("cross_there")
    cond = event_filter_conditions(engine, g.with_(agencies=()))
    if f.agencies:
        ea = EA.alias("kr_event_agency")
        cond.append(exists().where(ea.c.event_id == E.c.id, ea.c.agency_name == f.agencies[0]))
    outside = (
        select(there.c.region_code)
        .select_from(here.join(there, there.c.event_id == here.c.event_id).join(E, E.c.id == here.c.event_id))
        .where(_code_range(here.c.region_code, f.province), ~_code_range(there.c.region_code, f.province), *cond)
    )
    if election:
        outside = outside.where(there.c.region_code.in_(select(ELR.c.region_code).where(ELR.c.election_id == election)))
    n_outside = select(func.count(distinct(outside.subquery().c.region_code)))
    return inside.scalar_subquery() + n_outside.scalar_subquery()


def _agencies(f: Filters, grain: str):
    """The number of agencies taking part in the filtered events; with one agency chosen,
    those meeting with it (from the month rows of agency pairs), itself not counted."""
    if f.agencies:
        x = f.agencies[0]
        partners = union_all(
            select(RU.c.b.label("agency")).where(*_conds(f, "m"), RU.c.a == x, RU.c.b != ""),
            select(RU.c.a.label("agency")).where(*_conds(f, "m"), RU.c.b == x),
        ).subquery()
        return select(func.count(distinct(partners.c.agency)))
    return select(func.count(distinct(RU.c.a))).where(*_conds(f, grain), RU.c.a != "", RU.c.b == "")


def summary(engine: Engine, f: Filters) -> dict | None:
    """``core.summary``: the rollup's counts, the regions by probe, the articles from the
    events (an article can report several events: not a sum)."""
    if not _serves(engine, f):
        return None
    grain = _grain(f)
    if f.agencies and grain != "m":
        return None
    from dashboard.queries.core import event_filter_conditions, reporting_articles
    from dashboard.queries.tables import A, ELR

    ev = _events(f)
    totals = select(func.coalesce(func.sum(RU.c.n), 0)).where(*_conds(f, grain), *ev)
    span = select(func.min(RU.c.period), func.max(RU.c.period)).where(*_conds(f, "d"), *ev, RU.c.period != UNDATED)
    if f.election_id:
        in_election = select(func.count()).select_from(ELR).where(ELR.c.election_id == f.election_id)
        regions_total = in_election.scalar_subquery()
        if f.province:  # see _regions
            covered = select(_province_regions(engine, f, f.election_id))
        else:
            covered = in_election.where(_probe(engine, f, ELR.c.region_code))
    else:
        regions_total = None
        covered = select(_regions(engine, f))
    events = select(E.c.id, E.c.article_id).where(*event_filter_conditions(engine, f)).cte("ev")
    with engine.connect() as conn:
        total = int(conn.scalar(totals) or 0)
        first, last = conn.execute(span).one()
        n_agencies = int(conn.scalar(_agencies(f, grain)) or 0)
        regions_covered = int(conn.scalar(covered) or 0)
        total_regions = conn.scalar(select(regions_total)) if regions_total is not None else None
        articles = article_rollup.count(conn, "s", f.election_id) if election_only(f) else None
        articles_total = int(conn.scalar(select(func.count()).select_from(A)) or 0)
    if articles is None and total:
        from dashboard.queries import article_counts

        articles = article_counts.count(engine, f, "s")
        if articles is None:
            with engine.connect() as conn:
                articles = int(conn.scalar(reporting_articles(engine, events)) or 0)
    articles = articles or 0
    if f.agencies and total:
        n_agencies += 1  # the agency itself
    return {
        "events": total,
        "articles": articles,
        "articles_total": articles_total,
        "agencies": n_agencies,
        "regions_covered": regions_covered,
        "regions_total": total_regions,
        "first_date": _as_date(first),
        "last_date": _as_date(last),
    }


def key_numbers(engine: Engine, f: Filters) -> dict | None:
    """``meetings.key_numbers``."""
    if not _serves(engine, f):
        return None
    grain = _grain(f)
    if f.agencies and grain != "m":
        return None  # who met with the agency: agency pairs are kept per month
    ev = _events(f)
    dated = RU.c.period != UNDATED
    n = func.sum(RU.c.n)
    totals = select(
        func.coalesce(n, 0),
        func.coalesce(func.sum(case((RU.c.period == UNDATED, RU.c.n), else_=0)), 0),
        func.coalesce(func.sum(case((and_(dated, RU.c.month_only == 1), RU.c.n), else_=0)), 0),
    ).where(*_conds(f, grain), *ev)
    span = select(func.min(RU.c.period), func.max(RU.c.period)).where(*_conds(f, "d"), *ev, dated)
    month = _month(engine, grain).label("month")
    busiest = (
        select(month, n.label("n")).where(*_conds(f, grain), *ev, dated)
        .group_by(month).order_by(n.desc(), month).limit(1)
    )
    agencies = _agencies(f, grain)
    with engine.connect() as conn:
        total, undated, month_only = conn.execute(totals).one()
        first, last = conn.execute(span).one()
        top = conn.execute(busiest).first()
        n_agencies = int(conn.scalar(agencies) or 0)
        n_regions = int(conn.scalar(select(_regions(engine, f))) or 0)
    if f.agencies and total:
        n_agencies += 1  # the agency itself
    return {
        "meetings": int(total or 0),
        "agencies": n_agencies,
        "regions": n_regions,
        "first_date": _as_date(first),
        "last_date": _as_date(last),
        "busiest_month": _as_date(top[0]) if top else None,
        "busiest_n": int(top[1]) if top else 0,
        "undated": int(undated or 0),
        "month_only": int(month_only or 0),
    }


# ---------------------------------------------------------------- agencies


def agency_period(engine: Engine, f: Filters, freq: str) -> pd.DataFrame | None:
    """``meetings.agency_period``: meetings per agency per period."""
    if not _serves(engine, f, use_agency=False):
        return None
    grain = "m" if freq == "month" and _aligned(f) else "d"
    period = (RU.c.period if grain == "m" else period_start(engine, RU.c.period, freq)).label("period")
    stmt = (
        select(period, RU.c.a.label("agency"), func.sum(RU.c.n).label("n"))
        .where(*_conds(f, grain), *_agency_rows(f), RU.c.period != UNDATED)
        .group_by(period, RU.c.a)
        .order_by(period, RU.c.a)
    )
    df = _df(engine, stmt, ["period", "agency", "n"])
    df["period"] = pd.to_datetime(df["period"])
    df["n"] = df["n"].astype(int)
    return df


def agency_meetings(engine: Engine, f: Filters) -> pd.DataFrame | None:
    """``meetings.agency_meetings``: meetings per agency over the filtered meetings."""
    if not _serves(engine, f):
        return None
    grain = _grain(f)
    if f.agencies:
        if grain != "m":
            return None
        x = f.agencies[0]
        rows = union_all(
            select(RU.c.a.label("agency"), RU.c.n).where(*_conds(f, "m"), RU.c.a == x, RU.c.b == ""),
            select(RU.c.b.label("agency"), RU.c.n).where(*_conds(f, "m"), RU.c.a == x, RU.c.b != ""),
            select(RU.c.a.label("agency"), RU.c.n).where(*_conds(f, "m"), RU.c.b == x),
        ).subquery()
        n = func.sum(rows.c.n)
        stmt = select(rows.c.agency, n.label("n")).group_by(rows.c.agency).order_by(n.desc(), rows.c.agency)
    else:
        n = func.sum(RU.c.n)
        stmt = (
            select(RU.c.a.label("agency"), n.label("n")).where(*_conds(f, grain), RU.c.a != "", RU.c.b == "")
            .group_by(RU.c.a).order_by(n.desc(), RU.c.a)
        )
    df = _df(engine, stmt, ["agency", "n"])
    df["n"] = df["n"].astype(int)
    return df


def co_participation(engine: Engine, f: Filters) -> pd.DataFrame | None:
    """``meetings.co_participation``: pairs of bodies and their shared meetings. Among one
    agency's meetings: its own pairs from the pair rows, the pairs of two others from the
    grain ``t`` rows (kept over every activity and level, for the whole country: with an
    activity, level or province filter as well, the events are read)."""
    if not _serves(engine, f) or not _aligned(f):
        return None
    n = func.sum(RU.c.n)
    if not f.agencies:
        stmt = (
            select(RU.c.a.label("a"), RU.c.b.label("b"), n.label("n"))
            .where(*_conds(f, "m"), RU.c.a != "", RU.c.b != "")
            .group_by(RU.c.a, RU.c.b)
            .order_by(n.desc(), RU.c.a, RU.c.b)
        )
        df = _df(engine, stmt, ["a", "b", "n"])
        df["n"] = df["n"].astype(int)
        return df
    if len(f.agencies) > 1 or f.activities or f.levels or f.province:
        return None
    x = f.agencies[0]
    own = union_all(
        select(RU.c.a.label("a"), RU.c.b.label("b"), RU.c.n).where(*_conds(f, "m"), RU.c.a == x, RU.c.b != ""),
        select(RU.c.a.label("a"), RU.c.b.label("b"), RU.c.n).where(*_conds(f, "m"), RU.c.b == x),
    ).subquery()
    counts: dict[tuple[str, str], int] = {}
    with engine.connect() as conn:
        for a, b, total in conn.execute(select(own.c.a, own.c.b, func.sum(own.c.n)).group_by(own.c.a, own.c.b)):
            counts[(a, b)] = int(total)
        for pair, total in conn.execute(select(RU.c.b, n).where(*_conds(f, "t"), RU.c.a == x).group_by(RU.c.b)):
            a, b = pair.split(rollup.SEP, 1)
            counts[(a, b)] = counts.get((a, b), 0) + int(total)
    rows = sorted(((a, b, c) for (a, b), c in counts.items() if c), key=lambda r: (-r[2], r[0], r[1]))
    return pd.DataFrame(rows, columns=["a", "b", "n"]).astype({"n": int})


# ---------------------------------------------------------------- change windows


def _window(w) -> tuple:
    dated = and_(RU.c.period >= w.before_start, RU.c.period <= w.reference)
    recent = func.sum(case((RU.c.period >= w.recent_start, RU.c.n), else_=0))
    before = func.sum(case((RU.c.period < w.recent_start, RU.c.n), else_=0))
    return dated, recent, before


def change_by_agency(engine: Engine, f: Filters, w) -> pd.DataFrame | None:
    """``meetings.change_by_agency``."""
    g = f.with_(date_from=None, date_to=None)
    if not _serves(engine, g, use_agency=False):
        return None
    dated, recent, before = _window(w)
    stmt = (
        select(RU.c.a.label("agency"), recent.label("recent"), before.label("before"))
        .where(*_conds(g, "d"), *_agency_rows(g), dated)
        .group_by(RU.c.a)
        .order_by(RU.c.a)
    )
    df = _df(engine, stmt, ["agency", "recent", "before"])
    for c in ("recent", "before"):
        df[c] = df[c].fillna(0).astype(int)
    return df


def change_total(engine: Engine, f: Filters, w) -> dict | None:
    """``meetings.change_total``."""
    g = f.with_(date_from=None, date_to=None)
    if not _serves(engine, g):
        return None
    dated, recent, before = _window(w)
    with engine.connect() as conn:
        r, b = conn.execute(select(recent, before).where(*_conds(g, "d"), *_events(g), dated)).one()
    return {"recent": int(r or 0), "before": int(b or 0)}


def last_event_date(engine: Engine, f: Filters) -> tuple[dt.date | None] | None:
    """``meetings.last_event_date``, wrapped in a tuple (None: not served)."""
    g = f.with_(date_from=None, date_to=None)
    if not _serves(engine, g):
        return None
    with engine.connect() as conn:
        d = conn.scalar(select(func.max(RU.c.period)).where(*_conds(g, "d"), *_events(g), RU.c.period != UNDATED))
    return (_as_date(d),)
