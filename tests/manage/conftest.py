"""Helpers for the manage tests: users, a few articles with extracted events."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import auth
from dashboard.db import models as m
from dashboard.db.engine import session_scope

PASSWORD = "rahasia-yang-panjang-1"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Argon2id with small parameters: the production ones cost ~0.5 s a hash on CI.
    (``test_auth.test_production_hash_parameters`` checks the real ones.)"""
    from argon2 import PasswordHasher

    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", fast)
    monkeypatch.setattr(auth, "_DUMMY_HASH", fast.hash("dummy-password"))


@pytest.fixture
def users(engine):
    """admin1, editor1, viewer1 (all with PASSWORD)."""
    for name, role in (("admin1", "admin"), ("editor1", "editor"), ("viewer1", "viewer")):
        auth.create_user(engine, name, PASSWORD, role, actor="test")
    return engine


def add_extracted(engine, n: int = 5, *, text: str = "Rapat koordinasi Pilkada di Solok.", start_id: int = 0) -> list[int]:
    """``n`` articles, each with one extracted event of rising confidence, a week apart (so
    that they are separate real events: merging never joins two different dates); returns
    event ids."""
    ids = []
    with session_scope(engine) as s:
        for i in range(n):
            art = m.Article(
                url=f"https://berita.example/{start_id + i}",
                content_hash=f"{start_id + i:064x}",
                title=f"Rakor {start_id + i}",
                published=dt.date(2020, 3, 2),
                text=f"{text} {start_id + i}",
            )
            s.add(art)
            s.flush()
            ev = m.Event(
                article_id=art.id, ordinal=0, event_date=dt.date(2020, 3, 2) + dt.timedelta(weeks=i), activity="rakor",
                location="Aula Kantor Bupati", election_id="pilkada-2020", level="kabkota",
                status="extracted", confidence=round(0.2 + 0.1 * i, 2), evidence={},
            )
            ev.agencies = [m.EventAgency(agency_name="KPU", role="participant", confidence=0.7)]
            ev.regions = [m.EventRegion(region_code="13.02", confidence=0.8)]
            s.add(ev)
            s.flush()
            ids.append(ev.id)
    return ids


def event_row(engine, event_id: int) -> m.Event:
    with session_scope(engine) as s:
        ev = s.get(m.Event, event_id)
        ev.agencies, ev.regions  # noqa: B018 - load before the session closes
        return ev
