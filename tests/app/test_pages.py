"""Every page renders from the database, and a filter change changes what it shows."""

import re

import pytest

from tests.app.conftest import PAGES, no_exceptions, run_page


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders(app_db, page):
    at = run_page(page)
    no_exceptions(at)
    assert at.title and at.title[0].value
    assert at.sidebar.selectbox, "the shared filter bar must render on every page"
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not [v for v in shown if re.search(r"\b(nan|None|NaT)\b", v)], "missing values leak as text"


def _metrics(at):
    return [m.value for m in at.metric]


def test_ringkasan_agency_filter_changes_figures(app_db):
    at = run_page("ringkasan")
    before = _metrics(at)
    at.sidebar.button_group(key="w_agency").select("DKPP").run()
    no_exceptions(at)
    after = _metrics(at)
    assert before != after
    assert at.query_params["agency"] in ("DKPP", ["DKPP"])


def test_rakor_province_filter_changes_table(app_db):
    at = run_page("rakor")
    rows_all = len(at.dataframe[0].value)
    at = run_page("rakor", {"province": "13"})
    no_exceptions(at)
    rows_13 = len(at.dataframe[0].value)
    assert 0 < rows_13 < rows_all


def test_wilayah_lists_the_270_regions(app_db):
    def regions_table(at):  # the table with a code column (the page also lists inactive regions)
        return next(d.value for d in at.dataframe if "Kode" in d.value.columns)

    at = run_page("wilayah")
    assert len(regions_table(at)) == 270
    at = run_page("wilayah", {"province": "13"})
    assert len(regions_table(at)) == 14


def test_berita_search_and_reader(app_db):
    at = run_page("berita", {"q": "Solok"})
    no_exceptions(at)
    assert any("artikel" in m.value for m in at.markdown)
    at = run_page("berita", {"item": "1"})
    no_exceptions(at)
    assert at.subheader


def test_berita_search_shows_highlighted_snippets(app_db, monkeypatch):
    """``?q=`` lists each match with a snippet of its text, the searched word in <mark>;
    above the cap the count says "more than"; without a search the table is as before."""
    from dashboard.ui import widgets

    at = run_page("berita", {"q": "Solok"})
    no_exceptions(at)
    marked = [m.value for m in at.markdown if "<mark>" in m.value]
    assert marked, [m.value for m in at.markdown]
    assert all(re.search(r"<mark>solok</mark>", v, re.I) for v in marked)
    assert all("](/berita?item=" in v for v in marked)  # each title opens the reader
    assert not at.dataframe or all("Baca" not in d.value.columns for d in at.dataframe)
    assert any(m.value.endswith(" artikel") and not m.value.startswith("Lebih") for m in at.markdown)

    monkeypatch.setattr(widgets, "SEARCH_COUNT_CAP", 5)
    at = run_page("berita", {"q": "Solok"})
    no_exceptions(at)
    assert any(m.value == "Lebih dari 5 artikel" for m in at.markdown)

    at = run_page("berita")
    no_exceptions(at)
    assert not any("<mark>" in m.value for m in at.markdown)
    assert any("Baca" in d.value.columns for d in at.dataframe)


def test_berita_list_marks_an_unknown_date_or_publisher(app_db):
    """An article without a publication date or publisher shows "–" in both columns, not
    a blank cell that reads as a value the page failed to show (the bundled sample has
    raw page dumps without either)."""
    at = run_page("berita")
    no_exceptions(at)
    table = next(d.value for d in at.dataframe if "Baca" in d.value.columns)
    for col in ("Terbit", "Penerbit"):
        assert all(isinstance(v, str) and v.strip() for v in table[col]), col
    assert (table["Penerbit"] == "–").any() and (table["Penerbit"] != "–").any()


def test_bad_url_values_show_a_note_not_an_error(app_db):
    at = run_page("ringkasan", {"region": "<script>", "from": "kemarin", "agency": "NASA"})
    no_exceptions(at)
    assert at.info and "region" in at.info[0].value


def test_language_switch(app_db):
    at = run_page("instansi", {"lang": "en"})
    no_exceptions(at)
    assert at.title[0].value == "Agencies"


def test_events_without_venue_region_or_agencies_show_no_placeholder_text(engine):
    import datetime as dt

    import streamlit as st

    from dashboard.db import models as m
    from dashboard.db.engine import session_scope

    with session_scope(engine) as s:
        s.add(m.Event(event_date=dt.date(2020, 12, 5), activity="deklarasi", election_id="pilkada-2020",
                      status="manual", confidence=1.0, evidence={}))
    st.cache_data.clear()
    at = run_page("ringkasan")
    no_exceptions(at)
    shown = [m.value for m in at.markdown]
    line = next(v for v in shown if "Deklarasi damai" in v)
    assert not re.search(r"·\s*(\n|$)", line), f"an empty place leaves a dangling separator: {line!r}"
    assert not [v for v in shown if re.search(r"\b(nan|None|NaT)\b", v)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chart_speaks_the_page_language(app_db, lang):
    """Plotly's own words (mode bar, zoom hints) follow the language on every page."""
    import json

    for page in PAGES:
        at = run_page(page, {"lang": lang})
        no_exceptions(at)
        for el in at.get("plotly_chart"):
            config = json.loads(el.proto.config)
            assert config.get("locale") == lang, (page, el.proto.id)
