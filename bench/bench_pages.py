#!/usr/bin/env python3
"""Speed as felt: navigation start -> first chart drawn, per viewer page, in Debian's
chromium, cold and warm, beside a baseline of the same pages measured in the same run.

Usage: uv run --group test python bench/bench_pages.py [--rounds 3] [--baseline-ref main | --no-baseline]
                                                      [--pages ringkasan,wilayah] [--width 1366 --height 768]

Each version (the current tree, and ``--baseline-ref`` taken with ``git archive`` into a
temporary directory: nothing in the repository is touched) gets its own SQLite database
holding the bundled sample articles (``dashboard init --sample`` of that version) and its
own ``streamlit run`` server on a free loopback port. Every request that would leave the
machine is aborted and counted (it must stay 0: everything is served locally).

Per page and round, alternating between the versions so both see the same machine load:

* **cold**: a fresh browser context (empty HTTP cache, no cookies, a new Streamlit session);
  the server has already run the page once (its process and query caches are warm), so this
  is a first visit of a user, not a server start;
* **warm**: the same page opened again in that context (HTTP cache filled, a new session);
* **start**: the first visit of each page after the server started (its caches empty), one
  sample per version, not part of the medians.

``--database-url`` / ``--baseline-database-url``: serve another database (a million-article
benchmark database; ``bench/baseline_db.py`` makes the baseline's copy at its schema)
instead of the sample.

"first chart" is the moment (``performance.now()``, whose origin is the navigation start)
when the first Plotly chart on the page has drawn a data mark, polled on every animation
frame by a script added before the page loads; on a page without a chart (Berita) the first
table drawn. "bytes" is what crossed the wire until the page was idle: the encoded size of
every HTTP response (``Network.loadingFinished``) plus the websocket frames received.
Figures are medians over the rounds; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PAGES = ["ringkasan", "rapat-koordinasi", "wilayah", "instansi", "berita"]
FIRST_KIND = {"berita": "table"}  # a page without a chart: its first table
TREE = ["app.py", "pages", "src", "data", "static", ".streamlit"]

FIRST_MARK_JS = """
(() => {
  const SEL = 'g.trace path, g.trace .point, g.barlayer path, g.scatterlayer path, g.heatmaplayer image, '
            + 'g.choroplethlayer path, g.geo .scattergeo path, g.geo .scattergeo text';
  const TABLE = '[data-testid="stDataFrame"] canvas, [data-testid="stTable"] td, .present-table td';
  function tick() {
    if (window.__firstChart === undefined) {
      for (const c of document.querySelectorAll('.js-plotly-plot')) {
        if (c.querySelector(SEL)) { window.__firstChart = performance.now(); window.__firstKind = 'chart'; break; }
      }
    }
    if (window.__firstTable === undefined && document.querySelector(TABLE)) {
      window.__firstTable = performance.now();
    }
    if (window.__firstChart === undefined) requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
"""
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stSkeleton"]')
      && !document.querySelector('[class*="st-key-deferred_go_"]');
}"""


# A dead proxy for every host but loopback: nothing can leave the machine
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
               "--disable-component-update", "--proxy-server=http://127.0.0.1:9",
               "--proxy-bypass-list=127.0.0.1;localhost;[::1]"]


def chromium_path() -> str | None:
    """Debian's chromium (``CHROMIUM_PATH`` overrides), or None when there is none."""
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_of(ref: str, dest: Path) -> Path | None:
    """The files the app needs, as of ``ref`` (git archive: read-only)."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref, *TREE],
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, "stderr", b"") or b""
        print(f"baseline: cannot read {ref!r} from git ({err.decode(errors='replace').strip() or e})")
        return None
    with tarfile.open(fileobj=io.BytesIO(out)) as tf:
        tf.extractall(dest, filter="data") if hasattr(tarfile, "data_filter") else tf.extractall(dest)
    return dest


@dataclass
class Version:
    label: str
    root: Path
    db: Path
    port: int = 0
    proc: subprocess.Popen | None = None
    log: Path | None = None
    database_url: str | None = None  # a database of one's own (else the sample in ``db``)

    @property
    def env(self) -> dict:
        # PYTHONPATH comes before the editable install of the current tree: the baseline
        # imports its own ``dashboard``
        return dict(os.environ, DATABASE_URL=self.database_url or f"sqlite:///{self.db}",
                    PYTHONPATH=str(self.root / "src"), PYTHONUNBUFFERED="1")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self) -> None:
        if self.database_url:
            return
        subprocess.run([sys.executable, "-m", "dashboard.cli", "init", "--sample"], cwd=self.root, env=self.env,
                       check=True, capture_output=True)

    def start(self) -> None:
        self.port = free_port()
        self.log = self.db.with_suffix(".log")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.ui.run", str(self.root / "app.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=self.root, env=self.env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.label}: server exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.label}: server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@dataclass
class Sample:
    first: float | None  # ms from navigation start to the first chart (or table)
    kind: str
    bytes: int
    requests: int
    external: int


@dataclass
class Meter:
    """Bytes and requests of one page load, from the DevTools protocol."""
    bytes: int = 0
    requests: int = 0
    external: list = field(default_factory=list)

    def attach(self, context, page) -> None:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _sent(self, ev) -> None:
        url = ev.get("request", {}).get("url", "")
        if not _is_local(url):
            self.external.append(url)

    def _finished(self, ev) -> None:
        self.bytes += int(ev.get("encodedDataLength") or 0)
        self.requests += 1

    def _frame(self, ev) -> None:
        payload = ev.get("response", {}).get("payloadData", "")
        # binary frames arrive base64-encoded: 3 bytes per 4 characters
        self.bytes += len(payload) * 3 // 4 if ev.get("response", {}).get("opcode") == 2 else len(payload.encode())

    def reset(self) -> None:
        self.bytes = self.requests = 0
        self.external.clear()


def _is_local(url: str) -> bool:
    return bool(re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/", url)) or url.startswith(
        ("data:", "blob:", "about:"))


def new_context(browser, args, meter: Meter):
    # No request interception here: Playwright turns the HTTP cache off when it routes
    # requests. The browser is started with a dead proxy for every host but loopback
    # instead (nothing can leave), and requests to other hosts are counted.
    ctx = browser.new_context(viewport={"width": args.width, "height": args.height})
    ctx.add_init_script(FIRST_MARK_JS)
    page = ctx.new_page()
    meter.attach(ctx, page)
    return ctx, page


def wait_idle(page, timeout_s: float = 120.0, quiet_s: float = 1.0) -> None:
    """Idle: the script is not running and no skeleton is left, for ``quiet_s`` in a row."""
    deadline = time.time() + timeout_s
    since = None
    while time.time() < deadline:
        if page.evaluate(IDLE_JS):
            since = since or time.time()
            if time.time() - since >= quiet_s:
                return
        else:
            since = None
        time.sleep(0.1)
    raise TimeoutError("page did not become idle")


def load(page, url: str, meter: Meter, kind: str) -> Sample:
    meter.reset()
    page.goto(url, wait_until="commit")
    var = "window.__firstChart" if kind == "chart" else "window.__firstTable"
    try:
        page.wait_for_function(f"() => {var} !== undefined", timeout=120000)
        first = page.evaluate(f"() => {var}")
    except Exception:  # noqa: BLE001 - a page that never draws counts as missing
        first = None
    wait_idle(page)
    return Sample(first, kind, meter.bytes, meter.requests, len(meter.external))


def measure(browser, version: Version, path: str, args) -> tuple[Sample, Sample]:
    meter = Meter()
    ctx, page = new_context(browser, args, meter)
    try:
        url = f"{version.url}/{path}"
        kind = FIRST_KIND.get(path, "chart")
        cold = load(page, url, meter, kind)
        warm = load(page, url, meter, kind)
    finally:
        ctx.close()
    return cold, warm


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt_s(ms) -> str:
    return "   –  " if ms is None else f"{ms / 1000:6.2f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--baseline-ref", default="main")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--height", type=int, default=768)
    ap.add_argument("--database-url", default=None,
                    help="the database the current tree's server reads (default: a new one with the sample)")
    ap.add_argument("--baseline-database-url", default=None,
                    help="the baseline's database (bench/baseline_db.py makes a copy at its schema)")
    args = ap.parse_args(argv)
    if not chromium_path():
        print(f"chromium not found at {CHROMIUM}")
        return 2
    from playwright.sync_api import sync_playwright

    pages = [p for p in args.pages.split(",") if p]
    print(f"load average at start: {loadavg()} on {os.cpu_count()} cores; viewport {args.width}x{args.height}; "
          f"{args.rounds} rounds, median shown")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        versions = [Version("current", ROOT, tmp / "current.db", database_url=args.database_url)]
        if not args.no_baseline:
            root = tree_of(args.baseline_ref, tmp / "baseline")
            if root is not None:
                rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline_ref],
                                     capture_output=True, text=True).stdout.strip()
                versions.append(Version(f"baseline {args.baseline_ref} {rev}", root, tmp / "baseline.db",
                                        database_url=args.baseline_database_url))
        try:
            for v in versions:
                v.prepare()
                v.start()
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
                started: dict[tuple[str, str], Sample] = {}
                for v in versions:  # the server's first run of each page: "after start", not in the medians
                    for path in pages:
                        started[(v.label, path)] = measure(browser, v, path, args)[0]
                results: dict[tuple[str, str], list[tuple[Sample, Sample]]] = {}
                for r in range(args.rounds):
                    order = versions if r % 2 == 0 else versions[::-1]
                    for path in pages:
                        for v in order:
                            results.setdefault((v.label, path), []).append(measure(browser, v, path, args))
                browser.close()
        finally:
            for v in versions:
                v.stop()
    print(f"{'page':18s} {'version':28s} {'start s':>8s} {'cold s':>7s} {'warm s':>7s} {'cold MB':>8s} {'req':>5s} "
          f"{'warm MB':>8s} {'ext':>4s}  first")
    for path in pages:
        for v in versions:
            rs = results[(v.label, path)]
            cold_t = med([c.first for c, _ in rs])
            warm_t = med([w.first for _, w in rs])
            cold_b = med([c.bytes for c, _ in rs]) or 0
            warm_b = med([w.bytes for _, w in rs]) or 0
            req = med([c.requests for c, _ in rs]) or 0
            ext = sum(c.external + w.external for c, w in rs)
            kind = rs[-1][0].kind
            start_t = started[(v.label, path)].first
            print(f"{path:18s} {v.label:28s} {fmt_s(start_t):>8s} {fmt_s(cold_t):>7s} {fmt_s(warm_t):>7s} "
                  f"{cold_b / 1e6:8.2f} {req:5.0f} "
                  f"{warm_b / 1e6:8.2f} {ext:4d}  {kind}")
    print(f"load average at end: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
