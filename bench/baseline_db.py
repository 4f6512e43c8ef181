#!/usr/bin/env python3
"""A copy of a benchmark database as a baseline git ref's code expects it, for
``bench_queries.py --baseline-database-url``: when the schema changed since the ref (a
rollup with a new key), the ref's pages must read a database at the ref's revision, with
its rollups counted by the ref's own code, or their figures mean nothing.

    .tools/bin/uv run --locked python bench/baseline_db.py --ref 65fcbce \\
        --from sqlite:///bench.db --to sqlite:///bench-base.db
    .tools/bin/uv run --locked python bench/baseline_db.py --ref 65fcbce \\
        --from postgresql://u@host/bench --to postgresql://u@host/bench_base

SQLite: the file is copied. PostgreSQL: the database is copied with ``CREATE DATABASE ...
TEMPLATE`` (no session may be connected to the source). Then the copy is downgraded to the
newest revision the ref knows (with the current code's migrations) and ``dashboard
recount`` of the ref rebuilds its rollups (in a process whose ``dashboard`` package is
the ref's, from ``git archive``)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def copy_database(src: str, dst: str) -> None:
    from sqlalchemy.engine import make_url

    s, d = make_url(src), make_url(dst)
    if s.get_backend_name() == "sqlite":
        shutil.copyfile(s.database, d.database)
        return
    from sqlalchemy import create_engine

    admin = create_engine(s.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{d.database}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{d.database}" TEMPLATE "{s.database}"')
    admin.dispose()


def ref_head(root: Path) -> str:
    """The newest migration revision in the ref's tree."""
    versions = root / "src" / "dashboard" / "db" / "migrations" / "versions"
    return max(p.name.split("_", 1)[0] for p in versions.glob("[0-9]*_*.py"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", required=True)
    ap.add_argument("--from", dest="src", required=True, help="the benchmark database (current schema)")
    ap.add_argument("--to", dest="dst", required=True, help="the copy to make (replaced)")
    args = ap.parse_args(argv)
    from bench_pages import tree_of
    from dashboard.db.engine import alembic_config, get_engine

    tmp = Path(tempfile.mkdtemp(prefix="baseline-db-"))
    try:
        root = tree_of(args.ref, tmp)
        if root is None:
            print(f"cannot read {args.ref}")
            return 1
        revision = ref_head(root)
        t0 = time.perf_counter()
        copy_database(args.src, args.dst)
        print(f"copied in {time.perf_counter() - t0:.1f} s")
        from alembic import command

        engine = get_engine(args.dst)
        cfg = alembic_config(engine)
        t0 = time.perf_counter()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
        engine.dispose()
        print(f"downgraded to {revision} in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        env = dict(os.environ, PYTHONPATH=str(root / "src"), DATABASE_URL=args.dst)
        res = subprocess.run([sys.executable, "-m", "dashboard.cli", "recount"], env=env, cwd=root,
                             capture_output=True, text=True)
        print(res.stdout.strip() or res.stderr.strip()[-500:])
        print(f"recounted by {args.ref} in {time.perf_counter() - t0:.1f} s")
        return res.returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
