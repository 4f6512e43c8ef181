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
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

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


def start_server(db_url: str, tmp: Path, env_extra: dict | None = None, port: int | None = None) -> Server:
    port = port or free_port()
    log = tmp / f"streamlit-{port}.log"
    env = dict(os.environ, DATABASE_URL=db_url, PYTHONUNBUFFERED="1", **(env_extra or {}))
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "dashboard.ui.run", str(PROJECT_DIR / "app.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start")
    return Server(url, db_url, proc, log)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()


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


IDLE_JS = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0"
)


def wait_for_app(page, timeout: int = 60000, quiet_ms: int = 1500) -> None:
    """Wait until Streamlit has finished running the script: idle (no running-man status,
    no skeletons) for ``quiet_ms`` in a row, so a run that has not started yet, or a rerun
    that follows at once (a URL write, a chart click), is not mistaken for the end."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    deadline = time.time() + timeout / 1000
    quiet_since = None
    while time.time() < deadline:
        if page.evaluate(IDLE_JS):
            quiet_since = quiet_since or time.time()
            if (time.time() - quiet_since) * 1000 >= quiet_ms:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(250)
    raise TimeoutError("the app did not become idle")
