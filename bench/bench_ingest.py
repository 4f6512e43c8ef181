#!/usr/bin/env python3
"""``dashboard ingest`` end to end: articles/s, where the time goes, memory as the input grows,
beside a baseline git ref measured in the same run.

Usage: .tools/bin/uv run --locked python bench/bench_ingest.py [--n 5000] [--seed 7]
           [--baseline-ref REF | --no-baseline] [--database-url postgresql://USER@HOST:PORT/DB]
           [--keep-inputs DIR]

Input: ``--n`` synthetic articles (the generator of ``bench_extract.py``: typical 2-5 KB
Indonesian articles) written as files in folders of 1,000: about 70 % plain-text files with a
header block (URL, title, date, publisher), 15 % saved web pages (``.html``), 15 % JSON
Lines files of 5 articles each. Each article has a URL of its own; its meeting day is spread
over four years (the generator's eight date phrases are replaced by a day of their own, the
publication a day or two later), so that, as in real news, a day has a few meetings, each
with a few reports, whatever ``--n``: 100,000 articles are about 70 a day in 10 places.

What runs: the command's own entry point, ``dashboard.cli.main(["ingest", "--quiet", FOLDER])``,
in a fresh process for each version of the code (the current tree's ``src/``, and the
baseline's ``src/`` and ``data/`` taken with ``git archive`` into a temporary directory, as
``bench_extract.py`` does: nothing in the repository or its worktrees is touched), on a
database of its own made just before (schema and reference data, not timed): a new SQLite
file, or with ``--database-url`` a new PostgreSQL database ``ingest_speed_<random>`` on that
server, dropped afterwards.

Printed per version:

* articles/s end to end: articles / (imports + the command's run), wall time, from the start
  of the worker before ``import dashboard.cli``;
* the split of the time (wall): imports (``dashboard.cli``, the pipeline, merging), the
  command's set-up (``init_database``: schema check, reference data), read (the readers'
  generator: open, decode, parse HTML/JSON), clean+extract (``extract_events``), merge
  (``merging.store.merge_events``), commit (``Session.commit``), store (the rest: duplicate
  checks, rows, flushes, audit, reports). Measured by wrapping those functions (a
  ``perf_counter`` pair per call);
* peak RSS (VmHWM) and current RSS when 25 %, 50 % and 100 % of the articles have been
  extracted, and at the end; growth = peak at 100 % minus peak at 25 % (memory that grows
  with the input shows there);
* what was stored (articles, events, canonical events) and whether pandas was imported.

The load average is printed before and after. On a shared machine wall time also counts
waiting for a core: compare the CPU column.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

T_START = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

JSONL_PER_FILE = 5
FIRST_DAY, DAYS = dt.date(2020, 1, 1), 4 * 365
WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
PER_FOLDER = 1000
PUBLISHERS = ["Media Daerah", "Kabar Nagari", "Warta Kota", "Suara Kabupaten", "Portal Berita Daerah"]


# ---------------------------------------------------------------- input files


def write_inputs(folder: Path, n: int, seed: int) -> dict[str, int]:
    """``n`` articles as files under ``folder``; returns the count of files per kind."""
    from bench_extract import DATES, synth

    rng = random.Random(seed)
    counts = {"txt": 0, "html": 0, "jsonl": 0}
    pending: list[dict] = []
    files = 0

    def path_for(ext: str) -> Path:
        nonlocal files
        d = folder / f"{files // PER_FOLDER:04d}"
        if files % PER_FOLDER == 0:
            d.mkdir(parents=True, exist_ok=True)
        p = d / f"berita-{files:06d}.{ext}"
        files += 1
        return p

    def flush_jsonl() -> None:
        if pending:
            path_for("jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in pending) + "\n",
                                         encoding="utf-8")
            counts["jsonl"] += 1
            pending.clear()

    for i in range(n):
        text, title = synth(rng)
        held = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        for phrase in DATES:
            if phrase in text:
                text = text.replace(phrase, f"{WEEKDAYS[held.weekday()]} ({held.day}/{held.month}/{held.year})")
                break
        body = text.split("\n", 1)[1] if "\n" in text else text
        url = f"https://berita{i % 37}.example/{held.year}/{i:07d}/{title.lower().replace(' ', '-')[:60]}"
        day = (held + dt.timedelta(days=rng.randint(0, 2))).isoformat()
        publisher = PUBLISHERS[i % len(PUBLISHERS)]
        kind = rng.random()
        if kind < 0.70:
            path_for("txt").write_text(f"URL: {url}\nJudul: {title}\nTanggal: {day}\nSumber: {publisher}\n\n{body}\n",
                                       encoding="utf-8")
            counts["txt"] += 1
        elif kind < 0.85:
            paras = "\n".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
            path_for("html").write_text(
                "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\">"
                f"<title>{title} - {publisher}</title><link rel=\"canonical\" href=\"{url}\">"
                f"<meta property=\"og:title\" content=\"{title}\"><meta property=\"og:site_name\" content=\"{publisher}\">"
                f"<meta property=\"article:published_time\" content=\"{day}T09:00:00+07:00\"></head><body>"
                f"<nav><a href=\"/\">Beranda</a> <a href=\"/daerah\">Daerah</a></nav>"
                f"<article><h1>{title}</h1>{paras}</article>"
                "<footer>Copyright © 2024 Media Daerah</footer></body></html>\n",
                encoding="utf-8",
            )
            counts["html"] += 1
        else:
            pending.append({"url": url, "title": title, "published": day, "publisher": publisher, "text": body})
            if len(pending) == JSONL_PER_FILE:
                flush_jsonl()
    flush_jsonl()
    return counts


# ---------------------------------------------------------------- worker (one version of the code)


def _status() -> dict[str, int]:
    out = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    k, v = line.split(":", 1)
                    out[k] = int(v.split()[0]) // 1024  # MiB
    except OSError:
        pass
    return out


def prepare(src: str, url: str) -> int:
    sys.path.insert(0, src)
    from dashboard.db.engine import get_engine, prepare_database

    prepare_database(get_engine(url))
    get_engine(url).dispose()
    return 0


def worker(src: str, url: str, folder: str, n: int, out_path: str) -> int:
    sys.path.insert(0, src)
    import dashboard.cli as cli
    import dashboard.ingest.pipeline as pipeline
    import dashboard.merging.store as merging
    from sqlalchemy.orm import Session

    t_imported = time.perf_counter()
    spent = {"setup": 0.0, "read": 0.0, "extract": 0.0, "merge": 0.0, "commit": 0.0}
    marks = {max(1, n // 4): "25%", max(1, n // 2): "50%", n: "100%"}
    memory: dict[str, dict] = {}
    extracted = 0

    def timed(key, fn):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[key] += time.perf_counter() - t0
        return wrapper

    def extract(*a, **kw):
        nonlocal extracted
        t0 = time.perf_counter()
        try:
            return real_extract(*a, **kw)
        finally:
            spent["extract"] += time.perf_counter() - t0
            extracted += 1
            if extracted in marks:
                memory[marks[extracted]] = _status()

    def read_input(*a, **kw):
        it = real_read(*a, **kw)
        while True:
            t0 = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                spent["read"] += time.perf_counter() - t0
                return
            spent["read"] += time.perf_counter() - t0
            yield item

    real_extract, real_read = pipeline.extract_events, pipeline.read_input
    # wherever the version calls it from (the pipeline, or the storing step since it
    # extracts per article there)
    for module in (pipeline, sys.modules.get("dashboard.ingest.storing")):
        if module is not None and getattr(module, "extract_events", None) is real_extract:
            module.extract_events = extract
    pipeline.read_input = read_input
    merging.merge_events = timed("merge", merging.merge_events)
    Session.commit = timed("commit", Session.commit)
    cli.init_database = timed("setup", cli.init_database)
    c0 = time.process_time()
    t0 = time.perf_counter()
    status = cli.main(["--database-url", url, "ingest", "--quiet", folder])
    t_end = time.perf_counter()
    cpu = time.process_time() - c0
    memory["end"] = _status()
    sys.stdout.flush()
    from sqlalchemy import func, select

    from dashboard.db import models as m
    from dashboard.db.engine import get_engine, session_scope

    with session_scope(get_engine(url)) as s:
        stored = {
            "articles": s.scalar(select(func.count()).select_from(m.Article)),
            "events": s.scalar(select(func.count()).select_from(m.Event)),
            "canonical": s.scalar(select(func.count()).select_from(m.Event).where(m.Event.merged_into.is_(None))),
        }
    get_engine(url).dispose()
    result = {
        "status": status, "imports": t_imported - T_START, "run": t_end - t0, "cpu": cpu, "spent": spent,
        "memory": memory, "stored": stored, "extracted": extracted, "pandas": "pandas" in sys.modules,
    }
    Path(out_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


# ---------------------------------------------------------------- driver


def loadavg() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


class Database:
    """A new database for one run: a SQLite file in ``tmp``, or a PostgreSQL database on
    the server of ``server_url`` (created here, dropped by ``drop``)."""

    def __init__(self, server_url: str | None, tmp: Path, label: str):
        self.server_url, self.name = server_url, None
        if not server_url:
            self.url = f"sqlite:///{tmp / f'ingest-{label}.db'}"
            return
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        self.name = f"ingest_speed_{uuid.uuid4().hex[:10]}"
        base = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1)
                        if server_url.startswith("postgresql://") else server_url)
        self._admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with self._admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = base.set(database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        if self.name:
            from sqlalchemy import text

            with self._admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self._admin.dispose()


def run_version(label: str, src: Path, folder: Path, n: int, server_url: str | None, tmp: Path) -> dict | None:
    db = Database(server_url, tmp, label.split()[0])
    try:
        me = str(Path(__file__).resolve())
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, me, "--prepare", str(src), db.url], check=True, cwd=str(src.parent), env=env)
        out = tmp / f"result-{label.split()[0]}.json"
        proc = subprocess.run([sys.executable, me, "--worker", str(src), db.url, str(folder), str(n), str(out)],
                              cwd=str(src.parent), env=env, capture_output=True, text=True)
        if proc.returncode != 0 or not out.exists():
            print(f"{label}: the run failed ({proc.returncode})\n{proc.stderr[-3000:]}")
            return None
        res = json.loads(out.read_text(encoding="utf-8"))
        res["printed"] = proc.stdout.strip().splitlines()[:1]
        return res
    finally:
        db.drop()


def report(label: str, r: dict, n: int) -> None:
    total = r["imports"] + r["run"]
    sp = r["spent"]
    store = r["run"] - sum(sp.values())
    print(f"\n{label}")
    print(f"  printed: {' | '.join(r['printed'])}   (exit status {r['status']})")
    print(f"  end to end: {n / total:7.1f} articles/s   ({total:.1f} s wall for {n} articles; "
          f"ingest alone {n / r['run']:.1f} articles/s)")
    print(f"  CPU of the command's run: {r['cpu']:.1f} s of {r['run']:.1f} s wall: {n / r['cpu']:.1f} articles per CPU "
          f"second (what one core would do with no other load)")
    parts = [("imports", r["imports"]), ("set-up", sp["setup"]), ("read", sp["read"]),
             ("clean+extract", sp["extract"]), ("merge", sp["merge"]), ("store", store), ("commit", sp["commit"])]
    print("  time: " + "  ".join(f"{k} {v:.1f}s ({100 * v / total:.0f}%)" for k, v in parts))
    mem = r["memory"]
    print("  memory (MiB, peak/current): " + "  ".join(
        f"{k} {mem[k].get('VmHWM', 0)}/{mem[k].get('VmRSS', 0)}" for k in ("25%", "50%", "100%", "end") if k in mem))
    if "25%" in mem and "100%" in mem:
        print(f"  peak growth 25% -> 100%: {mem['100%'].get('VmHWM', 0) - mem['25%'].get('VmHWM', 0)} MiB; "
              f"25% -> end: {mem['end'].get('VmHWM', 0) - mem['25%'].get('VmHWM', 0)} MiB")
    st = r["stored"]
    print(f"  stored: {st['articles']} articles, {st['events']} events, {st['canonical']} canonical events; "
          f"pandas imported: {'yes' if r['pandas'] else 'no'}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000, help="articles (default 5000; 100000 for the full figure)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--baseline-ref", default="main", help="git ref of the baseline code (default: main)")
    ap.add_argument("--no-baseline", action="store_true", help="measure the current code only")
    ap.add_argument("--database-url", help="a PostgreSQL server (an account that may create databases); "
                    "default: a new SQLite file")
    ap.add_argument("--keep-inputs", metavar="DIR", help="write the input files here and keep them (reused when "
                    "DIR already holds them)")
    ap.add_argument("--prepare", nargs=2, metavar=("SRC", "URL"), help=argparse.SUPPRESS)
    ap.add_argument("--worker", nargs=5, metavar=("SRC", "URL", "FOLDER", "N", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.prepare:
        return prepare(*args.prepare)
    if args.worker:
        src, url, folder, n, out = args.worker
        return worker(src, url, folder, int(n), out)

    print(f"load average at start: {loadavg()} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp_name:
        tmp = Path(tmp_name)
        folder = Path(args.keep_inputs) if args.keep_inputs else tmp / "masuk"
        marker = folder / ".bench-inputs.json"
        wanted = {"n": args.n, "seed": args.seed}
        if marker.exists() and json.loads(marker.read_text())["wanted"] == wanted:
            counts = json.loads(marker.read_text())["counts"]
            print(f"inputs: reusing {folder}")
        else:
            t0 = time.perf_counter()
            counts = write_inputs(folder, args.n, args.seed)
            marker.write_text(json.dumps({"wanted": wanted, "counts": counts}))
            print(f"inputs: written in {time.perf_counter() - t0:.1f} s")
        files = sum(counts.values())
        print(f"{args.n} articles in {files} files ({counts['txt']} .txt, {counts['html']} .html, "
              f"{counts['jsonl']} .jsonl of {JSONL_PER_FILE}), folders of {PER_FOLDER} files; database: "
              f"{'PostgreSQL' if args.database_url else 'SQLite'}")
        versions = [("current", ROOT / "src")]
        if not args.no_baseline:
            from bench_extract import baseline_tree

            src = baseline_tree(args.baseline_ref, tmp / "baseline")
            if src is not None:
                rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline_ref],
                                     capture_output=True, text=True).stdout.strip()
                label = "baseline " + (args.baseline_ref if rev.startswith(args.baseline_ref)
                                       else f"{args.baseline_ref} {rev}")
                versions.append((label, src))
        results = {}
        for label, src in versions:
            r = run_version(label, src, folder, args.n, args.database_url, tmp)
            if r is not None:
                results[label] = r
                report(label, r, args.n)
                print(f"  load average after it: {loadavg()}", flush=True)
        if len(results) == 2:
            (_, cur), (_, base) = results.items()
            e2e = [(r["imports"] + r["run"]) for r in (cur, base)]
            print(f"\nspeed-up over {versions[1][0]}: end to end (wall) {e2e[1] / e2e[0]:.2f}x, "
                  f"CPU of the run {base['cpu'] / cur['cpu']:.2f}x")
    print(f"load average at end: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
