"""Page-query benchmark: the time of a filter change on each page, SQL aggregates (the
project's query layer) against a naive baseline that loads the tables into pandas and
filters there, in one run on the same synthetic database.

    uv run python bench/bench_queries.py                  # 100,000 articles, SQLite temp file
    uv run python bench/bench_queries.py --articles 20000
    DATABASE_URL=postgresql://... uv run python bench/bench_queries.py --database-url $DATABASE_URL

Two baselines are printed: "naive-load" reads the tables on every filter change (a
script without a cache), "naive-cached" keeps the loaded frames in memory and only
filters (a script with st.cache_data around the load); the memory that costs is printed too.
Times are medians over the repeats; ratio = baseline / SQL (above 1: SQL is faster).

"As the pages run them" (``page_queries.py``): each viewer page's own script runs in-process
(AppTest) for each filter change with the query cache bypassed, and the time of every query
it asks for is summed: exactly the query work of a filter change, whatever the page queries.
``--baseline-ref REF`` runs the same for the pages of a git ref (``git archive``, in a separate
process) on the same database in the same run. ``--json`` prints, as the last line, one JSON
object: ``{"articles": N, "database": "sqlite", "cases": [{"page", "change", "p95_ms",
"baseline_p95_ms"}, ...]}`` (``baseline_p95_ms`` is null without ``--baseline-ref``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dashboard import queries as q  # noqa: E402
from dashboard import synth  # noqa: E402
from dashboard.db.engine import get_engine, session_scope, upgrade_database  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from dashboard.reference import sync_reference  # noqa: E402

FILTER_CHANGES = [
    ("default", Filters()),
    ("agency=KPU", Filters(agencies=("KPU",))),
    ("province=13", Filters(province="13")),
    ("from/to 2020-06..09", Filters(date_from=dt.date(2020, 6, 1), date_to=dt.date(2020, 9, 30))),
    ("activity=rakor,apel", Filters(activities=("rakor", "apel"))),
    ("region=13.02+KPU", Filters(region="13.02", agencies=("KPU",))),
    ("q=koordinasi Solok", Filters(q="koordinasi Solok")),
]


def sql_pages(engine, f: Filters) -> dict:
    return {
        "ringkasan": lambda: (q.summary(engine, f), q.events_over_time(engine, f, "month"), q.latest_events(engine, f, 8)),
        "rapat-koordinasi": lambda: (q.events_over_time(engine, f, "week"), q.stages(engine, f.election_id), q.events_table(engine, f, 1000)),
        "wilayah": lambda: q.region_activity(engine, f),
        "instansi": lambda: (q.agency_activity(engine, f, "month"), q.agency_totals(engine, f)),
        "berita": lambda: (q.count_articles(engine, f), q.articles(engine, f, 25, 0)),
    }


# ---------------------------------------------------------------- naive baseline


def load_tables(engine) -> dict[str, pd.DataFrame]:
    with engine.connect() as conn:
        return {
            "event": pd.read_sql("SELECT * FROM event", conn, parse_dates=["event_date"]),
            "event_agency": pd.read_sql("SELECT event_id, agency_name FROM event_agency", conn),
            "event_region": pd.read_sql("SELECT event_id, region_code FROM event_region", conn),
            "article": pd.read_sql("SELECT id, title, text, published, publisher, url FROM article", conn),
            "region": pd.read_sql("SELECT * FROM region", conn),
            "election_region": pd.read_sql("SELECT * FROM election_region", conn),
            "stage": pd.read_sql("SELECT * FROM election_stage", conn),
        }


def naive_filter(t: dict[str, pd.DataFrame], f: Filters) -> pd.DataFrame:
    ev = t["event"]
    ev = ev[ev["status"] != "rejected"]
    if f.election_id:
        ev = ev[ev["election_id"] == f.election_id]
    if f.date_from:
        ev = ev[ev["event_date"] >= pd.Timestamp(f.date_from)]
    if f.date_to:
        ev = ev[ev["event_date"] <= pd.Timestamp(f.date_to)]
    if f.activities:
        ev = ev[ev["activity"].isin(f.activities)]
    if f.agencies:
        ids = t["event_agency"].loc[t["event_agency"]["agency_name"].isin(f.agencies), "event_id"]
        ev = ev[ev["id"].isin(ids)]
    if f.region:
        ev = ev[ev["id"].isin(t["event_region"].loc[t["event_region"]["region_code"] == f.region, "event_id"])]
    elif f.province:
        er = t["event_region"]
        ev = ev[ev["id"].isin(er.loc[er["region_code"].str.startswith(f.province), "event_id"])]
    if f.q:
        words = f.q.lower().split()
        art = t["article"]
        hay = (art["title"].fillna("") + " " + art["text"]).str.lower()
        mask = pd.Series(True, index=art.index)
        for w in words:
            mask &= hay.str.contains(w, regex=False)
        ev = ev[ev["article_id"].isin(art.loc[mask, "id"])]
    return ev


def naive_pages(t: dict[str, pd.DataFrame], f: Filters) -> dict:
    def month(ev):
        return ev.assign(period=ev["event_date"].dt.to_period("M")).groupby(["period", "activity"]).size()

    def week(ev):
        return ev.assign(period=ev["event_date"].dt.to_period("W")).groupby(["period", "activity"]).size()

    def ringkasan():
        ev = naive_filter(t, f)
        ea = t["event_agency"][t["event_agency"]["event_id"].isin(ev["id"])]
        er = t["event_region"][t["event_region"]["event_id"].isin(ev["id"])]
        return (len(ev), ev["article_id"].nunique(), ea["agency_name"].nunique(), er["region_code"].nunique(), month(ev),
                ev.sort_values("event_date", ascending=False).head(8))

    def rakor():
        ev = naive_filter(t, f)
        top = ev.sort_values("event_date", ascending=False).head(1000)
        ag = t["event_agency"][t["event_agency"]["event_id"].isin(top["id"])].groupby("event_id")["agency_name"].agg(", ".join)
        return week(ev), top.merge(ag, left_on="id", right_index=True, how="left").merge(
            t["article"][["id", "title", "url"]], left_on="article_id", right_on="id", how="left")

    def wilayah():
        ev = naive_filter(t, f)
        er = t["event_region"].merge(ev[["id", "event_date"]], left_on="event_id", right_on="id")
        counts = er.groupby("region_code").agg(events=("event_id", "nunique"), last=("event_date", "max"))
        elr = t["election_region"][t["election_region"]["election_id"] == (f.election_id or "pilkada-2020")]
        return elr.merge(t["region"], left_on="region_code", right_on="code").merge(
            counts, left_on="region_code", right_index=True, how="left")

    def instansi():
        ev = naive_filter(t, f.with_(agencies=()))
        ea = t["event_agency"].merge(ev[["id", "event_date"]], left_on="event_id", right_on="id")
        if f.agencies:
            ea = ea[ea["agency_name"].isin(f.agencies)]
        return (ea.assign(period=ea["event_date"].dt.to_period("M")).groupby(["period", "agency_name"]).size(),
                ea.groupby("agency_name")["event_id"].nunique())

    def berita():
        ev = naive_filter(t, f)
        arts = t["article"][t["article"]["id"].isin(ev["article_id"])]
        return len(arts), arts.sort_values("published", ascending=False).head(25)

    return {"ringkasan": ringkasan, "rapat-koordinasi": rakor, "wilayah": wilayah, "instansi": instansi, "berita": berita}


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def frames_memory_mb(t: dict[str, pd.DataFrame]) -> float:
    return sum(df.memory_usage(deep=True).sum() for df in t.values()) / 1e6


def prepare_database(url: str, articles: int):
    """The database at ``url``, migrated, with the reference tables and at least ``articles``
    synthetic articles (topped up when it holds fewer: a kept file is reused). Prints its size
    and returns ``(engine, articles, events)``."""
    engine = get_engine(url)
    upgrade_database(engine)
    with session_scope(engine) as s:
        sync_reference(s)
    with engine.connect() as c:
        have = c.exec_driver_sql("SELECT count(*) FROM article").scalar()
    t0 = time.perf_counter()
    if have < articles:
        synth.generate(engine, articles - have, seed=have + 1, text_bytes=1200)
    build = time.perf_counter() - t0
    with engine.connect() as c:
        n_art = c.exec_driver_sql("SELECT count(*) FROM article").scalar()
        n_ev = c.exec_driver_sql("SELECT count(*) FROM event").scalar()
    print(f"database: {engine.dialect.name}, {n_art:,} articles, {n_ev:,} events (built in {build:.1f} s)")
    return engine, n_art, n_ev


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--database-url", default=None, help="default: a new SQLite file in a temp folder")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--naive-load-repeats", type=int, default=1)
    ap.add_argument("--page-repeats", type=int, default=3, help="runs of each page script per filter change")
    ap.add_argument("--baseline-ref", default=None, help="also run the pages of this git ref (same database)")
    ap.add_argument("--baseline-database-url", default=None,
                    help="the database the baseline's pages read, when the schema changed since that ref: a "
                         "copy of the same data at the ref's revision, counted by the ref's own code "
                         "(bench/baseline_db.py makes one)")
    ap.add_argument("--no-naive", action="store_true", help="skip the SQL-list vs pandas table")
    ap.add_argument("--json", action="store_true", help="print the page cases as one JSON object, last line")
    args = ap.parse_args(argv)

    url = args.database_url
    if not url:
        tmp = tempfile.mkdtemp(prefix="bench-")
        url = f"sqlite:///{os.path.join(tmp, 'bench.db')}"
    engine, n_art, n_ev = prepare_database(url, args.articles)

    if not args.no_naive:
        naive_table(engine, args)
    cases = pages_table(url, args)
    print()
    version_bench(engine, max(args.repeats, 20))
    engine.dispose()
    if args.json:
        print(json.dumps({"articles": n_art, "database": "postgresql" if engine.dialect.name != "sqlite" else "sqlite",
                          "events": n_ev, "cases": cases}))
    return 0


def pages_table(url: str, args) -> list[dict]:
    """The query work of each filter change as each page runs it (``page_queries``), beside
    the same pages of ``--baseline-ref`` on the same database."""
    import page_queries
    from dashboard.filters import to_query_params

    changes = [(label, to_query_params(f)) for label, f in FILTER_CHANGES]
    base = baseline_pages(args.baseline_database_url or url, args, changes) if args.baseline_ref else {}
    runs = page_queries.run_pages(url, changes, args.page_repeats)
    print()
    print(f"Query work of a filter change as the pages run them (page script in AppTest, cache bypassed; "
          f"{args.page_repeats} runs each)")
    head = f"{'page':<18}{'filter change':<22}{'queries':>8}{'median ms':>11}{'p95 ms':>9}"
    if base:
        head += f"{'base p95 ms':>13}{'ratio':>7}"
    head += "  slowest query"
    print(head)
    print("-" * len(head))
    out = []
    total = base_total = 0.0
    for r in runs:
        slow = max(r.calls.items(), key=lambda kv: kv[1])
        line = f"{r.page:<18}{r.change:<22}{len(r.calls):>8}{r.median_ms:>11.1f}{r.p95_ms:>9.1f}"
        b = base.get((r.page, r.change))
        if base:
            line += f"{b:>13.1f}{b / r.p95_ms:>7.1f}" if b is not None else f"{'-':>13}{'':>7}"
        print(line + f"  {slow[0]} {slow[1] * 1000:.0f} ms")
        total += r.p95_ms
        base_total += b or 0.0
        out.append({"page": r.page, "change": r.change, "p95_ms": round(r.p95_ms, 1),
                    "baseline_p95_ms": round(b, 1) if b is not None else None})
    print("-" * len(head))
    line = f"{'all pages':<18}{'all changes':<22}{'':>8}{'':>11}{total:>9.0f}"
    if base:
        line += f"{base_total:>13.0f}{base_total / total:>7.1f}"
    print(line)
    return out


def baseline_pages(url: str, args, changes) -> dict:
    """p95 ms per (page, change) for the pages of ``--baseline-ref``, run in a separate
    process whose ``dashboard`` package is that ref's."""
    from bench_pages import tree_of

    tmp = Path(tempfile.mkdtemp(prefix="bench-base-"))
    try:
        root = tree_of(args.baseline_ref, tmp)
        if root is None:
            return {}
        env = dict(os.environ, PYTHONPATH=str(root / "src"))
        res = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("page_queries.py")), "--root", str(root), "--url", url,
             "--changes", json.dumps(changes), "--repeats", str(args.page_repeats)],
            capture_output=True, text=True, env=env, cwd=root)
        if res.returncode != 0:
            print(f"baseline {args.baseline_ref}: failed: {res.stderr.strip().splitlines()[-1:]}")
            return {}
        import page_queries

        out = {}
        for r in json.loads(res.stdout.strip().splitlines()[-1]):
            out[(r["page"], r["change"])] = page_queries.PageRun(r["page"], r["change"], r["query_s"]).p95_ms
        return out
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def naive_table(engine, args) -> None:
    """The query lists above against the load-everything-into-pandas pattern."""
    t0 = time.perf_counter()
    tables = load_tables(engine)
    load_s = time.perf_counter() - t0
    print(f"naive load of the tables into pandas: {load_s:.2f} s, {frames_memory_mb(tables):.0f} MB in memory")
    print()
    header = f"{'page':<18}{'filter change':<22}{'SQL ms':>9}{'naive-cached ms':>17}{'ratio':>7}{'naive-load ms':>15}{'ratio':>8}"
    print(header)
    print("-" * len(header))
    totals = {"sql": 0.0, "cached": 0.0, "load": 0.0}
    for label, f in FILTER_CHANGES:
        sql = sql_pages(engine, f)
        naive = naive_pages(tables, f)
        for page in sql:
            sql_s = median_time(sql[page], args.repeats)
            cached_s = median_time(naive[page], args.repeats)
            load_total = load_s + cached_s  # a script without a cache reloads on every change
            totals["sql"] += sql_s
            totals["cached"] += cached_s
            totals["load"] += load_total
            print(
                f"{page:<18}{label:<22}{sql_s * 1000:>9.1f}{cached_s * 1000:>17.1f}{cached_s / sql_s:>7.1f}"
                f"{load_total * 1000:>15.0f}{load_total / sql_s:>8.1f}"
            )
    print("-" * len(header))
    print(
        f"{'all pages':<18}{'all changes':<22}{totals['sql'] * 1000:>9.0f}{totals['cached'] * 1000:>17.0f}"
        f"{totals['cached'] / totals['sql']:>7.1f}{totals['load'] * 1000:>15.0f}{totals['load'] / totals['sql']:>8.1f}"
    )


def scan_version(engine) -> tuple:
    """The cache key as it was computed before migration 0005: a scan of the event table."""
    with engine.connect() as conn:
        return tuple(conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM event), (SELECT max(updated_at) FROM event), (SELECT max(id) FROM article)"
        ).one())


def version_bench(engine, repeats: int) -> None:
    """The data version that keys every cache, read on every rerun: the counter (one row, by
    primary key) against the scan it replaced, same database, same run."""
    times = {}
    for name, fn in (("counter", lambda: q.data_version(engine)), ("scan (baseline)", lambda: scan_version(engine))):
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        runs.sort()
        times[name] = (statistics.median(runs), runs[min(len(runs) - 1, int(0.95 * len(runs)))])
    print(f"{'data version (cache key)':<26}{'median ms':>10}{'p95 ms':>9}")
    for name, (med, p95) in times.items():
        print(f"{name:<26}{med * 1000:>10.2f}{p95 * 1000:>9.2f}")


if __name__ == "__main__":
    sys.exit(main())
