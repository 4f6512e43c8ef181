"""The ``dashboard`` command.

    dashboard init [--sample]          create or migrate the database, load reference data
    dashboard ingest PATH...           store articles from files or folders (idempotent)
    dashboard extract IN.jsonl [-o F] [--explain] [--events F2]
                                       extraction only, no database (JSON Lines in and out; F2: merged events)
    dashboard reextract                run extraction again over stored articles
    dashboard merge                    group every stored event again (one real event, all its reports)
    dashboard serve [--port N]         set up the database if needed and start the web app
    dashboard users add NAME [--role R] | remove NAME | passwd NAME | list
                                       accounts (viewer, editor, admin); passwords are asked for,
                                       or read from standard input with --password-stdin
    dashboard import-events FILE...    import event lists (CSV/Excel), each all-or-nothing
    dashboard audit-export [-o F]      the audit log as CSV
    dashboard sources add URL [...] | list | remove NAME | test URL
                                       the sites the collector checks (feeds, sitemaps, listing pages)
    dashboard collect [--source NAME] [--since DATE] [--loop]
                                       fetch new articles from the sources that are due
"""

from __future__ import annotations

import argparse
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
    from dashboard.db.engine import prepare_database

    engine = _engine(url)
    writes = prepare_database(engine)
    if not quiet:
        print(f"database ready ({engine.url.render_as_string(hide_password=True)}); reference rows written: {writes}")
    if sample:
        inputs = [SAMPLE_DIR / name for name in SAMPLE_INPUTS if (SAMPLE_DIR / name).exists()]
        _ingest(inputs, engine, quiet=quiet, username="sample")


class _Progress:
    """A progress bar on standard error once more than one file is being ingested (tqdm:
    redrawn at most ten times a second, whatever the rate of files)."""

    def __init__(self):
        self.bar = None

    def __call__(self, done: int, total: int, source: str) -> None:
        if total < 2:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", desc="ingest", file=sys.stderr, dynamic_ncols=True,
                            mininterval=0.1)
        if self.bar.total != total:
            self.bar.total = total
        self.bar.set_postfix_str(Path(source).name[-40:], refresh=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _ingest(
    paths: Sequence[Path | str], engine, *, quiet: bool = False, username: str = "cli", progress: bool | None = None
) -> int:
    """Store what the paths hold; print the counts and why each rejected input was
    rejected. Exit status 1 when nothing valid was read (every input missing or rejected).
    ``progress``: a progress bar on standard error; by default when it is a terminal and
    not ``quiet`` (a log or a pipe gets no bar)."""
    from dashboard.ingest.pipeline import ingest_paths

    if progress is None:
        progress = not quiet and sys.stderr.isatty()
    bar = _Progress() if progress else None
    try:
        report = ingest_paths(paths, engine=engine, username=username, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    print(f"new: {report.new}  duplicate: {report.duplicate}  rejected: {report.rejected}  events: {report.events}")
    for item in report.rejections():
        print(f"  rejected {item.source}: {item.reason}")
    if getattr(report, "unlisted", 0):
        print(f"  ... and {report.unlisted} more rejections (the first {len(report.rejections())} are listed)")
    if report.new + report.duplicate == 0:
        print("error: nothing was read: every input is missing or was rejected (reasons above)", file=sys.stderr)
        return 1
    return 0


def serve(port: int, extra: Sequence[str]) -> int:
    from sqlalchemy import func, select

    from dashboard.db import models as m
    from dashboard.db.engine import session_scope

    from dashboard.clientaddr import parse_networks
    from dashboard.config import get_settings

    for bad in parse_networks(get_settings().trusted_proxies)[1]:
        print(f"warning: DASHBOARD_TRUSTED_PROXIES: {bad!r} is neither an address nor a network; ignored",
              file=sys.stderr)
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
    from dashboard.ingest.readers import read_file_bytes

    for path in args.files:
        p = Path(path)
        data = read_file_bytes(p)  # the readers' rules: no link, device or FIFO; the size limit
        if not isinstance(data, bytes):
            print(f"{path}: cannot read: {data.reason}", file=sys.stderr)
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


def _port(raw: str) -> int:
    from dashboard.intparse import parse_int

    n = parse_int(raw, min_value=1, max_value=65535, signed=False)
    if n is None:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {raw!r}")
    return n


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
    s.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="a progress bar on standard error (default: when it is a terminal and not --quiet)")

    s = sub.add_parser("extract", help="extract events from a JSON Lines file (no database)",
                       description="JSON Lines in (one object a line: text or isi/konten/body, optional id, "
                       "title, url, published, publisher), JSON Lines out ({id, events}).")
    s.add_argument("input", help="JSON Lines file, or - for standard input")
    s.add_argument("-o", "--output", help="output file (default: standard output)")
    s.add_argument("--explain", action="store_true", help="add each value's evidence span and confidence")
    s.add_argument("--events", help="also write the merged events (one per real event, with its sources) here")

    sub.add_parser("reextract", help="run extraction again over stored articles (reviewed events kept)")
    sub.add_parser("merge", help="group every stored event again (reports of one real event; hand decisions kept)")
    sub.add_parser("recount", help="recount the event rollup the pages read from the events themselves "
                   "(after the database was edited outside the app)")

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

    from dashboard.collect.cli import add_parsers as add_collect_parsers

    add_collect_parsers(sub)  # sources add|list|remove|test, collect

    s = sub.add_parser("serve", help="start the web dashboard")
    s.add_argument("--port", type=_port, default=8501)
    s.epilog = "Any other option goes to streamlit run, e.g. --server.address 0.0.0.0"
    return p


def _split_serve_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """For ``serve``: its own ``--port`` (and ``--help``) stay, every other argument after it
    is passed to ``streamlit run`` as given (``--server.address 0.0.0.0``)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):  # the global options before the command
        i += 2 if argv[i] == "--database-url" else 1
    if i >= len(argv) or argv[i] != "serve":
        return argv, []
    own, extra, rest = argv[: i + 1], [], argv[i + 1:]
    j = 0
    while j < len(rest):
        if rest[j] == "--port" and j + 1 < len(rest):
            own += rest[j : j + 2]
            j += 2
            continue
        (own if rest[j].startswith("--port=") or rest[j] in ("-h", "--help") else extra).append(rest[j])
        j += 1
    return own, extra


def main(argv: Sequence[str] | None = None) -> int:
    argv, streamlit_args = _split_serve_args(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    if args.command == "init":
        init_database(sample=args.sample)
        return 0
    if args.command == "ingest":
        init_database(quiet=True)
        return _ingest(args.paths, _engine(None), quiet=args.quiet, username=args.user, progress=args.progress)
    if args.command == "extract":
        from dashboard.cli_extract import run

        return run(args.input, args.output, explain=args.explain, events_path=args.events)
    if args.command == "reextract":
        from dashboard.ingest.pipeline import reextract

        init_database(quiet=True)
        print(f"events written: {reextract()}")
        return 0
    if args.command == "merge":
        from dashboard.merging.bulk import merge_all_command

        init_database(quiet=True)
        return merge_all_command(_engine(None))
    if args.command == "recount":
        from dashboard import rollup
        from dashboard.db.engine import session_scope

        init_database(quiet=True)
        with session_scope(_engine(None), write=True) as session:
            counted = rollup.rebuild(session.connection())
            rows = rollup.count_rows(session.connection())
        print(f"events counted: {counted}; rollup rows: {rows}")
        return 0
    if args.command == "users":
        init_database(quiet=True)
        return users_command(args)
    if args.command == "import-events":
        init_database(quiet=True)
        return import_events_command(args)
    if args.command == "audit-export":
        init_database(quiet=True)
        return audit_export_command(args)
    if args.command in ("sources", "collect"):
        from dashboard.collect.cli import run as run_collect

        init_database(quiet=True)
        return run_collect(_engine(None), args)
    if args.command == "serve":
        return serve(args.port, streamlit_args)
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
