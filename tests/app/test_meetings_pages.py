"""Rapat Koordinasi and Instansi in AppTest: filters from the URL and the filter bar,
cross-filtering (a chart click filters the page, the filter bar and the URL follow, undo),
the selected meeting, language and presenter flags."""

import json

import pytest

from tests.app.conftest import no_exceptions, run_page


def _qp(at, name):
    v = at.query_params.get(name)
    return v[-1] if isinstance(v, list) else v


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    return "\n".join(parts).replace("\\", "")  # Markdown escapes


def _charts(at):
    return [e for e in at.get("plotly_chart")]


def click_chart(at, key: str, customdata: list):
    """Send a plotly selection for the chart whose key starts with ``key``, as the browser
    does after a click (the selection state is a JSON string widget value)."""
    charts = [e for e in _charts(at) if (e.key or "").startswith(key + "__")]
    assert charts, f"no clickable chart {key}: {[e.key for e in _charts(at)]}"
    chart = charts[0]
    ws = at._tree.get_widget_states()
    w = ws.widgets.add()
    w.id = chart.proto.id
    point = {"curve_number": 0, "point_number": 0, "point_index": 0, "customdata": customdata}
    w.string_value = json.dumps({"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}})
    at._run(ws)
    return at


def test_rakor_reads_filters_from_the_url(app_db):
    at = run_page("rakor", {"region": "13.02", "from": "2020-01-01", "to": "2020-03-31", "activity": "rakor"})
    no_exceptions(at)
    text = _texts(at)
    assert "Rapat koordinasi, Kabupaten Solok, Jan–Mar 2020, Pilkada 2020" in text
    assert at.sidebar.button_group(key="w_activity").value == ["rakor"]
    assert at.sidebar.selectbox(key="w_region").value == "13.02"
    assert len(_charts(at)) == 3  # over time, by level, calendar


def test_rakor_filter_bar_writes_the_url_and_changes_the_numbers(app_db):
    at = run_page("rakor")
    before = at.metric[0].value
    at.sidebar.button_group(key="w_level").select("nasional").run()
    no_exceptions(at)
    assert _qp(at, "level") == "nasional"
    assert at.metric[0].value != before


def test_click_on_a_bar_filters_the_page_and_the_filter_bar_follows(app_db):
    at = run_page("rakor", {"agency": "KPU"})
    total = at.metric[0].value
    click_chart(at, "rakor_timeline", ["period", "2020-09-01", "activity", "rakor"])
    no_exceptions(at)
    assert (_qp(at, "from"), _qp(at, "to"), _qp(at, "activity"), _qp(at, "agency")) == (
        "2020-09-01", "2020-09-30", "rakor", "KPU"
    )
    assert at.sidebar.button_group(key="w_activity").value == ["rakor"]
    assert [str(d) for d in at.sidebar.date_input(key="w_period").value] == ["2020-09-01", "2020-09-30"]
    assert at.metric[0].value != total
    assert "Rapat koordinasi, KPU, 1–30 Sep 2020" in _texts(at)
    # the undo button brings the previous view back
    undo = [b for b in at.button if b.key == "undo_rakor"]
    assert undo
    undo[0].click().run()
    assert _qp(at, "from") is None and _qp(at, "activity") is None and _qp(at, "agency") == "KPU"
    assert at.metric[0].value == total


def test_click_on_a_level_bar_filters_by_level(app_db):
    at = run_page("rakor")
    click_chart(at, "rakor_level", ["period", "2020-10-01", "level", "provinsi"])
    assert _qp(at, "level") == "provinsi" and _qp(at, "from") == "2020-10-01"
    assert at.sidebar.button_group(key="w_level").value == ["provinsi"]


def test_click_on_a_meeting_opens_its_detail_and_source(app_db):
    at = run_page("rakor", {"region": "13.02"})
    click_chart(at, "rakor_calendar", ["event", 1])
    no_exceptions(at)
    assert _qp(at, "item") == "1"
    assert any(s.value in ("Rincian kegiatan",) for s in at.subheader)
    # the same view opened from a link shows the same detail
    again = run_page("rakor", {"region": "13.02", "item": "1"})
    assert any(s.value == "Rincian kegiatan" for s in again.subheader)
    close = [b for b in again.button if b.key == "close_detail"][0]
    close.click().run()
    assert _qp(again, "item") is None
    assert not any(s.value == "Rincian kegiatan" for s in again.subheader)


def test_unknown_meeting_in_the_link_is_a_note_not_an_error(app_db):
    at = run_page("rakor", {"item": "99999999"})
    no_exceptions(at)
    assert any("tidak ditemukan" in w.value for w in at.warning)
    at = run_page("rakor", {"item": "<script>", "freq": "yearly", "view": "nope"})
    no_exceptions(at)
    note = at.info[0].value
    assert "item" in note and "freq" in note and "view" in note


def test_instansi_heatmap_and_pair_clicks(app_db):
    at = run_page("instansi")
    no_exceptions(at)
    assert len(_charts(at)) == 4  # small multiples, heatmap, pairs, change
    click_chart(at, "instansi_heatmap", ["cell", "2020-03-01", "Bawaslu"])
    assert (_qp(at, "agency"), _qp(at, "from"), _qp(at, "to")) == ("Bawaslu", "2020-03-01", "2020-03-31")
    assert at.sidebar.button_group(key="w_agency").value == ["Bawaslu"]
    at = run_page("instansi")
    click_chart(at, "instansi_pairs", ["pair", "KPU", "Polri"])
    assert _qp(at, "agency") == "KPU,Polri" and _qp(at, "agency_match") == "all"
    assert at.sidebar.toggle(key="w_agency_all").value is True
    assert "KPU + Polri" in _texts(at)


def test_instansi_explains_the_change_flags(app_db):
    at = run_page("instansi", {"to": "2020-10-31"})
    text = _texts(at)
    assert "Acuan 31 Oktober 2020 (akhir periode filter)" in text
    assert "4 minggu terakhir" in text and "Berhenti" in text
    at = run_page("instansi", {"lang": "en"})
    assert "Reference" in _texts(at) and "latest recorded meeting" in _texts(at)


def test_freq_switch_is_kept_in_the_url(app_db):
    at = run_page("instansi")
    at.segmented_control(key="w_freq_instansi").set_value("week").run()
    no_exceptions(at)
    assert _qp(at, "freq") == "week"
    assert any("Instansi × minggu" in e.label for e in at.expander)
    assert '"xperiod": 604800000' in _charts(at)[0].proto.spec.replace(" ", "").replace('"xperiod":', '"xperiod": ')


@pytest.mark.parametrize("page,title_id,title_en", [("rakor", "Rapat Koordinasi", "Coordination Meetings"),
                                                    ("instansi", "Instansi", "Agencies")])
def test_language_from_url_and_switch(app_db, page, title_id, title_en):
    at = run_page(page)
    assert at.title[0].value == title_id
    at.sidebar.radio(key="w_lang").set_value("en").run()
    no_exceptions(at)
    assert at.title[0].value == title_en and _qp(at, "lang") == "en"
    assert at.sidebar.selectbox(key="w_election").label == "Election"
    at = run_page(page, {"lang": "en"})
    assert at.title[0].value == title_en
    if page == "rakor":
        assert at.metric[0].label == "Meetings" and at.metric[3].label == "Busiest month"
        months_en = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
        assert at.metric[3].value.split()[0] in months_en
        assert any(s.value == "List of events" for s in at.subheader)


@pytest.mark.parametrize("page,views", [("rakor", 3), ("instansi", 4)])
def test_presenter_mode_one_figure_per_screen(app_db, page, views):
    at = run_page(page, {"present": "1", "region": "13.02"})
    no_exceptions(at)
    assert not at.sidebar.selectbox  # no filter bar
    assert len(_charts(at)) == 1
    assert not at.metric and not at.dataframe  # no tables or key numbers: one figure
    texts = _texts(at)
    assert f"1 / {views}" in texts and "Kabupaten Solok" in texts
    nxt = [b for b in at.button if b.key == "present_next"][0]
    nxt.click().run()
    assert f"2 / {views}" in _texts(at) and _qp(at, "view") and _qp(at, "present") == "1"
    theme = [b for b in at.button if b.key == "present_theme"][0]
    theme.click().run()
    assert _qp(at, "theme") == "dark"
    exit_ = [b for b in at.button if b.key == "present_exit"][0]
    exit_.click().run()
    assert _qp(at, "present") is None and _qp(at, "view") is None
    assert at.sidebar.selectbox and len(_charts(at)) == views


def test_presenter_toggle_in_the_filter_bar(app_db):
    at = run_page("rakor")
    at.sidebar.toggle(key="w_present").set_value(True).run()
    no_exceptions(at)
    assert _qp(at, "present") == "1" and len(_charts(at)) == 1


def test_presenter_view_from_the_link(app_db):
    at = run_page("instansi", {"present": "1", "view": "pairs", "lang": "en"})
    assert "3 / 4" in _texts(at)
    fig = _charts(at)[0]
    assert "Who meets whom" in fig.proto.spec


@pytest.mark.parametrize(
    "params",
    [
        {"election": "semua"},
        {"q": "tidakadakataseperti"},  # nothing matches: every figure says so
        {"election": "pemilu-2024"},  # an election without meetings or regions
        {"from": "2020-12-09", "to": "2020-12-09"},  # one day
        {"freq": "week", "level": "nasional", "present": "1", "view": "calendar"},
        {"agency": "KPU,Bawaslu,Polri", "agency_match": "all", "lang": "en"},
    ],
)
@pytest.mark.parametrize("page", ["rakor", "instansi"])
def test_odd_views_render_without_errors(app_db, page, params):
    at = run_page(page, params)
    no_exceptions(at)
    assert at.title or any("<h1>" in m.value for m in at.markdown)  # presenter mode: an HTML title


def test_instansi_tables_are_built_only_when_their_expander_is_opened(app_db):
    """A closed table costs the page nothing (no table sent); opening it gives the table
    and its downloads."""
    at = run_page("instansi")
    no_exceptions(at)
    labels = [e.label for e in at.expander]
    assert any("Instansi × bulan" in x for x in labels) and any("Rapat bersama" in x or "bersama" in x for x in labels), labels
    before = len(at.dataframe)
    assert before == 2  # the change per agency and per region, below their chart; the closed ones are not sent
    at.session_state["instansi_heatmap_box"] = True
    at.session_state["instansi_pairs_box"] = True
    at.run()
    no_exceptions(at)
    assert len(at.dataframe) == before + 2
