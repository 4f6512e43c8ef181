"""Each politeness rule of the fetcher, against the fixture site on loopback. Every test
checks what the site saw (the request log), so it fails when the rule is switched off."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard.collect.fetch import Fetcher, MemoryRobotsStore, RobotsRecord, default_user_agent
from tests.collect.fixture_site import MiB, Answer, FixtureServer


def test_robots_txt_forbids_a_path_and_it_is_never_requested(site, fast):
    with Fetcher(fast) as f:
        res = f.fetch(site.url("/rahasia/2020/11/18/rapat-internal-rahasia/"))
        ok = f.fetch(site.url("/profil/"))
    assert res.status == "blocked" and res.code == "robots"
    assert ok.ok
    assert not any(p.startswith("/rahasia/") for p in site.paths())
    assert site.count("/robots.txt") == 1  # read once, then kept


def test_a_redirect_into_a_forbidden_path_is_not_followed(site, fast):
    site.routes["/pindah/"] = lambda: Answer(302, headers={"Location": "/rahasia/x/"})
    with Fetcher(fast) as f:
        res = f.fetch(site.url("/pindah/"))
    assert res.status == "blocked"
    assert "/rahasia/x/" not in site.paths()


@pytest.mark.parametrize("status, allowed", [(404, True), (410, True), (500, False), (503, False)])
def test_robots_txt_unavailable_allows_all_and_unreachable_allows_nothing(status, allowed, fast):
    with FixtureServer({"/robots.txt": lambda: Answer(status, b"x"), "/a/": lambda: Answer(200, b"<p>a</p>")}) as srv:
        with Fetcher(dataclasses.replace(fast, retries=0)) as f:
            res = f.fetch(srv.url("/a/"))
        assert (res.status == "ok") is allowed
        assert (srv.count("/a/") == 1) is allowed


def test_robots_txt_is_kept_a_day_then_asked_again_with_a_conditional_request(site, fast):
    store = MemoryRobotsStore()
    with Fetcher(fast, store) as f:
        f.fetch(site.url("/profil/"))
    rec = store.load(site.base)
    assert rec.status == 200 and "Disallow: /rahasia/" in rec.text and rec.etag
    with Fetcher(fast, store) as f:  # a new run within the day: not asked again
        f.fetch(site.url("/profil/"))
    assert site.count("/robots.txt") == 1
    store.save(site.base, dataclasses.replace(rec, fetched_at=rec.fetched_at - dt.timedelta(hours=25)))
    with Fetcher(fast, store) as f:  # a day later: asked again, conditionally (304)
        assert f.fetch(site.url("/rahasia/a/")).status == "blocked"
    hits = site.hits_for("/robots.txt")
    assert len(hits) == 2 and hits[1].headers.get("if-none-match") == rec.etag and hits[1].status == 304


def test_one_site_gets_requests_at_most_every_min_interval(site, fast):
    policy = dataclasses.replace(fast, min_interval=0.25, per_origin=4)
    with Fetcher(policy) as f:
        f.fetch(site.url("/robots.txt"), check_robots=False)
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda p: f.fetch(site.url(p)), ["/profil/", "/berita/", "/berita/page/2/", "/feed/"]))
    times = sorted(h.at for h in site.hits)  # robots.txt twice (by hand, then the fetcher's own), 4 pages
    gaps = [b - a for a, b in zip(times, times[1:])]
    # (arrival times at the server: allow for scheduling jitter on a busy machine)
    assert len(times) == 6 and min(gaps) >= 0.15 and times[-1] - times[0] >= 5 * 0.25 * 0.95, gaps


def test_crawl_delay_of_robots_txt_slows_the_collector_down(fast):
    routes = {"/robots.txt": lambda: Answer(200, b"User-agent: *\nCrawl-delay: 0.4\n", "text/plain"),
              **{f"/{i}/": (lambda: Answer(200, b"<p>x</p>")) for i in range(3)}}
    with FixtureServer(routes) as srv, Fetcher(fast) as f:
        for i in range(3):
            assert f.fetch(srv.url(f"/{i}/")).ok
        times = [h.at for h in srv.hits if h.path != "/robots.txt"]
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.25 and times[-1] - times[0] >= 2 * 0.4 * 0.95


def test_at_most_per_origin_requests_at_once(site, fast):
    site.routes["/sedang/"] = lambda: Answer(200, b"<p>x</p>", delay=0.3, validators=False)
    with Fetcher(dataclasses.replace(fast, per_origin=2)) as f:
        f.fetch(site.url("/profil/"))
        site.max_in_flight = 0
        with ThreadPoolExecutor(6) as pool:
            results = list(pool.map(lambda _: f.fetch(site.url("/sedang/")), range(6)))
    assert all(r.ok for r in results)
    assert site.max_in_flight == 2


def test_the_user_agent_names_the_product_and_a_contact(site, fast, monkeypatch):
    monkeypatch.setenv("DASHBOARD_COLLECT_CONTACT", "https://kesbangpol.contoh.invalid/kontak")
    ua = default_user_agent()
    assert ua.startswith("DasborPemilihan/") and "+https://kesbangpol.contoh.invalid/kontak" in ua
    with Fetcher(dataclasses.replace(fast, user_agent=ua)) as f:
        f.fetch(site.url("/profil/"))
    assert {h.headers["user-agent"] for h in site.hits} == {ua}


def test_conditional_requests_get_304_and_no_body(site, fast):
    with Fetcher(fast) as f:
        first = f.fetch(site.url("/feed/"))
        again = f.fetch(site.url("/feed/"), etag=first.etag, last_modified=first.last_modified)
        only_date = f.fetch(site.url("/feed/"), last_modified=first.last_modified)
        assert f.stats.conditional == 2 and f.stats.not_modified == 2
    assert first.ok and first.etag and first.last_modified
    assert again.status == "not_modified" and again.body == b"" and again.etag == first.etag
    assert only_date.status == "not_modified"
    feed_hits = site.hits_for("/feed/")
    assert feed_hits[1].headers["if-none-match"] == first.etag
    assert feed_hits[1].headers["if-modified-since"] == first.last_modified
    assert [h.status for h in feed_hits] == [200, 304, 304]


def test_a_page_that_does_not_answer_in_time_is_given_up(site, fast):
    policy = dataclasses.replace(fast, read_timeout=0.3, retries=1, backoff=0.01)
    t0 = time.monotonic()
    with Fetcher(policy) as f:
        res = f.fetch(site.url("/lambat/"))
    assert res.status == "error" and res.code == "timeout"
    assert site.count("/lambat/") == 2  # the first try and one retry
    assert time.monotonic() - t0 < site.slow_seconds


def test_a_page_that_trickles_in_for_ever_is_cut_off(site, fast):
    policy = dataclasses.replace(fast, read_timeout=1.0, total_timeout=0.6, retries=0)
    t0 = time.monotonic()
    with Fetcher(policy) as f:
        res = f.fetch(site.url("/tetes/"))
    assert res.status == "error" and res.code == "timeout"
    assert time.monotonic() - t0 < 2.0


def test_retries_back_off_then_succeed(site, fast):
    policy = dataclasses.replace(fast, retries=2, backoff=0.2)
    with Fetcher(policy) as f:
        res = f.fetch(site.url("/sekali-gagal/"))
        assert f.stats.retries == 1
    assert res.ok and b"Dharmasraya" in res.body
    hits = site.hits_for("/sekali-gagal/")
    assert [h.status for h in hits] == [503, 200]
    assert hits[1].at - hits[0].at >= 0.2 * 0.8  # waited before asking again


def test_a_server_error_is_retried_with_growing_waits_then_reported(site, fast):
    policy = dataclasses.replace(fast, retries=2, backoff=0.15)
    with Fetcher(policy) as f:
        res = f.fetch(site.url("/rusak-500/"))
    assert res.status == "error" and res.http_status == 500 and "500" in res.reason
    times = [h.at for h in site.hits_for("/rusak-500/")]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.12 and times[2] - times[1] >= 0.25  # exponential backoff
    assert times[2] - times[0] >= (0.15 + 0.3) * 0.95


def test_a_long_retry_after_is_not_waited_for(fast):
    routes = {"/robots.txt": lambda: Answer(404), "/x/": lambda: Answer(429, b"", headers={"Retry-After": "3600"})}
    with FixtureServer(routes) as srv, Fetcher(dataclasses.replace(fast, retries=3, backoff_max=5)) as f:
        res = f.fetch(srv.url("/x/"))
        assert res.code == "retry_after" and srv.count("/x/") == 1


def test_a_page_larger_than_the_limit_is_refused_while_reading(site, fast):
    with Fetcher(dataclasses.replace(fast, max_page_bytes=2 * MiB)) as f:
        res = f.fetch(site.url("/besar/"))
        assert res.status == "error" and res.code == "too_large"
        assert f.stats.bytes < 3 * MiB  # stopped soon after the limit, not after 50 MB


def test_a_page_announced_larger_than_the_limit_is_not_read(site, fast):
    with Fetcher(fast) as f:  # the default limit: 5 MB
        assert f.allowed(site.url("/besar-cl/"))[0]  # robots.txt read first
        before = f.stats.bytes
        res = f.fetch(site.url("/besar-cl/"))
        assert res.code == "too_large" and "50.1 MB" in res.reason
        assert f.stats.bytes == before


def test_a_gzip_bomb_is_stopped_after_decoding(fast):
    import gzip

    bomb = gzip.compress(b"<p>" + b"a" * (20 * MiB) + b"</p>")
    routes = {"/robots.txt": lambda: Answer(404),
              "/bom/": lambda: Answer(200, bomb, headers={"Content-Encoding": "gzip"}, validators=False)}
    with FixtureServer(routes) as srv, Fetcher(dataclasses.replace(fast, max_page_bytes=MiB)) as f:
        res = f.fetch(srv.url("/bom/"))
    assert len(bomb) < MiB and res.code == "too_large"


def test_a_redirect_loop_is_an_error(site, fast):
    with Fetcher(fast) as f:
        res = f.fetch(site.url("/putar/a/"))
    assert res.status == "error" and res.code == "redirect_loop"
    assert site.count("/putar/a/") == 1 and site.count("/putar/b/") == 1


def test_redirects_are_bounded(fast):
    routes = {"/robots.txt": lambda: Answer(404)}
    for i in range(10):
        routes[f"/r{i}/"] = (lambda i=i: Answer(301, headers={"Location": f"/r{i + 1}/"}))
    with FixtureServer(routes) as srv, Fetcher(dataclasses.replace(fast, max_redirects=3)) as f:
        res = f.fetch(srv.url("/r0/"))
        assert res.code == "too_many_redirects" and srv.paths()[1:] == ["/r0/", "/r1/", "/r2/", "/r3/"]


def test_a_redirect_to_another_scheme_is_not_followed(site, fast):
    with Fetcher(fast) as f:
        res = f.fetch(site.url("/ke-ftp/"))
    assert res.status == "error" and res.code == "bad_redirect" and "http" in res.reason


def test_a_redirect_within_the_limit_is_followed_to_its_end(site, fast):
    site.routes["/lama/"] = lambda: Answer(301, headers={"Location": "/profil/"})
    with Fetcher(fast) as f:
        res = f.fetch(site.url("/lama/"))
    assert res.ok and res.final_url == site.url("/profil/")


def test_the_robots_store_is_asked_before_fetching_robots_txt(site, fast):
    """A record saved by another collector a moment ago is used as it is."""
    from dashboard.collect.fetch import utcnow

    store = MemoryRobotsStore()
    store.save(site.base, RobotsRecord(200, "User-agent: *\nDisallow: /profil/\n", fetched_at=utcnow()))
    with Fetcher(fast, store) as f:
        assert f.fetch(site.url("/profil/")).status == "blocked"
    assert site.paths() == []


def test_interval_and_cap_come_from_the_environment(monkeypatch):
    from dashboard.collect.fetch import Politeness

    monkeypatch.setenv("DASHBOARD_COLLECT_INTERVAL", "2.5")
    monkeypatch.setenv("DASHBOARD_COLLECT_PER_SITE", "1")
    p = Politeness.from_env()
    assert p.min_interval == 2.5 and p.per_origin == 1
    monkeypatch.setenv("DASHBOARD_COLLECT_INTERVAL", "soon")
    assert Politeness.from_env().min_interval == 1.0
