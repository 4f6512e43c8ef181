"""Queries of the Wilayah Pilkada page: per-region activity and readiness, meetings before
each stage, and the region page (contests, agencies, articles). Aggregated in SQL; each
returns one small frame (at most one row per region, or per region and stage).

Region scope: an event counts for a region when it is tagged with that region's own code
(``event_region``); a governor race is the province code itself. The region list of an
election comes from ``election_region`` (its ``province_code`` is the province as of that
election, so Pilkada 2020 Papua holds today's 93-95 regencies).

Called through ``ui.cache.cached(engine, "regions.<function>", ...)``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, case, distinct, func, literal, select
from sqlalchemy.sql import ColumnElement

from dashboard.filters import Filters
from dashboard.queries.core import (
    AG,
    EA,
    EL,
    ELR,
    ER,
    ST,
    VISIBLE_STATUSES,
    A,
    E,
    R,
    _df,
    canonical_only,
    election_region_rows,
    event_filter_conditions,
    is_sqlite,
    plain_region_columns,
)
from dashboard.queries import region_rollup_reads
from dashboard.readiness import BODY_COLUMNS, KEY_BODIES, MEETING_ACTIVITIES

REGION_COLUMNS = [
    "code",
    "name",
    "level",
    "contest",
    "province_code",
    "province_name",
    "lat",
    "lon",
]


def readiness_conditions(f: Filters, ref: dt.date) -> list[ColumnElement]:
    """The events readiness is built from: visible, in the election, dated inside the
    filtered period and not after the reference date. Agency, activity and text filters
    do not apply (the measure defines its own activities and bodies)."""
    cond: list[ColumnElement] = [
        E.c.status.in_(VISIBLE_STATUSES), canonical_only(), E.c.event_date.is_not(None), E.c.event_date <= ref
    ]
    if f.election_id:
        cond.append(E.c.election_id == f.election_id)
    if f.date_from:
        cond.append(E.c.event_date >= f.date_from)
    if f.date_to:
        cond.append(E.c.event_date <= f.date_to)
    return cond


def _is_meeting() -> ColumnElement:
    return E.c.activity.in_(MEETING_ACTIVITIES)


def _in_region(code: str) -> ColumnElement:
    """Events tagged with ``code``, driven by the event_region index (not a scan of events)."""
    return E.c.id.in_(select(ER.c.event_id).where(ER.c.region_code == code))


def _universe(f: Filters, codes: tuple[str, ...] | None):
    """(select of the region rows, whether it is restricted to an election's contests)."""
    if codes is not None:
        elr = ELR.alias("elr_scope")
        on = and_(elr.c.region_code == R.c.code, elr.c.election_id == (f.election_id or ""))
        stmt = select(
            R.c.code,
            R.c.name,
            R.c.level,
            func.coalesce(elr.c.contest, literal("")).label("contest"),
            func.coalesce(elr.c.province_code, R.c.province_code).label("province_code"),
            func.coalesce(elr.c.province_name, R.c.province_name).label("province_name"),
            R.c.lat,
            R.c.lon,
        ).select_from(R.outerjoin(elr, on)).where(R.c.code.in_(codes))
        return stmt
    return election_region_rows(f)


def readiness(
    engine: Engine,
    f: Filters,
    ref: dt.date,
    window_start: dt.date,
    codes: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """One row per region of the election (or per code in ``codes``): its reference data
    and, aggregated in one statement,

    * ``events``: events matching every filter (for the map's activity view),
    * ``meetings``, ``last_meeting``, ``last_event``, ``window_events`` (events of any kind
      from ``window_start`` to ``ref``), under ``readiness_conditions``,
    * ``body_<name>``: meetings each key body took part in.

    Without an election (and without ``codes``) the regions are those with events."""
    matches = and_(*event_filter_conditions(engine, f.with_(province=None, region=None)))  # every filter
    # the region rollup answers readiness whatever the agency, activity, level and search
    # filters; only the map's count of the events passing every filter then reads the tag
    # rollup (activities or one agency, whole months) or the (region, event) pairs
    loose = f.with_(agencies=(), activities=(), levels=(), q="")
    agg = region_rollup_reads.readiness_agg(engine, loose, ref, window_start, codes)
    matching = None
    if agg is None:
        agg = _pairs_agg(engine, f, ref, window_start, codes, matches)
    elif loose != f:
        # the tag rollup (activities or one agency), else the (region, event) pairs
        matching = region_rollup_reads.tag_matching(engine, f, codes)
        if matching is None:
            on_pairs = [matches] if codes is None else [matches, ER.c.region_code.in_(codes)]
            matching = (
                select(ER.c.region_code.label("code"), func.count().label("events"))
                .select_from(ER.join(E, E.c.id == ER.c.event_id))
                .where(*on_pairs)
                .group_by(ER.c.region_code)
                .subquery("matching")
            )
    if codes is None and not f.election_id:
        base = (
            select(*plain_region_columns())
            .select_from(R)
            .where(R.c.code.in_(select(agg.c.code).where(agg.c.events > 0)))
        )
        if f.province:
            base = base.where(R.c.province_code == f.province)
    else:
        base = _universe(f, codes)
    base = base.subquery("base")
    joined = base.outerjoin(agg, agg.c.code == base.c.code)
    events = agg.c.events
    if matching is not None:
        joined = joined.outerjoin(matching, matching.c.code == base.c.code)
        events = matching.c.events
    stmt = (
        select(
            base,
            func.coalesce(events, 0).label("events"),
            func.coalesce(agg.c.meetings, 0).label("meetings"),
            agg.c.last_meeting,
            agg.c.last_event,
            *[func.coalesce(agg.c[c], 0).label(c) for c in ("window_events", *BODY_COLUMNS.values())],
        )
        .select_from(joined)
        .order_by(base.c.code)
    )
    df = _df(engine, stmt)
    for col in ("events", "meetings", "window_events", *BODY_COLUMNS.values()):
        df[col] = pd.to_numeric(df[col]).fillna(0).astype(int)
    for col in ("last_meeting", "last_event"):
        df[col] = df[col].map(_to_date).astype(object)
    df["contest"] = df["contest"].fillna("")
    return df


def _to_date(v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def _pairs_agg(engine: Engine, f: Filters, ref: dt.date, window_start: dt.date,
               codes: tuple[str, ...] | None, matches: ColumnElement):
    """``readiness``'s per-region aggregate read from the (region, event) pairs (``matches``:
    the events passing every filter), for what the region rollup does not answer."""
    # One pass over the (region, event) pairs of the election and period: the pairs are
    # unique in event_region, so plain sums count events exactly.
    shared: list[ColumnElement] = [E.c.status.in_(VISIBLE_STATUSES), canonical_only()]
    if f.election_id:
        shared.append(E.c.election_id == f.election_id)
    if f.date_from:
        shared.append(E.c.event_date >= f.date_from)
    if f.date_to:
        shared.append(E.c.event_date <= f.date_to)
    dated = and_(E.c.event_date.is_not(None), E.c.event_date <= ref)
    meeting = and_(dated, _is_meeting())

    pairs = ER.join(E, E.c.id == ER.c.event_id)
    if codes is not None:  # a few regions: start from their event_region rows
        shared.append(ER.c.region_code.in_(codes))
    elif f.province and f.election_id:
        pairs = ER.join(
            ELR,
            and_(ELR.c.region_code == ER.c.region_code, ELR.c.election_id == f.election_id,
                 ELR.c.province_code == f.province),
        ).join(E, E.c.id == ER.c.event_id)

    def n(cond) -> ColumnElement:
        return func.sum(case((cond, 1), else_=0))

    # which key bodies took part in an event. SQLite: one probe of a meeting's agency rows
    # giving a bit per body, in a row source SQLite may not flatten (LIMIT -1), so the probe
    # runs once per row and not once per body (a million articles: 4.6 s against 6.2 s with
    # an indexed EXISTS per body and row; 7.0 s when flattened); PostgreSQL: a grouped flag table, hash-joined (the
    # correlated form costs an estimated millions and triggers JIT compilation).
    if is_sqlite(engine):
        bits = {body: 1 << i for i, body in enumerate(KEY_BODIES)}
        ba = EA.alias("body_agency")
        mask = (
            select(func.sum(distinct(case(*[(ba.c.agency_name.in_(names), bits[body])
                                              for body, names in KEY_BODIES.items()], else_=0))))
            .where(ba.c.event_id == E.c.id)
            .scalar_subquery()
        )
        flag = lambda cond: case((cond, 1), else_=0)  # noqa: E731
        rows = (
            select(
                ER.c.region_code.label("code"), E.c.event_date.label("day"), flag(matches).label("matches"),
                flag(meeting).label("meeting"), flag(dated).label("dated"),
                case((meeting, func.coalesce(mask, 0)), else_=0).label("mask"),
            )
            .select_from(pairs)
            .where(*shared)
            .limit(-1)
            .subquery("pairs")
        )
        agg = (
            select(
                rows.c.code,
                func.sum(rows.c.matches).label("events"),
                func.sum(rows.c.meeting).label("meetings"),
                func.max(case((rows.c.meeting == 1, rows.c.day))).label("last_meeting"),
                func.max(case((rows.c.dated == 1, rows.c.day))).label("last_event"),
                n(and_(rows.c.dated == 1, rows.c.day >= window_start)).label("window_events"),
                *[n(rows.c.mask.op("&")(bits[body]) != 0).label(BODY_COLUMNS[body]) for body in KEY_BODIES],
            )
            .group_by(rows.c.code)
            .subquery("agg")
        )
    else:
        flags = (
            select(EA.c.event_id, *[
                func.max(case((EA.c.agency_name.in_(names), 1), else_=0)).label(BODY_COLUMNS[body])
                for body, names in KEY_BODIES.items()
            ])
            .where(EA.c.agency_name.in_([a for names in KEY_BODIES.values() for a in names]))
            .group_by(EA.c.event_id)
            .subquery("body_flags")
        )
        pairs = pairs.outerjoin(flags, flags.c.event_id == E.c.id)

        def met(body: str) -> ColumnElement:
            return flags.c[BODY_COLUMNS[body]] == 1

        agg = (
            select(
                ER.c.region_code.label("code"),
                n(matches).label("events"),
                n(meeting).label("meetings"),
                func.max(case((meeting, E.c.event_date))).label("last_meeting"),
                func.max(case((dated, E.c.event_date))).label("last_event"),
                n(and_(dated, E.c.event_date >= window_start)).label("window_events"),
                *[n(and_(meeting, met(body))).label(BODY_COLUMNS[body]) for body in KEY_BODIES],
            )
            .select_from(pairs)
            .where(*shared)
            .group_by(ER.c.region_code)
            .subquery("agg")
        )
    return agg


def meetings_by_stage(
    engine: Engine, f: Filters, ref: dt.date, codes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Meetings per region and stage of the election's calendar: ``before`` (dated before
    the stage starts) and ``during`` (inside the stage). Only regions with meetings are
    returned; ``readiness.stage_matrix`` fills in the zeros.

    Stages overlap, so the database counts meetings per region between consecutive stage
    boundaries (at most 2 per stage) and the per-stage sums are taken over those few
    buckets here: one pass over the events instead of one per stage."""
    empty = pd.DataFrame(columns=["code", "stage", "start", "before", "during"])
    if not f.election_id:
        return empty
    with engine.connect() as conn:
        stages = conn.execute(
            select(ST.c.stage, ST.c.start, ST.c.end).where(ST.c.election_id == f.election_id).order_by(ST.c.start)
        ).all()
    if not stages:
        return empty
    stages = [(s, _to_date(a), _to_date(b)) for s, a, b in stages]
    bounds = sorted({a for _, a, _ in stages} | {b + dt.timedelta(days=1) for _, _, b in stages})
    buckets = region_rollup_reads.meeting_buckets(engine, f, ref, bounds, codes)
    if buckets is None:
        buckets = _meeting_buckets(engine, f, ref, bounds, codes)
    if not buckets:
        return empty
    width = len(bounds) + 1
    per_region: dict[str, list[int]] = {}
    for code, b, n in buckets:  # plain tuples: thousands of rows at a million articles
        per_region.setdefault(code, [0] * width)[int(b)] += int(n)
    index = {b: i for i, b in enumerate(bounds)}
    rows = []
    for code in sorted(per_region):
        cum = [0]
        for n in per_region[code]:
            cum.append(cum[-1] + n)  # cum[k] = meetings in buckets < k
        for stage, start, end in stages:
            p, q = index[start], index[end + dt.timedelta(days=1)]
            # bucket i holds dates in [bounds[i-1], bounds[i]): before = buckets 0..p, during = p+1..q
            rows.append((code, stage, start, cum[p + 1], cum[q + 1] - cum[p + 1]))
    return pd.DataFrame(rows, columns=["code", "stage", "start", "before", "during"])


def _meeting_buckets(engine: Engine, f: Filters, ref: dt.date, bounds: list[dt.date],
                     codes: tuple[str, ...] | None) -> list[tuple]:
    """Meetings per region and bucket between stage boundaries, from the events: (code,
    bucket, n) tuples."""
    bucket = case(*[(E.c.event_date < b, i) for i, b in enumerate(bounds)], else_=len(bounds)).label("bucket")
    cond = [*readiness_conditions(f, ref), _is_meeting()]
    if codes is not None:
        joined = ER.join(E, E.c.id == ER.c.event_id)
        cond.append(ER.c.region_code.in_(codes))
    else:  # the election's regions: a join (an IN list would be probed for every event)
        on = [ELR.c.region_code == ER.c.region_code, ELR.c.election_id == f.election_id]
        if f.province:
            on.append(ELR.c.province_code == f.province)
        joined = ER.join(ELR, and_(*on)).join(E, E.c.id == ER.c.event_id)
    stmt = select(ER.c.region_code.label("code"), bucket, func.count().label("n")).select_from(joined).where(
        *cond
    ).group_by(ER.c.region_code, bucket)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt)]


def region_info(engine: Engine, code: str) -> dict | None:
    """The region's reference row and its contests in every election (newest first)."""
    with engine.connect() as conn:
        row = conn.execute(select(R).where(R.c.code == code)).mappings().first()
        if row is None:
            return None
        contests = conn.execute(
            select(
                ELR.c.election_id,
                EL.c.name.label("election_name"),
                EL.c.voting_date,
                ELR.c.contest,
                ELR.c.province_code,
                ELR.c.province_name,
            )
            .select_from(ELR.join(EL, EL.c.id == ELR.c.election_id))
            .where(ELR.c.region_code == code)
            .order_by(EL.c.year.desc())
        ).mappings().all()
        children = conn.execute(
            select(func.count()).select_from(R).where(R.c.province_code == code, R.c.code != code)
        ).scalar() if "." not in code else 0
    out = dict(row)
    out["contests"] = [dict(c) for c in contests]
    out["n_children"] = children or 0
    return out


def region_agencies(engine: Engine, f: Filters, code: str) -> pd.DataFrame:
    """Agencies in the region's events (all filters except the agency filter): events,
    meetings among them, and the last date, most frequent first."""
    cond = [*event_filter_conditions(engine, f.with_(region=None, province=None), use_agency=False), _in_region(code)]
    n = func.count(distinct(E.c.id))
    stmt = (
        select(
            EA.c.agency_name.label("agency"),
            func.min(AG.c.full_name).label("full_name"),
            func.min(AG.c.full_name_en).label("full_name_en"),
            n.label("events"),
            func.count(distinct(case((_is_meeting(), E.c.id)))).label("meetings"),
            func.max(E.c.event_date).label("last_date"),
        )
        .select_from(E.join(EA, EA.c.event_id == E.c.id).outerjoin(AG, AG.c.name == EA.c.agency_name))
        .where(*cond)
        .group_by(EA.c.agency_name)
        .order_by(n.desc(), EA.c.agency_name)
    )
    df = _df(engine, stmt)
    df["last_date"] = df["last_date"].map(_to_date)
    return df


def region_articles(engine: Engine, f: Filters, code: str, limit: int = 200) -> pd.DataFrame:
    """Source articles of the region's events (every filter applies; every report of an
    event reported by several articles), newest first."""
    # the agency probed per event of the region (not a list of every event of the agency:
    # 276 -> 28 ms for a region and KPU at a million articles, SQLite)
    place = f.with_(region=None, province=None)
    cond = [*event_filter_conditions(engine, place, canonical=False, probe=True), _in_region(code)]
    n = func.count(distinct(E.c.id))
    stmt = (
        select(
            A.c.id,
            A.c.title,
            A.c.published,
            A.c.publisher,
            A.c.url,
            n.label("events"),
            func.max(E.c.event_date).label("last_event"),
        )
        .select_from(E.join(A, A.c.id == E.c.article_id))
        .where(*cond)
        .group_by(A.c.id, A.c.title, A.c.published, A.c.publisher, A.c.url)
        .order_by(func.max(E.c.event_date).desc(), A.c.id.desc())
        .limit(limit)
    )
    df = _df(engine, stmt)
    for col in ("published", "last_event"):
        df[col] = df[col].map(_to_date)
    return df


def election_region_codes(engine: Engine, election_id: str | None) -> dict[str, str]:
    """code -> province code (as of the election) for the election's regions."""
    if not election_id:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(ELR.c.region_code, ELR.c.province_code).where(ELR.c.election_id == election_id)
        ).all()
    return {c: p for c, p in rows}
