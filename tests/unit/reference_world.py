"""The seeded random database the query-layer reference tests read (issue 13): synthetic
volume (``synth``) made irregular on purpose (rejected events, reports merged into other
events, undated and month-only dates, events of other elections, events without an article
or a level, events naming regions of two provinces), with its events, agencies and regions
read into Python for the reference computations. ``world`` is a fixture (through
``conftest``), on SQLite and PostgreSQL (``engine``)."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select, update

from dashboard import synth
from dashboard.db import models as m


def _irregular(engine, seed: int) -> None:
    """Make the synthetic events irregular (see the module docstring)."""
    rng = random.Random(seed)
    with engine.begin() as conn:
        ids = list(conn.scalars(select(m.Event.id).order_by(m.Event.id)))
        for eid in ids:
            r = rng.random()
            if r < 0.06:
                conn.execute(update(m.Event).where(m.Event.id == eid).values(status="rejected"))
            elif r < 0.10:
                conn.execute(update(m.Event).where(m.Event.id == eid).values(event_date=None, date_precision=None))
            elif r < 0.16:
                conn.execute(update(m.Event).where(m.Event.id == eid).values(date_precision="month"))
            elif r < 0.20:
                conn.execute(update(m.Event).where(m.Event.id == eid).values(election_id="pemilu-2019"))
            elif r < 0.23:
                conn.execute(update(m.Event).where(m.Event.id == eid).values(level=None))
            elif r < 0.25:
                conn.execute(update(m.Event).where(m.Event.id == eid).values(status="confirmed"))
        # reports merged into an earlier event (the merged report keeps its own article)
        for eid in rng.sample(ids[10:], len(ids) // 12):
            into = rng.choice(ids[:10])
            conn.execute(update(m.Event).where(m.Event.id == eid).values(merged_into=into))
        # events that also name a region of another province (one of the sampled provinces
        # among them, so a province filter meets regions outside it)
        er = m.EventRegion.__table__
        named = {eid: set(conn.scalars(select(er.c.region_code).where(er.c.event_id == eid))) for eid in ids[10:60]}
        codes = sorted(conn.scalars(select(m.Region.code).where(m.Region.code.like("%.%"))))
        for eid in rng.sample(sorted(e for e, have in named.items() if have), 12):
            here = {c.split(".")[0] for c in named[eid]}
            other = [c for c in codes if c.split(".")[0] not in here and c.split(".")[0] in ("13", "32", "35", "91")]
            conn.execute(er.insert().values(event_id=eid, region_code=rng.choice(other)))
        # a few events without an article (entered by hand)
        for eid in rng.sample(ids, 3):
            conn.execute(
                update(m.Event).where(m.Event.id == eid).values(article_id=None, status="manual", ordinal=0)
            )


@pytest.fixture
def world(engine):
    synth.generate(engine, 160, seed=13)
    _irregular(engine, 13)
    with engine.connect() as conn:
        events = [dict(r) for r in conn.execute(select(m.Event.__table__)).mappings()]
        agencies = list(conn.execute(select(m.EventAgency.event_id, m.EventAgency.agency_name)))
        regions = list(conn.execute(select(m.EventRegion.event_id, m.EventRegion.region_code)))
        n_articles = conn.scalar(select(m.Article.id).order_by(m.Article.id.desc()).limit(1))
        elr = list(conn.execute(select(m.ElectionRegion.election_id, m.ElectionRegion.region_code)))
    tags_a: dict[int, set[str]] = {}
    for eid, name in agencies:
        tags_a.setdefault(eid, set()).add(name)
    tags_r: dict[int, set[str]] = {}
    for eid, code in regions:
        tags_r.setdefault(eid, set()).add(code)
    with engine.connect() as conn:
        total_articles = conn.scalar(select(func.count()).select_from(m.Article))
    assert n_articles and total_articles
    return {
        "engine": engine, "events": events, "agencies": tags_a, "regions": tags_r,
        "articles_total": total_articles, "elr": elr, "region_codes": sorted({c for _, c in regions}),
    }


# ---------------------------------------------------------------- the reference
