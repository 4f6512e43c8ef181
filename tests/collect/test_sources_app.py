"""The Sumber tab of Kelola Data in AppTest: sources with their last check, articles and
errors; adding one (with validation), testing one (nothing stored), removing one."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard import auth
from dashboard.collect import collector, store
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from tests.app.conftest import no_exceptions
from tests.collect.conftest import FAST
from tests.manage.conftest import PASSWORD
from tests.manage.test_pages_app import run


@pytest.fixture
def editor(engine, monkeypatch):
    import streamlit as st

    from dashboard.collect import fetch

    st.cache_data.clear()
    auth.create_user(engine, "editor1", PASSWORD, "editor", actor="test")
    # the test button fetches with the fast test policy
    monkeypatch.setattr(fetch.Politeness, "from_env", classmethod(lambda cls: FAST))
    return auth.authenticate(engine, "editor1", PASSWORD).token


def sumber(at):
    return at.tabs[3]


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_sources_with_their_last_check_and_errors(engine, site, editor):
    store.add_source(engine, store.SourceInput(site.url("/feed/"), name="Portal Pasbar", body="Diskominfo Pasbar",
                                               region="13.12"))
    store.add_source(engine, store.SourceInput(site.url("/rusak-500/"), name="Portal Rusak"))
    collector.collect(engine, policy=FAST)
    at = run("kelola", editor)
    no_exceptions(at)
    tab = sumber(at)
    assert tab.label == "Sumber"
    df = tab.dataframe[0].value
    rows = df.set_index("Nama")
    assert rows.loc["Portal Pasbar", "Status"] == "Berhasil" and rows.loc["Portal Pasbar", "Artikel ditemukan"] == 5
    assert rows.loc["Portal Pasbar", "Dilewati"] == 1 and rows.loc["Portal Pasbar", "Wilayah"] == "Kabupaten Pasaman Barat"
    assert rows.loc["Portal Rusak", "Status"] == "Gagal" and "HTTP 500" in rows.loc["Portal Rusak", "Rincian teknis"]
    assert rows.loc["Portal Rusak", "Galat / masalah"] == "Situs menjawab dengan galat"
    assert rows.loc["Portal Pasbar", "Galat / masalah"] == ""
    assert any("1 sumber gagal" in e.value and "Portal Rusak" in e.value for e in tab.error)
    at = run("kelola", editor, {"lang": "en"})
    df = sumber(at).dataframe[0].value
    assert "Last check (UTC)" in df.columns and set(df["Status"]) == {"OK", "Failed"}


def test_add_a_source_with_validation(engine, site, editor):
    at = run("kelola", editor)
    tab = sumber(at)
    assert any("Belum ada sumber" in i.value for i in tab.info)
    at.text_input(key="sumber_url_0").input("portal.contoh.go.id/feed")
    button(at, "Tambah sumber").click().run()
    no_exceptions(at)
    assert any("http://" in e.value for e in sumber(at).error)
    at.text_input(key="sumber_url_0").input(site.url("/berita/"))
    at.text_input(key="sumber_name_0").input("KPU Pasbar")
    at.text_input(key="sumber_pattern_0").input(r"/20\d\d/")
    at.selectbox(key="sumber_kind_0").select("listing")
    at.selectbox(key="sumber_region_0").select("13.12")
    button(at, "Tambah sumber").click().run()
    no_exceptions(at)
    src = store.get_source(engine, "KPU Pasbar")
    assert src.kind == "listing" and src.link_pattern == r"/20\d\d/" and src.region_code == "13.12"
    assert any("ditambahkan" in s.value for s in sumber(at).success)
    assert "KPU Pasbar" in set(sumber(at).dataframe[0].value["Nama"])


def test_the_test_button_shows_what_would_be_collected_and_stores_nothing(engine, site, editor):
    store.add_source(engine, store.SourceInput(site.url("/feed/"), name="Portal Pasbar"))
    at = run("kelola", editor)
    button(at, "Uji sumber (tanpa menyimpan)").click().run()
    no_exceptions(at)
    tab = sumber(at)
    assert any("6 alamat artikel baru ditemukan, 5 dibaca" in s.value for s in tab.success)
    result = tab.dataframe[1].value
    assert set(result["Hasil"]) <= {"Akan disimpan", "Dilewati"} and (result["Hasil"] == "Akan disimpan").sum() >= 4
    assert result["Kegiatan terbaca"].str.contains("Lapangan Mapolres Dharmasraya").any()
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(m.Article)) == 0
        assert s.scalar(select(func.count()).select_from(m.CollectPage)) == 0
    # after a collection, the test lists what was collected before (not fetched again)
    collector.collect(engine, policy=FAST)
    site.clear()
    at = run("kelola", editor)
    button(at, "Uji sumber (tanpa menyimpan)").click().run()
    tab = sumber(at)
    assert any("0 alamat artikel baru ditemukan, 0 dibaca" in s.value for s in tab.success)
    again = tab.dataframe[1].value
    assert set(again["Hasil"]) == {"Sudah dikumpulkan"}
    # why, in the interface's language; the collector's own words in the technical column
    assert set(again["Alasan"]) == {"Sudah dikumpulkan sebelumnya; tidak diambil lagi"}
    assert set(again["Rincian teknis"]) == {"collected before: not fetched again"}
    assert site.paths() == ["/robots.txt", "/feed/"]
    # the source's latest pages: the skipped one says why in Indonesian
    pages = tab.dataframe[2].value
    skipped = pages[pages["Hasil"] == "Dilewati"]
    assert len(skipped) == 1 and skipped["Alasan"].iloc[0] == "Tidak tentang pemilihan; tidak disimpan sebagai kegiatan"
    assert (pages.loc[pages["Hasil"] == "Disimpan", "Alasan"] == "").all()


def test_testing_another_address_and_a_failing_one(engine, site, editor):
    at = run("kelola", editor)
    at.text_input(key="sumber_test_url").input(site.url("/rusak-500/"))
    button(at, "Uji alamat").click().run()
    no_exceptions(at)
    assert any("Uji gagal: Situs menjawab dengan galat" in e.value and "500" in e.value for e in sumber(at).error)


def test_remove_a_source(engine, site, editor):
    store.add_source(engine, store.SourceInput(site.url("/feed/"), name="Portal Pasbar"))
    at = run("kelola", editor)
    at.checkbox(key="sumber_sure_Portal Pasbar").check()
    at.run()
    button(at, "Hapus sumber").click().run()
    no_exceptions(at)
    assert store.get_source(engine, "Portal Pasbar") is None
    assert any("dihapus" in s.value for s in sumber(at).success)
