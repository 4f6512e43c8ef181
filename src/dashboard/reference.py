"""Reference data from ``data/``: regions, elections, election regions, stage calendars,
agencies. Read from the CSV files (checked facts, see ``data/PROVENANCE.md``) and synced
into the database idempotently.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.config import DATA_DIR
from dashboard.db import models as m


def _rows(name: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    with open(data_dir / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _date(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    level: str
    province_code: str
    province_name: str
    lat: float
    lon: float
    aliases: tuple[str, ...]

    @property
    def bare_name(self) -> str:
        """Name without its level word (``Kabupaten Solok`` -> ``Solok``)."""
        for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name


@dataclass(frozen=True)
class ElectionRef:
    id: str
    name: str
    kind: str
    year: int
    voting_date: dt.date | None
    in_scope: bool
    regions_file: str


@dataclass(frozen=True)
class ElectionRegionRef:
    election_id: str
    region_code: str
    contest: str
    province_code: str
    province_name: str
    code_at_election: str


@dataclass(frozen=True)
class StageRef:
    election_id: str
    stage: str
    start: dt.date
    end: dt.date
    regulation: str
    note: str


@dataclass(frozen=True)
class AgencyRef:
    name: str
    full_name: str
    full_name_en: str
    group: str
    sort_order: int


@functools.lru_cache(maxsize=1)
def regions() -> dict[str, RegionRef]:
    out = {}
    for r in _rows("regions_all.csv"):
        out[r["code"]] = RegionRef(
            code=r["code"],
            name=r["name"],
            level=r["level"],
            province_code=r["province_code"],
            province_name=r["province_name"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            aliases=tuple(a.strip() for a in r["aliases"].split(";") if a.strip()),
        )
    return out


@functools.lru_cache(maxsize=1)
def elections() -> dict[str, ElectionRef]:
    out = {}
    for r in _rows("elections.csv"):
        out[r["id"]] = ElectionRef(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            year=int(r["year"]),
            voting_date=_date(r["voting_date"]),
            in_scope=r["in_scope"].strip().lower() == "true",
            regions_file=r["regions_file"],
        )
    return out


def election_id_for_name(name: str | None) -> str | None:
    """``Pilkada 2020`` -> ``pilkada-2020`` (also for elections not in the table)."""
    if not name:
        return None
    return "-".join(name.strip().lower().split())


@functools.lru_cache(maxsize=4)
def election_regions(election_id: str) -> tuple[ElectionRegionRef, ...]:
    e = elections()[election_id]
    if not e.regions_file:
        return ()
    out = []
    for r in _rows(e.regions_file):
        out.append(
            ElectionRegionRef(
                election_id=election_id,
                region_code=r["code"],
                contest=r["contest"],
                province_code=r["province_code"],
                province_name=r["province_name"],
                code_at_election=r.get("code_2020") or r["code"],
            )
        )
    return tuple(out)


@functools.lru_cache(maxsize=1)
def stages() -> tuple[StageRef, ...]:
    out = []
    for r in _rows("election_stages.csv"):
        out.append(
            StageRef(
                election_id=election_id_for_name(r["election"]) or "",
                stage=r["stage"],
                start=dt.date.fromisoformat(r["start"]),
                end=dt.date.fromisoformat(r["end"]),
                regulation=r["regulation"],
                note=r["note"],
            )
        )
    return tuple(out)


@functools.lru_cache(maxsize=1)
def agencies() -> dict[str, AgencyRef]:
    out = {}
    for r in _rows("agencies.csv"):
        out[r["name"]] = AgencyRef(
            name=r["name"],
            full_name=r["full_name"],
            full_name_en=r["full_name_en"],
            group=r["group"],
            sort_order=int(r["sort_order"]),
        )
    return out


def _upsert(session: Session, model, key_cols: tuple[str, ...], rows: list[dict]) -> int:
    """Insert missing rows and update changed ones; returns the number of writes."""
    existing = {tuple(getattr(o, k) for k in key_cols): o for o in session.scalars(select(model))}
    writes = 0
    for row in rows:
        key = tuple(row[k] for k in key_cols)
        obj = existing.get(key)
        if obj is None:
            session.add(model(**row))
            writes += 1
        else:
            changed = False
            for k, v in row.items():
                if getattr(obj, k) != v:
                    setattr(obj, k, v)
                    changed = True
            writes += changed
    return writes


def sync_reference(session: Session) -> int:
    """Load every reference table into the database. Idempotent; returns rows written."""
    writes = _upsert(
        session,
        m.Region,
        ("code",),
        [
            dict(
                code=r.code,
                name=r.name,
                level=r.level,
                province_code=r.province_code,
                province_name=r.province_name,
                lat=r.lat,
                lon=r.lon,
                aliases=";".join(r.aliases),
            )
            for r in regions().values()
        ],
    )
    writes += _upsert(
        session,
        m.Election,
        ("id",),
        [
            dict(id=e.id, name=e.name, kind=e.kind, year=e.year, voting_date=e.voting_date, in_scope=e.in_scope)
            for e in elections().values()
        ],
    )
    session.flush()
    er_rows = []
    for e in elections().values():
        for r in election_regions(e.id):
            er_rows.append(
                dict(
                    election_id=r.election_id,
                    region_code=r.region_code,
                    contest=r.contest,
                    province_code=r.province_code,
                    province_name=r.province_name,
                    code_at_election=r.code_at_election,
                )
            )
    writes += _upsert(session, m.ElectionRegion, ("election_id", "region_code"), er_rows)
    writes += _upsert(
        session,
        m.ElectionStage,
        ("election_id", "stage", "start"),
        [
            dict(election_id=s.election_id, stage=s.stage, start=s.start, end=s.end, regulation=s.regulation, note=s.note)
            for s in stages()
        ],
    )
    alias_map = _agency_aliases()
    writes += _upsert(
        session,
        m.Agency,
        ("name",),
        [
            dict(
                name=a.name,
                full_name=a.full_name,
                full_name_en=a.full_name_en,
                group=a.group,
                sort_order=a.sort_order,
                aliases=";".join(alias_map.get(a.name, ())),
            )
            for a in agencies().values()
        ],
    )
    session.flush()
    return writes


def _agency_aliases() -> dict[str, list[str]]:
    """Alias strings per agency from ``data/agency_aliases.csv`` when present (for display)."""
    path = DATA_DIR / "agency_aliases.csv"
    if not path.exists():
        return {}
    out: dict[str, list[str]] = {}
    for r in _rows("agency_aliases.csv"):
        name = r.get("agency", "")
        alias = (r.get("alias") or "").strip()
        if name and alias and alias not in out.setdefault(name, []):
            out[name].append(alias)
    return out


def ensure_election(session: Session, name: str) -> str | None:
    """Return the id of the election called ``name``, creating an out-of-scope row for
    elections not in the reference table (e.g. ``Pilkades 2020``)."""
    eid = election_id_for_name(name)
    if not eid:
        return None
    if session.get(m.Election, eid) is None:
        parts = name.split()
        year = int(parts[-1]) if parts and parts[-1].isdigit() else 0
        kind = parts[0].lower() if parts else "other"
        session.add(m.Election(id=eid, name=name.strip(), kind=kind, year=year, voting_date=None, in_scope=False))
        session.flush()
    return eid
