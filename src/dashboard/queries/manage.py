"""Queries of the Kelola Data and Admin pages: the review queue, one event for editing,
hand-recorded events, ingest runs. (The audit log is read by ``dashboard.audit``.)"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard.db import models as m
from dashboard.filters import Filters
from dashboard.queries.core import (
    EA,
    ER,
    A,
    E,
    R,
    _df,
    canonical_only,
    event_agencies_col,
    event_filter_conditions,
    event_regions_col,
    event_sources_col,
    tidy_name_lists,
)

REVIEW_STATUS = "extracted"


def _review_conditions(engine: Engine, f: Filters) -> list:
    return [*event_filter_conditions(engine, f), E.c.status == REVIEW_STATUS]


def review_queue(engine: Engine, f: Filters, limit: int = 25, offset: int = 0) -> pd.DataFrame:
    """Extracted events not yet reviewed, lowest confidence first (then oldest id), with
    their article and what was extracted. The shared filters apply (except status)."""
    stmt = (
        select(
            E.c.id,
            E.c.version,
            E.c.confidence,
            E.c.event_date,
            E.c.date_flag,
            E.c.activity,
            E.c.location,
            E.c.participants,
            E.c.election_id,
            E.c.level,
            event_agencies_col(engine),
            event_regions_col(engine),
            event_sources_col(),
            E.c.article_id,
            A.c.title.label("article_title"),
            A.c.published.label("article_published"),
        )
        .select_from(E.outerjoin(A, A.c.id == E.c.article_id))
        .where(*_review_conditions(engine, f))
        .order_by(E.c.confidence.asc(), E.c.id.asc())
        .limit(max(1, int(limit)))
        .offset(max(0, int(offset)))
    )
    return tidy_name_lists(_df(engine, stmt), "agencies", "regions")


def count_review_queue(engine: Engine, f: Filters) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(E).where(*_review_conditions(engine, f))) or 0


def status_counts(engine: Engine) -> dict[str, int]:
    """Events (each real event once) per review status."""
    with engine.connect() as conn:
        rows = conn.execute(select(E.c.status, func.count()).where(canonical_only()).group_by(E.c.status)).all()
    out = {s: 0 for s in m.EVENT_STATUSES}
    out.update({s: int(n) for s, n in rows})
    return out


def event_detail(engine: Engine, event_id: int) -> dict | None:
    """One event with everything the correction form and the history need."""
    with engine.connect() as conn:
        ev = conn.execute(select(E).where(E.c.id == event_id)).mappings().first()
        if ev is None:
            return None
        out = dict(ev)
        # the event's own agencies and regions (what its article says, or a person entered)
        agency_rows = [
            dict(r) for r in conn.execute(select(EA).where(EA.c.event_id == event_id, EA.c.via_event_id.is_(None))).mappings()
        ]
        region_rows = [
            dict(r)
            for r in conn.execute(
                select(ER, R.c.name).select_from(ER.join(R, R.c.code == ER.c.region_code))
                .where(ER.c.event_id == event_id, ER.c.via_event_id.is_(None))
            ).mappings()
        ]
        out["agency_rows"], out["region_rows"] = agency_rows, region_rows
        out["agencies"] = sorted(r["agency_name"] for r in agency_rows)
        out["regions"] = sorted(r["region_code"] for r in region_rows)
        art = None
        if ev["article_id"] is not None:
            art = conn.execute(
                select(A.c.id, A.c.title, A.c.url, A.c.published, A.c.publisher, A.c.text).where(A.c.id == ev["article_id"])
            ).mappings().first()
        out["article"] = dict(art) if art else None
    return out


def recent_manual_events(engine: Engine, limit: int = 20) -> pd.DataFrame:
    """The latest hand-recorded and imported events."""
    stmt = (
        select(
            E.c.id, E.c.event_date, E.c.activity, E.c.location, event_agencies_col(engine),
            event_regions_col(engine), E.c.participants, E.c.updated_by, E.c.created_at,
        )
        .where(E.c.status == "manual")
        .order_by(E.c.created_at.desc(), E.c.id.desc())
        .limit(limit)
    )
    return tidy_name_lists(_df(engine, stmt), "agencies", "regions")


def ingest_runs(engine: Engine, limit: int = 20) -> pd.DataFrame:
    IR = m.IngestRun.__table__
    stmt = (
        select(IR.c.id, IR.c.started_at, IR.c.finished_at, IR.c.username, IR.c.new, IR.c.duplicate, IR.c.rejected)
        .order_by(IR.c.id.desc())
        .limit(limit)
    )
    return _df(engine, stmt)


def region_choices(engine: Engine) -> pd.DataFrame:
    """Every region (code, name, province) for the region picker, provinces first."""
    stmt = select(R.c.code, R.c.name, R.c.level, R.c.province_name).order_by(R.c.code)
    return _df(engine, stmt)
