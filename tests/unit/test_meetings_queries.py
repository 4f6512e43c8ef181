"""The queries of Rapat Koordinasi and Instansi, on SQLite and PostgreSQL (``engine``).

Aggregates are checked against the rows they summarise: a small hand-made set of meetings
whose counts are known, and synthetic volume for consistency between queries."""

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, insert, select, update

from dashboard import meetings, rollup, synth
from dashboard.db import models as m
from dashboard.filters import Filters
from dashboard.queries import core, event_lists, rollup_reads
from dashboard.queries import meetings as qm

D = dt.date


def _add(engine, rows):
    """rows: (id, date, activity, level, agencies, regions)."""
    with engine.begin() as conn:
        conn.execute(
            insert(m.Article),
            [
                {"id": r[0], "url": f"https://example.test/{r[0]}", "content_hash": f"h{r[0]}", "title": f"Rapat <b>{r[0]}</b>",
                 "published": r[1], "publisher": "Uji", "text": "teks", "ingested_at": m.utcnow()}
                for r in rows
            ],
        )
        conn.execute(
            insert(m.Event),
            [
                {"id": r[0], "article_id": r[0], "ordinal": 0, "event_date": r[1], "activity": r[2], "level": r[3],
                 "election_id": "pilkada-2020", "status": "extracted", "confidence": 0.8, "evidence": {},
                 "location": f"Aula {r[0]}", "created_at": m.utcnow(), "updated_at": m.utcnow()}
                for r in rows
            ],
        )
        conn.execute(
            insert(m.EventAgency),
            [{"event_id": r[0], "agency_name": a, "role": "participant", "confidence": 0.7} for r in rows for a in r[4]],
        )
        conn.execute(
            insert(m.EventRegion),
            [{"event_id": r[0], "region_code": c, "confidence": 0.8} for r in rows for c in r[5]],
        )


ROWS = [
    # id, date, activity, level, agencies, regions
    (1, D(2020, 1, 6), "rakor", "kabkota", ("KPU", "Bawaslu", "Pemda"), ("13.02",)),
    (2, D(2020, 1, 20), "rakor", "provinsi", ("KPU", "Bawaslu"), ("13",)),
    (3, D(2020, 2, 3), "sosialisasi", "kabkota", ("KPU",), ("13.02",)),
    (4, D(2020, 2, 4), "rakor", "nasional", ("Kemendagri", "KPU"), ("13.02",)),
    (5, D(2020, 3, 10), "apel", "kabkota", ("Polri", "TNI", "Bawaslu"), ("13.72",)),
    (6, D(2020, 3, 11), "rakor", None, ("Polri", "TNI"), ("13.72",)),
]


@pytest.fixture
def small(engine):
    _add(engine, ROWS)
    return engine


@pytest.fixture
def filled(engine):
    synth.generate(engine, 500, seed=5)
    return engine


def test_over_time_counts_by_month_and_activity(small):
    df = qm.over_time(small, Filters(), "month", "activity")
    got = {(p.date().isoformat(), a): n for p, a, n in df[["period", "activity", "n"]].itertuples(index=False)}
    assert got == {
        ("2020-01-01", "rakor"): 2,
        ("2020-02-01", "sosialisasi"): 1,
        ("2020-02-01", "rakor"): 1,
        ("2020-03-01", "apel"): 1,
        ("2020-03-01", "rakor"): 1,
    }


def test_over_time_by_level_and_week(small):
    by_level = qm.over_time(small, Filters(), "month", "level")
    assert by_level["n"].sum() == 6
    assert by_level[by_level["level"] == "nasional"]["n"].sum() == 1
    assert by_level["level"].isna().sum() == 1  # the meeting without a level is kept
    weeks = qm.over_time(small, Filters(), "week", "activity")
    assert all(p.weekday() == 0 for p in weeks["period"])
    assert weeks["n"].sum() == 6


def test_level_filter_and_level_totals(small):
    lt = qm.level_totals(small, Filters())
    totals = {(None if pd.isna(k) else k): n for k, n in zip(lt["level"], lt["n"])}
    assert totals == {"kabkota": 3, "provinsi": 1, "nasional": 1, None: 1}
    assert qm.key_numbers(small, Filters(levels=("kabkota",)))["meetings"] == 3


def test_calendar_and_event_detail(small):
    cal = qm.calendar(small, Filters(activities=("rakor",)))
    assert list(cal["id"]) == [6, 4, 2, 1]  # newest first
    assert cal.loc[cal["id"] == 1, "agencies"].item() == "Bawaslu, KPU, Pemda"
    assert len(qm.calendar(small, Filters(), limit=2)) == 2
    ev = qm.event_detail(small, 4)
    assert ev["activity"] == "rakor" and ev["article_title"] == "Rapat <b>4</b>"
    assert [a["agency_name"] for a in ev["agencies"]] == ["KPU", "Kemendagri"]
    assert [r["code"] for r in ev["regions"]] == ["13.02"]
    assert qm.event_detail(small, 999) is None


def test_agency_period_counts_each_meeting_once_per_agency(small):
    df = qm.agency_period(small, Filters(), "month")
    got = {(p.date().isoformat(), a): n for p, a, n in df[["period", "agency", "n"]].itertuples(index=False)}
    assert got[("2020-01-01", "KPU")] == 2 and got[("2020-02-01", "KPU")] == 2 and got[("2020-03-01", "Polri")] == 2
    only = qm.agency_period(small, Filters(agencies=("TNI",)), "month")
    assert set(only["agency"]) == {"TNI"}


def test_co_participation_is_a_self_join(small):
    pairs = qm.co_participation(small, Filters())
    got = {(a, b): n for a, b, n in pairs[["a", "b", "n"]].itertuples(index=False)}
    assert got == {
        ("Bawaslu", "KPU"): 2,
        ("Bawaslu", "Pemda"): 1,
        ("KPU", "Pemda"): 1,
        ("KPU", "Kemendagri"): 1,
        ("Polri", "TNI"): 2,
        ("Bawaslu", "Polri"): 1,
        ("Bawaslu", "TNI"): 1,
    }
    assert all(a < b for a, b in got)  # each pair once
    assert pairs["n"].is_monotonic_decreasing
    totals = dict(zip(qm.agency_meetings(small, Filters())["agency"], qm.agency_meetings(small, Filters())["n"]))
    assert totals["KPU"] == 4 and totals["TNI"] == 2
    # filters apply to the meetings, not to who else attended them
    march = qm.co_participation(small, Filters(date_from=D(2020, 3, 1)))
    assert set(zip(march["a"], march["b"])) == {("Polri", "TNI"), ("Bawaslu", "Polri"), ("Bawaslu", "TNI")}


def test_agency_match_all_keeps_shared_meetings_only(small):
    both = Filters(agencies=("KPU", "Bawaslu"), agency_all=True)
    assert qm.key_numbers(small, both)["meetings"] == 2
    assert qm.key_numbers(small, both.with_(agency_all=False))["meetings"] == 5
    ap = qm.agency_period(small, both, "month")
    assert set(ap["agency"]) == {"KPU", "Bawaslu"} and ap["n"].sum() == 4


def test_change_windows_and_counts(small):
    w = meetings.windows(D(2020, 3, 15))
    assert w.recent_start == D(2020, 2, 17) and w.before_start == D(2019, 11, 25) and w.before_end == D(2020, 2, 16)
    by_agency = qm.change_by_agency(small, Filters(), w)
    got = {a: (r, b) for a, r, b in by_agency[["agency", "recent", "before"]].itertuples(index=False)}
    assert got["KPU"] == (0, 4) and got["Polri"] == (2, 0) and got["Bawaslu"] == (1, 2)
    # the period filter does not narrow the windows; the other filters do
    assert qm.change_by_agency(small, Filters(date_from=D(2020, 3, 1)), w).equals(by_agency)
    assert set(qm.change_by_agency(small, Filters(agencies=("KPU",)), w)["agency"]) == {"KPU"}
    by_region = qm.change_by_region(small, Filters(), w)
    got = {c: (r, b) for c, r, b in by_region[["code", "recent", "before"]].itertuples(index=False)}
    assert got["13.72"] == (2, 0) and got["13.02"] == (0, 3) and got["13"] == (0, 1)
    assert qm.change_total(small, Filters(), w) == {"recent": 2, "before": 4}
    flags = meetings.add_flags(by_agency).set_index("agency")["flag"]
    assert flags["KPU"] == "stopped" and flags["Polri"] == "rising"


def test_region_filters_combine_with_region_joins(small):
    """A region or province filter (an EXISTS on event_region) inside a query that joins
    event_region itself must not be auto-correlated away."""
    w = meetings.windows(D(2020, 3, 15))
    f = Filters(province="13", agencies=("KPU", "Bawaslu"), agency_all=True)
    assert not qm.change_by_region(small, f, w).empty
    assert qm.change_by_agency(small, f, w)["before"].sum() == 4


def test_last_event_date_and_key_numbers(small):
    assert qm.last_event_date(small, Filters(date_to=D(2020, 1, 31))) == D(2020, 3, 11)  # period ignored
    assert qm.last_event_date(small, Filters(activities=("sosialisasi",))) == D(2020, 2, 3)
    k = qm.key_numbers(small, Filters())
    assert k["meetings"] == 6 and k["agencies"] == 6 and k["regions"] == 3
    assert k["first_date"] == D(2020, 1, 6) and k["last_date"] == D(2020, 3, 11)
    assert k["busiest_month"] == D(2020, 1, 1) and k["busiest_n"] == 2
    empty = qm.key_numbers(small, Filters(q="tidakadakatainidimanapun"))
    assert empty["meetings"] == 0 and empty["busiest_month"] is None


def test_queries_agree_on_volume(filled):
    f = Filters(province="13", activities=("rakor", "rapat"))
    total = core.count_events(filled, f)
    assert qm.over_time(filled, f, "month")["n"].sum() == total
    assert qm.over_time(filled, f, "week", "level")["n"].sum() == total
    assert qm.key_numbers(filled, f)["meetings"] == total
    assert len(qm.calendar(filled, f)) == total
    per_agency = qm.agency_meetings(filled, f)
    assert qm.agency_period(filled, f, "month").groupby("agency")["n"].sum().to_dict() == dict(
        zip(per_agency["agency"], per_agency["n"])
    )
    ref = qm.last_event_date(filled, f)
    w = meetings.windows(ref)
    tot = qm.change_total(filled, f, w)
    assert tot["recent"] + tot["before"] == core.count_events(filled, f.with_(date_from=w.before_start, date_to=ref))


def test_synthetic_levels_include_national_and_province(filled):
    levels = set(qm.level_totals(filled, Filters())["level"])
    assert {"nasional", "provinsi", "kabkota"} <= levels


def test_a_regions_listed_events_follow_writes_and_the_cap(engine, monkeypatch):
    """With a region, the filtered events are listed once (``core.LISTED_EVENTS``) and every
    query reads them by id: a write shows at once (the listing is keyed by the data
    version), and a region with more events than the cap is filtered as before."""
    from dashboard.queries import textsearch

    _add(engine, ROWS)
    textsearch.clear_listed()
    f = Filters(region="13.02")
    assert qm.key_numbers(engine, f)["meetings"] == 3
    assert sorted(int(i) for i in event_lists.events_table(engine, f, 100)["id"]) == [1, 3, 4]
    _add(engine, [(7, D(2020, 4, 1), "rakor", "kabkota", ("KPU",), ("13.02",))])
    assert qm.key_numbers(engine, f)["meetings"] == 4
    assert sorted(int(i) for i in event_lists.events_table(engine, f, 100)["id"]) == [1, 3, 4, 7]
    with engine.begin() as conn:  # a raw delete of a region row bumps the data version too
        conn.execute(m.EventRegion.__table__.delete().where(m.EventRegion.event_id == 3))
    assert sorted(int(i) for i in event_lists.events_table(engine, f, 100)["id"]) == [1, 4, 7]
    monkeypatch.setattr(core, "LISTED_EVENTS", 2)  # more events than the cap: not listed
    textsearch.clear_listed()
    assert sorted(int(i) for i in event_lists.events_table(engine, f, 100)["id"]) == [1, 4, 7]
    assert qm.key_numbers(engine, f)["meetings"] == 3


def test_the_newest_listing_serves_pages_inside_it_and_not_undated_ones(engine, monkeypatch):
    """The calendar lists a filter's newest dated events once (``event_lists.NEWEST_LISTED``); the
    events table reads a page from that list only when the list holds the whole page (dated
    events come first), else it sorts the events itself (an undated event comes last)."""
    from dashboard.queries import textsearch

    _add(engine, ROWS + [(8, None, "rakor", "kabkota", ("KPU",), ("13.02",))])
    monkeypatch.setattr(event_lists, "NEWEST_LISTED", 10)
    monkeypatch.setattr(event_lists, "NEWEST_LISTING", 1)
    textsearch.clear_listed()
    f = Filters(province="13")
    with rollup_reads.disabled():  # else the kept province key answers (the test below)
        assert [int(i) for i in qm.calendar(engine, f, 10)["id"]] == [6, 5, 4, 3, 2, 1]
        assert [int(i) for i in event_lists.events_table(engine, f, 3, 1)["id"]] == [5, 4, 3]
        assert [int(i) for i in event_lists.events_table(engine, f, 10)["id"]] == [6, 5, 4, 3, 2, 1, 8]


def test_a_provinces_newest_events_are_read_from_the_kept_key_and_follow_writes(engine):
    """A province's newest events (with a period or none) come from ``province_newest``,
    which the fold keeps in step with every write: a new event, a date moved, an event
    moved to another province, one rejected, an undated one (last), and a report merged
    into another event (not listed). Checked against the events' own order."""
    _add(engine, ROWS + [(8, None, "rakor", "kabkota", ("KPU",), ("13.02",)),
                         (9, D(2020, 3, 12), "rakor", "kabkota", ("KPU",), ("32.01",)),
                         (10, D(2020, 3, 11), "apel", "kabkota", ("TNI",), ("13.72",))])

    def ids(f, limit=10, offset=0, *, dated=False):
        with engine.connect() as conn:
            got = [int(i) for i in conn.execute(select(event_lists.newest_page(engine, f, limit, offset, dated=dated)))
                   .scalars()]
            kept = conn.scalar(select(func.count()).select_from(rollup.PN))
        with rollup_reads.disabled():
            with engine.connect() as conn:
                want = [int(i) for i in conn.execute(select(event_lists.newest_page(engine, f, limit, offset, dated=dated)))
                        .scalars()]
        assert got == want, (f, got, want)
        return got, kept

    f = Filters(province="13")
    assert ids(f) == ([10, 6, 5, 4, 3, 2, 1, 8], 9)  # 10 and 6 on one day: the newer id first
    assert ids(f, 10, dated=True)[0] == [10, 6, 5, 4, 3, 2, 1]
    assert ids(f, 2, 4)[0] == [3, 2]
    assert ids(f.with_(date_from=D(2020, 2, 1), date_to=D(2020, 3, 10)))[0] == [5, 4, 3]
    assert ids(f.with_(date_to=D(2020, 1, 31)))[0] == [2, 1]  # not the undated one
    assert ids(Filters(province="32"))[0] == [9]
    with engine.begin() as conn:
        conn.execute(update(m.Event).where(m.Event.id == 1).values(event_date=D(2020, 4, 1)))
        conn.execute(update(m.EventRegion).where(m.EventRegion.event_id == 9).values(region_code="13.72"))
        conn.execute(update(m.Event).where(m.Event.id == 5).values(status="rejected"))
        conn.execute(update(m.Event).where(m.Event.id == 3).values(merged_into=4))
    assert ids(f)[0] == [1, 9, 10, 6, 4, 2, 8]
    assert ids(Filters(province="32"))[0] == []
    assert ids(f.with_(agencies=("KPU",)))[0] == [1, 9, 4, 2, 8]  # not the kept key: the same order
