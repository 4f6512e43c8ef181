"""The ``dashboard`` command.

    dashboard init [--sample]          create or migrate the database, load reference data
    dashboard ingest PATH...           store articles from files or folders (idempotent)
    dashboard extract IN.jsonl [-o F]  extraction only, no database (JSON Lines in and out)
    dashboard reextract                run extraction again over stored articles
    dashboard serve [--port N]         set up the database if needed and start the web app
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.config import APP_PATH, PROJECT_DIR, SAMPLE_DIR

SAMPLE_INPUTS = ("seed-solok-rakor-polpum-2020.txt", "articles.jsonl", "txt", "html")


def _engine(url: str | None):
    from dashboard.db.engine import get_engine

    return get_engine(url) if url else get_engine()


def init_database(url: str | None = None, sample: bool = False, quiet: bool = False) -> None:
    from dashboard.db.engine import session_scope, upgrade_database
    from dashboard.reference import sync_reference

    engine = _engine(url)
    upgrade_database(engine)
    with session_scope(engine) as session:
        writes = sync_reference(session)
    if not quiet:
        print(f"database ready ({engine.url.render_as_string(hide_password=True)}); reference rows written: {writes}")
    if sample:
        inputs = [SAMPLE_DIR / name for name in SAMPLE_INPUTS if (SAMPLE_DIR / name).exists()]
        _ingest(inputs, engine, quiet=quiet, username="sample")


def _progress_bar(enabled: bool):
    if not enabled:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="file", desc="ingest", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, total: int, source: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(Path(source).name[-40:], refresh=False)
        bar.refresh()

    return bar, progress


def _ingest(paths: Sequence[Path | str], engine, *, quiet: bool = False, username: str = "cli") -> int:
    from dashboard.ingest.pipeline import expand_paths, ingest_paths

    n_files = len(expand_paths(paths))
    bar, progress = _progress_bar(not quiet and n_files > 1)
    try:
        report = ingest_paths(paths, engine=engine, username=username, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    print(f"new: {report.new}  duplicate: {report.duplicate}  rejected: {report.rejected}  events: {report.events}")
    for item in report.rejections():
        print(f"  rejected {item.source}: {item.reason}")
    return 0


def _parse_date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def extract_file(inp, out) -> int:
    """JSON Lines in: {id, text, title?, url?, published?, publisher?}; out: {id, events}."""
    from dashboard.extract import extract_events

    errors = 0
    for n, line in enumerate(inp, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise ValueError("each line must be an object with a string 'text'")
        except (json.JSONDecodeError, ValueError) as exc:
            print(f"line {n}: skipped: {exc}", file=sys.stderr)
            errors += 1
            continue
        events = extract_events(
            rec["text"],
            title=rec.get("title"),
            published=_parse_date(rec.get("published")),
            url=rec.get("url"),
            publisher=rec.get("publisher"),
        )
        out.write(json.dumps({"id": rec.get("id", n), "events": [e.to_score_dict() for e in events]}, ensure_ascii=False))
        out.write("\n")
    return 1 if errors else 0


def serve(port: int, extra: Sequence[str]) -> int:
    from sqlalchemy import func, select

    from dashboard.db import models as m
    from dashboard.db.engine import session_scope

    engine = _engine(None)
    init_database(quiet=True)
    with session_scope(engine) as session:
        empty = session.scalar(select(func.count()).select_from(m.Article)) == 0
    if empty:
        print("empty database: loading the bundled sample articles")
        init_database(sample=True, quiet=False)
    os.chdir(PROJECT_DIR)
    args = [sys.executable, "-m", "dashboard.ui.run", str(APP_PATH), "--server.port", str(port), *extra]
    print(f"dashboard: http://localhost:{port}")
    os.execv(sys.executable, args)
    return 0  # pragma: no cover


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dashboard", description="Election-preparedness dashboard")
    p.add_argument("--database-url", help="overrides DATABASE_URL")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("init", help="create or migrate the database and load reference data")
    s.add_argument("--sample", action="store_true", help="also load the bundled sample articles")

    s = sub.add_parser("ingest", help="store articles from files or folders")
    s.add_argument("paths", nargs="+")
    s.add_argument("--user", default="cli", help="name recorded in the audit log")
    s.add_argument("--quiet", action="store_true")

    s = sub.add_parser("extract", help="extract events from a JSON Lines file (no database)")
    s.add_argument("input")
    s.add_argument("-o", "--output", help="output file (default: standard output)")

    sub.add_parser("reextract", help="run extraction again over stored articles (reviewed events kept)")

    s = sub.add_parser("serve", help="start the web dashboard")
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("streamlit_args", nargs=argparse.REMAINDER)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    if args.command == "init":
        init_database(sample=args.sample)
        return 0
    if args.command == "ingest":
        init_database(quiet=True)
        return _ingest(args.paths, _engine(None), quiet=args.quiet, username=args.user)
    if args.command == "extract":
        src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
        dst = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
        try:
            return extract_file(src, dst)
        finally:
            if src is not sys.stdin:
                src.close()
            if dst is not sys.stdout:
                dst.close()
    if args.command == "reextract":
        from dashboard.ingest.pipeline import reextract

        init_database(quiet=True)
        print(f"events written: {reextract()}")
        return 0
    if args.command == "serve":
        return serve(args.port, args.streamlit_args)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
