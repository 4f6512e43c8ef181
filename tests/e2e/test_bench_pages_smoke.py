"""Smoke test of the first-chart benchmark (issue 11) at its smallest: one page, one round,
no baseline. Not a timed test: it checks that the script builds its sample database, starts
its own server, measures the first load after the start, a cold and a warm load in Debian's
chromium and prints its row, with
nothing fetched from outside the machine."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


@pytest.mark.timeout(400)
def test_bench_pages_measures_a_page(chromium_path):
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_pages.py"), "--rounds", "1", "--pages", "rapat-koordinasi",
         "--no-baseline"],
        capture_output=True, text=True, timeout=380, cwd=ROOT, env={**os.environ, "CHROMIUM_PATH": chromium_path},
    )
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    row = re.search(r"^rapat-koordinasi\s+current\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+([\d.]+)"
                    r"\s+(\d+)\s+(\w+)$", res.stdout, re.M)
    assert row, res.stdout[-3000:]
    start, cold, warm, cold_mb, requests, _warm_mb, external, first = row.groups()
    assert float(start) > 0 and float(cold) > 0 and float(warm) > 0 and float(cold_mb) > 0 and int(requests) > 0
    assert int(external) == 0  # everything served by the machine itself
    assert first == "chart"
