"""The ``dashboard`` command.

    dashboard init [--sample]          create or migrate the database, load reference data
    dashboard ingest PATH...           store articles from files or folders (idempotent)
    dashboard extract IN.jsonl [-o F] [--events F2]
                                       extraction only, no database (JSON Lines in and out; F2: merged events)
    dashboard reextract                run extraction again over stored articles
    dashboard merge                    group every stored event again (one real event, all its reports)
    dashboard serve [--port N]         set up the database if needed and start the web app
    dashboard users add NAME [--role R] | remove NAME | passwd NAME | list
                                       accounts (viewer, editor, admin); passwords are asked for,
                                       or read from standard input with --password-stdin
    dashboard import-events FILE...    import event lists (CSV/Excel), each all-or-nothing
    dashboard audit-export [-o F]      the audit log as CSV
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


def extract_file(inp, out, events_out=None) -> int:
    """JSON Lines in: {id, text, title?, url?, published?, publisher?}; out: {id, events}.
    ``events_out``: also the merged events, one per real event, with ``sources`` (record ids)."""
    from dashboard.extract import extract_events
    from dashboard.merging.jsonl import EventsWriter

    merged = EventsWriter() if events_out is not None else None

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
        if merged is not None:
            merged.add(rec.get("id", n), events, title=rec.get("title"), text=rec["text"],
                       published=_parse_date(rec.get("published")))
    if merged is not None:
        merged.write(events_out)
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


def _read_password(args, confirm: bool = True) -> str:
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if confirm and getpass.getpass("again: ") != first:
        raise SystemExit("the two passwords differ")
    return first


def users_command(args) -> int:
    from dashboard import auth

    engine = _engine(None)
    actor = f"cli:{args.actor}" if args.actor else "cli"
    try:
        if args.users_command == "list":
            for u in auth.list_users(engine):
                last = u.last_login_at.isoformat(sep=" ", timespec="minutes") if u.last_login_at else "-"
                print(f"{u.username:24} {u.role:7} {'active' if u.active else 'blocked':8} last login {last}")
            return 0
        if args.users_command == "add":
            auth.create_user(engine, args.name, _read_password(args), args.role, actor=actor)
            print(f"user {auth.normalise_username(args.name)} added ({args.role})")
        elif args.users_command == "remove":
            auth.remove_user(engine, args.name, actor=actor)
            print(f"user {auth.normalise_username(args.name)} removed")
        elif args.users_command == "passwd":
            if auth.get_user(engine, args.name) is None:
                raise auth.AuthError("no_such_user", f"there is no user '{auth.normalise_username(args.name)}'")
            auth.set_password(engine, args.name, _read_password(args), actor=actor)
            print(f"password of {auth.normalise_username(args.name)} changed; their sessions were ended")
        elif args.users_command == "role":
            auth.update_user(engine, args.name, role=args.role, actor=actor)
            print(f"user {auth.normalise_username(args.name)} is now {args.role}")
    except auth.AuthError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


def import_events_command(args) -> int:
    from dashboard import manage

    engine = _engine(None)
    status = 0
    for path in args.files:
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
            status = 1
            continue
        rep = manage.import_event_file(engine, p.name, data, username=args.user)
        if rep.written:
            print(f"{path}: imported {rep.count('new')} new events, {rep.count('duplicate')} duplicates skipped")
        else:
            status = 1
            print(f"{path}: nothing imported", file=sys.stderr)
            for r in rep.errors:
                where = f"row {r.row}" + (f", column {r.column}" if r.column else "")
                print(f"  {where}: {r.message}", file=sys.stderr)
    return status


def audit_export_command(args) -> int:
    from dashboard import audit, exports

    df = audit.read(_engine(None), audit.AuditQuery(), limit=10_000_000)
    data = exports.to_csv_bytes(audit.export_frame(df))
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"{len(df)} audit entries written to {args.output}")
    else:
        sys.stdout.buffer.write(data)
    return 0


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
    s.add_argument("--events", help="also write the merged events (one per real event, with its sources) here")

    sub.add_parser("reextract", help="run extraction again over stored articles (reviewed events kept)")
    sub.add_parser("merge", help="group every stored event again (reports of one real event; hand decisions kept)")

    s = sub.add_parser("users", help="manage accounts (viewer, editor, admin)")
    s.add_argument("--actor", help="who is doing this (recorded in the audit log as cli:<actor>)")
    us = s.add_subparsers(dest="users_command", required=True)
    u = us.add_parser("add", help="add a user")
    u.add_argument("name")
    u.add_argument("--role", choices=("viewer", "editor", "admin"), default="viewer")
    u.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    u = us.add_parser("remove", help="remove a user (their sessions end)")
    u.add_argument("name")
    u = us.add_parser("passwd", help="set a new password (the user's sessions end)")
    u.add_argument("name")
    u.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    u = us.add_parser("role", help="change a user's role")
    u.add_argument("name")
    u.add_argument("role", choices=("viewer", "editor", "admin"))
    us.add_parser("list", help="list users")

    s = sub.add_parser("import-events", help="import event lists (CSV/Excel), each file all-or-nothing")
    s.add_argument("files", nargs="+")
    s.add_argument("--user", default="cli", help="name recorded in the audit log")

    s = sub.add_parser("audit-export", help="write the audit log as CSV")
    s.add_argument("-o", "--output", help="output file (default: standard output)")

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
        evs = open(args.events, "w", encoding="utf-8") if args.events else None
        try:
            return extract_file(src, dst, evs)
        finally:
            if src is not sys.stdin:
                src.close()
            if dst is not sys.stdout:
                dst.close()
            if evs is not None:
                evs.close()
    if args.command == "reextract":
        from dashboard.ingest.pipeline import reextract

        init_database(quiet=True)
        print(f"events written: {reextract()}")
        return 0
    if args.command == "merge":
        from dashboard.merging.store import merge_all_command

        init_database(quiet=True)
        return merge_all_command(_engine(None))
    if args.command == "users":
        init_database(quiet=True)
        return users_command(args)
    if args.command == "import-events":
        init_database(quiet=True)
        return import_events_command(args)
    if args.command == "audit-export":
        init_database(quiet=True)
        return audit_export_command(args)
    if args.command == "serve":
        return serve(args.port, args.streamlit_args)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
