#!/usr/bin/env python3
"""Concurrent browser sessions against one real server (issue 13): page load times and errors
under ``--sessions`` users at once, and the server's resident memory while they are open.

Usage: uv run --group test python bench/bench_sessions.py [--sessions 10] [--seconds 60]
                                                         [--articles N [--db PATH] | --database-url URL] [--json]

Method. One ``python -m dashboard.ui.run app.py`` server on a free loopback port (started as
``bench_pages.py`` starts it) on a SQLite database holding the bundled sample articles
(``dashboard init --sample``) or, with ``--articles N``, N synthetic articles built as
``bench_queries.py`` builds them (``--db PATH`` keeps the file and reuses it next time;
``--database-url`` uses any database, topped up to N articles when N is given). Its resident
memory (VmRSS from /proc, the server and any child process) is read once the server answers,
before any browser session, and then every 0.5 s until the end.

Each viewer page is opened once first (not timed: the server's first run of a page). Then one
Debian chromium (a dead proxy for every host but loopback: nothing can leave the machine) opens
``--sessions`` browser contexts at the same moment, each its own Streamlit session, empty HTTP
cache included. Each one cycles for ``--seconds`` through the five viewer pages (starting at a
different page per session) and a list of filter changes given as URL parameters (agency,
province, freq, activity, dates), one full navigation per load; a load started before the end
is finished. A load's time runs from the navigation start (``performance.now()``'s origin) to
the moment the app is idle: the script is not running, no skeleton is left, no element whose
class holds ``st-key-deferred_go_`` (tables held back until the first chart is drawn come with
a second run) and the page has its title (or an exception box); it must stay so for 0.5 s,
and the time is that of the moment it became idle. Errors are counted per load: Streamlit
exception boxes, page errors, console errors (except the 404s of Streamlit's own probes),
responses of status 400 and above (same exception), failed requests (other than those aborted
by the next navigation), requests leaving the machine and loads not idle within ``--timeout``.

Printed: per page the loads, median, p95 and maximum seconds and errors; the first load of each
session (empty HTTP cache: the whole frontend comes over the wire) apart from the later ones;
all loads together;
the server's RSS at the start, after the warm-up, at its peak, at the end (sessions still
open) and after the sessions closed, in MB; the server's CPU time during the sessions (one
Python process: near 100 % of one core means the server is the bottleneck) and that of the
browser (chromium and the Playwright driver: on a small machine the browsers compete with the
server for the same cores); the load average
before and after. ``--json``
ends with one JSON object (``loads``, ``errors``, ``p95_s``, ``pages``, ``rss_mb`` ...).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bench_pages import LAUNCH_ARGS, PAGES, ROOT, Version, _is_local, chromium_path, loadavg  # noqa: E402

# URL parameters the pages read (``dashboard.filters.parse_query_params``); "" is no filter
FILTERS = [
    {},
    {"agency": "KPU"},
    {"freq": "week"},
    {"province": "13"},
    {"agency": "Bawaslu,KPU", "province": "32"},
    {"activity": "rakor,sosialisasi"},
    {"from": "2020-06-01", "to": "2020-09-30"},
    {"agency": "Kesbangpol", "freq": "week"},
]
IGNORED_CONSOLE = re.compile(r"Failed to load resource: the server responded with a status of 404")
IGNORED_404 = re.compile(r"/_stcore/(health|host-config)$")  # Streamlit probes <page>/_stcore/...: harmless
QUIET_MS = 500

# Added before every page loads: notes the moment (performance.now(), origin = navigation
# start) the app became idle, and forgets it when the app is busy again.
IDLE_MONITOR_JS = """(() => {
  if (window.__sess) return;
  const s = window.__sess = {idleAt: null};
  const idle = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stSkeleton"]')
      && !document.querySelector('[class*="st-key-deferred_go_"]')
      && !!document.querySelector('h1, [data-testid="stException"]');
  };
  setInterval(() => {
    if (idle()) { if (s.idleAt === null) s.idleAt = performance.now(); } else s.idleAt = null;
  }, 25);
})();"""
STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return {state: app && app.getAttribute('data-test-script-state'), h1: !!document.querySelector('h1'),
          skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
          deferred: document.querySelectorAll('[class*="st-key-deferred_go_"]').length,
          idleAt: window.__sess ? window.__sess.idleAt : 'no monitor', now: Math.round(performance.now()),
          visibility: document.visibilityState};
}"""
SETTLED_JS = f"() => !!window.__sess && window.__sess.idleAt !== null && performance.now() - window.__sess.idleAt >= {QUIET_MS}"


# ---------------------------------------------------------------- server memory


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    parent: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    parent[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, MB (1e6 bytes)."""
    return sum(_rss_kb(p) for p in [pid, *_descendants(pid)]) * 1024 / 1e6


def cpu_s(pids) -> float:
    """CPU time (user + system) used so far by the processes ``pids``, seconds."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def tree_cpu_s(pid: int) -> float:
    """CPU time of ``pid`` and its descendants, seconds."""
    return cpu_s([pid, *_descendants(pid)])


def browser_cpu_s(server_pid: int) -> float:
    """CPU time of this process's descendants but the server: chromium and the Playwright
    driver (processes that already ended are not counted)."""
    server = {server_pid, *_descendants(server_pid)}
    return cpu_s([p for p in _descendants(os.getpid()) if p not in server])


class RssSampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[float] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append(tree_rss_mb(self.pid))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


# ---------------------------------------------------------------- sessions


@dataclass
class Load:
    session: int
    page: str
    params: str
    seconds: float | None
    errors: list[tuple[str, str]] = field(default_factory=list)
    first: bool = False  # the session's first load: empty HTTP cache


async def open_session(browser, args):
    """A new browser context (a new Streamlit session) with its error counters."""
    ctx = await browser.new_context(viewport={"width": args.width, "height": args.height})
    await ctx.add_init_script(IDLE_MONITOR_JS)
    page = await ctx.new_page()
    errs: list[tuple[str, str]] = []

    def console(m):
        if m.type == "error" and not IGNORED_CONSOLE.search(m.text):
            errs.append(("console", m.text[:300]))

    def response(r):
        if r.status >= 400 and not IGNORED_404.search(r.url.split("?")[0]):
            errs.append(("response", f"{r.status} {r.url}"))

    def request(r):
        if not _is_local(r.url):
            errs.append(("external", r.url))

    def failed(r):
        if _is_local(r.url) and "ERR_ABORTED" not in (r.failure or ""):
            errs.append(("requestfailed", f"{r.failure} {r.url}"))

    page.on("console", console)
    page.on("pageerror", lambda e: errs.append(("pageerror", str(e)[:300])))
    page.on("response", response)
    page.on("request", request)
    page.on("requestfailed", failed)
    return ctx, page, errs


async def load_page(page, errs, url: str, timeout_s: float) -> tuple[float | None, list]:
    """Navigate to ``url`` and wait until the app is idle; (seconds, errors of this load)."""
    errs.clear()
    seconds = None
    try:
        await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        await page.wait_for_function(SETTLED_JS, polling=100, timeout=timeout_s * 1000)
        seconds = await page.evaluate("() => window.__sess.idleAt") / 1000
        boxes = page.locator('[data-testid="stException"]')
        if await boxes.count():
            errs.append(("exception", (await boxes.first.inner_text())[:300]))
    except Exception as e:  # noqa: BLE001 - a load that never settles is an error, not the end
        try:
            seen = await page.evaluate(STATE_JS)
        except Exception as e2:  # noqa: BLE001
            seen = str(e2).splitlines()[0]
        errs.append(("timeout", f"{str(e).splitlines()[0][:200]}; seen: {seen}"))
    return seconds, list(errs)


async def run_session(i: int, browser, base: str, start_at: float, args, out: list[Load]):
    """Session ``i``: loads until ``--seconds`` after ``start_at``; returns its context (open)."""
    ctx, page, errs = await open_session(browser, args)
    while time.monotonic() < start_at:  # all sessions start together
        await asyncio.sleep(0.01)
    deadline = start_at + args.seconds
    k = 0
    while time.monotonic() < deadline:
        path = PAGES[(i + k) % len(PAGES)]
        params = FILTERS[(i + k // len(PAGES)) % len(FILTERS)]
        k += 1
        url = f"{base}/{path}" + (f"?{urlencode(params)}" if params else "")
        seconds, e = await load_page(page, errs, url, args.timeout)
        out.append(Load(i, path, urlencode(params), seconds, e, first=k == 1))
    return ctx


async def drive(base: str, args, rss: RssSampler) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        # the server's first run of each page (and of app.py) is not timed
        t_warm = time.monotonic()
        ctx, page, errs = await open_session(browser, args)
        warm_errors = []
        for path in [] if args.no_warmup else PAGES:
            _, e = await load_page(page, errs, f"{base}/{path}", max(args.timeout, 120))
            warm_errors += [(path, *x) for x in e]
        await ctx.close()
        warm_s = time.monotonic() - t_warm
        after_warm = tree_rss_mb(rss.pid)
        loads: list[Load] = []
        start_at = time.monotonic() + 2.0
        t0 = time.time()
        cpu0 = tree_cpu_s(rss.pid)
        browser0 = browser_cpu_s(rss.pid)
        contexts = await asyncio.gather(*(run_session(i, browser, base, start_at, args, loads)
                                          for i in range(args.sessions)))
        took = time.time() - t0 - 2.0
        cpu = tree_cpu_s(rss.pid) - cpu0
        browser_cpu = browser_cpu_s(rss.pid) - browser0
        end_open = tree_rss_mb(rss.pid)
        for c in contexts:
            await c.close()
        await browser.close()
    await asyncio.sleep(2.0)  # the server notices the closed sockets and drops the sessions
    return {"loads": loads, "warm_errors": warm_errors, "after_warm": after_warm, "end_open": end_open,
            "after_close": tree_rss_mb(rss.pid), "took": took, "cpu_s": cpu,
            "browser_cpu_s": browser_cpu, "warm_s": warm_s}


# ---------------------------------------------------------------- report


def pct(xs: list[float], p: float) -> float | None:
    """Nearest-rank percentile."""
    if not xs:
        return None
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, math.ceil(len(s) * p / 100) - 1))]


@dataclass
class Server(Version):
    """``bench_pages.Version`` on any database URL (``db`` only names the log file)."""
    database_url: str = ""

    @property
    def env(self) -> dict:
        return dict(super().env, DATABASE_URL=self.database_url)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--articles", type=int, default=0, help="synthetic articles (0: the bundled sample)")
    ap.add_argument("--db", default=None, help="SQLite file to build or reuse with --articles (default: a temp file)")
    ap.add_argument("--database-url", default=None, help="any database (topped up to --articles when given)")
    ap.add_argument("--timeout", type=float, default=30, help="seconds a load may take before it counts as an error")
    ap.add_argument("--no-warmup", action="store_true", help="do not open each page once before the sessions")
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--height", type=int, default=768)
    ap.add_argument("--json", action="store_true", help="end with one JSON object")
    args = ap.parse_args(argv)
    if not chromium_path():
        print("chromium not found (set CHROMIUM_PATH)")
        return 2
    load_start = loadavg()
    print(f"load average at start: {load_start} on {os.cpu_count()} cores")

    with tempfile.TemporaryDirectory(prefix="bench-sessions-") as tmp:
        tmp = Path(tmp)
        url = args.database_url
        if not url:
            path = Path(args.db).resolve() if args.db and args.articles else tmp / "sessions.db"
            url = f"sqlite:///{path}"
        server = Server("current", ROOT, tmp / "server.db", database_url=url)
        t_prep = time.monotonic()
        if args.articles:
            from bench_queries import prepare_database

            engine, n_art, _ = prepare_database(url, args.articles)
            engine.dispose()
        else:
            server.prepare()  # dashboard init --sample
            n_art = None
        prep_s = time.monotonic() - t_prep
        server.start()
        start_s = time.monotonic() - t_prep - prep_s
        rss = RssSampler(server.proc.pid)
        try:
            rss_start = tree_rss_mb(server.proc.pid)
            rss.start()
            res = asyncio.run(drive(server.url, args, rss))
        finally:
            try:
                rss.stop()
            finally:
                server.stop()
        if n_art is None:
            from sqlalchemy import create_engine

            eng = create_engine(url)
            with eng.connect() as c:
                n_art = c.exec_driver_sql("SELECT count(*) FROM article").scalar()
            eng.dispose()
    load_end = loadavg()

    loads: list[Load] = res["loads"]
    print(f"database: {url.split(':', 1)[0]}, {n_art:,} articles; {args.sessions} sessions for {res['took']:.0f} s, "
          f"{len(loads)} loads; {len(FILTERS)} filter sets; viewport {args.width}x{args.height}")
    warm = "skipped" if args.no_warmup else f"{res['warm_s']:.1f} s"
    print(f"set-up: database {prep_s:.1f} s, server start {start_s:.1f} s, warm-up (each page once) {warm}")
    head = f"{'page':<18}{'loads':>6}{'median s':>10}{'p95 s':>8}{'max s':>8}{'errors':>8}"
    print(head)
    print("-" * len(head))
    pages_out, split = [], {}
    groups = [(p, [x for x in loads if x.page == p]) for p in PAGES]
    groups += [("first loads", [x for x in loads if x.first]), ("later loads", [x for x in loads if not x.first]),
               (None, loads)]
    for path, ls in groups:
        times = [x.seconds for x in ls if x.seconds is not None]
        n_err = sum(len(x.errors) for x in ls)
        med = statistics.median(times) if times else None
        p95 = pct(times, 95)
        mx = max(times) if times else None
        if path in ("first loads", None):
            print("-" * len(head))
        print(f"{path or 'all pages':<18}{len(ls):>6}" + "".join(
            f"{v:>{w}.2f}" if v is not None else f"{'-':>{w}}" for v, w in ((med, 10), (p95, 8), (mx, 8)))
            + f"{n_err:>8}")
        row = {"page": path or "all", "loads": len(ls), "median_s": med and round(med, 3),
               "p95_s": p95 and round(p95, 3), "max_s": mx and round(mx, 3), "errors": n_err}
        if path in PAGES:
            pages_out.append(row)
        elif path:
            split[path.split()[0]] = row
        else:
            total = row
    rss_mb = {"start": rss_start, "after_warmup": res["after_warm"],
              "peak": max([rss_start, res["after_warm"], res["end_open"], res["after_close"], *rss.samples]), "end": res["end_open"], "after_close": res["after_close"]}
    print(f"server RSS MB: start {rss_mb['start']:.0f} (no session), after warm-up {rss_mb['after_warmup']:.0f}, "
          f"peak {rss_mb['peak']:.0f}, end {rss_mb['end']:.0f} ({args.sessions} sessions open), "
          f"after close {rss_mb['after_close']:.0f}; {len(rss.samples)} samples every 0.5 s")
    wall = res["took"] + 2
    print(f"CPU during the sessions ({wall:.0f} s): server {res['cpu_s']:.0f} s ({100 * res['cpu_s'] / wall:.0f} % of "
          f"one core), browser {res['browser_cpu_s']:.0f} s ({100 * res['browser_cpu_s'] / wall:.0f} %), "
          f"{os.cpu_count()} cores")
    errors = [(x.session, x.page, x.params, *e) for x in loads for e in x.errors]
    for s, page, params, kind, text in errors[:10]:
        print(f"  error: session {s} {page}?{params}: {kind}: {text}")
    if res["warm_errors"]:
        print(f"  warm-up errors (not counted): {res['warm_errors'][:5]}")
    ok = total["errors"] == 0 and total["p95_s"] is not None and total["p95_s"] <= 2.0
    print(f"issue 13: zero errors and p95 <= 2 s: {'yes' if ok else 'no'}; peak RSS under 300 MB: "
          f"{'yes' if rss_mb['peak'] < 300 else 'no'}")
    print(f"load average at end: {load_end}")
    if args.json:
        print(json.dumps({
            "database": url.split(":", 1)[0].split("+")[0], "articles": n_art, "sessions": args.sessions,
            "seconds": args.seconds, "loads": total["loads"], "errors": total["errors"], "median_s": total["median_s"],
            "p95_s": total["p95_s"], "max_s": total["max_s"], "pages": pages_out,
            "first_loads": split["first"], "later_loads": split["later"],
            "rss_mb": {k: round(v, 1) for k, v in rss_mb.items()},
            "server_cpu_s": round(res["cpu_s"], 1), "browser_cpu_s": round(res["browser_cpu_s"], 1),
            "error_samples": [list(e) for e in errors[:10]], "loadavg_start": load_start, "loadavg_end": load_end,
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
