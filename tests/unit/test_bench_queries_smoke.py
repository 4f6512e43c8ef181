"""Smoke test of the page-query benchmark at a small size on both back ends (not a timed
test: it checks that the benchmark runs every page's own script for every filter change
and prints the JSON the issue's checks read)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_queries_runs_the_pages_and_prints_its_json(db_url):
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_queries.py"), "--articles", "600", "--database-url", db_url,
         "--repeats", "1", "--page-repeats", "1", "--no-naive", "--json"],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    lines = res.stdout.strip().splitlines()
    assert "as the pages run them" in res.stdout
    out = json.loads(lines[-1])
    assert out["articles"] >= 600 and out["database"] == ("sqlite" if db_url.startswith("sqlite") else "postgresql")
    pages = {c["page"] for c in out["cases"]}
    assert pages == {"ringkasan", "rapat-koordinasi", "wilayah", "instansi", "berita"}
    assert len(out["cases"]) == 35
    assert all(c["p95_ms"] > 0 and c["baseline_p95_ms"] is None for c in out["cases"])


def test_the_baseline_reads_its_own_copy_of_the_data(tmp_path):
    """``baseline_db.py`` copies the database, takes it to the ref's newest revision and
    has the ref's own ``dashboard recount`` count it; ``--baseline-database-url`` makes the
    baseline's pages read that copy (here the ref is this commit: the copy must still be
    complete and counted, and the baseline column filled)."""
    from dashboard import synth
    from dashboard.db.engine import get_engine, session_scope, upgrade_database
    from dashboard.reference import sync_reference

    src, dst = f"sqlite:///{tmp_path / 'bench.db'}", f"sqlite:///{tmp_path / 'bench-base.db'}"
    engine = get_engine(src)
    upgrade_database(engine)
    with session_scope(engine) as s:
        sync_reference(s)
    synth.generate(engine, 300, seed=3)
    engine.dispose()
    res = subprocess.run([sys.executable, str(ROOT / "bench" / "baseline_db.py"), "--ref", "HEAD", "--from", src,
                          "--to", dst], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert "events counted:" in res.stdout
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_queries.py"), "--articles", "300", "--database-url", src,
         "--baseline-ref", "HEAD", "--baseline-database-url", dst, "--repeats", "1", "--page-repeats", "1",
         "--no-naive", "--json"],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert len(out["cases"]) == 35 and all(c["baseline_p95_ms"] is not None for c in out["cases"])
