"""Two collectors started at once, as two processes (``dashboard collect``), on SQLite and
PostgreSQL: no address is fetched twice (the per-URL claim and the source lease in the
database), and neither process connects outside loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import func, select

from dashboard.collect import store
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from tests.collect.fixture_site import Answer

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Loaded by each collector process (PYTHONPATH): refuses and records any connection
# outside loopback.
GUARD = '''
import ipaddress, os, socket
_real = socket.socket.connect
def _connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        ok = host == "localhost"
        try:
            ok = ok or ipaddress.ip_address(host).is_loopback
        except ValueError:
            pass
        if not ok:
            with open(os.environ["LOOPBACK_GUARD_LOG"], "a") as f:
                f.write(repr(address) + "\\n")
            raise ConnectionRefusedError("outside loopback")
    return _real(self, address)
socket.socket.connect = _connect
'''


def guarded_env(tmp_path: Path, db_url: str) -> tuple[dict, Path]:
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir(exist_ok=True)
    (guard_dir / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "outside.log"
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(DATABASE_URL=db_url, DASHBOARD_COLLECT_INTERVAL="0.02", LOOPBACK_GUARD_LOG=str(log),
               PYTHONPATH=os.pathsep.join([str(guard_dir), str(PROJECT_DIR)]))
    return env, log


def test_two_collectors_at_once_never_fetch_an_address_twice(engine, db_url, site, tmp_path):
    # slow article pages, so the two runs overlap
    for path, route in list(site.routes.items()):
        if path.startswith("/2020/"):
            site.routes[path] = (lambda route=route: Answer(**{**route().__dict__, "delay": 0.15}))
    for url, name in ((site.url("/feed/"), "feed"), (site.url("/sitemap_index.xml"), "sitemap"),
                      (site.url("/berita/"), "berita"), (site.url("/feed-rusak/"), "feed rusak")):
        store.add_source(engine, store.SourceInput(url, name=name))
    env, outside = guarded_env(tmp_path, db_url)
    cmd = [sys.executable, "-m", "dashboard.cli", "collect", "--workers", "4"]
    start = threading.Barrier(2)
    results: list[subprocess.CompletedProcess] = []

    def run() -> None:
        start.wait()
        results.append(subprocess.run(cmd, env=env, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=240))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        assert r.returncode == 0, r.stderr[-3000:]
    paths = site.paths()
    twice = sorted({p for p in paths if paths.count(p) > 1})
    assert twice == [], f"fetched more than once: {twice}\n" + "\n".join(r.stdout for r in results)
    assert paths.count("/robots.txt") == 1
    # every election article is stored once, whichever collector fetched it
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(m.Article)) == 6
        assert s.scalar(select(func.count()).select_from(m.CollectSource).where(
            m.CollectSource.last_checked_at.is_not(None), m.CollectSource.lease_owner.is_(None))) == 4
    assert not outside.exists(), outside.read_text()


def test_a_source_held_by_another_collector_is_left_alone(engine, site, fast):
    from dashboard.collect import collector

    store.add_source(engine, store.SourceInput(site.url("/feed/"), name="feed"))
    src = store.get_source(engine, "feed")
    assert store.lease_source(engine, src.id, "other-collector")
    rep = collector.collect(engine, policy=fast)
    assert rep.sources[0].busy and site.paths() == []
    # a lease that ran out (its collector died) is taken over
    with session_scope(engine) as s:
        s.get(m.CollectSource, src.id).lease_until = m.utcnow().replace(year=2000)
    rep = collector.collect(engine, policy=fast)
    assert not rep.sources[0].busy and rep.total("new") == 5


def test_a_claimed_address_is_not_fetched_until_the_claim_runs_out(engine, site, fast):
    from dashboard.collect import collector
    from dashboard.collect.urls import canonical_url

    store.add_source(engine, store.SourceInput(site.url("/feed/"), name="feed"))
    url = canonical_url(site.url("/2020/11/02/rakor-persiapan-pilkada-pasaman-barat/"))
    claim = store.claim_page(engine, url, "article", None, "other-collector")
    assert claim is not None and store.claim_page(engine, url, "article", None, "third") is None
    rep = collector.collect(engine, policy=fast)
    assert "/2020/11/02/rakor-persiapan-pilkada-pasaman-barat/" not in site.paths()
    assert [p.status for p in rep.sources[0].pages if p.url == url] == ["taken"]


def test_collect_loop_checks_due_sources_and_stops_on_sigterm(engine, db_url, site, tmp_path):
    import signal
    import time

    store.add_source(engine, store.SourceInput(site.url("/feed/"), name="feed", every_hours=6))
    env, outside = guarded_env(tmp_path, db_url)
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "collect", "--loop"], env=env, cwd=PROJECT_DIR,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        checked = None
        while time.monotonic() < deadline and checked is None and proc.poll() is None:
            with session_scope(engine) as s:
                checked = s.scalar(select(m.CollectSource.last_checked_at).where(m.CollectSource.name == "feed"))
            time.sleep(0.2)  # polling for the condition, not waiting for it
        t_checked = time.monotonic()
        assert checked is not None, "the loop did not check the due source"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert time.monotonic() - t_checked < 30, "SIGTERM did not end the loop promptly"
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "feed: ok" in out and "new 5" in out
    assert site.count("/feed/") == 1  # not due again: the loop waited instead of checking it again
    assert not outside.exists()


def test_a_source_checked_meanwhile_by_another_collector_is_not_checked_again(engine, site, fast):
    """Collector B found the source due, collector A checked it and freed its lease before B
    got to it: B must not check it again (the lease also compares the last check)."""
    from dashboard.collect.collector import Collector

    store.add_source(engine, store.SourceInput(site.url("/feed/"), name="feed"))
    stale = store.get_source(engine, "feed")  # as B listed it: due, never checked
    a = Collector(engine, fast)
    try:
        a.run([store.get_source(engine, "feed")])
    finally:
        a.close()
    site.clear()
    b = Collector(engine, fast)
    try:
        rep = b.run([stale])
    finally:
        b.close()
    assert rep.sources[0].busy and site.paths() == []


def test_robots_txt_refreshed_by_another_collector_just_before_the_claim_is_not_fetched_again(engine, site, fast):
    """The race two collectors started at once can run into: this one finds no robots.txt
    record, the other fetches and saves it (and its claim ends), then this one claims the
    refresh. It must read the record again and not ask the site a second time."""
    from dashboard.collect.fetch import Fetcher

    other = store.DbRobotsStore(engine, "other-collector")
    with Fetcher(fast, other) as f:
        f.robots(site.base)
    assert site.count("/robots.txt") == 1
    mine = store.DbRobotsStore(engine, "this-collector")
    real_load = mine.load
    looks = []

    def load(origin):  # the first look happened before the other collector saved
        looks.append(origin)
        return None if len(looks) == 1 else real_load(origin)

    mine.load = load
    with Fetcher(fast, mine) as f:
        assert f.fetch(site.url("/rahasia/a/")).status == "blocked"  # the other's rules apply
    assert site.count("/robots.txt") == 1
    assert len(looks) == 2
    # the refresh claim was given back: a later refresh can take it
    with session_scope(engine) as s:
        page = s.execute(select(m.CollectPage).where(m.CollectPage.role == "robots")).scalar_one()
        assert page.claimed_by is None
