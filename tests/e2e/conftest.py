"""Browser tests: a real ``streamlit run`` server and Debian's chromium through Playwright.

Every request that does not go to the loopback server is aborted and recorded; a test
fails on any such request and on any console error (see ``BrowserPage.check``).
Never downloads a browser: chromium comes from the system (``/usr/bin/chromium``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import serverproc
from tests.conftest import require

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Streamlit probes <page path>/_stcore/health and /host-config before falling back to
# the root; those 404s are Streamlit's own and harmless.
ALLOWED_CONSOLE = [
    re.compile(r"Failed to load resource: the server responded with a status of 404"),
]
ALLOWED_404 = re.compile(r"/_stcore/(health|host-config)$")

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    db_url: str
    process: subprocess.Popen
    log: Path


def start_server(db_url: str, tmp: Path, env_extra: dict | None = None, port: int | None = None, *,
                 plain: bool = False) -> Server:
    """A real server on loopback (a free port unless ``port``): ``python -m dashboard.ui.run
    app.py`` (what ``dashboard serve`` runs), or with ``plain`` the bare ``streamlit run
    app.py`` a user types first."""
    port = port or free_port()
    log = tmp / f"streamlit-{port}.log"
    env = dict(os.environ, DATABASE_URL=db_url, PYTHONUNBUFFERED="1", **(env_extra or {}))
    start = [str(Path(sys.executable).parent / "streamlit"), "run"] if plain else [sys.executable, "-m", "dashboard.ui.run"]
    argv = [*start, "app.py", "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    url = f"http://127.0.0.1:{port}"
    proc = serverproc.start(argv, cwd=PROJECT_DIR, env=env, log=log, health_url=url + "/_stcore/health")
    return Server(url, db_url, proc, log)


def stop_server(server: Server) -> None:
    serverproc.stop(server.process)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    require(Path(CHROMIUM).exists() or bool(shutil.which("chromium")), f"Debian chromium not found at {CHROMIUM}")
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def fill(db_url: str, n: int = 400, seed: int = 11) -> None:
    """Synthetic volume on top of the samples, so every chart has something to draw
    (the same as the AppTest database)."""
    from dashboard import synth
    from dashboard.db.engine import get_engine

    eng = get_engine(db_url)
    synth.generate(eng, n, seed=seed)
    eng.dispose()


@pytest.fixture(scope="session")
def server(templates, tmp_path_factory, chromium_path, browser):
    db = templates.fresh("sqlite", sample=True)
    fill(db)
    srv = start_server(db, tmp_path_factory.mktemp("server"))
    warm_up(browser, srv)
    yield srv
    stop_server(srv)


def warm_up(browser, srv: Server) -> None:
    """Until one script run of ``app.py`` has called ``st.navigation``, Streamlit treats
    the app as an old-style ``pages/`` folder app (a deep link then runs the page file
    alone: "page not found", wrong navigation). Open the root and wait until the app's
    own navigation is drawn (the first run also migrates the database: it can be slow)."""
    warm = browser.new_page()
    warm.add_init_script(RUN_TRACKER_JS)
    warm.goto(srv.url + "/")
    warm.wait_for_function(
        """() => {
            const links = Array.from(document.querySelectorAll('[data-testid="stSidebarNav"] a'));
            return links.some(a => a.innerText.trim().endsWith('Ringkasan'))   // the app's titles,
                && !links.some(a => a.innerText.trim() === 'app');             // not the pages/ folder's
        }""",
        timeout=120000,
    )
    wait_for_app(warm, timeout=120000)
    warm.close()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium_path):
    b = playwright_instance.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield b
    b.close()


@dataclass
class BrowserPage:
    page: object
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.external, f"requests left the machine: {self.external[:5]}"
        assert not self.page_errors, f"page errors: {self.page_errors[:5]}"
        assert not self.bad_responses, f"failed responses: {self.bad_responses[:5]}"
        errors = [e for e in self.console_errors if not any(p.search(e) for p in ALLOWED_CONSOLE)]
        assert not errors, f"console errors: {errors[:5]}"


def _is_loopback(url: str) -> bool:
    return bool(re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/", url)) or url.startswith(
        ("data:", "blob:", "about:")
    )


def new_browser_page(browser, width: int = 1920, height: int = 1080, **context_kw) -> BrowserPage:
    ctx = browser.new_context(viewport={"width": width, "height": height}, **context_kw)
    ctx.add_init_script(RUN_TRACKER_JS)
    page = ctx.new_page()
    bp = BrowserPage(page)

    def route(r):
        if _is_loopback(r.request.url):
            r.continue_()
        else:
            bp.external.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page.on("console", lambda m: bp.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: bp.page_errors.append(str(e)))
    page.on(
        "response",
        lambda r: bp.bad_responses.append(f"{r.status} {r.url}")
        if r.status >= 400 and not ALLOWED_404.search(r.url.split("?")[0])
        else None,
    )
    return bp


@pytest.fixture
def bpage(browser):
    bp = new_browser_page(browser)
    yield bp
    bp.page.context.close()


# Installed in every page before Streamlit's own code. It reads the top-level fields of the
# protobuf messages on Streamlit's websocket (one message a binary frame):
# * sent (BackMsg): field 11 ``rerun_script``, the browser asking for a run (a widget, a
#   click, an in-app page switch): ``requested`` takes the count of finished runs then;
# * received (ForwardMsg): field 6 ``script_finished`` with FINISHED_SUCCESSFULLY (0) or
#   FINISHED_FRAGMENT_RUN_SUCCESSFULLY (3) counts a finished run (a run cut short by
#   ``st.rerun`` ends with FINISHED_EARLY_FOR_RERUN and is not counted; the one that follows
#   is); field 15 ``page_not_found`` counts "page not found" answers.
# So "a run finished after the last request" is exact, with no quiet period to guess.
RUN_TRACKER_JS = """(() => {
  if (window.__stTest) return;
  const t = window.__stTest = {finished: 0, requested: 0, notFound: 0};
  const varint = (b, i) => { let v = 0, s = 1, x; do { x = b[i++]; v += (x & 0x7f) * s; s *= 128; } while (x & 0x80 && i < b.length); return [v, i]; };
  const fields = (buf, cb) => {
    const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf); let i = 0;
    while (i < b.length) {
      let tag, v; [tag, i] = varint(b, i);
      const field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { [v, i] = varint(b, i); cb(field, v); }
      else if (wire === 2) { [v, i] = varint(b, i); cb(field, null); i += v; }
      else if (wire === 1) i += 8; else if (wire === 5) i += 4; else return;
    }
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => { try { if (e.data instanceof ArrayBuffer) fields(e.data, (f, v) => {
        if (f === 6 && (v === 0 || v === 3)) t.finished++;
        if (f === 15) t.notFound++;
      }); } catch (err) {} });
    }
    send(data) {
      try {
        const buf = data instanceof ArrayBuffer ? data : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
        if (buf) fields(buf, (f) => { if (f === 11) t.requested = t.finished; });
      } catch (err) {}
      return super.send(data);
    }
  };
})()"""

# The locked Streamlit (1.67) sets data-test-script-state on the app root (data-testid="stApp"):
# initial, running, rerunRequested, stopRequested, compilationError, notRunning.
FINISHED_JS = """() => {
  const t = window.__stTest, app = document.querySelector('[data-testid="stApp"]');
  return !!t && !!app && t.finished > t.requested && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
    && !document.querySelector('[class*="st-key-deferred_go_"]');  // tables held for the first chart: sent
}"""


STATE_JS = """() => ({tracker: window.__stTest || null,
  state: (document.querySelector('[data-testid="stApp"]') || {getAttribute: () => null}).getAttribute('data-test-script-state'),
  skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
  held: !!document.querySelector('[class*="st-key-deferred_go_"]'), url: location.href})"""


def wait_for_app(page, timeout: int = 120000) -> None:
    """Wait until the app is idle after the last thing that ran its script: a run has
    finished (successfully) since the page loaded or since the browser last asked for a
    run, the app root says ``notRunning`` and no skeleton is left. After an action that
    does not run the script (a tab switch), it returns as soon as that holds. The timeout
    is generous (a loaded machine); when it passes, the error says what was seen."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(FINISHED_JS, timeout=timeout)
    except PlaywrightTimeout:
        raise AssertionError(f"the app did not finish a run within {timeout} ms: {page.evaluate(STATE_JS)}") from None


def pages_not_found(page) -> int:
    """How many "page not found" answers this page has had from the server."""
    return page.evaluate("() => window.__stTest ? window.__stTest.notFound : 0")
