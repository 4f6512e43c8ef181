"""The rewritten page aggregates (issue 13) equal a plain reference computation, on SQLite
and PostgreSQL (``engine``), over random filters on a seeded random database.

The database (``world``, ``reference_world``) is synthetic volume made irregular on
purpose: rejected events, reports merged into other events, undated and month-only dates,
events of other elections, events without an article or a level, events naming regions of
two provinces. The reference reads the small tables into Python once
and filters and counts there, straight from the meaning of each filter (``Filters``): it
shares no SQL with the query layer, except the text search, whose matching article ids it
takes from ``search_article_ids`` (the rewrites did not touch it)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dashboard import rollup, synth
from dashboard.db import models as m
from dashboard.filters import ALL_ELECTIONS, Filters
from dashboard.queries import core, event_lists
from dashboard.queries import meetings as qm
from dashboard.queries import rollup_reads

D = dt.date
AGENCIES = ("KPU", "Bawaslu", "Polri", "TNI", "Pemda", "Kesbangpol", "Kemendagri")
WORDS = ("", "koordinasi", "rapat", "Solok", "rapat koordinasi", "kpu", "tidakadakatanya")


# the database: ``world`` (tests/unit/reference_world.py, a fixture through conftest)


def _searched(engine, q: str) -> set[int] | None:
    """The articles the search matches, from the index itself (not the process's listing
    of a search's matches that the queries use: ``textsearch.search_article_ids``)."""
    from dashboard.queries.textsearch import _search_select

    if not (q or "").strip():
        return None
    stmt = _search_select(engine, q.strip())
    with engine.connect() as conn:
        return set(conn.scalars(stmt))


def ref_events(w, f: Filters, *, use_agency: bool = True, canonical: bool = True) -> list[dict]:
    """The canonical events the filters keep, by their meaning (``canonical=False``: the
    reports too, by their own agencies and regions)."""
    found = _searched(w["engine"], f.q)
    out = []
    for e in w["events"]:
        if (canonical and e["merged_into"] is not None) or e["status"] == "rejected":
            continue
        if f.election_id and e["election_id"] != f.election_id:
            continue
        d = e["event_date"]
        if f.date_from and (d is None or d < f.date_from):
            continue
        if f.date_to and (d is None or d > f.date_to):
            continue
        if f.activities and e["activity"] not in f.activities:
            continue
        if f.levels and e["level"] not in f.levels:
            continue
        ags = w["agencies"].get(e["id"], set())
        if f.agencies and f.agency_all and len(f.agencies) > 1:
            if not set(f.agencies) <= ags:
                continue
        elif use_agency and f.agencies and not (set(f.agencies) & ags):
            continue
        regs = w["regions"].get(e["id"], set())
        if f.region and f.region not in regs:
            continue
        if not f.region and f.province and not any(c.startswith(f.province) for c in regs):
            continue
        if found is not None and e["article_id"] not in found:
            continue
        out.append(e)
    return out


def month_of(d: dt.date) -> dt.date:
    return d.replace(day=1)


def week_of(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def ref_summary(w, f: Filters) -> dict:
    ev = ref_events(w, f)
    ids = {e["id"] for e in ev}
    reporting = [e for e in w["events"] if e["id"] in ids or e["merged_into"] in ids]
    covered = {c for i in ids for c in w["regions"].get(i, ())}
    dates = [e["event_date"] for e in ev if e["event_date"] is not None]
    if f.election_id:
        election = {c for el, c in w["elr"] if el == f.election_id}
        regions_covered, regions_total = len(covered & election), len(election)
    else:
        regions_covered, regions_total = len(covered), None
    return {
        "events": len(ev),
        "articles": len({e["article_id"] for e in reporting if e["article_id"] is not None}),
        "articles_total": w["articles_total"],
        "agencies": len({a for i in ids for a in w["agencies"].get(i, ())}),
        "regions_covered": regions_covered,
        "regions_total": regions_total,
        "first_date": min(dates, default=None),
        "last_date": max(dates, default=None),
    }


def ref_listed(w, f: Filters) -> int:
    """Berita's count: articles with an event of their own (a report too), not rejected,
    that the filters keep."""
    return len({e["article_id"] for e in ref_events(w, f, canonical=False) if e["article_id"] is not None})


def ref_key_numbers(w, f: Filters) -> dict:
    ev = ref_events(w, f)
    ids = {e["id"] for e in ev}
    dated = [e for e in ev if e["event_date"] is not None]
    months = Counter(month_of(e["event_date"]) for e in dated)
    busiest = min(months.items(), key=lambda kv: (-kv[1], kv[0])) if months else (None, 0)
    return {
        "meetings": len(ev),
        "agencies": len({a for i in ids for a in w["agencies"].get(i, ())}),
        "regions": len({c for i in ids for c in w["regions"].get(i, ())}),
        "first_date": min((e["event_date"] for e in dated), default=None),
        "last_date": max((e["event_date"] for e in dated), default=None),
        "busiest_month": busiest[0],
        "busiest_n": busiest[1],
        "undated": len(ev) - len(dated),
        "month_only": sum(1 for e in dated if e["date_precision"] == "month"),
    }


def ref_agency_period(w, f: Filters, freq: str) -> list[tuple]:
    of = week_of if freq == "week" else month_of
    n: Counter = Counter()
    for e in ref_events(w, f, use_agency=False):
        if e["event_date"] is None:
            continue
        for a in w["agencies"].get(e["id"], ()):
            if not f.agencies or a in f.agencies:
                n[(of(e["event_date"]), a)] += 1
    return sorted((p, a, k) for (p, a), k in n.items())


def ref_co_participation(w, f: Filters) -> list[tuple]:
    n: Counter = Counter()
    for e in ref_events(w, f):
        ags = sorted(w["agencies"].get(e["id"], ()))
        for i, a in enumerate(ags):
            for b in ags[i + 1:]:
                n[(a, b)] += 1
    return sorted(((a, b, k) for (a, b), k in n.items()), key=lambda r: (-r[2], r[0], r[1]))


def ref_agency_meetings(w, f: Filters) -> list[tuple]:
    n = Counter(a for e in ref_events(w, f) for a in w["agencies"].get(e["id"], ()))
    return sorted(n.items(), key=lambda r: (-r[1], r[0]))


# ---------------------------------------------------------------- the random filters


def _dates():
    return st.one_of(st.none(), st.dates(min_value=D(2019, 8, 1), max_value=D(2021, 1, 31)))


@st.composite
def filters(draw, region_codes: list[str]) -> Filters:
    region = draw(st.one_of(st.none(), st.sampled_from(region_codes)))
    d1, d2 = draw(_dates()), draw(_dates())
    return Filters(
        election=draw(st.sampled_from(("pilkada-2020", "pemilu-2019", ALL_ELECTIONS))),
        date_from=d1,
        date_to=d2,
        agencies=tuple(draw(st.lists(st.sampled_from(AGENCIES), max_size=3, unique=True))),
        agency_all=draw(st.booleans()),
        province=None if region else draw(st.sampled_from((None, None, "13", "32", "11", "91"))),
        region=region,
        activities=tuple(draw(st.lists(st.sampled_from(m.ACTIVITIES), max_size=3, unique=True))),
        levels=tuple(draw(st.lists(st.sampled_from(m.LEVELS), max_size=2, unique=True))),
        q=draw(st.sampled_from(WORDS)),
    )


def _rows(df, cols) -> list[tuple]:
    out = []
    for row in df[list(cols)].itertuples(index=False):
        out.append(tuple(v.date() if hasattr(v, "date") and callable(v.date) else v for v in row))
    return out


# ---------------------------------------------------------------- the properties


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_aggregates_equal_the_reference(world, data):
    f = data.draw(filters(world["region_codes"]))
    engine = world["engine"]
    assert core.summary(engine, f) == ref_summary(world, f)
    assert qm.key_numbers(engine, f) == ref_key_numbers(world, f)
    for freq in ("month", "week"):
        got = sorted(_rows(qm.agency_period(engine, f, freq), ("period", "agency", "n")))
        assert got == ref_agency_period(world, f, freq)
    assert _rows(qm.co_participation(engine, f), ("a", "b", "n")) == ref_co_participation(world, f)
    assert _rows(qm.agency_meetings(engine, f), ("agency", "n")) == ref_agency_meetings(world, f)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_newest_event_lists_equal_the_reference_walked_or_sorted(world, data, monkeypatch):
    """The event lists (latest meetings, the events table, the calendar) are the newest
    events of the filters, whether a province's are read from the kept ``province_newest``
    key, or SQLite walks the newest-first index probing the place, or sorts the place's
    events (``event_lists._walk_newest`` forced either way)."""
    f = data.draw(filters(world["region_codes"]))
    if not (f.region or f.province):
        f = f.with_(province=data.draw(st.sampled_from(("13", "32"))))
    if f.province and data.draw(st.booleans()):  # a province and a period only: the kept key
        f = f.with_(region=None, agencies=(), agency_all=False, activities=(), levels=(), q="")
    limit = data.draw(st.sampled_from((1, 3, 40)))
    order = sorted(ref_events(world, f), key=lambda e: (e["event_date"] is not None, e["event_date"] or D(1, 1, 1),
                                                        e["id"]), reverse=True)
    want_dated = [e["id"] for e in order if e["event_date"] is not None][:limit]
    engine = world["engine"]
    from dashboard.queries import textsearch

    # each example starts from nothing listed and the real caps: the examples share this
    # function's ``monkeypatch`` and the process's listings (undone at the end, below)
    textsearch.clear_listed()
    for kept in (True, False):
        for walk in (True, False):
            monkeypatch.setattr(event_lists, "_walk_newest", lambda *a, walk=walk: walk)
            with contextlib.nullcontext() if kept else rollup_reads.disabled():
                for offset in (0, 2):
                    got = [int(i) for i in event_lists.events_table(engine, f, limit=limit, offset=offset)["id"]]
                    assert got == [e["id"] for e in order][offset:offset + limit], (kept, walk, offset)
                assert [int(i) for i in qm.calendar(engine, f, limit=limit)["id"]] == want_dated, (kept, walk)
    # the newest dated events listed once (``event_lists.NEWEST_LISTED``, when the kept key
    # cannot answer): the calendar lists them, the table reads its page from them when they
    # are enough (dated events come first)
    cap = data.draw(st.sampled_from((2, 5, 40)))
    monkeypatch.setattr(event_lists, "NEWEST_LISTED", cap)
    monkeypatch.setattr(event_lists, "NEWEST_LISTING", 1)
    textsearch.clear_listed()
    with rollup_reads.disabled():
        for offset in (0, 1):
            rows = limit if offset + limit <= cap else max(1, cap - offset)
            assert [int(i) for i in qm.calendar(engine, f, limit=rows)["id"]] == want_dated[:rows]
            got = [int(i) for i in event_lists.events_table(engine, f, limit=rows, offset=offset)["id"]]
            assert got == [e["id"] for e in order][offset:offset + rows], (cap, offset, rows)
        if len(want_dated) < len(order) <= cap:  # undated events after the listed dated ones
            got = [int(i) for i in event_lists.events_table(engine, f, limit=len(order))["id"]]
            assert got == [e["id"] for e in order]
    monkeypatch.undo()
    textsearch.clear_listed()


# ---------------------------------------------------------------- the rollup (issue 13)


def ref_over_time(w, f: Filters, freq: str, by: str) -> list[tuple]:
    of = week_of if freq == "week" else month_of
    n = Counter((of(e["event_date"]), e[by]) for e in ref_events(w, f) if e["event_date"] is not None)
    return sorted(((p, k, c) for (p, k), c in n.items()), key=_period_key)


def _period_key(row: tuple) -> tuple:
    return (row[0], row[1] if isinstance(row[1], str) else "")


def _none(rows: list[tuple]) -> list[tuple]:
    """A missing level as None (pandas may hold it as NaN)."""
    return [tuple(v if isinstance(v, (str, int, dt.date)) else None for v in r) for r in rows]


def ref_totals(w, f: Filters, by: str) -> list[tuple]:
    n = Counter(e[by] for e in ref_events(w, f))
    return sorted(n.items(), key=lambda r: (-r[1], r[0] or ""))


def ref_change(w, f: Filters, win) -> tuple[list[tuple], dict, dt.date | None]:
    g = f.with_(date_from=None, date_to=None)
    by_agency: dict[str, list[int]] = {}
    total = {"recent": 0, "before": 0}
    for e in ref_events(w, g, use_agency=False):
        d = e["event_date"]
        if d is None or not (win.before_start <= d <= win.reference):
            continue
        part = "recent" if d >= win.recent_start else "before"
        for a in w["agencies"].get(e["id"], ()):
            if not g.agencies or a in g.agencies:
                by_agency.setdefault(a, [0, 0])[part == "before"] += 1
    for e in ref_events(w, g):
        d = e["event_date"]
        if d is not None and win.before_start <= d <= win.reference:
            total["recent" if d >= win.recent_start else "before"] += 1
    last = max((e["event_date"] for e in ref_events(w, g) if e["event_date"] is not None), default=None)
    return sorted((a, r, b) for a, (r, b) in by_agency.items()), total, last


def _month_dates():
    """Whole months half of the time (the month rows), any day otherwise (the day rows)."""
    start = st.dates(min_value=D(2019, 8, 1), max_value=D(2021, 1, 31))
    return st.one_of(st.none(), start, start.map(lambda d: d.replace(day=1)))


def _month_end(d: dt.date | None) -> dt.date | None:
    if d is None:
        return None
    nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


@st.composite
def rollup_filters(draw) -> Filters:
    """Filters the rollup answers: no region or search word; one agency, or several in
    "any" mode (the agency list then only picks what per-agency charts show); a province
    (one with events, one without)."""
    d1 = draw(_month_dates())
    d2 = draw(st.one_of(_month_dates(), _month_dates().map(_month_end)))
    agencies = tuple(draw(st.lists(st.sampled_from(AGENCIES), max_size=2, unique=True)))
    return Filters(
        election=draw(st.sampled_from(("pilkada-2020", "pemilu-2019", ALL_ELECTIONS))),
        date_from=d1,
        date_to=d2,
        agencies=agencies,
        agency_all=len(agencies) < 2 and draw(st.booleans()),
        activities=tuple(draw(st.lists(st.sampled_from(m.ACTIVITIES), max_size=3, unique=True))),
        levels=tuple(draw(st.lists(st.sampled_from(m.LEVELS), max_size=2, unique=True))),
        q=draw(st.sampled_from(("", "  "))),
        province=draw(st.sampled_from((None, None, "13", "32", "35", "91"))),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_rollup_aggregates_equal_the_reference(world, data):
    """Every aggregate the rollup answers equals the plain computation over the events, and
    the rollup did answer (a filter it cannot answer would pass through the events' path)."""
    from dashboard import meetings

    f = data.draw(rollup_filters())
    engine = world["engine"]
    one = len(f.agencies) < 2
    aligned = rollup_reads._aligned(f)
    for freq in ("month", "week"):
        for by in ("activity", "level"):
            if one:
                assert rollup_reads.over_time(engine, f, freq, by) is not None
            got = _none(_rows(core.events_over_time(engine, f, freq, by), ("period", by, "n")))
            assert sorted(got, key=_period_key) == ref_over_time(world, f, freq, by), (freq, by)
        assert rollup_reads.agency_period(engine, f, freq) is not None
        got = sorted(_rows(qm.agency_period(engine, f, freq), ("period", "agency", "n")))
        assert got == ref_agency_period(world, f, freq)
    by_count = lambda r: (-r[1], r[0] or "")  # noqa: E731 - ties in any order
    assert sorted(_none(_rows(qm.level_totals(engine, f), ("level", "n"))), key=by_count) == ref_totals(world, f, "level")
    got = _rows(core.activity_counts(engine, f), ("activity", "n"))
    assert sorted(got, key=by_count) == ref_totals(world, f, "activity")
    if one and (aligned or not f.agencies):
        assert rollup_reads.key_numbers(engine, f) is not None
        assert rollup_reads.summary(engine, f) is not None
        assert rollup_reads.agency_meetings(engine, f) is not None
    assert qm.key_numbers(engine, f) == ref_key_numbers(world, f)
    assert core.summary(engine, f) == ref_summary(world, f)
    # the distinct article counts: articles of one event summed, the others counted once
    from dashboard.queries import article_counts, article_list

    if one:
        assert article_counts.count(engine, f, "s") is not None
        assert article_counts.count(engine, f, "l") is not None
    # nothing about events filtered (every election, no other filter): every article
    unfiltered = not article_list._event_filter_active(f)
    assert article_list.count_articles(engine, f) == (world["articles_total"] if unfiltered else ref_listed(world, f))
    assert _rows(qm.agency_meetings(engine, f), ("agency", "n")) == ref_agency_meetings(world, f)
    if aligned and (not f.agencies or (len(f.agencies) == 1 and not (f.activities or f.levels or f.province))):
        assert rollup_reads.co_participation(engine, f) is not None
    assert _rows(qm.co_participation(engine, f), ("a", "b", "n")) == ref_co_participation(world, f)
    ref_day = f.date_to or D(2020, 11, 20)
    win = meetings.windows(ref_day)
    by_agency, total, last = ref_change(world, f, win)
    assert rollup_reads.change_by_agency(engine, f, win) is not None
    assert _rows(qm.change_by_agency(engine, f, win), ("agency", "recent", "before")) == by_agency
    if one:
        assert rollup_reads.change_total(engine, f, win) is not None
        assert qm.change_total(engine, f, win) == total
        assert qm.last_event_date(engine, f) == last
    # per region: the region rollup (no agency, activity or level filter) against the events
    from dashboard.queries import region_rollup_reads

    for g in (f, f.with_(agencies=(), activities=(), levels=()), f.with_(levels=(), agencies=f.agencies[:1]),
              f.with_(levels=(), agencies=())):
        if not g.levels and region_rollup_reads.tag_names(g) is not None:
            assert region_rollup_reads.change_counts(engine, g.with_(date_from=None, date_to=None), win) is not None
        got = qm.change_by_region(engine, g, win)
        with rollup_reads.disabled():
            want = qm.change_by_region(engine, g, win)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)


@pytest.mark.parametrize("election", ["pilkada-2020", ALL_ELECTIONS])
def test_co_participation_among_one_agencys_meetings_reads_the_rollup(world, election):
    """The pairs of bodies meeting among one agency's meetings (Instansi with an agency)
    come from the rollup's pair and grain ``t`` rows, and equal the plain computation, for
    every agency, over the whole election and over whole months."""
    engine = world["engine"]
    for agency in AGENCIES:
        for dates in ((None, None), (D(2020, 3, 1), D(2020, 10, 31))):
            f = Filters(election=election, agencies=(agency,), date_from=dates[0], date_to=dates[1])
            assert rollup_reads.co_participation(engine, f) is not None
            got = _rows(qm.co_participation(engine, f), ("a", "b", "n"))
            assert got == ref_co_participation(world, f), (agency, dates)
            assert any(agency not in (a, b) for a, b, _ in got) or not got


def ref_readiness(w, f: Filters, ref: dt.date, window_start: dt.date) -> dict[str, dict]:
    """``regions.readiness`` by its meaning, for the regions of the election."""
    from dashboard.queries.tables import VISIBLE_STATUSES
    from dashboard.readiness import BODY_COLUMNS, KEY_BODIES, MEETING_ACTIVITIES

    matching = {e["id"] for e in ref_events(w, f.with_(province=None, region=None))}
    out = {c: {"events": 0, "meetings": 0, "last_meeting": None, "last_event": None, "window_events": 0,
               **{col: 0 for col in BODY_COLUMNS.values()}}
           for el, c in w["elr"] if el == f.election_id}
    for e in w["events"]:
        if e["status"] not in VISIBLE_STATUSES or e["merged_into"] is not None or e["election_id"] != f.election_id:
            continue
        d = e["event_date"]
        if (f.date_from and (d is None or d < f.date_from)) or (f.date_to and (d is None or d > f.date_to)):
            continue
        dated = d is not None and d <= ref
        meeting = dated and e["activity"] in MEETING_ACTIVITIES
        ags = w["agencies"].get(e["id"], set())
        for code in w["regions"].get(e["id"], ()):
            row = out.get(code)
            if row is None:
                continue
            row["events"] += e["id"] in matching
            if dated:
                row["last_event"] = max(filter(None, (row["last_event"], d)))
                row["window_events"] += d >= window_start
            if meeting:
                row["meetings"] += 1
                row["last_meeting"] = max(filter(None, (row["last_meeting"], d)))
                for body, names in KEY_BODIES.items():
                    row[BODY_COLUMNS[body]] += bool(ags & set(names))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_readiness_equals_the_reference(world, data):
    """Every region's counts, last dates and key-body meetings (the body bits of SQLite's
    single probe per meeting, PostgreSQL's flag table) equal the plain computation."""
    from dashboard.queries import regions as qr

    from dashboard.queries import region_rollup_reads

    f = data.draw(filters(world["region_codes"])).with_(election="pilkada-2020", province=None, region=None)
    if data.draw(st.booleans()):  # the filters the region rollup answers
        f = f.with_(agencies=(), activities=(), levels=(), q="")
        served = True
    else:
        served = region_rollup_reads._serves(world["engine"], f)
    days = sorted({e["event_date"] for e in world["events"] if e["event_date"]})
    ref = data.draw(st.one_of(st.dates(min_value=D(2020, 1, 1), max_value=D(2021, 1, 31)), st.sampled_from(days)))
    if data.draw(st.booleans()):  # a period that ends or starts on an event's day
        f = f.with_(date_to=data.draw(st.sampled_from(days)))
        f = f.with_(date_from=min(f.date_from, f.date_to)) if f.date_from else f
    start = ref - dt.timedelta(days=data.draw(st.sampled_from([7, 30, 90])))
    assert (region_rollup_reads.readiness_agg(world["engine"], f, ref, start) is not None) == served
    got = qr.readiness(world["engine"], f, ref, start).set_index("code")
    want = ref_readiness(world, f, ref, start)
    assert set(got.index) == set(want)
    for code, row in want.items():
        have = got.loc[code]
        assert {k: (have[k] if k.startswith("last") else int(have[k])) for k in row} == row, code


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_readiness_with_activities_or_one_agency_reads_the_tag_rollup(world, data):
    """Activities, or one agency, over any period (or none): the map's count of the
    matching events per region comes from the region tag rollup and equals the plain
    computation, like every other column."""
    from dashboard.queries import region_rollup_reads
    from dashboard.queries import regions as qr

    f = Filters(election="pilkada-2020")
    if data.draw(st.booleans()):
        f = f.with_(activities=tuple(data.draw(st.lists(st.sampled_from(m.ACTIVITIES), min_size=1, max_size=3,
                                                        unique=True))))
    else:
        f = f.with_(agencies=(data.draw(st.sampled_from(AGENCIES)),))
    months = [D(2019, 12, 1), D(2020, 3, 1), D(2020, 7, 1), D(2020, 12, 1)]
    # whole months (the month rows) or any day (the day rows at the period's ends)
    lo = data.draw(st.one_of(st.none(), st.sampled_from(months), _month_dates()))
    hi = data.draw(st.one_of(st.none(), st.sampled_from([rollup.next_month(d) - dt.timedelta(days=1) for d in months]),
                             _month_dates()))
    f = f.with_(date_from=lo, date_to=hi)
    ref = data.draw(st.dates(min_value=D(2020, 1, 1), max_value=D(2021, 1, 31)))
    start = ref - dt.timedelta(days=30)
    codes = data.draw(st.one_of(st.none(), st.lists(st.sampled_from(sorted(world["region_codes"])), min_size=1,
                                                    max_size=5, unique=True).map(tuple)))
    assert region_rollup_reads.tag_matching(world["engine"], f, codes) is not None
    got = qr.readiness(world["engine"], f, ref, start, codes).set_index("code")
    with rollup_reads.disabled():
        want = qr.readiness(world["engine"], f, ref, start, codes).set_index("code")
    pd.testing.assert_frame_equal(got.sort_index(), want.sort_index())
    if codes is None:
        plain = ref_readiness(world, f, ref, start)
        assert {c: int(got.loc[c]["events"]) for c in plain} == {c: r["events"] for c, r in plain.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_readiness_from_the_region_rollup_equals_the_events_for_a_province_or_regions(world, data):
    """A province's regions, or a list of region codes: the region rollup's readiness and
    meetings per stage equal those read from the events (the stage counts whatever the
    agency, activity or search filters: they ignore them)."""
    from dashboard.queries import region_rollup_reads
    from dashboard.queries import regions as qr

    codes = sorted({c for el, c in world["elr"] if el == "pilkada-2020"})
    f = data.draw(filters(world["region_codes"])).with_(
        election="pilkada-2020", region=None, agencies=(), activities=(), levels=(), q="",
        province=data.draw(st.sampled_from(sorted({c.split(".")[0] for c in codes}))))
    pick = tuple(data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=6, unique=True)))
    days = sorted({e["event_date"] for e in world["events"] if e["event_date"]})
    ref = data.draw(st.one_of(st.dates(min_value=D(2020, 1, 1), max_value=D(2021, 1, 31)), st.sampled_from(days)))
    start = ref - dt.timedelta(days=30)
    for kwargs in ({}, {"codes": pick}):
        assert region_rollup_reads.readiness_agg(world["engine"], f, ref, start, **kwargs) is not None
        got = qr.readiness(world["engine"], f, ref, start, **kwargs)
        with rollup_reads.disabled():
            want = qr.readiness(world["engine"], f, ref, start, **kwargs)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    loose = f.with_(agencies=tuple(data.draw(st.lists(st.sampled_from(["KPU", "Bawaslu", "TNI"]), max_size=2,
                                                      unique=True))), q=data.draw(st.sampled_from(["", "rapat"])))
    assert region_rollup_reads.meeting_buckets(world["engine"], loose, ref, [ref], None) is not None
    for g in (loose, loose.with_(province=None)):
        for kwargs in ({}, {"codes": pick}):
            got = qr.meetings_by_stage(world["engine"], g, ref, **kwargs)
            with rollup_reads.disabled():
                want = qr.meetings_by_stage(world["engine"], g, ref, **kwargs)
            assert not want.empty or got.empty
            pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True),
                                          check_dtype=False)


def test_statistics_are_refreshed_only_when_the_data_has_grown(engine):
    """An ingest run analyses the tables when statistics are missing or the events grew by a
    tenth since they were taken; a small upload into a large database does not."""
    from dashboard.db.engine import statistics_stale

    assert statistics_stale(engine, 0) is False
    assert statistics_stale(engine, 1) is True  # never analysed
    synth.generate(engine, 200, seed=3)  # analyses at its end
    with engine.connect() as conn:
        events = conn.scalar(select(func.count()).select_from(m.Event))
    assert statistics_stale(engine, max(1, events // 50)) is False
    assert statistics_stale(engine, events // 5) is True


@pytest.mark.parametrize("few", [0, 5000])
def test_key_numbers_by_listed_ids_or_by_the_filters_equal_the_reference(world, monkeypatch, few):
    """The key numbers the events answer (a region, a search, several agencies): read by
    the listed ids of a few filtered events, or by the filters when there are more
    (``core.LISTED_EVENTS`` 0 forces that path)."""
    from dashboard.queries import textsearch

    monkeypatch.setattr(core, "LISTED_EVENTS", few)
    textsearch.clear_listed()
    engine = world["engine"]
    codes = world["region_codes"]
    for f in (Filters(region=codes[0]), Filters(region=codes[-1], agencies=("KPU",)),
              Filters(agencies=("KPU", "Bawaslu")), Filters(q="koordinasi"), Filters(election=ALL_ELECTIONS, q="rapat")):
        assert rollup_reads.key_numbers(engine, f) is None, f
        assert qm.key_numbers(engine, f) == ref_key_numbers(world, f), f
