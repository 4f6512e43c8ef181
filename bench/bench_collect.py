#!/usr/bin/env python3
"""Collection throughput and the cost of a no-change re-check, against fixture sites on
loopback (``tests/collect/fixture_site.py``; nothing leaves the machine).

Usage: uv run python bench/bench_collect.py [--sites 6] [--articles 12] [--sources 100]

1. Baseline: every article page fetched with a plain httpx client, 8 at a time, no
   robots.txt, no limits, no database, no extraction: what the loopback server can serve.
2. Collection of ``--sites`` sites (a feed each, ``--articles`` election releases per site)
   into an empty SQLite database, with the politeness limits off (no pause between requests
   to one site, no per-site cap; robots.txt still obeyed) and on (the defaults: 1 s between
   requests to one site, 2 at a time). Pages/s counts article pages stored, wall clock,
   discovery, fetching, extraction and storing included.
3. A no-change re-check of ``--sources`` registered feed sources (spread over the sites),
   right after a first collection: it must send conditional requests only, get 304s and
   store nothing. Prints the request counts, the 304s and the rows written.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, update  # noqa: E402

from dashboard.collect import collector, store  # noqa: E402
from dashboard.collect.fetch import Politeness  # noqa: E402
from dashboard.db import models as m  # noqa: E402
from dashboard.db.engine import get_engine, session_scope, upgrade_database  # noqa: E402
from dashboard.reference import sync_reference  # noqa: E402
from tests.collect.fixture_site import Answer, WordPressSite, rss  # noqa: E402
from tests.collect.releases import RELEASES, Release  # noqa: E402


def releases(site_no: int, n: int) -> tuple[Release, ...]:
    """``n`` distinct election releases for one site (the templates, numbered)."""
    templates = [r for r in RELEASES if r.election and r.slug != "rapat-internal-rahasia"]
    out = []
    for i in range(n):
        t = templates[i % len(templates)]
        k = site_no * 1000 + i
        out.append(dataclasses.replace(
            t, slug=f"{t.slug}-{k}", date=t.date - dt.timedelta(days=i // len(templates)),
            title=f"{t.title} (Laporan {k})",
            paragraphs=t.paragraphs + (f"Laporan nomor {k} disusun oleh Humas untuk arsip kegiatan.",),
        ))
    return tuple(out)


def fresh_db(tmp: Path, name: str):
    eng = get_engine(f"sqlite:///{tmp / name}.db")
    upgrade_database(eng)
    with session_scope(eng) as s:
        sync_reference(s)
    return eng


def count(eng, model) -> int:
    with session_scope(eng) as s:
        return s.scalar(select(func.count()).select_from(model))


def baseline(sites: list[WordPressSite]) -> tuple[int, float]:
    import httpx

    urls = [s.url(r.path) for s in sites for r in s.releases]
    with httpx.Client(trust_env=False) as client:
        t0 = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            sizes = list(pool.map(lambda u: len(client.get(u).content), urls))
        took = time.perf_counter() - t0
    assert all(sizes)
    return len(urls), took


def collect_all(eng, sites, policy: Politeness) -> tuple[collector.CollectReport, float]:
    for i, s in enumerate(sites):
        store.add_source(eng, store.SourceInput(s.feed_url(), name=f"site {i}"))
    t0 = time.perf_counter()
    rep = collector.collect(eng, policy=policy, options=collector.Options(max_articles=1000))
    return rep, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=6)
    ap.add_argument("--articles", type=int, default=12, help="articles per site")
    ap.add_argument("--sources", type=int, default=100, help="sources of the re-check")
    args = ap.parse_args()
    os.environ.pop("DASHBOARD_COLLECT_INTERVAL", None)
    os.environ.pop("DASHBOARD_COLLECT_PER_SITE", None)
    on = dataclasses.replace(Politeness(), trust_env=False)
    off = on.off()
    tmp = Path(tempfile.mkdtemp(prefix="bench-collect-"))
    sites = [WordPressSite(releases(i, args.articles)).start() for i in range(args.sites)]
    try:
        load = os.getloadavg()
        print(f"fixture: {args.sites} sites x {args.articles} articles on loopback; load average "
              f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
        n, took = baseline(sites)
        print(f"baseline  plain GET, 8 at a time, no limits/db/extraction: {n} pages in {took:.2f} s "
              f"= {n / took:7.1f} pages/s")
        for label, policy in (("off", off), ("on ", on)):
            for s in sites:
                s.clear()
            eng = fresh_db(tmp, f"throughput-{label.strip()}")
            rep, took = collect_all(eng, sites, policy)
            stored = rep.total("new")
            assert stored == args.sites * args.articles, (stored, [s.outcome for s in rep.sources])
            st = rep.stats
            print(f"politeness {label} (pause {policy.min_interval:g} s/site, {policy.per_origin} at once/site): "
                  f"{stored} pages stored in {took:.2f} s = {stored / took:7.1f} pages/s; "
                  f"{st['requests']} requests ({st['robots_requests']} robots.txt)")
            eng.dispose()

        # ---- no-change re-check of N sources
        eng = fresh_db(tmp, "recheck")
        per_site = max(1, args.sources // len(sites))
        made = 0
        for i, s in enumerate(sites):
            for j in range(per_site if i < len(sites) - 1 else args.sources - made):
                items = [(s.url(r.path), r) for r in s.releases[j % len(s.releases):][:2]]
                body = rss(items).encode()
                s.routes[f"/feed/{j}/"] = (lambda body=body: Answer(200, body, "application/rss+xml"))
                store.add_source(eng, store.SourceInput(s.url(f"/feed/{j}/"), name=f"site {i} feed {j}"))
                made += 1
        rep = collector.collect(eng, policy=on, options=collector.Options(max_articles=1000))
        assert not rep.failed_sources
        first = (count(eng, m.Article), count(eng, m.CollectPage), count(eng, m.Event), count(eng, m.AuditLog))
        print(f"re-check  {made} feed sources; first collection stored {first[0]} articles")
        for label, policy in (("on ", on), ("off", off)):
            with session_scope(eng) as ses:
                ses.execute(update(m.CollectSource).values(last_checked_at=None))
            for s in sites:
                s.clear()
            t0 = time.perf_counter()
            rep = collector.collect(eng, policy=policy, options=collector.Options(max_articles=1000))
            took = time.perf_counter() - t0
            after = (count(eng, m.Article), count(eng, m.CollectPage), count(eng, m.Event), count(eng, m.AuditLog))
            hits = [h for s in sites for h in s.hits]
            conditional = sum(("if-none-match" in h.headers or "if-modified-since" in h.headers) for h in hits)
            status_304 = sum(h.status == 304 for h in hits)
            st = rep.stats
            print(f"re-check  politeness {label}: {len(hits)} requests at the sites ({conditional} conditional, "
                  f"{status_304} answered 304, {st['robots_requests']} robots.txt), "
                  f"{sum(s.outcome.status == 'not_modified' for s in rep.sources)}/{made} sources unchanged, "
                  f"in {took:.2f} s ({1000 * took / made:.1f} ms/source); rows added: "
                  f"articles {after[0] - first[0]}, pages {after[1] - first[1]}, events {after[2] - first[2]}, "
                  f"audit {after[3] - first[3]}")
        eng.dispose()
    finally:
        for s in sites:
            s.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
