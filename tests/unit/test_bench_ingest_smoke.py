"""Smoke test of the ingest benchmark at a small size (not a timed test): it writes its mixed
inputs (text, saved web pages, JSON Lines), runs ``dashboard ingest`` in a worker process on a
fresh SQLite database, and reports the rate, the split of the time and the memory."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_ingest_runs_end_to_end():
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_ingest.py"), "--n", "60", "--no-baseline"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    out = res.stdout
    assert "the run failed" not in out, out[-3000:]
    assert re.search(r"end to end:\s+[\d.]+ articles/s", out), out[-3000:]
    assert "(exit status 0)" in out
    stored = re.search(r"stored: (\d+) articles, (\d+) events, (\d+) canonical events", out)
    assert stored, out[-3000:]
    articles, events, canonical = map(int, stored.groups())
    assert articles == 60 and events >= canonical > 0
    assert "memory (MiB, peak/current):" in out and "load average at end" in out
