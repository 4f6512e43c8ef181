"""The Wilayah Pilkada page in AppTest: national map, election switch, province drill-down,
region pages from the URL, bad codes, boundary files."""

import datetime as dt
import json

import pytest

from dashboard import reference
from tests.app.conftest import no_exceptions, run_page
from tests.unit.test_regions_queries import add_event


@pytest.fixture
def solok_db(app_db):
    """app_db plus known events of Kabupaten Solok (13.02)."""
    from dashboard.db.engine import get_engine

    e = get_engine(app_db)
    add_event(e, dt.date(2020, 11, 20), "rakor", ["13.02"], ["KPU", "Bawaslu", "Pemda"], title="<b>Rakor</b> Solok")
    add_event(e, dt.date(2020, 12, 1), "rapat", ["13.02"], ["Polri", "TNI"])
    return app_db


def table(at):
    """The readiness table (the one with a Kode column)."""
    for df in at.dataframe:
        v = df.value
        if "Kode" in v.columns or "Code" in v.columns:
            return v
    raise AssertionError("no readiness table")


def map_traces(at):
    charts = at.get("plotly_chart")
    assert charts, "no chart"
    return json.loads(charts[0].proto.spec)["data"]


def n_marks(at):
    n = 0
    for d in map_traces(at):
        if d["type"] == "scattergeo" and d.get("mode") != "text" and d.get("customdata") is not None:  # not legend-only
            n += len(d["lon"])
        elif d["type"] == "choropleth":
            n += len(d["locations"])
    return n


def texts(at):
    return " ".join([w.value for w in at.warning] + [i.value for i in at.info])


def test_national_map_and_table(app_db):
    at = run_page("wilayah")
    no_exceptions(at)
    assert at.title[0].value == "Wilayah Pilkada"
    assert n_marks(at) == 270
    assert len(table(at)) == 270
    labels = [m.label for m in at.metric]
    assert labels[0] == "Wilayah" and at.metric[0].value == "270"
    assert any("Sepi 30 hari" == lbl for lbl in labels)
    assert not at.warning


def test_election_switch(app_db):
    at = run_page("wilayah", {"election": "pilkada-2024"})
    no_exceptions(at)
    assert n_marks(at) == 545 and len(table(at)) == 545
    at = run_page("wilayah")
    at.sidebar.selectbox(key="w_election").select("pilkada-2024").run()
    no_exceptions(at)
    assert n_marks(at) == 545
    assert at.query_params["election"] in ("pilkada-2024", ["pilkada-2024"])


def test_province_drill_down(app_db):
    at = run_page("wilayah", {"province": "13"})
    no_exceptions(at)
    assert "Sumatera Barat" in at.title[0].value
    assert n_marks(at) == 14 and len(table(at)) == 14
    # the page's own province selector (also there in presenter mode) drills too
    want = len([r for r in reference.election_regions("pilkada-2020") if r.province_code == "15"])
    at.selectbox(key="w_regions_province").select("15").run()
    no_exceptions(at)
    assert "Jambi" in at.title[0].value and len(table(at)) == want
    assert at.query_params["province"] in ("15", ["15"])
    assert at.sidebar.selectbox(key="w_province").value == "15"  # the filter bar follows
    at.selectbox(key="w_regions_province").select("").run()
    assert n_marks(at) == 270


def test_region_page_from_the_url(solok_db):
    at = run_page("wilayah", {"region": "13.02"})
    no_exceptions(at)
    assert at.title[0].value == "Kabupaten Solok"
    md = " ".join(m.value for m in at.markdown)
    assert "Pilkada 2020: Pemilihan Bupati — 9 Desember 2020" in md
    assert [m.label for m in at.metric][:2] == ["Kesiapan", "Rapat"]
    assert len(at.get("plotly_chart")) == 1  # the timeline; no map
    heads = [s.value for s in at.subheader]
    assert "Artikel sumber" in heads and "Instansi yang terlibat" in heads
    articles = [d.value for d in at.dataframe if "Baca" in d.value.columns][0]
    assert len(articles) >= 2 and articles["Baca"].str.match(r"^/berita\?item=\d+$").all()
    assert "<b>Rakor</b> Solok" in set(articles["Judul"])  # untrusted titles: shown as data, not markup
    assert at.metric[3].value == "5/5"
    assert at.query_params["region"] in ("13.02", ["13.02"])
    # back to the map
    at.button(key="regions_back").click().run()
    no_exceptions(at)
    assert at.title[0].value == "Wilayah Pilkada" and "region" not in at.query_params
    assert not at.warning  # the region link it came from is no note


def test_governor_region_page_lists_its_regencies(app_db):
    at = run_page("wilayah", {"region": "13"})
    no_exceptions(at)
    assert at.title[0].value == "Sumatera Barat"
    assert any("Kabupaten/kota di provinsi ini (13)" == s.value for s in at.subheader)


@pytest.mark.parametrize("code", ["99.99", "13.9", "<script>alert(1)</script>", "13.02'; DROP TABLE event;--"])
def test_bad_region_code_gives_a_visible_note(app_db, code):
    at = run_page("wilayah", {"region": code})
    no_exceptions(at)
    assert at.title[0].value == "Wilayah Pilkada"
    assert "tidak dikenal" in texts(at)
    assert "<script>" not in " ".join(w.value for w in at.warning)  # escaped
    assert n_marks(at) == 270


def test_region_outside_the_election(app_db):
    at = run_page("wilayah", {"region": "11.01"})
    no_exceptions(at)
    assert "Kabupaten Aceh Selatan tidak ikut Pilkada 2020" in texts(at) and "Pilkada 2024" in texts(at)
    at.segmented_control(key="regions_days").set_value(14).run()
    assert "Kabupaten Aceh Selatan tidak ikut Pilkada 2020" in texts(at)  # the note stays
    at.sidebar.selectbox(key="w_election").select("pilkada-2024").run()
    assert "tidak ikut" not in texts(at)
    at = run_page("wilayah", {"region": "11.01", "election": "pilkada-2024"})
    no_exceptions(at)
    assert at.title[0].value == "Kabupaten Aceh Selatan"


def test_window_days_from_the_url_and_language(app_db):
    at = run_page("wilayah", {"days": "7", "lang": "en"})
    no_exceptions(at)
    assert at.title[0].value == "Election Regions"
    assert "Quiet 7 days" in [m.label for m in at.metric]
    assert at.query_params["days"] in ("7", ["7"])
    at = run_page("wilayah", {"days": "forever"})
    no_exceptions(at)
    assert "Sepi 30 hari" in [m.label for m in at.metric]
    at.segmented_control(key="regions_days").set_value(90).run()
    assert "Sepi 90 hari" in [m.label for m in at.metric]


def test_table_search(app_db):
    at = run_page("wilayah")
    at.text_input(key="regions_search").input("solok").run()
    no_exceptions(at)
    assert set(table(at)["Nama"]) == {"Kabupaten Solok", "Kota Solok", "Kabupaten Solok Selatan"}
    assert len(at.get("download_button")) >= 2


def test_events_colouring(app_db):
    at = run_page("wilayah")
    at.segmented_control(key="regions_metric").set_value("events").run()
    no_exceptions(at)
    assert n_marks(at) == 270
    assert any(d.get("marker", {}).get("colorbar") for d in map_traces(at))


def test_all_elections_and_an_election_without_regions(app_db):
    for election in ("semua", "pemilu-2019"):
        at = run_page("wilayah", {"election": election})
        no_exceptions(at)
        assert "Pilkada" in texts(at)


# ---------------------------------------------------------------- boundary files


def _square(code, d=0.05):
    r = reference.regions()[code]
    return [[r.lon - d, r.lat - d], [r.lon + d, r.lat - d], [r.lon + d, r.lat + d], [r.lon - d, r.lat + d],
            [r.lon - d, r.lat - d]]


def _geojson(codes):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": c}, "geometry": {"type": "Polygon", "coordinates": [_square(c)]}}
        for c in codes]}


KAB_2020 = [r.region_code for r in reference.election_regions("pilkada-2020") if r.contest != "gubernur"]


def test_boundary_file_makes_a_choropleth(app_db, tmp_path, monkeypatch):
    p = tmp_path / "kabkota.geojson"
    p.write_text(json.dumps(_geojson(KAB_2020)))
    monkeypatch.setenv("DASHBOARD_BOUNDARY_FILE", str(p))
    at = run_page("wilayah")
    no_exceptions(at)
    kinds = [d["type"] for d in map_traces(at)]
    assert "choropleth" in kinds and n_marks(at) == 270
    assert sum(len(d["locations"]) for d in map_traces(at) if d["type"] == "choropleth") == 261
    assert not at.warning


@pytest.mark.parametrize(
    "content,phrase",
    [
        ("not json at all", "bukan JSON"),
        (json.dumps({"type": "FeatureCollection", "features": []}), "tidak berisi fitur"),
        (json.dumps(_geojson(KAB_2020[:100])), "tidak lengkap"),
        (None, "tidak ditemukan"),
    ],
)
def test_wrong_or_partial_boundary_file_falls_back_to_points(app_db, tmp_path, monkeypatch, content, phrase):
    p = tmp_path / "b.geojson"
    if content is not None:
        p.write_text(content)
    monkeypatch.setenv("DASHBOARD_BOUNDARY_FILE", str(p))
    at = run_page("wilayah")
    no_exceptions(at)
    assert phrase in texts(at)
    assert {d["type"] for d in map_traces(at)} == {"scattergeo"} and n_marks(at) == 270


def test_partial_file_still_draws_a_province_it_covers(app_db, tmp_path, monkeypatch):
    p = tmp_path / "sumbar.geojson"
    p.write_text(json.dumps(_geojson([c for c in KAB_2020 if c.startswith("13.")])))
    monkeypatch.setenv("DASHBOARD_BOUNDARY_FILE", str(p))
    at = run_page("wilayah", {"province": "13"})
    no_exceptions(at)
    assert "choropleth" in [d["type"] for d in map_traces(at)] and not at.warning
