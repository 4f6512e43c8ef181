"""Every command the README shows runs as written after its set-up command, in a fresh copy
of the repository (issue 12, defect 7: its ``dashboard ...`` and ``uv run`` commands failed
in a fresh clone, as ``dashboard`` and ``uv`` are not on the PATH).

The commands are read from the README itself: each line of a ```sh block and each inline
code span that starts a command. Every one must be listed in ``CHECKS`` with how it is
checked, so a command added to the README without a check fails here, and so does a
command that no longer runs. The cheap ones run for real, in order, in a copy of the
tracked files (with this checkout's ``.tools``, which the set-up command made); the server
is started and asked for its health; the whole test suite and the benchmark are asked for
their ``--help`` only.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests import serverproc

ROOT = Path(__file__).resolve().parents[2]
SETUP = "python3 -m venv .tools && .tools/bin/pip install -q uv==0.13.9"
UV = ".tools/bin/uv run --locked"
PASSWORD = "sandi-admin-panjang-1"

# command -> (how, expected exit status, standard input). how: run | help | serve | needs-shared
CHECKS: dict[str, tuple[str, int, str | None]] = {
    f"{UV} dashboard serve": ("serve", 0, None),
    f"{UV} --group test pytest": ("help", 0, None),
    f"{UV} dashboard --help": ("run", 0, None),
    f"{UV} dashboard init --sample": ("run", 0, None),
    f"{UV} dashboard ingest data/sample/txt": ("run", 0, None),
    f"{UV} dashboard extract data/sample/articles.jsonl -o extracted.jsonl": ("run", 0, None),
    f"{UV} dashboard extract data/sample/articles.jsonl --explain -o explained.jsonl": ("run", 0, None),
    f"{UV} dashboard extract data/sample/articles.jsonl -o extracted.jsonl --events events.jsonl": ("run", 0, None),
    f"{UV} dashboard reextract": ("run", 0, None),
    f"{UV} dashboard merge": ("run", 0, None),
    f"{UV} dashboard recount": ("run", 0, None),
    f"{UV} dashboard import-events data/templates/event_table_example.csv": ("run", 0, None),
    f"{UV} dashboard audit-export -o audit.csv": ("run", 0, None),
    f"{UV} dashboard users add kaban --role admin": ("run", 0, f"{PASSWORD}\n{PASSWORD}\n"),
    f"{UV} dashboard users list": ("run", 0, None),
    f"{UV} dashboard serve --port 8502": ("serve", 0, None),
    f"{UV} dashboard sources list": ("run", 0, None),
    f"{UV} dashboard collect": ("run", 0, None),  # no source registered yet: nothing is due, nothing fetched
    f"{UV} streamlit run app.py": ("help", 0, None),
    f"{UV} python bench/score_samples.py --quiet": ("run", 0, None),
    f"{UV} python bench/score_dev.py --quiet": ("needs-shared", 2, None),
    f"{UV} python bench/score_dev.py tests/data/holdout2/articles.jsonl --quiet": ("run", 0, None),
    f"{UV} python bench/calibration.py": ("run", 0, None),
    f"{UV} python bench/bench_extract.py": ("help", 0, None),
    f"{UV} python bench/bench_merge.py": ("help", 0, None),
    f"{UV} python bench/bench_ingest.py": ("help", 0, None),
    f"{UV} --group test python bench/bench_pages.py": ("help", 0, None),
    f"{UV} python bench/bench_queries.py --articles 100000 --json": ("help", 0, None),  # run small in test_bench_queries_smoke
    f"{UV} python bench/baseline_db.py --ref REF --from sqlite:///bench.db --to sqlite:///bench-base.db": ("help", 0, None),
    f"{UV} python bench/bench_queries.py --database-url sqlite:///bench.db --baseline-ref REF "
    "--baseline-database-url sqlite:///bench-base.db": ("help", 0, None),  # both run small in test_bench_queries_smoke
    f"{UV} python bench/bench_search.py --articles 2000": ("run", 0, None),
    f"{UV} --group test python bench/bench_sessions.py --sessions 10 --seconds 60": ("help", 0, None),  # run small in
    # tests/e2e/test_bench_sessions_smoke.py (it needs chromium)
}


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                commands.append(line)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    commands += [c for c in re.findall(r"`([^`\n]+)`", prose) if c.startswith((UV + " ", "python3 "))]
    return commands


def split_setup(command: str) -> str:
    """The part after the set-up command (the README's first commands chain it in front)."""
    if command.startswith(SETUP + " && "):
        return command[len(SETUP) + 4:]
    return command


def test_every_readme_command_is_checked_and_none_needs_the_path():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = [ln.strip() for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S) for ln in block.splitlines()]
    code += re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    bare = [c for c in code if re.match(r"(dashboard|uv|streamlit|pytest|python)\s", c)]
    assert bare == [], f"commands that are not on the PATH in a fresh clone: {bare}"
    commands = readme_commands()
    assert len(commands) >= 15
    unknown = [c for c in map(split_setup, commands) if c not in CHECKS]
    assert unknown == [], f"README commands without a check in CHECKS: {unknown}"
    stale = [c for c in CHECKS if c not in map(split_setup, commands)]
    assert stale == [], f"checks for commands the README no longer shows: {stale}"


def test_the_setup_command_made_what_the_commands_use():
    """The README's set-up command (the test suite runs after it, in .ci/run too)."""
    uv = ROOT / ".tools" / "bin" / "uv"
    assert uv.exists(), "run the README's set-up command first"
    out = subprocess.run([str(uv), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.split()[1] == SETUP.split("uv==")[1]


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory) -> Path:
    """The tracked files of this checkout in a new folder, with this checkout's .tools."""
    dest = tmp_path_factory.mktemp("fresh") / "repo"
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / ".tools").symlink_to(ROOT / ".tools", target_is_directory=True)
    return dest


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "DATABASE_URL", "PYTHONPATH")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _run(cwd: Path, command: str, stdin: str | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(shlex.split(command), cwd=cwd, env=_env(), input=stdin if stdin is not None else "",
                          capture_output=True, text=True, timeout=timeout, start_new_session=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(cwd: Path, command: str) -> None:
    """Start the server as written (on a free port: 8501/8502 may be taken), wait until it
    says it listens and answers its health check; then stop it."""
    port = _free_port()
    argv = shlex.split(re.sub(r"--port \d+", "", command)) + ["--port", str(port), "--server.headless", "true",
                                                            "--server.address", "127.0.0.1"]
    proc = serverproc.start(argv, cwd=cwd, env=_env(), log=cwd / f"serve-{port}.log",
                            health_url=f"http://127.0.0.1:{port}/_stcore/health", timeout=300)
    serverproc.stop(proc)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_readme_commands_run_as_written_in_a_fresh_copy(fresh_copy):
    failures = []
    for command in map(split_setup, readme_commands()):
        how, code, stdin = CHECKS[command]
        if how == "serve":
            _serve(fresh_copy, command)
            continue
        res = _run(fresh_copy, command + (" --help" if how == "help" else ""), stdin)
        out = res.stdout + res.stderr
        if res.returncode != code or "Traceback (most recent call last)" in out:
            failures.append(f"{command}: exit {res.returncode}\n{out[-1500:]}")
        if how == "needs-shared" and "needs ../shared" not in out:
            failures.append(f"{command}: does not say it needs ../shared\n{out[-800:]}")
    assert not failures, "\n\n".join(failures)
    assert (fresh_copy / "extracted.jsonl").stat().st_size > 0 and (fresh_copy / "audit.csv").stat().st_size > 0
    assert (fresh_copy / "events.jsonl").stat().st_size > 0
