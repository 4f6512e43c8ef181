"""The decision whether two reports are one real event, and the in-memory merging: the
findings, the hard constraints (property tests), the blocking, the ``extract --events``
output. Synthetic reports only."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.extract import extract_events
from dashboard.merging.clusters import Merger, canonical
from dashboard.merging.evidence import Report, compare, dates_conflict, make_report, regions_relation
from dashboard.merging.explain import reason_text
from dashboard.merging.jsonl import EventsWriter

D = dt.date
DATA = Path(__file__).resolve().parents[1] / "data" / "merge" / "articles.jsonl"


def rep(key, **kw) -> Report:
    base = dict(
        event_date=D(2020, 11, 20), date_precision="day", activity="rakor", location="Aula Kantor Bupati Solok Selatan",
        agencies=["Kesbangpol", "KPU", "Bawaslu", "Polri"], regions=["13.11"], level="kabkota",
        election="pilkada-2020", text="Rapat koordinasi kesiapan distribusi logistik Pilkada di Solok Selatan, "
        "dipimpin Sekda bersama KPU, Bawaslu dan Kapolres; surat suara disortir, pengawalan kotak suara.",
    )
    base.update(kw)
    return make_report(key, **base)


# ---------------------------------------------------------------- findings


def test_two_outlets_of_one_meeting_are_one_event():
    a = rep(1)
    b = rep(2, location="aula kantor bupati", agencies=["KPU", "Bawaslu", "Kesbangpol"],
            text="Forkopimda Solok Selatan membahas distribusi logistik Pilkada bersama KPU dan Bawaslu; "
                 "surat suara sudah disortir, Kapolres siapkan pengawalan kotak suara.")
    d = compare(a, b)
    assert d.same and d.veto is None
    assert d.reason["date"] == "same_day" and d.reason["venue"] == "same_venue" and d.reason["regions"] == "shared"
    assert 0.5 < d.score <= 1


def test_undated_report_published_next_day_joins_but_not_a_week_later():
    a = rep(1)
    near = rep(2, event_date=None, date_precision=None, published=D(2020, 11, 21))
    late = rep(3, event_date=None, date_precision=None, published=D(2020, 11, 28))
    assert compare(a, near).same and compare(a, near).reason["date"] == "undated"
    assert compare(a, late).veto == "window" and not compare(a, late).same


def test_hard_constraints_veto_whatever_else_agrees():
    a = rep(1)
    assert compare(a, rep(2, event_date=D(2020, 11, 27))).veto == "date"  # the same body's rakor a week later
    assert compare(a, rep(3, regions=["13.02"], location="Aula Kantor Bupati Solok")).veto == "regions"  # next kabupaten
    # a month-only date agrees with a day in that month, not with another month
    assert not dates_conflict(a, rep(4, event_date=D(2020, 11, 1), date_precision="month"))
    assert dates_conflict(a, rep(5, event_date=D(2020, 12, 1), date_precision="month"))


def test_national_meeting_concerns_the_delegations_regions():
    nat = rep(1, level="nasional", regions=[], agencies=["Kemendagri", "KPU", "Bawaslu"],
              location="Hotel Grand Sahid Jaya, Jakarta")
    sleman = rep(2, level="kabkota", regions=["34.04"], agencies=["Kesbangpol", "Kemendagri"],
                 location="Grand Sahid Jaya Jakarta")
    gowa = rep(3, level="nasional", regions=["73.06"], agencies=["Pemda", "Kemendagri"],
               location="Hotel Grand Sahid Jaya")
    assert regions_relation(nat, sleman) == "open" and regions_relation(sleman, gowa) == "national"
    assert compare(sleman, gowa).same and compare(nat, sleman).same
    # two kabupaten-level reports in different provinces: one meeting only when both name a
    # national body and the venue agrees (delegations away from home)
    gowa_local = rep(4, level="kabkota", regions=["73.06"], agencies=["Pemda", "Kemendagri"],
                     location="Hotel Grand Sahid Jaya")
    assert regions_relation(sleman, gowa_local) == "away"
    assert regions_relation(rep(5, regions=["34.04"]), rep(6, regions=["73.06"])) is None


def test_different_activity_or_venue_the_same_day_stays_apart():
    a = rep(1)
    assert not compare(a, rep(2, activity="bimtek", location="Gedung Serbaguna Padang Aro", agencies=["KPU"])).same
    assert not compare(a, rep(3, location="Kantor KPU Solok Selatan", agencies=["KPU"],
                              text="KPU rakor dengan PPK membahas rekapitulasi suara dan Sirekap.")).same


def test_reason_reads_in_both_languages():
    d = compare(rep(1), rep(2))
    assert "tanggal sama" in reason_text(d.reason, "id") and "same day" in reason_text(d.reason, "en")


def test_canonical_prefers_reviewed_then_a_stated_day():
    undated = rep(1, event_date=None, date_precision=None, published=D(2020, 11, 21), confidence=0.9)
    dated = rep(2, confidence=0.5)
    confirmed = rep(3, status="confirmed", confidence=0.3)
    assert canonical([undated, dated]) is dated
    assert canonical([undated, dated, confirmed]) is confirmed


# ---------------------------------------------------------------- the hard constraints, as properties

DAYS = st.dates(min_value=D(2019, 1, 1), max_value=D(2024, 12, 31))
REGIONS = st.sampled_from(["13.02", "13.11", "13", "33.24", "34.04", "73.06", "64.71"])
AGENCIES = st.sampled_from(["KPU", "Bawaslu", "Pemda", "Kesbangpol", "Polri", "TNI", "Kemendagri", "DKPP"])
WORDS = st.sampled_from(["logistik", "kotak", "suara", "netralitas", "apel", "pasukan", "grand", "sahid", "ancol",
                         "hotel", "aula", "bupati", "novotel", "sekda", "kendal", "sleman", "padang", "350"])


@st.composite
def reports(draw, key=None):
    dated = draw(st.booleans())
    return make_report(
        key if key is not None else draw(st.integers(0, 10**6)),
        event_date=draw(DAYS) if dated else None,
        date_precision=draw(st.sampled_from(["day", "day", "month"])) if dated else None,
        activity=draw(st.sampled_from(["rakor", "rapat", "apel", "sosialisasi", "other"])),
        location=" ".join(draw(st.lists(WORDS, max_size=4))) or None,
        agencies=draw(st.lists(AGENCIES, max_size=4)),
        regions=draw(st.lists(REGIONS, max_size=3)),
        level=draw(st.sampled_from([None, "nasional", "provinsi", "kabkota"])),
        election=draw(st.sampled_from([None, "pilkada-2020", "pemilu-2024"])),
        published=draw(st.none() | DAYS),
        text=" ".join(draw(st.lists(WORDS, max_size=12))),
        confidence=draw(st.floats(0, 1)),
    )


@settings(max_examples=300, deadline=None)
@given(reports(), reports())
def test_different_stated_dates_never_merge_and_the_decision_is_symmetric(a, b):
    d, e = compare(a, b), compare(b, a)
    assert (d.score, d.veto) == (e.score, e.veto)
    if dates_conflict(a, b):
        assert d.veto == "date" and not d.same


@settings(max_examples=300, deadline=None)
@given(reports(), reports())
def test_local_events_of_different_regions_never_merge(a, b):
    local = a.regions and b.regions and not (a.regions & b.regions) and "nasional" not in (a.level, b.level)
    nested = any(x.level == "provinsi" and x.province_codes for x in (a, b))
    if local and not nested and not (a.national_body and b.national_body):
        assert compare(a, b).veto is not None and not compare(a, b).same


@st.composite
def look_alikes(draw):
    """Reports of one kind of meeting a few days apart: without the constraints, the evidence
    alone would put most of them together."""
    day = draw(st.sampled_from([D(2020, 11, 20), D(2020, 11, 21), D(2020, 11, 27)]))
    dated = draw(st.booleans())
    return dict(
        event_date=day if dated else None, date_precision="day" if dated else None,
        published=day + dt.timedelta(days=draw(st.integers(0, 2))),
        activity="rakor", location=draw(st.sampled_from(["Aula Kantor Bupati Solok Selatan", "aula kantor bupati"])),
        agencies=draw(st.sampled_from([["KPU", "Bawaslu", "Kesbangpol"], ["KPU", "Bawaslu"]])),
        regions=draw(st.sampled_from([["13.11"], ["13.11"], ["13.02"], []])), level="kabkota",
        election="pilkada-2020", text="rapat koordinasi logistik kotak suara pengawalan distribusi sortir surat",
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(look_alikes(), min_size=2, max_size=25))
def test_no_event_of_the_merger_holds_two_stated_dates_or_regions_that_exclude_each_other(items):
    m = Merger()
    for i, kw in enumerate(items):
        m.add(make_report(i, **kw))
    for members in m.members.values():
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                assert not dates_conflict(x, y)
                assert regions_relation(x, y) is not None


# ---------------------------------------------------------------- blocking and the extract --events output


def _records():
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_merger_groups_the_synthetic_clusters_exactly():
    m = Merger()
    gold = {}
    for i, r in enumerate(_records()):
        ev = extract_events(r["text"], title=r["title"], published=r["published"])[0]
        from dashboard.merging.evidence import report_from_extracted

        pub = D.fromisoformat(r["published"]) if r["published"] else None
        m.add(report_from_extracted(r["id"], ev, title=r["title"], text=r["text"], published=pub, order=i))
        gold[r["id"]] = r["cluster"]
    got = {frozenset(x.key for x in members) for members in m.members.values()}
    want = {frozenset(k for k, c in gold.items() if c == cl) for cl in set(gold.values())}
    assert got == want


def test_merger_compares_only_within_blocks():
    m = Merger()
    for i in range(300):  # 300 reports on 300 different days: nothing to compare
        m.add(rep(i, event_date=D(2020, 1, 1) + dt.timedelta(days=i)))
    assert m.compared == 0
    m.add(rep(1000, event_date=D(2020, 1, 5)))
    assert m.compared == 1 and len(m.members) == 300


def test_events_writer_lists_sources_main_first():
    w = EventsWriter()
    recs = [r for r in _records() if r["cluster"] == "rakor-solsel-2020-11-20"]
    for r in recs:
        pub = D.fromisoformat(r["published"]) if r["published"] else None
        w.add(r["id"], extract_events(r["text"], title=r["title"], published=r["published"]),
              title=r["title"], text=r["text"], published=pub)
    out = io.StringIO()
    assert w.write(out) == 1
    ev = json.loads(out.getvalue())
    assert sorted(ev["sources"]) == sorted(r["id"] for r in recs)
    assert ev["sources"][0] == "b1-solsel-pemkab"  # dated, highest confidence: the main report
    assert ev["event_date"] == "2020-11-20" and ev["activity"] == "rakor"
    assert {"KPU", "Bawaslu", "Polri", "TNI"} <= set(ev["agencies"])  # every report's agencies
