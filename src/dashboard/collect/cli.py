"""``dashboard sources ...`` and ``dashboard collect ...`` (wired into ``dashboard.cli``).

    dashboard sources add URL [--name NAME] [--region CODE] [--every HOURS] [--body TEXT]
                              [--kind auto|feed|sitemap|listing] [--pattern REGEX]
    dashboard sources list
    dashboard sources remove NAME
    dashboard sources test URL [--kind K] [--pattern REGEX] [--limit N]
    dashboard collect [--source NAME] [--since DATE] [--loop] [--max-articles N] [--workers N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import threading

from dashboard.db import models as m


def add_parsers(sub) -> None:
    s = sub.add_parser("sources", help="register the sites the collector checks")
    s.add_argument("--user", default="cli", help="name recorded in the audit log")
    ss = s.add_subparsers(dest="sources_command", required=True)
    a = ss.add_parser("add", help="register a feed, a sitemap or a listing page")
    a.add_argument("url")
    a.add_argument("--name", help="a short name (default: the address's host and path)")
    a.add_argument("--region", help="Kemendagri code of the region it covers, e.g. 13.02")
    a.add_argument("--every", type=float, default=6.0, metavar="HOURS", help="check interval (default 6 hours)")
    a.add_argument("--body", help="the body that runs the site, e.g. 'KPU Kabupaten Solok'")
    a.add_argument("--kind", choices=m.SOURCE_KINDS, default="auto", help="default: recognised from the content")
    a.add_argument("--pattern", help="listing pages: regular expression the article links match")
    ss.add_parser("list", help="the registered sources and their last check")
    r = ss.add_parser("remove", help="remove a source (its articles stay)")
    r.add_argument("name")
    t = ss.add_parser("test", help="show what would be collected from an address, storing nothing")
    t.add_argument("url", help="an address, or the name of a registered source")
    t.add_argument("--kind", choices=m.SOURCE_KINDS, default="auto")
    t.add_argument("--pattern")
    t.add_argument("--limit", type=int, default=5, help="article pages to fetch and read (default 5)")

    c = sub.add_parser("collect", help="check the sources that are due and store new articles")
    c.add_argument("--source", help="check this source now, due or not")
    c.add_argument("--since", help="only articles published on or after this day (YYYY-MM-DD)")
    c.add_argument("--loop", action="store_true", help="keep running: check sources whenever they are due")
    c.add_argument("--max-articles", type=int, default=100, help="article pages per source and check (default 100)")
    c.add_argument("--workers", type=int, default=8, help="article pages of one source fetched in parallel (default 8; at most the per-site cap)")
    c.add_argument("--user", default="collector", help="name recorded in the audit log")


def _when(d) -> str:
    return d.isoformat(sep=" ", timespec="minutes") if isinstance(d, dt.datetime) and d == d else "-"


def sources_command(engine, args) -> int:
    from dashboard.collect import store

    actor = f"cli:{args.user}" if args.user != "cli" else "cli"  # as `dashboard users --actor`
    try:
        if args.sources_command == "add":
            src = store.add_source(engine, store.SourceInput(
                args.url, name=args.name, kind=args.kind, link_pattern=args.pattern, body=args.body,
                region=args.region, every_hours=args.every), username=actor)
            print(f"source {src.name!r} added: {src.url} ({src.kind}, every {src.every_hours:g} h)")
        elif args.sources_command == "remove":
            store.remove_source(engine, args.name, username=actor)
            print(f"source {args.name!r} removed (its articles stay)")
        elif args.sources_command == "list":
            from dashboard.queries import sources as qs

            df = qs.source_table(engine)
            if df.empty:
                print("no sources yet: dashboard sources add URL")
            for row in df.itertuples():
                print(f"{row.name:30} {row.kind:8} every {row.every_hours:g} h  last check {_when(row.last_checked_at)}"
                      f"  {row.last_status if isinstance(row.last_status, str) else 'never'}  articles {row.articles}  skipped {row.skipped}"
                      f"  failed {row.failed}")
                print(f"    {row.url}")
                if isinstance(row.last_error, str) and row.last_error:
                    print(f"    error: {row.last_error[:300]}")
        elif args.sources_command == "test":
            return _test(engine, args)
    except store.SourceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


def _test(engine, args) -> int:
    from dashboard.collect import store
    from dashboard.collect.preview import preview

    url, kind, pattern = args.url, args.kind, args.pattern
    src = store.get_source(engine, url)
    if src is not None:
        url, kind, pattern = src.url, src.kind if kind == "auto" else kind, pattern or src.link_pattern
    rep = preview(engine, url, kind=kind, pattern=pattern, limit=max(1, args.limit))
    out = rep.outcome
    if out.status == "error":
        print(f"error: {out.error}", file=sys.stderr)
        return 1
    read = sum(p.status != "known" for p in rep.pages)
    print(f"{out.found} new article addresses found; {read} read (nothing was stored)")
    for w in rep.warnings:
        print(f"  warning: {w}")
    for p in rep.pages:
        verdict = {"new": "would be stored", "skipped": "skipped", "duplicate": "already stored",
                   "known": "collected before"}.get(p.status, p.status)
        print(f"  [{verdict}] {p.title or '-'}")
        print(f"      {p.url}")
        if p.reason:
            print(f"      {p.reason}")
        for ev in p.event_rows:
            date = ev["date"].isoformat() if ev["date"] else "?"
            print(f"      event: {date} {ev['activity']} at {ev['location'] or '?'}; {', '.join(ev['agencies'])}")
    return 0


def _print_report(rep) -> None:
    for s in rep.sources:
        o = s.outcome
        if s.busy:
            print(f"{s.name}: skipped, another collector is checking it or has just checked it")
            continue
        print(f"{s.name}: {o.status}  found {o.found}  new {o.new}  duplicate {o.duplicate}  skipped {o.skipped}"
              f"  failed {o.failed + o.rejected}  blocked {o.blocked}")
        if o.error:
            print(f"    {'error' if o.status == 'error' else 'problems'}: {o.error[:500]}")
    st = rep.stats
    if st:
        print(f"requests {st['requests']} (conditional {st['conditional']}, not modified {st['not_modified']}, "
              f"retries {st['retries']}, robots.txt {st['robots_requests']})")


def collect_command(engine, args) -> int:
    from dashboard.collect import collector, store

    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            print(f"error: --since must be a date like 2020-09-01, not {args.since!r}", file=sys.stderr)
            return 2
    opts = collector.Options(since=since, max_articles=max(1, args.max_articles), workers=max(1, args.workers),
                             username=args.user)
    if not args.loop:
        try:
            rep = collector.collect(engine, source=args.source, options=opts)
        except store.SourceError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 1
        if not rep.sources:
            print("no source is due (dashboard sources list)")
        _print_report(rep)
        return 1 if rep.failed_sources and len(rep.failed_sources) == len(rep.sources) else 0
    return _loop(engine, args, opts)


def _loop(engine, args, opts) -> int:
    """Check due sources, sleep until the next one is due (at most 15 minutes, so sources
    added meanwhile are seen), until SIGTERM / SIGINT."""
    from dashboard.collect import collector, store

    stop = threading.Event()
    current: list[collector.Collector] = []

    def on_signal(signum, _frame) -> None:
        print(f"signal {signum}: finishing the pages under way, then stopping", file=sys.stderr)
        stop.set()
        for c in current:
            c.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    while not stop.is_set():
        sources = [store.get_source(engine, args.source)] if args.source else store.due_sources(engine)
        sources = [s for s in sources if s is not None]
        if sources:
            c = collector.Collector(engine, None, opts)
            current[:] = [c]
            try:
                rep = c.run(sources)
            finally:
                c.close()
                current.clear()
            print(f"--- {_when(m.utcnow())} UTC")
            _print_report(rep)
            sys.stdout.flush()
        nxt = store.next_due(engine)
        wait = 900.0 if nxt is None else (nxt - m.utcnow()).total_seconds()
        if args.source:
            src = store.get_source(engine, args.source)
            wait = src.every_hours * 3600 if src else 900.0
        stop.wait(min(900.0, max(30.0, wait)))
    return 0


def run(engine, args: argparse.Namespace) -> int:
    if args.command == "sources":
        return sources_command(engine, args)
    return collect_command(engine, args)
