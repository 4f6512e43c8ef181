"""Small queries of reference data and the cache key: elections, agencies, provinces and
regions to choose from, the election's stage calendar and the data version. Re-exported by
``queries.core`` (``queries.elections(...)``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from dashboard.queries.tables import AG, DV, EL, ELR, ST, R, _df


def elections(engine: Engine) -> pd.DataFrame:
    stmt = select(EL.c.id, EL.c.name, EL.c.kind, EL.c.year, EL.c.voting_date, EL.c.in_scope).order_by(
        EL.c.in_scope.desc(), EL.c.year, EL.c.kind
    )
    return _df(engine, stmt)


def agencies(engine: Engine) -> pd.DataFrame:
    stmt = select(AG.c.name, AG.c.full_name, AG.c.full_name_en, AG.c.group).order_by(AG.c.sort_order, AG.c.name)
    return _df(engine, stmt)


def provinces(engine: Engine, election_id: str | None) -> pd.DataFrame:
    """Provinces with regions in the election (all provinces when no election)."""
    if election_id:
        stmt = (
            select(ELR.c.province_code.label("code"), func.min(ELR.c.province_name).label("name"))
            .where(ELR.c.election_id == election_id)
            .group_by(ELR.c.province_code)
            .order_by(ELR.c.province_code)
        )
        df = _df(engine, stmt)
        if not df.empty:
            return df
    stmt = select(R.c.code, R.c.name).where(R.c.level == "provinsi").order_by(R.c.code)
    return _df(engine, stmt)


def region_options(engine: Engine, election_id: str | None, province: str | None = None) -> pd.DataFrame:
    """Regions to choose from: the election's contests, or all regions."""
    if election_id:
        stmt = (
            select(R.c.code, R.c.name, R.c.level, ELR.c.province_code)
            .join(ELR, and_(ELR.c.region_code == R.c.code, ELR.c.election_id == election_id))
            .order_by(R.c.code)
        )
        if province:
            stmt = stmt.where(ELR.c.province_code == province)
        df = _df(engine, stmt)
        if not df.empty:
            return df
    stmt = select(R.c.code, R.c.name, R.c.level, R.c.province_code).order_by(R.c.code)
    if province:
        stmt = stmt.where(R.c.province_code == province)
    return _df(engine, stmt)


def all_region_codes(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(R.c.code)))


def data_version(engine: Engine) -> tuple:
    """Changes whenever articles or events change: part of every cache key. One row, bumped
    by triggers in the writing transaction (migration 0005), read by its primary key."""
    with engine.connect() as conn:
        version = conn.scalar(select(DV.c.version).where(DV.c.id == 1))
    return (str(version),)


def stages(engine: Engine, election_id: str | None) -> pd.DataFrame:
    if not election_id:
        return pd.DataFrame(columns=["stage", "start", "end", "regulation", "note"])
    stmt = (
        select(ST.c.stage, ST.c.start, ST.c.end, ST.c.regulation, ST.c.note)
        .where(ST.c.election_id == election_id)
        .order_by(ST.c.start, ST.c.end)
    )
    df = _df(engine, stmt)
    for c in ("start", "end"):
        df[c] = pd.to_datetime(df[c])
    return df


def election_info(engine: Engine, election_id: str | None) -> dict | None:
    if not election_id:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(EL).where(EL.c.id == election_id)).mappings().first()
        return dict(row) if row else None


def stage_status(engine: Engine, election_id: str | None, today: dt.date) -> dict:
    """The stages running on ``today`` and the next one to start."""
    if not election_id:
        return {"current": [], "next": None}
    with engine.connect() as conn:
        cur = conn.execute(
            select(ST.c.stage, ST.c.start, ST.c.end)
            .where(ST.c.election_id == election_id, ST.c.start <= today, ST.c.end >= today)
            .order_by(ST.c.start)
        ).mappings().all()
        nxt = conn.execute(
            select(ST.c.stage, ST.c.start, ST.c.end)
            .where(ST.c.election_id == election_id, ST.c.start > today)
            .order_by(ST.c.start)
            .limit(1)
        ).mappings().first()
    return {"current": [dict(r) for r in cur], "next": dict(nxt) if nxt else None}


def region_names(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(select(R.c.code, R.c.name)).all())
