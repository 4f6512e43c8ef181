"""One real event, all its sources, in Debian's chromium: the event detail of Rapat
Koordinasi lists the other articles reporting the meeting, with links that open them in the
Berita reader, which in turn lists the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.e2e.conftest import start_server, stop_server, wait_for_app, warm_up

DATA = Path(__file__).resolve().parents[1] / "data" / "merge" / "articles.jsonl"


@pytest.fixture(scope="module")
def merged_site(templates, tmp_path_factory, chromium_path, browser):
    from dashboard.db import models as m
    from dashboard.db.engine import get_engine, session_scope
    from dashboard.ingest.pipeline import ingest_paths

    db = templates.fresh("sqlite")
    tmp = tmp_path_factory.mktemp("merged")
    recs = [json.loads(x) for x in DATA.read_text(encoding="utf-8").splitlines()]
    path = tmp / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in recs if r["cluster"] == "rakornas-jakarta-2024-09-12") + "\n",
                    encoding="utf-8")
    eng = get_engine(db)
    ingest_paths([path], engine=eng)
    with session_scope(eng) as s:
        main = s.scalar(select(m.Event.id).where(m.Event.merged_into.is_(None)))
    eng.dispose()
    srv = start_server(db, tmp)
    warm_up(browser, srv)
    yield srv, main, recs
    stop_server(srv)


def test_event_detail_lists_the_other_sources_and_opens_them(merged_site, bpage):
    srv, main, recs = merged_site
    page = bpage.page
    page.goto(f"{srv.url}/rapat-koordinasi?election=semua&item={main}")
    wait_for_app(page)
    box = page.locator(".st-key-meeting_sources")
    box.wait_for(timeout=30000)
    text = box.inner_text()
    assert "Juga diberitakan oleh" in text
    titles = [r["title"] for r in recs if r["cluster"] == "rakornas-jakarta-2024-09-12"]
    shown = [t for t in titles if t in text]
    assert len(shown) == 3, text  # the three other reports (the main one is the detail's source)
    # a source opens in the Berita reader, which lists the other reports, the main one included
    link = box.get_by_role("link", name="baca").first
    assert "/berita?" in link.get_attribute("href") and "item=" in link.get_attribute("href")
    with page.context.expect_page() as opened:  # Markdown links open in a new tab
        link.click()
    page = opened.value
    page.wait_for_url("**/berita?**item=*", timeout=30000)
    wait_for_app(page)
    reader = page.locator(".st-key-also_reported_0")
    reader.wait_for(timeout=30000)
    assert "sumber utama" in reader.inner_text()
    bpage.check()
