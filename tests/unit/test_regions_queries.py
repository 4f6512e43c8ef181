"""queries.regions on SQLite and PostgreSQL, on hand-made events whose answers are known."""

import datetime as dt
import hashlib
import itertools

import pytest
from sqlalchemy import insert

from dashboard import readiness as rd
from dashboard import synth
from dashboard.db import models as m
from dashboard.filters import Filters
from dashboard.queries import regions as qr

VOTE = dt.date(2020, 12, 9)
WIN = rd.window_start(VOTE, 30)  # 10 Nov 2020
_ids = itertools.count(1)


def add_event(engine, day, activity, regions, agencies=(), *, election="pilkada-2020", status="extracted",
              title="Rakor"):
    n = next(_ids)
    with engine.begin() as c:
        aid = c.execute(
            insert(m.Article).values(
                url=f"https://example.test/{n}", content_hash=hashlib.sha256(f"a{n}".encode()).hexdigest(),
                title=title, published=day, publisher="Test", text=f"{title} {n}", source="test",
            ).returning(m.Article.id)
        ).scalar_one()
        eid = c.execute(
            insert(m.Event).values(
                article_id=aid, ordinal=0, event_date=day, activity=activity, election_id=election,
                status=status, confidence=0.8, evidence={},
            ).returning(m.Event.id)
        ).scalar_one()
        for a in agencies:
            c.execute(insert(m.EventAgency).values(event_id=eid, agency_name=a))
        for r in regions:
            c.execute(insert(m.EventRegion).values(event_id=eid, region_code=r))
    return aid


@pytest.fixture
def known(engine):
    """Kabupaten Solok (13.02) meets all bodies; Sijunjung (13.03) once, long ago;
    Kota Solok (13.72) only outreach; Sumatera Barat (13) a governor race with one rakor;
    Merauke (93.01, Papua in 2020) one rakor; plus events that must not count."""
    e = engine
    add_event(e, dt.date(2020, 11, 20), "rakor", ["13.02"], ["KPU", "Bawaslu", "Pemda"])
    add_event(e, dt.date(2020, 12, 1), "rapat", ["13.02"], ["Polri", "TNI", "KPU"])
    add_event(e, dt.date(2020, 9, 1), "rakor", ["13.02"], ["Kesbangpol"])
    add_event(e, dt.date(2020, 11, 25), "sosialisasi", ["13.02"], ["DPRD"])
    add_event(e, dt.date(2020, 3, 1), "rakor", ["13.03"], ["KPU", "Bawaslu"])
    add_event(e, dt.date(2020, 11, 30), "sosialisasi", ["13.72"], ["KPU"])
    add_event(e, dt.date(2020, 10, 1), "rakor", ["13"], ["KPU", "Pemda"])
    add_event(e, dt.date(2020, 8, 1), "rakor", ["93.01"], ["Polri"])
    # not counted: rejected, after voting day, another election, undated
    add_event(e, dt.date(2020, 11, 21), "rakor", ["13.03"], ["TNI"], status="rejected")
    add_event(e, dt.date(2020, 12, 20), "rakor", ["13.03"], ["TNI"])
    add_event(e, dt.date(2020, 11, 22), "rakor", ["13.03"], ["TNI"], election="pilkada-2024")
    add_event(e, None, "rakor", ["13.03"], ["TNI"])
    return e


def _frame(engine, f=Filters(), ref=VOTE, days=30, codes=None):
    raw = qr.readiness(engine, f, ref, rd.window_start(ref, days), codes)
    return rd.build(raw, ref).set_index("code")


def test_readiness_of_known_regions(known):
    df = _frame(known)
    assert len(df) == 270 and df.index.is_unique
    solok = df.loc["13.02"]
    assert (solok["meetings"], solok["events"], solok["window_events"]) == (3, 4, 3)
    assert solok["last_meeting"] == dt.date(2020, 12, 1) and solok["days_since"] == 8
    assert solok["bodies_met"] == 5 and solok["status"] == "ready"
    assert solok["body_kpu"] == 2 and solok["body_pemda_kesbangpol"] == 2
    sij = df.loc["13.03"]
    # the rejected, post-vote, other-election and undated events do not count for readiness
    assert (sij["meetings"], sij["bodies_met"], sij["status"]) == (1, 2, "stale")
    assert sij["last_meeting"] == dt.date(2020, 3, 1)
    kota = df.loc["13.72"]
    assert (kota["meetings"], kota["window_events"], kota["status"]) == (0, 1, "none")
    assert df.loc["13"]["level"] == "provinsi" and df.loc["13"]["contest"] == "gubernur"
    assert df.loc["13"]["meetings"] == 1
    assert df.loc["93.01"]["province_code"] == "91" and df.loc["93.01"]["meetings"] == 1
    assert df.loc["12.03"]["status"] == "none" and df.loc["12.03"]["events"] == 0


def test_events_follow_every_filter_but_readiness_does_not(known):
    base = _frame(known)
    narrow = _frame(known, Filters(agencies=("DPRD",), activities=("sosialisasi",)))
    assert narrow.loc["13.02", "events"] == 1 and base.loc["13.02", "events"] == 4
    assert narrow.loc["13.02", "meetings"] == base.loc["13.02", "meetings"] == 3
    assert narrow.loc["13.02", "status"] == "ready"


def test_period_and_window(known):
    df = _frame(known, Filters(date_to=dt.date(2020, 11, 30)), ref=dt.date(2020, 11, 30), days=7)
    solok = df.loc["13.02"]
    assert solok["meetings"] == 2 and solok["body_tni"] == 0 and solok["status"] == "partial"
    assert solok["window_events"] == 1  # 25 Nov outreach; 20 Nov is outside the 7-day window
    df = _frame(known, Filters(date_from=dt.date(2020, 10, 1)))
    assert df.loc["13.03", "meetings"] == 0 and df.loc["13.02", "meetings"] == 2


def test_province_drill_down_uses_the_province_at_the_election(known):
    df = _frame(known, Filters(province="13"))
    assert len(df) == 14 and "13" in df.index and "13.02" in df.index
    papua = _frame(known, Filters(province="91"))
    assert "93.01" in papua.index and all(c.split(".")[0] in {"91", "93", "94", "95"} for c in papua.index)
    assert papua.loc["93.01", "meetings"] == 1


def test_election_switch(known):
    df = _frame(known, Filters(election="pilkada-2024"), ref=dt.date(2024, 11, 27))
    assert len(df) == 545
    assert df.loc["13.03", "meetings"] == 1  # only its pilkada-2024 event
    assert df.loc["13.02", "meetings"] == 0
    assert set(df["level"]) == {"provinsi", "kabupaten", "kota"}


def test_explicit_codes_outside_the_election(known):
    df = _frame(known, codes=("11.01", "13.02"))
    assert list(df.index) == ["11.01", "13.02"]
    assert df.loc["11.01", "contest"] == "" and df.loc["11.01", "province_code"] == "11"
    assert df.loc["13.02", "contest"] == "bupati" and df.loc["13.02", "meetings"] == 3


def test_without_an_election_only_regions_with_events(known):
    df = _frame(known, Filters(election="semua"))
    assert set(df.index) == {"13.02", "13.03", "13.72", "13", "93.01"}
    assert df.loc["13.03", "meetings"] == 2  # the 2024-election event counts too (dated before the reference)


def test_meetings_by_stage(known):
    counts = qr.meetings_by_stage(known, Filters(), VOTE)
    assert set(counts["code"]) <= {"13.02", "13.03", "13", "93.01"}
    c = counts.set_index(["code", "stage"])
    assert c.loc[("13.02", "Kampanye"), "before"] == 1  # the 1 Sep rakor; campaign starts 26 Sep
    assert c.loc[("13.02", "Kampanye"), "during"] == 2
    assert c.loc[("13.02", "Pemungutan suara"), "before"] == 3
    assert c.loc[("13.03", "Pembentukan PPS"), "during"] == 1
    one = qr.meetings_by_stage(known, Filters(), VOTE, ("13.02",))
    assert set(one["code"]) == {"13.02"}
    assert qr.meetings_by_stage(known, Filters(election="semua"), VOTE).empty
    prov = qr.meetings_by_stage(known, Filters(province="91"), VOTE)
    assert set(prov["code"]) == {"93.01"}


def test_region_info(known):
    solok = qr.region_info(known, "13.02")
    assert solok["name"] == "Kabupaten Solok"
    assert [c["election_id"] for c in solok["contests"]] == ["pilkada-2024", "pilkada-2020"]
    prov = qr.region_info(known, "13")
    assert prov["level"] == "provinsi" and prov["n_children"] == 19
    assert qr.region_info(known, "99.99") is None
    aceh = qr.region_info(known, "11.01")
    assert [c["election_id"] for c in aceh["contests"]] == ["pilkada-2024"]


def test_region_agencies_and_articles(known):
    ag = qr.region_agencies(known, Filters(agencies=("TNI",)), "13.02").set_index("agency")
    # the agency filter does not hide the other agencies of the region
    assert set(ag.index) == {"KPU", "Bawaslu", "Pemda", "Polri", "TNI", "Kesbangpol", "DPRD"}
    assert ag.loc["KPU", "events"] == 2 and ag.loc["KPU", "meetings"] == 2
    assert ag.loc["DPRD", "meetings"] == 0 and ag.loc["KPU", "last_date"] == dt.date(2020, 12, 1)
    assert ag.loc["KPU", "full_name"].startswith("Komisi")
    arts = qr.region_articles(known, Filters(), "13.02")
    assert len(arts) == 4 and arts["last_event"].is_monotonic_decreasing
    assert qr.region_articles(known, Filters(activities=("sosialisasi",)), "13.02")["events"].sum() == 1


def test_election_region_codes(known):
    codes = qr.election_region_codes(known, "pilkada-2020")
    assert len(codes) == 270 and codes["93.01"] == "91"
    assert qr.election_region_codes(known, None) == {}
    assert qr.election_region_codes(known, "pemilu-2019") == {}


def test_readiness_on_volume_matches_the_event_table(engine):
    """On synthetic volume: every election region once; meetings never exceed events."""
    synth.generate(engine, 800, seed=5)
    df = _frame(engine)
    assert len(df) == 270
    assert (df["meetings"] <= df["events"]).all()
    assert df["events"].sum() >= 800
    assert (df["bodies_met"] <= 5).all()
    assert set(df["status"]) <= set(rd.LEVELS)
