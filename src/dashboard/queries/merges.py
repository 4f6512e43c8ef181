"""Queries about merged events: the reports of an event with why each joined, the automatic
merges for the review queue, and the events a person might merge an event with.

Called through ``ui.cache.cached(engine, "merges.<function>", ...)``.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard.db import models as m
from dashboard.filters import Filters
from dashboard.queries.core import A, E, _df, event_filter_conditions

EM = m.EventMerge.__table__


def sources(engine: Engine, event_id: int) -> list[dict]:
    """Every report of the event ``event_id`` belongs to, the main one first: event id,
    status, date, activity, venue, article (id, title, publisher, published, url), and how it
    joined (matched report, score, reason, decided_by, username; none for the first report)."""
    with engine.connect() as conn:
        root = conn.scalar(select(func.coalesce(E.c.merged_into, E.c.id)).where(E.c.id == event_id))
        if root is None:
            return []
        rows = conn.execute(
            select(
                E.c.id.label("event_id"), E.c.merged_into, E.c.status, E.c.event_date, E.c.activity, E.c.location,
                E.c.confidence, E.c.version, E.c.article_id, A.c.title, A.c.publisher, A.c.published,
                func.coalesce(A.c.url, E.c.source_url).label("url"),
                EM.c.matched_id, EM.c.score, EM.c.reason, EM.c.decided_by, EM.c.username, EM.c.decided_at,
            )
            .select_from(E.outerjoin(A, A.c.id == E.c.article_id).outerjoin(EM, EM.c.event_id == E.c.id))
            .where((E.c.id == root) | (E.c.merged_into == root))
            .order_by(E.c.merged_into.is_not(None), E.c.id)
        ).mappings().all()
    out = []
    for r in rows:
        d = dict(r)
        d["main"] = r["merged_into"] is None
        out.append(d)
    return out


def _merge_conditions(engine: Engine, f: Filters) -> list:
    # the automatic joins of events that pass the filters (as their canonical event does)
    canon = select(E.c.id).where(*event_filter_conditions(engine, f))
    return [EM.c.decided_by == "auto", func.coalesce(E.c.merged_into, E.c.id).in_(canon)]


def merge_queue(engine: Engine, f: Filters, limit: int = 25, offset: int = 0) -> pd.DataFrame:
    """Automatic merges to check, least certain first: the joined report, the event it
    joined (canonical id), the report it matched, score and reason, the article."""
    stmt = (
        select(
            EM.c.event_id, func.coalesce(E.c.merged_into, E.c.id).label("canonical_id"), EM.c.matched_id,
            EM.c.score, EM.c.reason, EM.c.decided_at, E.c.event_date, E.c.activity, E.c.version,
            E.c.article_id, A.c.title.label("article_title"), A.c.publisher.label("article_publisher"),
        )
        .select_from(EM.join(E, E.c.id == EM.c.event_id).outerjoin(A, A.c.id == E.c.article_id))
        .where(*_merge_conditions(engine, f))
        .order_by(EM.c.score.asc(), EM.c.event_id.asc())
        .limit(max(1, int(limit)))
        .offset(max(0, int(offset)))
    )
    return _df(engine, stmt)


def count_merge_queue(engine: Engine, f: Filters) -> int:
    with engine.connect() as conn:
        stmt = select(func.count()).select_from(EM.join(E, E.c.id == EM.c.event_id)).where(*_merge_conditions(engine, f))
        return conn.scalar(stmt) or 0


def merge_candidates(engine: Engine, event_id: int, limit: int = 10) -> list[dict]:
    """Events (canonical) that might be the same real event as ``event_id``, by the blocking
    and evidence of automatic merging, best first, each with its score and reason (vetoed
    ones too, after the others: a person may know better). For the hand-merge picker."""
    from dashboard.db.engine import session_scope
    from dashboard.merging import store
    from dashboard.merging.evidence import compare

    with session_scope(engine) as s:
        group = store.group_of(s, event_id)
        reps = store.load_reports(s, group)
        if event_id not in reps:
            return []
        me = reps[event_id]
        cands = [c for c in store.candidate_ids(s, me, exclude=group)]
        roots = store.groups_of(s, cands)
        reports = store.load_reports(s, list(roots))
        rows = s.execute(
            select(E.c.id, E.c.event_date, E.c.activity, E.c.location, A.c.title)
            .select_from(E.outerjoin(A, A.c.id == E.c.article_id))
            .where(E.c.id.in_(list(roots)), E.c.status.in_(store.MERGEABLE))
        ).mappings().all()
    out = []
    for r in rows:
        d = compare(me, reports[r["id"]]) if r["id"] in reports else None
        out.append({**dict(r), "score": d.score if d else 0.0, "veto": d.veto if d else None,
                    "reason": d.reason if d else {}, "sources": len(roots[r["id"]])})
    out.sort(key=lambda x: (x["veto"] is not None, -x["score"], x["id"]))
    return out[:limit]
