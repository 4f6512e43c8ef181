"""Starting a server for a test and waiting until it says it is ready (a line of its own
output, then one health check), without polling on a timer."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import urllib.request
from pathlib import Path

READY = re.compile(r"URL: http")  # Streamlit prints "  URL: http://..." once it listens


def start(argv: list[str], *, cwd: Path, env: dict, log: Path, health_url: str, timeout: float = 120,
          ready: re.Pattern = READY) -> subprocess.Popen:
    """Run ``argv``, copy its output to ``log``, and return once a line matches ``ready``
    and ``health_url`` answers 200. Raises RuntimeError (with the log's tail) otherwise."""
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    seen = threading.Event()

    def pump() -> None:
        with open(log, "w", encoding="utf-8") as f:
            for line in proc.stdout:
                f.write(line)
                f.flush()
                if ready.search(line):
                    seen.set()
        seen.set()  # the process ended: stop waiting

    threading.Thread(target=pump, daemon=True).start()
    if not seen.wait(timeout) or proc.poll() is not None:
        stop(proc)
        raise RuntimeError(f"server did not start: {log.read_text(encoding='utf-8')[-3000:]}")
    with urllib.request.urlopen(health_url, timeout=30) as r:
        if r.status != 200:
            stop(proc)
            raise RuntimeError(f"health check answered {r.status}")
    return proc


def stop(proc: subprocess.Popen) -> None:
    """End the server and whatever it started (it leads its own process group)."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
