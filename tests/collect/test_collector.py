"""The collector against the loopback fixture site, on SQLite and PostgreSQL: sources of
every kind, one fetch per page, the same ingest path as uploads, the source on the article,
relevance, dedup, conditional re-checks, failing sources, the preview, the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select, text, update

from dashboard import audit
from dashboard.cli import main
from dashboard.collect import collector, store
from dashboard.collect.collector import Options
from dashboard.collect.preview import preview
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from tests.collect.fixture_site import Answer
from tests.collect.releases import BY_SLUG, RELEASES

OPTS = Options(workers=4)


def add(engine, url, name, **kw):
    return store.add_source(engine, store.SourceInput(url, name=name, **kw), username="editor1")


def articles(engine) -> list[m.Article]:
    with session_scope(engine) as s:
        return list(s.scalars(select(m.Article).order_by(m.Article.id)))


def count(engine, model) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def make_due(engine) -> None:
    with session_scope(engine) as s:
        s.execute(update(m.CollectSource).values(last_checked_at=None))


PUBLIC = [r for r in RELEASES if r.slug != "rapat-internal-rahasia"]


def test_feed_sitemap_and_listing_sources_fill_the_database(engine, site, fast):
    add(engine, site.url("/feed/"), "Portal feed", body="Diskominfo Pasaman Barat", region="13.12")
    add(engine, site.url("/sitemap_index.xml"), "Portal sitemap")
    add(engine, site.url("/berita/"), "Portal berita", kind="listing", link_pattern=r"/20\d\d/\d\d/\d\d/")
    rep = collector.collect(engine, policy=fast, options=OPTS)

    assert not rep.failed_sources
    stored = articles(engine)
    election = [r for r in PUBLIC if r.election]
    assert {a.url for a in stored} == {site.url(r.path) for r in election}
    # each page fetched once, although feed, sitemap and listing all list it
    for r in PUBLIC:
        assert site.count(r.path) == 1, r.path
    # robots.txt forbids /rahasia/: listed by the sitemap and the listing, never requested
    assert not any(p.startswith("/rahasia/") for p in site.paths())
    assert site.count("/robots.txt") == 1
    # the source is on the article; the body of a source becomes the publisher
    by_url = {a.url: a for a in stored}
    feed_id = store.get_source(engine, "Portal feed").id
    assert all(a.collect_source_id is not None for a in stored)
    pasbar = by_url[site.url(BY_SLUG["rakor-persiapan-pilkada-pasaman-barat"].path)]
    if pasbar.collect_source_id == feed_id:
        assert pasbar.publisher == "Diskominfo Pasaman Barat"
    # the main text only: no menu, no related headlines, no "Baca Juga"
    for a in stored:
        assert "Berita Terkait" not in a.text and "Baca Juga" not in a.text and "Lima Puluh Kota" not in a.text
        assert "Beranda" not in a.text and "Festival" not in a.text
    # extraction ran (same path as uploads): venues and dates of the releases
    with session_scope(engine) as s:
        venues = {(e.location, e.event_date) for e in s.scalars(select(m.Event))}
    for r in election:
        if r.venue:
            assert (r.venue, r.date) in venues, r.slug
    # the one release not about an election: recorded as skipped, not stored, no event
    pasar = site.url(BY_SLUG["bupati-resmikan-pasar-ikan-batusangkar"].path)
    assert pasar not in by_url
    with session_scope(engine) as s:
        page = s.scalar(select(m.CollectPage).where(m.CollectPage.url == pasar))
    assert page.status == "skipped" and page.code == "not_election" and "not about an election" in page.reason
    # the audit log has the stored articles (ingest path) and the collection run
    df = audit.read(engine, audit.AuditQuery(), limit=1000)
    assert (df["action"] == "ingest_file").sum() == len(election)
    assert (df["action"] == "collect").sum() == 1


def test_a_recheck_without_changes_sends_conditional_requests_and_stores_nothing(engine, site, fast):
    add(engine, site.url("/feed/"), "feed")
    add(engine, site.url("/sitemap_index.xml"), "sitemap")
    add(engine, site.url("/berita/"), "berita")
    collector.collect(engine, policy=fast, options=OPTS)
    n_articles, n_pages, n_audit = count(engine, m.Article), count(engine, m.CollectPage), count(engine, m.AuditLog)
    site.clear()
    make_due(engine)
    rep = collector.collect(engine, policy=fast, options=OPTS)
    # only the three source documents, each conditional, each 304; no page, no robots.txt
    assert sorted(site.paths()) == ["/berita/", "/feed/", "/sitemap_index.xml"]
    assert all(h.status == 304 and ("if-none-match" in h.headers) for h in site.hits)
    assert rep.stats["conditional"] == 3 and rep.stats["not_modified"] == 3
    assert {s.outcome.status for s in rep.sources} == {"not_modified"}
    assert (count(engine, m.Article), count(engine, m.CollectPage), count(engine, m.AuditLog)) == (
        n_articles, n_pages, n_audit)


def test_a_new_article_in_the_feed_is_found_at_the_next_check(engine, site, fast):
    from tests.collect.fixture_site import article_html, rss

    add(engine, site.url("/feed/"), "feed")
    collector.collect(engine, policy=fast, options=OPTS)
    new = dataclasses.replace(RELEASES[0], slug="rakor-lanjutan-pasaman-barat", date=dt.date(2020, 11, 30),
                              title="Rakor Lanjutan Persiapan Pilkada Pasaman Barat")
    site.routes[new.path] = lambda: Answer(200, article_html(new, site.base).encode())
    body = rss([(site.url(new.path), new)] + [(site.url(r.path), r) for r in PUBLIC[:3]]).encode()
    site.routes["/feed/"] = lambda: Answer(200, body, "application/rss+xml")
    site.clear()
    make_due(engine)
    rep = collector.collect(engine, policy=fast, options=OPTS)
    assert rep.total("new") == 1 and site.count(new.path) == 1
    assert [p for p in site.paths() if p != "/feed/"] == [new.path]  # nothing else fetched again


def test_a_failing_source_does_not_stop_the_others_and_its_error_is_shown(engine, site, fast):
    add(engine, site.url("/rusak-500/"), "rusak")
    add(engine, site.url("/putar/a/"), "putar")
    add(engine, site.url("/feed/"), "feed")
    add(engine, site.url("/feed-rusak/"), "feed rusak")
    rep = collector.collect(engine, policy=fast, options=OPTS)
    by_name = {s.name: s for s in rep.sources}
    assert by_name["rusak"].outcome.status == "error" and "500" in by_name["rusak"].outcome.error
    assert by_name["putar"].outcome.status == "error" and "loop" in by_name["putar"].outcome.error
    assert by_name["feed"].outcome.status == "ok" and rep.total("new") == 5  # both feeds list some articles
    broken = by_name["feed rusak"]
    assert broken.outcome.status == "ok" and "not well-formed" in broken.outcome.error
    from dashboard.queries.sources import source_table

    df = source_table(engine).set_index("name")
    assert df.loc["rusak", "last_status"] == "error" and "HTTP 500" in df.loc["rusak", "last_error"]
    assert df.loc["feed", "articles"] + df.loc["feed rusak", "articles"] == 5 and df.loc["feed", "last_status"] == "ok"
    log = audit.read(engine, audit.AuditQuery(action="collect_source"), limit=100)
    failed = log[log["entity_id"] == "rusak"]
    assert len(failed) == 1 and "HTTP 500" in failed.iloc[0]["detail"]
    assert failed.iloc[0]["after"]["status"] == "error"
    # the run's summary names the failed sources
    run = audit.read(engine, audit.AuditQuery(action="collect"), limit=10).iloc[0]
    assert set(run["after"]["failed_sources"]) == {"rusak", "putar"}


def test_trouble_pages_are_recorded_and_the_slow_one_is_retried_next_time(engine, site, fast):
    paths = ["/lambat/", "/besar/", "/cp1252/", "/salinan/", "/ke-ftp/", BY_SLUG["rakor-persiapan-pilkada-pasaman-barat"].path]
    listing = "".join(f'<a href="{site.url(p)}">x</a>' for p in paths)
    site.routes["/daftar/"] = lambda: Answer(200, f"<html><body>{listing}</body></html>".encode())
    add(engine, site.url("/daftar/"), "daftar", kind="listing", link_pattern=r".")
    policy = dataclasses.replace(fast, read_timeout=0.4, retries=0, max_page_bytes=2 * 1024 * 1024)
    rep = collector.collect(engine, policy=policy, options=OPTS)
    pages = {p.url.removeprefix(site.base): p for p in rep.sources[0].pages}
    assert pages["/lambat/"].status == "failed" and pages["/lambat/"].code == "timeout"
    assert pages["/besar/"].status == "rejected" and pages["/besar/"].code == "too_large"
    assert pages["/ke-ftp/"].status == "rejected" and pages["/ke-ftp/"].code == "bad_redirect"
    assert pages["/cp1252/"].status == "stored"
    # the copy of an article under another address: the same text, stored once
    first, copy = pages[BY_SLUG["rakor-persiapan-pilkada-pasaman-barat"].path], pages["/salinan/"]
    assert {first.status, copy.status} == {"stored", "duplicate"}
    cp = [a for a in articles(engine) if a.url == site.url("/cp1252/")][0]
    assert "“Pilkada sehat, Pilkada aman,”" in cp.text and "Rp 25.000" in cp.text and "Muaro Sijunjung –" in cp.text
    assert "Ã" not in cp.text and "\ufffd" not in cp.text
    # the next check fetches again only the page that failed for a passing reason
    site.clear()
    make_due(engine)
    collector.collect(engine, policy=policy, options=OPTS)
    assert [p for p in site.paths() if p != "/daftar/"] == ["/lambat/"]
    assert site.hits_for("/daftar/")[0].headers.get("if-none-match") is None  # its validators were not kept


def test_dedup_by_canonical_url_before_fetching(engine, site, fast):
    r = PUBLIC[0]
    body = (f'<html><body><a href="{site.url(r.path)}?utm_source=wa&utm_medium=share">a</a>'
            f'<a href="{site.url(r.path)}#komentar">b</a><a href="{site.url(r.path).upper().replace("HTTP://", "http://")}">c</a>'
            f"</body></html>")
    site.routes["/bagikan/"] = lambda: Answer(200, body.encode())
    add(engine, site.url("/bagikan/"), "bagikan", kind="listing", link_pattern=r"/20\d\d/")
    collector.collect(engine, policy=fast, options=OPTS)
    assert site.count(r.path) == 1
    # an article already uploaded by hand under its address is not fetched at all
    make_due(engine)
    site.clear()
    collector.collect(engine, policy=fast, options=OPTS)
    assert site.count(r.path) == 0


def test_since_leaves_older_articles_for_later(engine, site, fast):
    add(engine, site.url("/feed/"), "feed")
    rep = collector.collect(engine, since=dt.date(2020, 11, 15), policy=fast, options=OPTS)
    dates = {a.published for a in articles(engine)}
    assert dates and min(dates) >= dt.date(2020, 11, 15)
    assert site.count(BY_SLUG["rakor-persiapan-pilkada-pasaman-barat"].path) == 0
    assert rep.sources[0].outcome.found == 6
    # without --since the next check takes the rest (the feed's validators were not kept)
    make_due(engine)
    collector.collect(engine, policy=fast, options=OPTS)
    assert min(a.published for a in articles(engine)) == dt.date(2020, 11, 2)


def test_max_articles_per_check_leaves_the_rest_for_the_next_check(engine, site, fast):
    add(engine, site.url("/feed/"), "feed")
    collector.collect(engine, policy=fast, options=dataclasses.replace(OPTS, max_articles=2))
    assert count(engine, m.Article) == 2
    make_due(engine)
    collector.collect(engine, policy=fast, options=OPTS)
    assert count(engine, m.Article) == 5  # 6 in the feed, one not about an election


def test_only_due_sources_are_checked(engine, site, fast):
    add(engine, site.url("/feed/"), "feed", every_hours=6)
    add(engine, site.url("/berita/"), "berita", every_hours=1)
    collector.collect(engine, policy=fast, options=OPTS)
    with session_scope(engine) as s:
        s.execute(update(m.CollectSource).values(last_checked_at=m.utcnow() - dt.timedelta(hours=2)))
    rep = collector.collect(engine, policy=fast, options=OPTS)
    assert [s.name for s in rep.sources] == ["berita"]
    assert [s.name for s in collector.collect(engine, source="feed", policy=fast, options=OPTS).sources] == ["feed"]


def test_the_preview_stores_nothing(engine, site, fast):
    add(engine, site.url("/feed/"), "feed")
    before = [count(engine, t) for t in (m.Article, m.Event, m.CollectPage, m.CollectHost, m.AuditLog)]
    rep = preview(engine, site.url("/feed/"), limit=6, policy=fast)
    assert rep.outcome.status == "ok" and rep.outcome.found == 6
    by_status = {}
    for p in rep.pages:
        by_status.setdefault(p.status, []).append(p)
    assert len(by_status["new"]) == 5 and len(by_status["skipped"]) == 1
    pasbar = [p for p in by_status["new"] if p.title.startswith("Forkopimda")][0]
    assert pasbar.event_rows[0]["location"] == "Aula Kantor Bupati Pasaman Barat"
    assert [count(engine, t) for t in (m.Article, m.Event, m.CollectPage, m.CollectHost, m.AuditLog)] == before
    # the real collection afterwards sees everything (no ETag was kept by the test)
    site.clear()
    rep = collector.collect(engine, policy=fast, options=OPTS)
    assert rep.total("new") == 5 and "if-none-match" not in site.hits_for("/feed/")[0].headers


def test_preview_of_a_failing_address(engine, site, fast):
    rep = preview(engine, site.url("/rusak-500/"), policy=fast)
    assert rep.outcome.status == "error" and "500" in rep.outcome.error
    assert preview(engine, "ftp://x/", policy=fast).outcome.status == "error"


def test_removing_a_source_keeps_its_articles(engine, site, fast):
    add(engine, site.url("/feed/"), "feed")
    collector.collect(engine, policy=fast, options=OPTS)
    n = count(engine, m.Article)
    store.remove_source(engine, "feed", username="editor1")
    assert count(engine, m.Article) == n and count(engine, m.CollectSource) == 0
    assert all(a.collect_source_id is None for a in articles(engine))
    log = audit.read(engine, audit.AuditQuery(action="source_remove"), limit=5)
    assert log.iloc[0]["entity_id"] == "feed" and log.iloc[0]["username"] == "editor1"
    # registered again: nothing is fetched twice
    add(engine, site.url("/feed/"), "feed lagi")
    site.clear()
    collector.collect(engine, policy=fast, options=OPTS)
    assert site.paths() == ["/feed/"]


def test_source_validation(engine, site):
    add(engine, site.url("/feed/"), "feed")
    for inp, code in [
        (store.SourceInput("ftp://x/"), "bad_url"),
        (store.SourceInput("portal.example.go.id/feed"), "bad_url"),
        (store.SourceInput(site.url("/feed/?utm_source=x"), name="lain"), "url_taken"),
        (store.SourceInput(site.url("/x/"), name="feed"), "name_taken"),
        (store.SourceInput(site.url("/x/"), region="99.99"), "bad_region"),
        (store.SourceInput(site.url("/x/"), every_hours=0.01), "bad_interval"),
        (store.SourceInput(site.url("/x/"), link_pattern="(unclosed"), "bad_pattern"),
        (store.SourceInput(site.url("/x/"), kind="podcast"), "bad_kind"),
        (store.SourceInput(site.url("/x/"), name="<script>"), "bad_name"),
    ]:
        with pytest.raises(store.SourceError) as e:
            store.add_source(engine, inp)
        assert e.value.code == code, inp
    with pytest.raises(store.SourceError):
        store.remove_source(engine, "tidak ada")


def test_cli_sources_and_collect(engine, db_url, site, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_COLLECT_INTERVAL", "0")
    monkeypatch.setattr(collector, "Fetcher", lambda policy=None, store=None: _fast_fetcher(store))
    assert main(["sources", "add", site.url("/feed/"), "--name", "Portal Pasbar", "--region", "13.12",
                 "--every", "2", "--body", "Diskominfo Pasaman Barat"]) == 0
    assert main(["sources", "add", site.url("/rusak-500/"), "--name", "Rusak"]) == 0
    assert main(["sources", "add", "ftp://x/"]) == 1
    assert "http://" in capsys.readouterr().err
    assert main(["sources", "test", "Portal Pasbar", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "6 new article addresses found; 2 read (nothing was stored)" in out and "would be stored" in out
    assert count(engine, m.Article) == 0
    assert main(["collect", "--since", "kemarin"]) == 2
    assert main(["collect"]) == 0
    out = capsys.readouterr().out
    assert "Portal Pasbar: ok" in out and "new 5" in out and "Rusak: error" in out and "HTTP 500" in out
    assert main(["collect"]) == 0 and "no source is due" in capsys.readouterr().out
    assert main(["sources", "list"]) == 0
    out = capsys.readouterr().out
    assert "Portal Pasbar" in out and "articles 5" in out and "error: the site answered HTTP 500" in out
    assert main(["sources", "remove", "Rusak"]) == 0 and main(["sources", "remove", "Rusak"]) == 1
    assert main(["collect", "--source", "Tidak Ada"]) == 1


def _fast_fetcher(robots_store):
    from dashboard.collect.fetch import Fetcher
    from tests.collect.conftest import FAST

    return Fetcher(FAST, robots_store)


def test_sqlite_and_postgres_have_the_tables(engine):
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM collect_source")).scalar() == 0
