"""Discovery (feeds, sitemaps, listing pages), canonical URLs and the relevance filter:
plain functions on bytes, no network."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from dashboard.collect import discover, relevance
from dashboard.collect.urls import canonical_url, origin, same_site, url_key
from tests.collect.fixture_site import listing_html, rss, sitemap_index, urlset
from tests.collect.releases import BY_SLUG, RELEASES

BASE = "http://127.0.0.1:8999"


@pytest.mark.parametrize("raw, expected", [
    ("HTTP://Portal.Example.GO.ID:80/berita/a/?utm_source=fb&b=2&a=1#komentar",
     "http://portal.example.go.id/berita/a/?a=1&b=2"),
    ("https://portal.example.go.id:443/x?fbclid=abc", "https://portal.example.go.id/x"),
    ("http://portal.example.go.id", "http://portal.example.go.id/"),
    ("  http://portal.example.go.id/a b/\n", "http://portal.example.go.id/a%20b/"),
    ("/berita/2/", "http://127.0.0.1:8999/berita/2/"),
    ("ftp://portal.example.go.id/a", None),
    ("javascript:alert(1)", None),
    ("mailto:humas@example.go.id", None),
    ("http://[::1]:8080/x", "http://[::1]:8080/x"),
])
def test_canonical_urls(raw, expected):
    assert canonical_url(raw, BASE + "/") == expected


def test_url_helpers():
    assert origin("http://127.0.0.1:8999/a/b?c") == "http://127.0.0.1:8999"
    assert same_site("https://www.kpu-x.go.id/a", "https://kpu-x.go.id/b")
    assert same_site("https://berita.kpu-x.go.id/a", "https://kpu-x.go.id/")
    assert not same_site("https://kpu-x.go.id/a", "https://kpu-y.go.id/")
    assert len(url_key("http://a/")) == 64
    assert canonical_url("http:///tanpa-host") is None


def test_sniff_kind():
    assert discover.sniff_kind(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert discover.sniff_kind(b'<feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert discover.sniff_kind(b'<?xml version="1.0"?>\n<sitemapindex xmlns="...">') == "sitemap"
    assert discover.sniff_kind(b'<?xml version="1.0"?><?xml-stylesheet href="x"?><urlset>') == "sitemap"
    assert discover.sniff_kind(b"<!DOCTYPE html><html><body>") == "listing"
    assert discover.sniff_kind(b"<rdf:RDF xmlns:rdf='x'>") == "feed"


def test_wordpress_feed():
    items = [(BASE + r.path + "?utm_source=rss", r) for r in RELEASES[:3]]
    found = discover.parse_feed(rss(items).encode(), BASE + "/feed/")
    assert [c.url for c in found.articles] == [BASE + r.path for r in RELEASES[:3]]  # tracking parameter gone
    assert found.articles[0].published == RELEASES[0].date and found.articles[0].title == RELEASES[0].title
    assert not found.warning


def test_a_broken_feed_is_read_as_far_as_it_goes_with_a_warning():
    good = rss([(BASE + r.path, r) for r in RELEASES[:2]])
    broken = good.replace("</channel></rss>", "<item><title>Rakor & Apel <b></title>")
    found = discover.parse_feed(broken.encode(), BASE + "/feed/")
    assert len(found.articles) == 2 and "not well-formed" in found.warning


def test_a_feed_with_nothing_readable_is_an_error():
    with pytest.raises(discover.NotUnderstood):
        discover.parse_feed(b"<rss><channel><item><title>&nbsp</channel>", BASE)
    with pytest.raises(discover.NotUnderstood):
        discover.parse_feed(b"just text", BASE)


def test_a_feed_body_that_looks_like_an_address_is_not_fetched(loopback_only):
    """feedparser fetches a *string* that looks like a URL; we hand it a stream."""
    with pytest.raises(discover.NotUnderstood):
        discover.parse_feed(b"http://10.0.0.1/feed.xml", BASE)
    assert loopback_only == []


def test_sitemap_index_and_urlset():
    idx = discover.parse_sitemap(sitemap_index([BASE + "/post-sitemap.xml", BASE + "/page-sitemap.xml"]).encode(), BASE)
    assert idx.documents == [("sitemap", BASE + "/post-sitemap.xml"), ("sitemap", BASE + "/page-sitemap.xml")]
    assert idx.articles == []
    pages = discover.parse_sitemap(urlset([(BASE + "/a/", dt.date(2020, 11, 2)), (BASE + "/b/", None)]).encode(), BASE)
    assert [(c.url, c.published) for c in pages.articles] == [(BASE + "/a/", dt.date(2020, 11, 2)), (BASE + "/b/", None)]


def test_sitemap_with_doctype_or_entities_is_refused():
    evil = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x "y">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a/&x;</loc></url></urlset>')
    found = None
    try:
        found = discover.parse_sitemap(evil, BASE)
    except discover.NotUnderstood:
        pass
    assert found is None or not any("y" in c.url for c in found.articles)


def test_gzipped_sitemap_with_a_size_limit():
    body = urlset([(BASE + "/a/", None)]).encode()
    assert discover.parse("sitemap", gzip.compress(body), BASE).articles[0].url == BASE + "/a/"
    with pytest.raises(discover.NotUnderstood):
        discover.parse("sitemap", gzip.compress(body + b" " * 5000), BASE, limit=1000)


def test_listing_page_article_links_and_next_page():
    items = [(r.path, r) for r in RELEASES[:3]]
    page = listing_html(BASE, items, "/berita/page/2/", 1).encode()
    found = discover.parse_listing(page, BASE + "/berita/")
    assert [c.url for c in found.articles] == [BASE + r.path for r in RELEASES[:3]]
    assert found.articles[0].title == RELEASES[0].title
    assert found.documents == [("listing", BASE + "/berita/page/2/")]
    # tag and category links, images and the menu are not articles
    assert not any("/tag/" in c.url or "/category/" in c.url or c.url.endswith(".jpg") for c in found.articles)


def test_listing_with_an_article_link_pattern():
    page = (f'<html><body><a href="{BASE}/read/123/rakor-pilkada">Rakor</a> <a href="{BASE}/read/abc">x</a>'
            f'<a href="{BASE}/profil/sejarah-singkat-kabupaten-ini">Profil</a>'
            f'<a href="https://lain.example/read/999/x">luar</a>'
            f'<a href="?page=2">2</a><a href="?page=2">Berikutnya</a></body></html>').encode()
    found = discover.parse_listing(page, BASE + "/berita/", r"/read/\d+/")
    assert [c.url for c in found.articles] == [BASE + "/read/123/rakor-pilkada"]
    assert found.documents == [("listing", BASE + "/berita/?page=2")]
    with pytest.raises(ValueError):
        discover.compile_pattern("(unclosed")


@pytest.mark.parametrize("slug", ["rakor-persiapan-pilkada-pasaman-barat", "bawaslu-agam-sosialisasi-netralitas-asn",
                                  "apel-siaga-pengamanan-tps-dharmasraya", "rakor-sentra-gakkumdu-kota-solok"])
def test_election_releases_are_relevant(slug):
    r = BY_SLUG[slug]
    assert relevance.judge(r.title, r.text).relevant


def test_a_release_not_about_an_election_is_skipped_with_a_reason():
    r = BY_SLUG["bupati-resmikan-pasar-ikan-batusangkar"]
    v = relevance.judge(r.title, r.text)
    assert not v.relevant and "not about an election" in v.reason


def test_one_passing_election_word_is_not_enough():
    v = relevance.judge("Festival Kuliner Nagari", "Festival ini lebih ramai daripada saat Pilkada lalu. Pengunjung senang.")
    assert not v.relevant and "pilkada" in v.reason
    assert relevance.judge("Rapat KPU", "Rapat rutin.").relevant  # the title names a body
