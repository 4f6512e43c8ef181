"""Every page renders from the database, and a filter change changes what it shows."""

import pytest

from tests.app.conftest import PAGES, no_exceptions, run_page


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders(app_db, page):
    at = run_page(page)
    no_exceptions(at)
    assert at.title and at.title[0].value
    assert at.sidebar.selectbox, "the shared filter bar must render on every page"


def _metrics(at):
    return [m.value for m in at.metric]


def test_ringkasan_agency_filter_changes_figures(app_db):
    at = run_page("ringkasan")
    before = _metrics(at)
    at.sidebar.multiselect(key="w_agency").select("DKPP").run()
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


def test_bad_url_values_show_a_note_not_an_error(app_db):
    at = run_page("ringkasan", {"region": "<script>", "from": "kemarin", "agency": "NASA"})
    no_exceptions(at)
    assert at.info and "region" in at.info[0].value


def test_language_switch(app_db):
    at = run_page("instansi", {"lang": "en"})
    no_exceptions(at)
    assert at.title[0].value == "Agencies"
