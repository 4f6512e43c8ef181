"""Text-search benchmark: the Berita page's search (capped count + first page of 25 +
snippets) on a synthetic database of Indonesian articles, against main's search path
(uncapped count + the page, no snippets) in the same run.

    uv run python bench/bench_search.py                            # 100,000 articles, SQLite temp file
    uv run python bench/bench_search.py --articles 1000000 --db /tmp/search-1m.db   # built once, then reused
    uv run python bench/bench_search.py --database-url postgresql://...             # PostgreSQL

The articles come from ``dashboard.synth`` with varied bodies (``varied=True``: sentences
drawn from a pool, so "pemilu" is in most articles and a few place names in one article
of several thousand), bulk-inserted with the full-text index kept by the production
triggers (SQLite) or the generated column (PostgreSQL). Times are per search as the page
runs it; p50/p95 over the repeats, and over all searches. A baseline search that runs
longer than --baseline-timeout is stopped and shown as "> N s". The load average is
printed: the machine may be shared, so compare the two columns of one run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import Date, cast, func, select, text  # noqa: E402

from dashboard import queries as q  # noqa: E402
from dashboard import synth  # noqa: E402
from dashboard.db.engine import get_engine, session_scope, upgrade_database  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from dashboard.queries import article_list, core  # noqa: E402
from dashboard.reference import sync_reference  # noqa: E402

PAGE = 25
SEARCHES = [
    ("common word", Filters(q="pemilu")),
    ("rare place name", Filters(q="Mandeh")),
    ("two words", Filters(q="rapat Solok")),
    ("prefix", Filters(q="koordinas")),
    ("word + province", Filters(q="pemilu", province="13")),
    ("word + agency", Filters(q="pengawasan", agencies=("Bawaslu",))),
    ("word, no election", Filters(q="netralitas", election="")),
    ("no match", Filters(q="zzyzx")),
    ("hostile string", Filters(q='"pemilu" OR NEAR(kpu, 2) -bawaslu* \'; DROP TABLE article; --')),
]


# ---------------------------------------------------------------- the current path


def current(engine, f: Filters) -> tuple[int, list[int]]:
    """What the Berita page runs for a search: capped count, first page, its snippets."""
    n = q.count_articles(engine, f, q.SEARCH_COUNT_CAP)
    ids = [int(i) for i in q.articles(engine, f, PAGE, 0)["id"]]
    q.search_snippets(engine, f.q, ids)
    return n, ids


# ---------------------------------------------------------------- main's path (baseline)


def _baseline_filter(engine, f: Filters, stmt):
    ids = core.search_article_ids(engine, f.q)
    if ids is not None:
        stmt = stmt.where(core.A.c.id.in_(ids))
    if article_list._event_filter_active(f):
        cond = core.event_filter_conditions(engine, f.with_(q=""), canonical=False)
        stmt = stmt.where(core.A.c.id.in_(select(core.E.c.article_id).where(*cond)))
    return stmt


def baseline(engine, conn, f: Filters) -> tuple[int, list[int]]:
    """main's count_articles (exact) and articles (every match sorted), on ``conn``."""
    A = core.A
    n = conn.scalar(_baseline_filter(engine, f, select(func.count()).select_from(A))) or 0
    stmt = _baseline_filter(engine, f, select(*article_list._article_columns()))
    stmt = stmt.order_by(func.coalesce(A.c.published, cast(A.c.ingested_at, Date)).desc(), A.c.id.desc())
    ids = [int(r[0]) for r in conn.execute(stmt.limit(PAGE))]
    return n, ids


@contextlib.contextmanager
def deadline(engine, seconds: float):
    """A connection whose statements stop after ``seconds`` (SQLite: a progress handler;
    PostgreSQL: statement_timeout)."""
    with engine.connect() as conn:
        if core.is_sqlite(engine):
            raw = conn.connection.driver_connection
            stop = time.perf_counter() + seconds
            raw.set_progress_handler(lambda: int(time.perf_counter() > stop), 10_000)
            try:
                yield conn
            finally:
                raw.set_progress_handler(None, 0)
        else:
            conn.execute(text(f"SET statement_timeout = {int(seconds * 1000)}"))
            try:
                yield conn
            finally:
                conn.rollback()
                conn.execute(text("RESET statement_timeout"))


# ---------------------------------------------------------------- running


def timed(fn, repeats: int) -> tuple[list[float], object]:
    runs, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t0)
    return runs, out


def pct(runs: list[float], p: float) -> float:
    s = sorted(runs)
    return s[min(len(s) - 1, max(0, round(p * (len(s) - 1))))]


def build(engine, n: int) -> None:
    with engine.connect() as c:
        have = c.scalar(text("SELECT count(*) FROM article"))
    if have >= n:
        print(f"reusing {have:,} articles")
        return
    t0 = time.perf_counter()
    synth.generate(engine, n - have, seed=have + 1, text_bytes=1200, varied=True, batch=5000)
    took = time.perf_counter() - t0
    if not core.is_sqlite(engine):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("ANALYZE"))
    print(f"built {n - have:,} articles in {took:.0f} s ({(n - have) / took:,.0f} articles/s, full-text index included)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", default=None, help="SQLite file to build or reuse (default: a temp file, deleted)")
    ap.add_argument("--database-url", default=None, help="PostgreSQL (or any) database to build or reuse")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--baseline-repeats", type=int, default=3)
    ap.add_argument("--baseline-timeout", type=float, default=20.0)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args(argv)

    tmp = None
    url = args.database_url
    if not url:
        path = args.db
        if not path:
            tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
            path = os.path.join(tmp.name, "search.db")
        url = f"sqlite:///{os.path.abspath(path)}"
    engine = get_engine(url)
    upgrade_database(engine)
    with session_scope(engine) as s:
        sync_reference(s)
    build(engine, args.articles)
    with engine.connect() as c:
        n_art = c.scalar(text("SELECT count(*) FROM article"))
    print(f"database: {engine.dialect.name}, {n_art:,} articles; load average {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} ({os.cpu_count()} cores)")
    print(f"per search: count (capped at {q.SEARCH_COUNT_CAP:,}) + first page of {PAGE} + snippets; "
          f"baseline: main's exact count + first page, no snippets")
    print()
    head = (f"{'search':<20}{'matches':>9}{'p50 ms':>9}{'p95 ms':>9}"
            + ("" if args.no_baseline else f"{'baseline p50':>14}{'p95 ms':>9}{'same page':>11}"))
    print(head)
    print("-" * len(head))
    all_cur, all_base = [], []
    for label, f in SEARCHES:
        current(engine, f)  # warm the page cache the same way for both
        runs, (n, ids) = timed(lambda: current(engine, f), args.repeats)
        all_cur += runs
        line = f"{label:<20}{(f'>{q.SEARCH_COUNT_CAP:,}' if n > q.SEARCH_COUNT_CAP else f'{n:,}'):>9}"
        line += f"{pct(runs, .5) * 1000:>9.1f}{pct(runs, .95) * 1000:>9.1f}"
        if not args.no_baseline:
            base_runs, same = [], "?"
            for _ in range(args.baseline_repeats):
                t0 = time.perf_counter()
                try:
                    with deadline(engine, args.baseline_timeout) as conn:
                        bn, bids = baseline(engine, conn, f)
                    same = "yes" if bids == ids and (bn == n or n > q.SEARCH_COUNT_CAP < bn) else "NO"
                except Exception:  # stopped at the deadline
                    base_runs.append(float("inf"))
                    break
                base_runs.append(time.perf_counter() - t0)
            all_base += base_runs

            def ms(v: float) -> str:
                return f"> {args.baseline_timeout:.0f} s" if v == float("inf") else f"{v * 1000:.1f}"

            line += f"{ms(pct(base_runs, .5)):>14}{ms(pct(base_runs, .95)):>9}{same:>11}"
        print(line, flush=True)
    print("-" * len(head))
    line = f"{'all searches':<20}{'':>9}{pct(all_cur, .5) * 1000:>9.1f}{pct(all_cur, .95) * 1000:>9.1f}"
    if all_base:
        finite = [v for v in all_base if v != float("inf")]
        p50, p95 = pct(all_base, .5), pct(all_base, .95)
        line += (f"{(f'{p50 * 1000:.1f}' if p50 != float('inf') else 'stopped'):>14}"
                 f"{(f'{p95 * 1000:.1f}' if p95 != float('inf') else 'stopped'):>9}")
        if len(finite) < len(all_base):
            line += f"  ({len(all_base) - len(finite)} baseline runs stopped at {args.baseline_timeout:.0f} s)"
    print(line)
    la = os.getloadavg()
    print(f"load average at the end: {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}")
    engine.dispose()
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
