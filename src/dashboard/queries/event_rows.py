"""The columns of an event's row in the meeting lists (its agencies, regions and number of
sources as subqueries) and the other reports of the same real meeting."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Engine, case, func, literal, or_, select

from dashboard.queries.tables import A, EA, ER, E, R, string_agg


EVENT_ROW_COLUMNS = (
    E.c.id, E.c.event_date, E.c.date_precision, E.c.activity, E.c.location, E.c.participants, E.c.level,
    E.c.status, E.c.confidence, E.c.election_id,
)


def plain_region_columns() -> tuple:
    """A region's columns when no election is chosen (no contest; today's province)."""
    return (R.c.code, R.c.name, R.c.level, literal("").label("contest"), R.c.province_code, R.c.province_name,
            R.c.lat, R.c.lon)


def event_agencies_col(engine: Engine):
    """The event's agencies as one comma-separated string (a correlated subquery), ``agencies``."""
    return (
        select(string_agg(engine, EA.c.agency_name)).where(EA.c.event_id == E.c.id).scalar_subquery().label("agencies")
    )


def event_regions_col(engine: Engine):
    """The event's region names as one comma-separated string (a correlated subquery), ``regions``."""
    return (
        select(string_agg(engine, R.c.name))
        .select_from(ER.join(R, R.c.code == ER.c.region_code))
        .where(ER.c.event_id == E.c.id)
        .scalar_subquery()
        .label("regions")
    )


def tidy_name_lists(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    """``cols`` from ``string_agg`` as sorted, de-duplicated ``"A, B"`` strings ("" for none)."""
    for c in cols:
        df[c] = df[c].fillna("").map(lambda s: ", ".join(sorted({x.strip() for x in s.split(",") if x.strip()})))
    return df


def event_sources_col():
    """How many articles report the event (its own and the reports merged into it), ``sources``."""
    m2 = E.alias("source_event")
    return (
        (select(func.count()).select_from(m2).where(m2.c.merged_into == E.c.id).scalar_subquery()
         + case((E.c.article_id.is_not(None), 1), else_=0)).label("sources")
    )



def other_reports(conn, event_ids: Sequence[int]) -> dict[int, list[dict]]:
    """For each event: the other articles reporting the same real event (article id, title,
    publisher, published, url; the main report first), from the event's group."""
    if not event_ids:
        return {}
    roots = {
        eid: into or eid
        for eid, into in conn.execute(select(E.c.id, E.c.merged_into).where(E.c.id.in_(list(event_ids))))
    }
    root_ids = sorted(set(roots.values()))
    rows = conn.execute(
        select(
            E.c.id, E.c.merged_into, E.c.article_id, A.c.title, A.c.publisher, A.c.published, A.c.url,
            E.c.source_url,
        )
        .select_from(E.outerjoin(A, A.c.id == E.c.article_id))
        .where(or_(E.c.id.in_(root_ids), E.c.merged_into.in_(root_ids)))
        .order_by(E.c.merged_into.is_not(None), A.c.published, E.c.id)
    ).mappings().all()
    by_root: dict[int, list[dict]] = {}
    for r in rows:
        by_root.setdefault(r["merged_into"] or r["id"], []).append(dict(r))
    out = {}
    for eid, root in roots.items():
        out[eid] = [
            {"event_id": r["id"], "article_id": r["article_id"], "title": r["title"], "publisher": r["publisher"],
             "published": r["published"], "url": r["url"] or r["source_url"], "main": r["merged_into"] is None}
            for r in by_root.get(root, [])
            if r["id"] != eid
        ]
    return out

