"""The query work of a filter change exactly as each viewer page runs it.

The real page script runs in-process (Streamlit's ``AppTest``) against the benchmark
database with the filter change in its URL parameters. Every query the page asks for goes
through ``dashboard.ui.cache.cached``, whose cached call (``_run``) is replaced here by a
timed call that never caches, so each run does all the query work a first visit with
that filter does. What a page queries is whatever its script and the UI code it calls
query: a page that starts asking for something new is timed with it, and nothing
in this module lists the queries of a page, so the benchmark cannot drift from the pages.

Used by ``bench/bench_queries.py`` (the "as the pages run them" table and ``--json``).
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = {
    "ringkasan": "pages/ringkasan.py",
    "rapat-koordinasi": "pages/rapat-koordinasi.py",
    "wilayah": "pages/wilayah.py",
    "instansi": "pages/instansi.py",
    "berita": "pages/berita.py",
}


@dataclass
class PageRun:
    page: str
    change: str
    query_s: list[float] = field(default_factory=list)  # per repeat: the sum of the page's query calls
    script_s: list[float] = field(default_factory=list)  # per repeat: the whole script run
    calls: dict[str, float] = field(default_factory=dict)  # query name -> seconds, last repeat

    @staticmethod
    def _p95(xs: list[float]) -> float:
        xs = sorted(xs)
        return xs[min(len(xs) - 1, max(0, round(0.95 * len(xs)) - 1))] if xs else float("nan")

    @property
    def p95_ms(self) -> float:
        return self._p95(self.query_s) * 1000

    @property
    def median_ms(self) -> float:
        return statistics.median(self.query_s) * 1000

    @property
    def script_median_ms(self) -> float:
        return statistics.median(self.script_s) * 1000


class _Timed:
    """Stands in for ``dashboard.ui.cache._run``: the query, timed, never cached."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float]] = []

    def __call__(self, url: str, version: tuple, name: str, args: tuple, kwargs: tuple):
        from dashboard.db.engine import get_engine
        from dashboard.ui import cache

        fn = cache.resolve(name)
        t0 = time.perf_counter()
        try:
            return fn(get_engine(url), *args, **dict(kwargs))
        finally:
            self.calls.append((name, time.perf_counter() - t0))


def _forget_listed_searches() -> None:
    """Each run starts without the process's listed search matches (``queries.textsearch``;
    a tree older than them has none)."""
    from dashboard.queries import textsearch

    clear = getattr(textsearch, "clear_listed", None)
    if clear is not None:
        clear()


def page_file(root: Path, page: str) -> Path:
    """The page's script in the tree ``root`` (older trees named pages ``2_Rapat_Koordinasi.py``)."""
    p = root / PAGE_FILES[page]
    if p.exists():
        return p
    word = page.split("-")[0]
    found = sorted(x for x in (root / "pages").glob("*.py") if word in x.stem.lower())
    if not found:
        raise FileNotFoundError(f"no page for {page} in {root / 'pages'}")
    return found[0]


def run_pages(url: str, changes, repeats: int = 3, pages=None, timeout: float = 900, root: Path = ROOT) -> list[PageRun]:
    """For each (label, URL parameters) in ``changes`` and each page: run the page
    ``repeats`` times and keep the query time of each run."""
    from streamlit.testing.v1 import AppTest

    from dashboard.ui import cache

    os.environ["DATABASE_URL"] = url
    timed = _Timed()
    original = cache._run
    cache._run = timed
    out = []
    try:
        for label, params in changes:
            for page in pages or PAGE_FILES:
                run = PageRun(page, label)
                for _ in range(repeats):
                    timed.calls.clear()
                    _forget_listed_searches()
                    at = AppTest.from_file(str(page_file(root, page)), default_timeout=timeout)
                    for k, v in params.items():
                        at.query_params[k] = v
                    t0 = time.perf_counter()
                    at.run()
                    run.script_s.append(time.perf_counter() - t0)
                    if at.exception:
                        raise RuntimeError(f"{page} {label}: {[e.value for e in at.exception]}")
                    if not timed.calls:
                        raise RuntimeError(f"{page} {label}: the page ran no query (is the database set up?)")
                    run.query_s.append(sum(s for _, s in timed.calls))
                    calls: dict[str, float] = {}
                    for name, s in timed.calls:
                        calls[name] = calls.get(name, 0.0) + s
                    run.calls = calls
                out.append(run)
    finally:
        cache._run = original
    return out


def main(argv=None) -> int:
    """Run in a separate process for a baseline tree: ``PYTHONPATH=TREE/src python
    bench/page_queries.py --root TREE --url URL --changes JSON``; prints one JSON line."""
    import argparse
    import json

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--root", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--changes", required=True, help="JSON list of [label, {param: value}]")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    runs = run_pages(args.url, [tuple(c) for c in json.loads(args.changes)], args.repeats, root=Path(args.root))
    print(json.dumps([{"page": r.page, "change": r.change, "query_s": r.query_s, "script_s": r.script_s} for r in runs]))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
