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
