#!/usr/bin/env python3
"""Merging: quality on labelled clusters, speed of extraction + merging, merging 100,000 events.

Usage: uv run python bench/bench_merge.py [--quality] [--speed] [--scale] [--n-scale 100000]
                                          [--n-speed 1000] [--variants] [--verbose]
(no flag: all three parts)

Quality: pairwise precision and recall of "these two articles report the same event" (every
pair of articles; a pair is predicted the same when merging put them in one event, labelled
the same when they are in one labelled cluster), and the number of merged pairs whose
stated dates differ (must be 0). Two sets:

* dev: ``../shared/corpus/dev.jsonl`` beside the repository (read at run time), clusters by
  record id from ``tests/data/merge/dev_clusters.json`` (from the records' notes, tag
  ``same-event-elsewhere``); every other record is an event of its own;
* synthetic: ``tests/data/merge/articles.jsonl``: several outlets' versions of one meeting
  (dated and undated, different head counts) and near misses (the same body's rakor a week
  later, the same day's rakor in the next kabupaten, a national rakor and a kabupaten
  follow-up, the same day's other event in the same kabupaten). The decision was tuned on it
  and on the dev set;
* samples: the bundled sample articles (``data/sample``, labelled independently of the
  merging work; ``expected.jsonl`` marks the two reports of one apel with
  ``same-event-elsewhere``);
* fresh: ``tests/data/merge/fresh.jsonl``, written after the decision was frozen and never
  tuned on (other styles: Antara's "kata ... Sabtu", a provincial apel with a city's and a
  portal's reports, Sentra Gakkumdu rakor in neighbouring kabupaten).

Each article is extracted with ``extract_events`` and merged in file order with the
in-memory ``Merger`` (the blocking and decision of the database path). ``--variants`` also
scores the text measures the decision was chosen over (no text, word bigrams, containment).

Speed (CPU time of one thread): extraction alone (the baseline, measured in the same run)
and extraction + merging, over the synthetic articles of ``bench_extract.py`` plus the dev
corpus. Scale: 100,000 synthetic articles' events (``dashboard.synth``) in a temporary
SQLite database, grouped by ``merge_all`` (read, merge, write), and the in-memory merge
alone; beside it the number of pairs an all-pairs-per-day approach would compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard.extract import extract_events  # noqa: E402
from dashboard.merging import evidence  # noqa: E402
from dashboard.merging.clusters import Merger  # noqa: E402
from dashboard.merging.evidence import compare, dates_conflict, report_from_extracted  # noqa: E402


def find_dev() -> Path | None:
    for base in (ROOT.parent, *ROOT.parent.parents):
        p = base / "shared" / "corpus" / "dev.jsonl"
        if p.exists():
            return p
    return None


def _date(v):
    try:
        return dt.date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


def load_set(path: Path, label) -> list[tuple]:
    """(report, gold cluster) per article; the report of its main event."""
    out = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if not line.strip():
                continue
            r = json.loads(line)
            evs = extract_events(r["text"], title=r.get("title"), published=r.get("published"), url=r.get("url"),
                                 publisher=r.get("publisher"))
            if not evs:
                continue
            rep = report_from_extracted(r["id"], evs[0], title=r.get("title"), text=r["text"],
                                        published=_date(r.get("published")), order=i)
            out.append((rep, label(r)))
    return out


def load_samples() -> tuple[list[tuple], list[dict]]:
    """The bundled samples read as ingest reads them; clusters from ``expected.jsonl``: the
    records tagged ``same-event-elsewhere`` whose notes name each other (one apel)."""
    from dashboard.ingest.model import RawArticle
    from dashboard.ingest.readers import read_path

    sample = ROOT / "data" / "sample"
    expected = [json.loads(x) for x in (sample / "expected.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    by_source = {e["source"]: e for e in expected}
    tagged = {e["id"] for e in expected if "same-event-elsewhere" in (e.get("notes") or "")}
    apel = {i for i in tagged if "apel" in i}  # the seed's other reports are not among the samples
    items, raw = [], []
    for name in ("seed-solok-rakor-polpum-2020.txt", "articles.jsonl", "txt", "html"):
        for i, a in enumerate(read_path(sample / name, source=name if (sample / name).is_file() else None)):
            if not isinstance(a, RawArticle):
                continue
            e = by_source.get(a.source) or by_source.get(a.source.split("/", 1)[-1])
            if e is None:
                continue
            evs = extract_events(a.text, title=a.title, published=a.published, url=a.url, publisher=a.publisher)
            if not evs:
                continue
            rep = report_from_extracted(e["id"], evs[0], title=a.title, text=a.text, published=a.published,
                                        order=len(items))
            items.append((rep, "apel-solok-2020-10-10" if e["id"] in apel else e["id"]))
            raw.append({"title": a.title, "text": a.text})
    return items, raw


def pairwise(items: list[tuple], verbose: bool = False) -> dict:
    m = Merger()
    for rep, _ in items:
        m.add(rep)
    tp = fp = fn = 0
    date_conflicts = 0
    for (a, ga), (b, gb) in itertools.combinations(items, 2):
        pred = m.cluster_of[a.key] == m.cluster_of[b.key]
        gold = ga == gb
        if pred and dates_conflict(a, b):
            date_conflicts += 1
        if pred and gold:
            tp += 1
        elif pred:
            fp += 1
            if verbose:
                print(f"    false merge: {a.key} + {b.key}: {compare(a, b).reason}")
        elif gold:
            fn += 1
            if verbose:
                print(f"    missed: {a.key} + {b.key}: {compare(a, b)}")
    return {
        "articles": len(items), "events": len(m.members), "gold_pairs": tp + fn, "tp": tp, "fp": fp, "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
        "date_conflicts": date_conflicts,
    }


def _bigrams(text: str) -> frozenset[str]:
    words = [w for w in evidence._WORD.findall(text.lower()) if w not in evidence.STOP_WORDS and len(w) > 2]
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:]))


VARIANTS = {
    "jaccard of content words (chosen)": None,
    "no text similarity": "none",
    "containment of content words": "containment",
    "jaccard of word bigrams": "bigrams",
}


def run_variant(name: str, sets: dict[str, list[tuple]], raw: dict[str, list[dict]]) -> dict[str, dict]:
    kind = VARIANTS[name]
    saved = evidence.jaccard
    out = {}
    try:
        if kind == "none":
            evidence.jaccard = lambda a, b: 0.15  # adds nothing either way
        elif kind == "containment":
            evidence.jaccard = lambda a, b: (len(a & b) / min(len(a), len(b))) * 0.5 if a and b else 0.0
        for key, items in sets.items():
            if kind == "bigrams":
                items = [(_rewords(rep, rec), g) for (rep, g), rec in zip(items, raw[key])]
            out[key] = pairwise(items)
    finally:
        evidence.jaccard = saved
    return out


def _rewords(rep, rec):
    from dataclasses import replace

    return replace(rep, words=_bigrams(f"{rec.get('title') or ''}\n{rec['text'][:2000]}"))


def quality(args) -> int:
    dev_path = find_dev()
    sets: dict[str, list[tuple]] = {}
    raw: dict[str, list[dict]] = {}
    if dev_path is not None:
        clusters = json.loads((ROOT / "tests/data/merge/dev_clusters.json").read_text(encoding="utf-8"))["clusters"]
        of = {rid: i for i, c in enumerate(clusters) for rid in c}
        sets["dev"] = load_set(dev_path, lambda r: of.get(r["id"], r["id"]))
        raw["dev"] = [json.loads(x) for x in dev_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    else:
        print("dev corpus not found (../shared/corpus/dev.jsonl): dev set skipped")
    sets["samples"], raw["samples"] = load_samples()
    for key, name in (("synthetic", "articles.jsonl"), ("fresh", "fresh.jsonl")):
        path = ROOT / "tests/data/merge" / name
        sets[key] = load_set(path, lambda r: r["cluster"])
        raw[key] = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    print("Same-event pairs (every pair of articles in a set): precision, recall; merged pairs with different "
          "stated dates")
    print(f"{'set':10s} {'articles':>8s} {'events':>6s} {'gold pairs':>10s} {'tp':>4s} {'fp':>4s} {'fn':>4s} "
          f"{'precision':>9s} {'recall':>7s} {'date conflicts':>14s}")
    status = 0
    for key, items in sets.items():
        r = pairwise(items, args.verbose)
        print(f"{key:10s} {r['articles']:8d} {r['events']:6d} {r['gold_pairs']:10d} {r['tp']:4d} {r['fp']:4d} "
              f"{r['fn']:4d} {r['precision']:9.3f} {r['recall']:7.3f} {r['date_conflicts']:14d}")
        if r["precision"] < 0.95 or r["recall"] < 0.85 or r["date_conflicts"]:
            status = 1
    print("targets: precision >= 0.95, recall >= 0.85, no merged pair with different stated dates")
    if args.variants:
        print("\nText measure variants (same decision otherwise): precision / recall per set")
        for name in VARIANTS:
            res = run_variant(name, sets, raw)
            cells = "  ".join(f"{k} {v['precision']:.3f}/{v['recall']:.3f}" for k, v in res.items())
            print(f"  {name:38s} {cells}")
    return status


# ---------------------------------------------------------------- speed


def speed(args) -> None:
    import bench_extract

    rng = random.Random(args.seed)
    docs = [bench_extract.synth(rng) for _ in range(args.n_speed)]
    dev_path = find_dev()
    if dev_path is not None:
        for line in dev_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                docs.append((r["text"], r.get("title")))
    extract_events(docs[0][0], title=docs[0][1])  # warm-up
    evidence.place_words()
    clock = time.thread_time
    rounds = []
    for _ in range(args.rounds):
        t0 = clock()
        evs = [extract_events(text, title=title) for text, title in docs]
        t1 = clock()
        merger = Merger()
        for i, ((text, title), ev) in enumerate(zip(docs, evs)):
            for k, e in enumerate(ev):
                merger.add(report_from_extracted((i, k), e, title=title, text=text, order=i))
        t2 = clock()
        rounds.append((t1 - t0, t2 - t1, len(merger.members), sum(len(e) for e in evs)))
    n = len(docs)
    ext = statistics.median(r[0] for r in rounds)
    mer = statistics.median(r[1] for r in rounds)
    print(f"\nSpeed, CPU time of one thread, {n} articles ({args.n_speed} synthetic from bench_extract + dev), "
          f"median of {args.rounds} rounds; load average {_load()}")
    print(f"  extraction alone (baseline):        {n / ext:8.0f} articles/s")
    print(f"  extraction + merging:               {n / (ext + mer):8.0f} articles/s   (target >= 500)")
    print(f"  merging alone:                      {n / mer:8.0f} articles/s   "
          f"({rounds[0][3]} events -> {rounds[0][2]} merged events)")


def _load() -> str:
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "n/a"


# ---------------------------------------------------------------- scale


def scale(args) -> None:
    from sqlalchemy import func, select

    from dashboard.db import models as m
    from dashboard.db.engine import get_engine, session_scope, upgrade_database
    from dashboard.merging import bulk, store
    from dashboard.reference import sync_reference
    from dashboard.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{os.path.join(tmp, 'scale.db')}"
        engine = get_engine(url)
        upgrade_database(engine)
        with session_scope(engine) as s:
            sync_reference(s)
        t0 = time.perf_counter()
        n_events = generate(engine, args.n_scale, seed=args.seed, text_bytes=300)
        print(f"\nScale: {args.n_scale} synthetic articles, {n_events} events (dashboard.synth, SQLite), "
              f"written in {time.perf_counter() - t0:.0f} s; load average {_load()}")
        with session_scope(engine) as s:
            ids = list(s.scalars(select(m.Event.id)))
            c0, w0 = time.process_time(), time.perf_counter()
            reports = store.load_reports(s, ids)
            c1, w1 = time.process_time(), time.perf_counter()
            ordered = sorted(reports.values(), key=lambda r: (r.date or dt.date.max, r.key))
            merger = Merger()
            for r in ordered:
                merger.add(r)
            c2, w2 = time.process_time(), time.perf_counter()
            per_day: dict = {}
            for r in ordered:
                per_day[r.date] = per_day.get(r.date, 0) + 1
            naive = sum(k * (k - 1) // 2 for k in per_day.values())
        print(f"  in memory: read {len(ids)} reports {c1 - c0:5.1f} s CPU ({w1 - w0:5.1f} s wall), merge "
              f"{c2 - c1:5.1f} s CPU ({w2 - w1:5.1f} s wall) -> {len(merger.members)} events")
        print(f"  pairs compared {merger.compared}; all pairs within a day would be {naive}")
        w0 = time.perf_counter()
        c0 = time.process_time()
        with session_scope(engine, write=True) as s:
            stats = bulk.merge_all(s)
        w1 = time.perf_counter()
        with session_scope(engine) as s:
            canon = s.scalar(select(func.count()).select_from(m.Event).where(m.Event.merged_into.is_(None)))
        print(f"  merge_all (read + merge + write, one transaction): {w1 - w0:5.1f} s wall, "
              f"{time.process_time() - c0:5.1f} s CPU -> {canon} events, {stats.placed} reports joined"
              f"   (target < 60 s)")
        w0 = time.perf_counter()
        c0 = time.process_time()
        with session_scope(engine, write=True) as s:
            bulk.merge_all(s)
        print(f"  merge_all again (nothing to change):              {time.perf_counter() - w0:5.1f} s wall, "
              f"{time.process_time() - c0:5.1f} s CPU")
        print(f"  load average at end: {_load()} on {os.cpu_count()} cores (wall time suffers when the load "
              "exceeds the cores; CPU time does not)")
        engine.dispose()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quality", action="store_true")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--scale", action="store_true")
    ap.add_argument("--variants", action="store_true", help="also score the alternative text measures")
    ap.add_argument("--verbose", action="store_true", help="list false and missed merges")
    ap.add_argument("--n-speed", type=int, default=1000)
    ap.add_argument("--n-scale", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    everything = not (args.quality or args.speed or args.scale)
    status = 0
    if args.quality or everything:
        status = quality(args)
    if args.speed or everything:
        speed(args)
    if args.scale or everything:
        scale(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
