"""Two app replicas on one PostgreSQL database behind a real nginx, configured by the
shipped ``deploy/nginx/dashboard.conf`` (only its addresses, port and log paths changed),
driven through the proxy in Debian's chromium.

An editor logs in and records a meeting through one replica; a second browser pinned to
the other replica sees it. Then the editor's replica is killed: the open page reconnects
through nginx to the survivor without a reload, still logged in (the session lives in the
database, the cookie holds only its token), and the meeting is there. When the killed
replica is back, the browser stays with the one that now holds its session (a download
still works), because the replica cookie follows whichever replica answered.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from dashboard import auth
from dashboard.db.engine import get_engine
from tests.conftest import PG_URL, require
from tests.e2e.conftest import (
    PROJECT_DIR,
    Server,
    free_port,
    new_browser_page,
    start_server,
    stop_server,
    wait_for_app,
    warm_up,
)
from tests.e2e.test_manage_browser import PASSWORD, go, login

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

SITE = PROJECT_DIR / "deploy" / "nginx" / "dashboard.conf"
COOKIE = "dashboard_replica"
NAMES = {"8601": "r1", "8602": "r2"}  # the replica names the shipped file gives its ports
DAY = "2019-03-14"  # a day with no other event: the meeting recorded below is the only one
VIEW = f"/ringkasan?election=semua&from={DAY}&to={DAY}"
LATEST = "14 Mar 2019 · Rapat koordinasi · Kabupaten Solok"  # the meeting in "Kegiatan terbaru"
UA_EDITOR, UA_VIEWER = "replica-test-editor", "replica-test-viewer"
LOG_LINE = re.compile(
    r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ "(?P<ua>[^"]*)" '
    r"upstream=(?P<upstream>.*) replica=(?P<replica>\S*)$"
)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def render_site(ports: dict[str, int], listen: int, logs: Path) -> str:
    """The shipped site file with the test's replica ports, listen port and log folder."""
    text = SITE.read_text(encoding="utf-8")
    assert len(re.findall(r"\b8601\b", text)) >= 4 and len(re.findall(r"\b8602\b", text)) >= 4
    text = re.sub(r"\b(8601|8602)\b", lambda m: str(ports[m.group(1)]), text)
    text, n = re.subn(r"^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{listen};", text, flags=re.M)
    assert n == 1
    text = re.sub(r"^\s*listen \[::\]:80;\n", "", text, flags=re.M)
    text, n = re.subn(r"/var/log/nginx/", f"{logs}/", text)
    assert n == 2
    return text


@dataclass
class Nginx:
    url: str
    process: subprocess.Popen
    dir: Path

    @property
    def access_log(self) -> Path:
        return self.dir / "dashboard.access.log"

    def requests(self, ua: str) -> list[dict]:
        out = []
        for line in self.access_log.read_text(encoding="utf-8").splitlines():
            m = LOG_LINE.search(line)
            if m and m["ua"] == ua:
                out.append({**m.groupdict(), "path": m["request"].split(" ")[1]})
        return out


def _unprivileged() -> dict:
    """Popen arguments that run nginx as an ordinary user: as root (CI), as nobody."""
    if os.geteuid() != 0:
        return {}
    import pwd

    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid}


def start_nginx(ports: dict[str, int]) -> Nginx:
    binary = nginx_binary()
    as_user = _unprivileged()
    # its own folder for configuration, logs, pid and temporary files, owned by nginx's user
    d = Path(tempfile.mkdtemp(prefix="dashboard-nginx-"))
    d.chmod(0o755)
    if as_user:
        os.chown(d, as_user["user"], as_user["group"])
    listen = free_port()
    (d / "dashboard.conf").write_text(render_site(ports, listen, d), encoding="utf-8")
    temp_paths = " ".join(
        f"{kind}_temp_path {d / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (d / "nginx.conf").write_text(
        "worker_processes 1;\n"
        "events { worker_connections 512; }\n"
        f"http {{\n  {temp_paths}\n  access_log {d / 'access.log'};\n  include {d / 'dashboard.conf'};\n}}\n",
        encoding="utf-8",
    )
    args = [binary, "-p", str(d), "-c", str(d / "nginx.conf"), "-e", str(d / "error.log")]
    daemon = ["-g", f"daemon off; pid {d / 'nginx.pid'};"]
    check = subprocess.run([*args, *daemon, "-t"], capture_output=True, text=True, **as_user)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(  # its own process group: the master and its worker are stopped together
        [*args, *daemon], stdout=subprocess.DEVNULL, stderr=open(d / "stderr.log", "w"),
        start_new_session=True, **as_user,
    )
    nginx = Nginx(f"http://127.0.0.1:{listen}", proc, d)
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            error = (d / "error.log").read_text()[-2000:]
            stop_nginx(nginx)
            raise RuntimeError(f"nginx exited: {error}")
        try:
            with urllib.request.urlopen(nginx.url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return nginx
        except OSError:
            time.sleep(0.2)
    stop_nginx(nginx)
    raise RuntimeError("nginx did not answer")


def stop_nginx(nginx: Nginx) -> None:
    nginx.process.terminate()
    try:
        nginx.process.wait(10)
    except subprocess.TimeoutExpired:
        pass
    try:  # whatever is left of its process group (a worker of a master that did not stop)
        os.killpg(nginx.process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    nginx.process.wait(10)
    shutil.rmtree(nginx.dir, ignore_errors=True)


@dataclass
class Cluster:
    db_url: str
    replicas: dict[str, Server]  # "r1", "r2" -> server
    nginx: Nginx
    tmp: Path

    def port(self, name: str) -> int:
        return int(self.replicas[name].url.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def cluster(templates, tmp_path_factory, browser):
    require(bool(nginx_binary()), "nginx not found (Debian package nginx)")
    require(bool(PG_URL), "TEST_POSTGRES_URL is not set (replicas share a PostgreSQL database)")
    db = templates.fresh("postgres", sample=True)
    auth.create_user(get_engine(db), "editor1", PASSWORD, "editor", actor="test")
    auth.create_user(get_engine(db), "viewer1", PASSWORD, "viewer", actor="test")
    get_engine(db).dispose()
    tmp = tmp_path_factory.mktemp("replicas")
    (tmp / "r1-again").mkdir()
    (tmp / "r2-again").mkdir()
    replicas: dict[str, Server] = {}
    nginx = None
    try:
        for template_port, name in NAMES.items():
            replicas[name] = start_server(db, tmp_path_factory.mktemp(name))
        nginx = start_nginx({p: int(replicas[n].url.rsplit(":", 1)[1]) for p, n in NAMES.items()})
        for srv in replicas.values():
            warm_up(browser, srv)
        yield Cluster(db, replicas, nginx, tmp)
    finally:
        if nginx is not None:
            stop_nginx(nginx)
        for srv in replicas.values():
            if srv.process.poll() is None:
                stop_server(srv)


def replica_cookie(page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == COOKIE), None)


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def record_meeting(page, venue: str) -> int:
    """Kelola Data -> Catat rapat: a meeting on DAY; returns its id from the message."""
    go(page, "Kelola Data")
    page.get_by_role("tab", name="Catat rapat").click()
    form = page.locator('[data-testid="stForm"]').filter(has_text="Catat rapat atau kegiatan secara manual")
    form.wait_for(timeout=30000)
    y, m, d = DAY.split("-")
    # a date field of day, month and year segments: typing fills one and moves to the next
    form.get_by_role("spinbutton", name="hari, Tanggal").click()  # its name in the Indonesian view
    page.keyboard.type(f"{d}{m}{y}")
    form.get_by_role("group", name="Tanggal").filter(has_text=y).wait_for(timeout=10000)
    form.get_by_label("Tempat").fill(venue)
    for label, typed, option in (("Instansi", "KPU", "KPU"), ("Wilayah", "13.02", "Kabupaten Solok (13.02)")):
        form.locator('[data-testid="stMultiSelect"]').filter(has_text=label).locator("input").click()
        page.keyboard.type(typed)
        page.get_by_role("option", name=option, exact=True).click()
        page.keyboard.press("Escape")
    form.get_by_role("button", name="Simpan kegiatan").click()
    saved = page.get_by_text(re.compile(r"Kegiatan #\d+ tersimpan"))
    saved.wait_for(timeout=60000)
    wait_for_app(page)
    return int(re.search(r"#(\d+)", saved.inner_text()).group(1))


def test_two_replicas_behind_nginx_share_logins_and_data_and_survive_one_dying(cluster, browser):
    proxy = cluster.nginx.url
    editor = new_browser_page(browser, user_agent=UA_EDITOR)
    viewer = new_browser_page(browser, user_agent=UA_VIEWER)
    ed, vw = editor.page, viewer.page
    try:
        # -- the editor logs in through the proxy; nginx names the replica that answered
        login(ed, proxy, "editor1")
        home = replica_cookie(ed)
        assert home in ("r1", "r2"), ed.context.cookies()
        other = "r2" if home == "r1" else "r1"
        home_port, other_port = cluster.port(home), cluster.port(other)
        served = {r["upstream"] for r in cluster.nginx.requests(UA_EDITOR) if r["path"].startswith("/akun")}
        assert served == {f"127.0.0.1:{home_port}"}, served

        # -- a second browser pinned to the other replica sees the day empty
        vw.context.add_cookies([{"name": COOKIE, "value": other, "url": proxy}])
        vw.goto(proxy + VIEW)
        wait_for_app(vw)
        assert metric(vw, "Kegiatan tercatat") == "0"

        # -- the editor records a meeting (through its replica); the other replica shows it
        event_id = record_meeting(ed, "Aula Replika Uji")
        vw.goto(proxy + VIEW)
        wait_for_app(vw)
        assert metric(vw, "Kegiatan tercatat") == "1"
        assert LATEST in vw.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
        assert {r["upstream"] for r in cluster.nginx.requests(UA_VIEWER)} == {f"127.0.0.1:{other_port}"}

        # -- the editor's replica dies: the open page reconnects through nginx to the other one
        victim = cluster.replicas[home]
        logged_before = len(cluster.nginx.requests(UA_EDITOR))
        navigations: list[str] = []
        ed.on("framenavigated", lambda f: navigations.append(f.url) if f == ed.main_frame else None)
        with ed.expect_websocket(lambda ws: ws.url.endswith("/_stcore/stream"), timeout=120000):
            os.kill(victim.process.pid, signal.SIGKILL)
        victim.process.wait(10)
        wait_for_app(ed, timeout=120000)
        assert replica_cookie(ed) == other
        # no reload: the same page, rerun on the survivor, logged in from the database
        ed.locator('[data-testid="stSidebar"] button', has_text="Keluar").wait_for(timeout=30000)
        assert ed.get_by_label("Kata sandi", exact=True).count() == 0
        ed.get_by_role("tab", name="Catat rapat").wait_for(timeout=30000)
        assert navigations == []
        # what nginx did meanwhile: the page's requests (its health probe first) went to the
        # survivor, after one try at the dead replica at most (the old websocket's own line
        # is the one request that ended on the dead replica)
        after_kill = cluster.nginx.requests(UA_EDITOR)[logged_before:]
        assert any(r["path"].endswith("/_stcore/health") for r in after_kill), after_kill
        answered = [r["upstream"] for r in after_kill if r["status"] != "101"]
        assert all(up.endswith(f":{other_port}") for up in answered), after_kill
        # the new websocket works: an in-app page switch; a reload shows the meeting
        go(ed, "Rapat Koordinasi")
        assert ed.locator("h1").first.inner_text().strip() == "Rapat Koordinasi"
        ed.goto(proxy + VIEW)
        wait_for_app(ed)
        assert metric(ed, "Kegiatan tercatat") == "1"
        ed.locator('[data-testid="stSidebar"] button', has_text="Keluar").wait_for(timeout=30000)
        with get_engine(cluster.db_url).connect() as conn:
            venue = conn.execute(text("SELECT location FROM event WHERE id = :i"), {"i": event_id}).scalar()
        assert venue == "Aula Replika Uji"

        # -- the killed replica comes back; the page keeps to the replica holding its session:
        # a download (a file kept by that process) still comes through
        go(ed, "Rapat Koordinasi")
        back = start_server(cluster.db_url, cluster.tmp / f"{home}-again", port=home_port)
        cluster.replicas[home] = back
        warm_up(browser, back)
        with ed.expect_download(timeout=30000) as info:
            ed.get_by_role("button", name="Unduh CSV").first.click()
        csv = Path(info.value.path()).read_bytes().decode("utf-8-sig")
        assert csv.startswith("Tanggal") and "Aula Replika Uji" in csv, csv[:500]
        media = [r for r in cluster.nginx.requests(UA_EDITOR) if r["path"].startswith("/media/")]
        assert media, "no download went through nginx"
        assert all(r["upstream"].endswith(f":{other_port}") and r["status"] == "200" for r in media), media
        assert replica_cookie(ed) == other
        viewer.check()
        editor.check()
    finally:
        ed.context.close()
        vw.context.close()


def _login_form(browser, proxy: str, replica: str, ua: str, password: str):
    bp = new_browser_page(browser, user_agent=ua)
    bp.page.context.add_cookies([{"name": COOKIE, "value": replica, "url": proxy}])
    bp.page.goto(f"{proxy}/akun")
    wait_for_app(bp.page)
    bp.page.get_by_label("Nama pengguna").fill("viewer1")
    bp.page.get_by_label("Kata sandi", exact=True).fill(password)
    return bp


def test_failed_logins_through_one_replica_count_on_the_other(cluster, browser):
    """The login throttle lives in the database: the failures through one replica and the
    one through the other add up, and the last one starts the wait (no replica could have
    counted them alone)."""
    proxy = cluster.nginx.url
    first = _login_form(browser, proxy, "r1", "replica-test-first", "bukan-kata-sandinya")
    second = _login_form(browser, proxy, "r2", "replica-test-second", "juga-bukan-sandinya")
    try:
        for _ in range(auth.FREE_FAILURES - 1):
            first.page.get_by_role("button", name="Masuk").click()
            wait_for_app(first.page)
            assert first.page.get_by_text("Nama pengguna atau kata sandi salah").count() == 1
        assert first.page.get_by_text("Percobaan berikutnya baru diperiksa").count() == 0  # no wait yet
        second.page.get_by_role("button", name="Masuk").click()
        second.page.get_by_text("Percobaan berikutnya baru diperiksa setelah").wait_for(timeout=60000)
        for bp, name in ((first, "r1"), (second, "r2")):
            ua = bp.page.evaluate("navigator.userAgent")
            assert {r["upstream"] for r in cluster.nginx.requests(ua)} == {f"127.0.0.1:{cluster.port(name)}"}
        first.check()
        second.check()
    finally:
        first.page.context.close()
        second.page.context.close()
