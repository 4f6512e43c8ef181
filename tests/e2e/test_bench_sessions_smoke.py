"""Smoke test of the concurrent-sessions benchmark (issue 13) at a small size: not a timed
test. Two browser sessions for a few seconds on the sample database: the script runs end to
end, every page load settles without an error, and its JSON has what the issue's checks read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


@pytest.mark.timeout(300)
def test_bench_sessions_runs_and_prints_its_json(templates, chromium_path):
    db_url = templates.fresh("sqlite", sample=True)
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_sessions.py"), "--sessions", "2", "--seconds", "8",
         "--database-url", db_url, "--no-warmup", "--timeout", "120", "--json"],
        capture_output=True, text=True, timeout=280, cwd=ROOT, env={**os.environ, "CHROMIUM_PATH": chromium_path},
    )
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    assert "server RSS MB" in res.stdout and "load average at end" in res.stdout
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["sessions"] == 2 and out["database"] == "sqlite" and out["articles"] >= 50
    assert out["loads"] >= 2, out
    assert out["errors"] == 0, out["error_samples"]
    assert {p["page"] for p in out["pages"]} == {"ringkasan", "rapat-koordinasi", "wilayah", "instansi", "berita"}
    assert sum(p["loads"] for p in out["pages"]) == out["loads"]
    assert out["first_loads"]["loads"] == 2 and out["first_loads"]["loads"] + out["later_loads"]["loads"] == out["loads"]
    assert out["p95_s"] > 0 and out["median_s"] > 0
    rss = out["rss_mb"]
    assert set(rss) == {"start", "after_warmup", "peak", "end", "after_close"}
    assert 0 < rss["start"] <= rss["peak"] and rss["end"] <= rss["peak"]
