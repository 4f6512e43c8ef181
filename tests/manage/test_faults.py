"""Faults: an ingest killed with SIGKILL midway leaves a consistent database and a re-run
finishes it without duplicates; viewers (and editors) keep working while an ingest
writes; an event-list import killed midway is all or nothing. Both back ends.

The schema upgrade over existing data is in ``test_migrations.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from dashboard import audit, manage
from dashboard import queries as q
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.filters import Filters
from dashboard.queries import manage as qm
from tests.manage.conftest import add_extracted

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).resolve().parents[2]
FILES, PER_FILE = 60, 20


def _make_inputs(folder: Path, files: int = FILES, per_file: int = PER_FILE, tag: str = "") -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        rows = [
            {
                "url": f"https://kill.example/{tag}{i}/{j}",
                "title": f"Rakor {tag}{i}-{j}",
                "published": "2020-10-01",
                "text": f"Rapat koordinasi persiapan Pilkada 2020 nomor {tag}{i}-{j} di Aula Kantor Bupati. " * 8,
            }
            for j in range(per_file)
        ]
        (folder / f"berkas-{i:04d}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return files * per_file


def _ingest_cmd(db_url: str, folder: Path) -> list[str]:
    return [sys.executable, "-m", "dashboard.cli", "--database-url", db_url, "ingest", str(folder), "--quiet",
            "--user", "ingest-test"]


def _env(db_url: str) -> dict:
    return dict(os.environ, DATABASE_URL=db_url, PYTHONUNBUFFERED="1")


def _articles(engine) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(m.Article))


def _check_consistent(engine, per_file: int = PER_FILE) -> int:
    """Integrity, and every input file stored completely or not at all, with its audit entry.
    Returns the number of complete files."""
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            # the full-text index agrees with the table
            c.exec_driver_sql("INSERT INTO article_fts(article_fts) VALUES('integrity-check')")
            assert c.exec_driver_sql("SELECT count(*) FROM article_fts").scalar() == _articles(engine)
        sources = [s for (s,) in c.execute(select(m.Article.source))]
        urls = [u for (u,) in c.execute(select(m.Article.url))]
        orphans = c.scalar(
            select(func.count()).select_from(m.Event).where(
                m.Event.article_id.is_not(None), ~m.Event.article_id.in_(select(m.Article.id))
            )
        )
    assert orphans == 0
    assert len(urls) == len(set(urls)), "no article is stored twice"
    per = Counter(s.rsplit(":", 1)[0] for s in sources if s)
    partial = {f: n for f, n in per.items() if n != per_file}
    assert not partial, f"half-stored files: {list(partial.items())[:3]}"
    audited = audit.read(engine, audit.AuditQuery(action="ingest_file"), limit=100000)
    assert sorted(audited["detail"]) == sorted(per), "each stored file has exactly one audit entry"
    return len(per)


def _writing(engine) -> bool:
    """Whether another process is inside a write transaction right now."""
    if engine.dialect.name == "sqlite":
        import sqlite3

        con = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            con.close()
    with engine.connect() as c:
        return bool(
            c.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                )
            )
        )


def _kill_when(proc: subprocess.Popen, engine, at_least: int, timeout: float = 300, settle: float = 0.03) -> bool:
    """SIGKILL the process once ``at_least`` articles are stored, while it is inside a
    write transaction. Returns whether the kill hit an open transaction."""
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None and _articles(engine) < at_least:
        time.sleep(0.02)
    inside = False
    while time.time() < deadline and proc.poll() is None:
        if _writing(engine):
            inside = True
            time.sleep(settle)  # let it write some rows into the transaction
            break
        time.sleep(0.005)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    return inside and proc.returncode == -signal.SIGKILL


def test_sigkill_midway_then_rerun_finishes_without_duplicates(engine, db_url, tmp_path):
    folder = tmp_path / "in"
    total = _make_inputs(folder)
    kills = 0
    for target in (1, PER_FILE * 15, PER_FILE * 35):
        proc = subprocess.Popen(_ingest_cmd(db_url, folder), cwd=PROJECT_DIR, env=_env(db_url),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kills += _kill_when(proc, engine, target)
        done = _check_consistent(engine)
        assert _articles(engine) == done * PER_FILE
    print(f"\ningest SIGKILLs inside a write transaction: {kills} of 3")
    assert kills >= 2, "the ingest finished before it could be killed: make the input larger"
    assert _articles(engine) < total
    res = subprocess.run(_ingest_cmd(db_url, folder), cwd=PROJECT_DIR, env=_env(db_url), capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert _check_consistent(engine) == FILES
    assert _articles(engine) == total
    # and once more: nothing new, everything a duplicate
    res = subprocess.run(_ingest_cmd(db_url, folder), cwd=PROJECT_DIR, env=_env(db_url), capture_output=True,
                         text=True, timeout=600)
    assert f"new: 0  duplicate: {total}" in res.stdout
    assert _articles(engine) == total


def test_viewers_keep_reading_during_a_long_write(engine):
    """A write transaction held open for seconds (a large file being stored) does not
    block the dashboard's queries, which see the last committed state."""
    add_extracted(engine, 20)
    before = _articles(engine)
    started, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer():
        try:
            with session_scope(engine, write=True) as s:
                for i in range(2000):
                    s.add(m.Article(url=f"https://long.example/{i}", content_hash=f"long{i:060d}",
                                    title=f"Panjang {i}", text=f"teks panjang {i}"))
                    if i % 200 == 0:
                        s.flush()
                s.flush()
                started.set()
                release.wait(20)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            started.set()

    t = threading.Thread(target=writer)
    t.start()
    assert started.wait(30)
    slowest = 0.0
    end = time.time() + 3
    rounds = 0
    while time.time() < end:
        t0 = time.time()
        f = Filters(election="semua")
        assert q.count_articles(engine, f) == before  # the uncommitted rows are invisible
        q.summary(engine, f)
        q.events_table(engine, f, limit=50)
        q.articles(engine, f.with_(q="rapat"), limit=20)
        qm.count_review_queue(engine, f)
        audit.read(engine, limit=20)
        slowest = max(slowest, time.time() - t0)
        rounds += 1
    release.set()
    t.join(30)
    assert not errors, errors
    assert rounds >= 5 and slowest < 2.0, (rounds, slowest)
    assert _articles(engine) == before + 2000


def test_viewers_and_editors_work_while_dashboard_ingest_runs(engine, db_url, tmp_path):
    """A real ``dashboard ingest`` in another process; meanwhile queries run and an editor
    confirms events. Nothing fails, and the ingest rolls back no file."""
    ids = add_extracted(engine, 30)
    folder = tmp_path / "in"
    total = _make_inputs(folder, files=40, tag="c")
    proc = subprocess.Popen(_ingest_cmd(db_url, folder), cwd=PROJECT_DIR, env=_env(db_url),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reads = confirms = 0
    slowest = 0.0
    pending = list(ids)
    while proc.poll() is None:
        t0 = time.time()
        f = Filters(election="semua")
        q.summary(engine, f)
        q.count_articles(engine, f)
        qm.review_queue(engine, f, limit=10)
        reads += 1
        slowest = max(slowest, time.time() - t0)
        if pending:
            manage.confirm_event(engine, pending.pop(0), username="editor1", expected_version=1)
            confirms += 1
        time.sleep(0.01)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert reads >= 3 and confirms >= 3, (reads, confirms)
    assert slowest < 5.0, slowest
    assert f"new: {total}" in out and "rejected: 0" in out, out
    assert _check_consistent(engine) == 40
    with session_scope(engine) as s:
        done = s.scalar(select(func.count()).select_from(m.Event).where(m.Event.status == "confirmed"))
    assert done == confirms


def test_event_list_import_killed_midway_is_all_or_nothing(engine, db_url, tmp_path):
    rows = 4000
    lines = ["tanggal,kegiatan,tempat,instansi,wilayah,pemilihan,peserta"]
    start = __import__("datetime").date(2019, 1, 1)
    for i in range(rows):
        d = start + __import__("datetime").timedelta(days=i % 700)
        lines.append(f"{d.isoformat()},rakor,Aula {i},KPU;Bawaslu,13.02,Pilkada 2020,{10 + i}")
    f = tmp_path / "besar.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "dashboard.cli", "--database-url", db_url, "import-events", str(f)]
    outcomes = []
    for settle in (0.05, 0.8, 2.0):
        proc = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=_env(db_url), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        delay = _kill_when(proc, engine, 0, settle=settle)
        with engine.connect() as c:
            n = c.scalar(select(func.count()).select_from(m.Event).where(m.Event.status == "manual"))
            created = c.scalar(select(func.count()).select_from(m.AuditLog).where(m.AuditLog.action == "create"))
        assert n in (0, rows), n
        assert created == n
        outcomes.append((delay, proc.returncode, n))
        if n == rows:
            break
    res = subprocess.run(cmd, cwd=PROJECT_DIR, env=_env(db_url), capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-1000:]
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(m.Event).where(m.Event.status == "manual")) == rows
    print("\nevent-list import kills (inside the write transaction, return code, events):", outcomes)
    assert sum(1 for inside, _, _ in outcomes if inside) >= 2
