#!/usr/bin/env python3
"""Does the extractor's confidence predict its errors? (The review queue sorts by it.)

Usage: uv run python bench/calibration.py [CORPUS.jsonl ...] [--samples] [--bands 0.5,0.65,0.8,0.9]

Default corpora: ``../shared/corpus/dev.jsonl`` beside the repository, ``tests/data/holdout`` and
``tests/data/holdout2``; ``--samples`` adds the bundled sample articles (``data/sample``). Each record is extracted from its input fields only (text, title,
published, url, publisher); ``gold`` is read only to judge the main event's fields, by the
shared scorer's rules: event date, activity, participants and election exact (a null gold
rewards a null prediction), agencies and regions as sets of normalised names, the venue right
when its token F1 with the gold is at least 0.5 (both null is right).

Printed per corpus:

* per field, the accuracy in each band of the field's confidence (``ExtractedEvent.field_confidence``);
* how the event confidence (``ExtractedEvent.confidence``) orders events: the share of all wrong
  fields that fall in the lowest-confidence quarter of events (the review queue's first quarter;
  ordering at random puts about 25 % there), and the share of wrong events there.

The last block pools every corpus given.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dashboard.extract import extract_events  # noqa: E402
from dashboard.extract.confidence import FIELDS  # noqa: E402

DEFAULT_BANDS = (0.5, 0.65, 0.8, 0.9)


def norm(s) -> str:
    """The shared scorer's normalisation of names and labels."""
    s = unicodedata.normalize("NFKC", str(s)).casefold().strip()
    s = re.sub(r"\bkab\.?\s+", "kabupaten ", s)
    s = re.sub(r"^provinsi\s+", "", s)
    s = re.sub(r"[^\w\s-]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _tokens(s) -> set[str]:
    return set(norm(s).split()) if s else set()


def right(field: str, gold, pred) -> bool:
    if field in ("agencies", "regions"):
        return {norm(x) for x in gold or []} == {norm(x) for x in pred or []}
    if field == "location":
        g, p = _tokens(gold), _tokens(pred)
        if not g and not p:
            return True
        if not g or not p:
            return False
        common = len(g & p)
        return bool(common) and 2 * common / (len(g) + len(p)) >= 0.5
    if field == "participants":
        return (int(gold) if gold is not None else None) == (int(pred) if pred not in (None, "") else None)
    return (norm(gold) if gold else None) == (norm(pred) if pred else None)


def judge(records) -> list[dict]:
    """One row per record: the event confidence, and per field (confidence, right?)."""
    rows = []
    for r in records:
        evs = extract_events(r.get("text") or "", title=r.get("title"), published=r.get("published"),
                             url=r.get("url"), publisher=r.get("publisher"))
        gold = r["gold"]
        if not evs:
            rows.append({"id": r["id"], "conf": 0.0, "fields": {f: (0.0, right(f, gold.get(f), None)) for f in FIELDS}})
            continue
        ev = evs[0]
        pred = ev.to_score_dict()
        fields = {f: (ev.field_confidence.get(f, 0.5), right(f, gold.get(f), pred.get(f))) for f in FIELDS}
        rows.append({"id": r["id"], "conf": ev.confidence, "fields": fields})
    return rows


def _band_label(bands, k: int) -> str:
    lo = 0.0 if k == 0 else bands[k - 1]
    hi = bands[k] if k < len(bands) else 1.0
    return f"{lo:.2f}-{hi:.2f}"


def report(name: str, rows: list[dict], bands) -> dict:
    n = len(rows)
    print(f"\n== {name}: {n} articles")
    head = f"{'field':13s}" + "".join(f"{_band_label(bands, k):>14s}" for k in range(len(bands) + 1)) + f"{'all':>12s}"
    print("accuracy by field confidence band (right/n)")
    print(head)
    wrong_total = 0
    for f in FIELDS:
        cells = [[0, 0] for _ in range(len(bands) + 1)]
        for row in rows:
            c, ok = row["fields"][f]
            k = sum(1 for b in bands if c >= b)
            cells[k][1] += 1
            cells[k][0] += ok
        tot_ok = sum(x[0] for x in cells)
        wrong_total += n - tot_ok
        line = f"{f:13s}" + "".join(
            f"{(f'{ok / m:.2f} ({ok}/{m})' if m else '-'):>14s}" for ok, m in cells) + f"{f'{tot_ok}/{n}':>12s}"
        print(line)
    order = sorted(rows, key=lambda r: (r["conf"], r["id"]))
    q = math.ceil(n / 4)
    low = order[:q]
    wrong_low = sum(1 for r in low for c, ok in r["fields"].values() if not ok)
    events_wrong = sum(1 for r in rows if any(not ok for c, ok in r["fields"].values()))
    events_wrong_low = sum(1 for r in low if any(not ok for c, ok in r["fields"].values()))
    share = wrong_low / wrong_total if wrong_total else None
    print(f"wrong fields: {wrong_total} of {n * len(FIELDS)}; in the lowest-confidence quarter of events ({q} events): "
          f"{wrong_low} = {share:.0%}" if share is not None else "wrong fields: 0")
    if events_wrong:
        print(f"events with a wrong field: {events_wrong}; in that quarter: {events_wrong_low} = "
              f"{events_wrong_low / events_wrong:.0%} (random order: about 25 %)")
    return {"n": n, "wrong": wrong_total, "wrong_low": wrong_low, "rows": rows}


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def _samples() -> list[dict]:
    """The bundled samples as records with ``gold`` (inputs read as score_samples.py reads them)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from score_samples import SAMPLE, load_inputs

    inputs = load_inputs()
    out = []
    for line in (SAMPLE / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            if g["id"] in inputs:
                out.append({"id": g["id"], "gold": g["gold"], **inputs[g["id"]]})
    return out


def _shared_dev() -> Path | None:
    for base in (ROOT.parent, *ROOT.parent.parents):
        p = base / "shared" / "corpus" / "dev.jsonl"
        if p.exists():
            return p
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="*", help="labelled JSON Lines files (default: dev, holdout, holdout2)")
    ap.add_argument("--samples", action="store_true",
                    help="also the bundled sample articles (data/sample, read as bench/score_samples.py does)")
    ap.add_argument("--bands", default=",".join(str(b) for b in DEFAULT_BANDS),
                    help="upper bounds of the confidence bands but the last (default 0.5,0.65,0.8,0.9)")
    args = ap.parse_args(argv)
    bands = tuple(float(x) for x in args.bands.split(","))
    paths = [Path(p) for p in args.corpora]
    if not paths:
        dev = _shared_dev()
        paths = ([dev] if dev else []) + [ROOT / "tests/data/holdout/articles.jsonl",
                                            ROOT / "tests/data/holdout2/articles.jsonl"]
    pooled: list[dict] = []
    for p in paths:
        if not p.exists():
            print(f"corpus not found: {p}", file=sys.stderr)
            return 2
        rows = judge(_jsonl(p))
        report(p.parent.name + "/" + p.name, rows, bands)
        pooled.extend(rows)
    if args.samples:
        rows = judge(_samples())
        report("data/sample", rows, bands)
        pooled.extend(rows)
    if len(paths) + args.samples > 1:
        report("all corpora pooled", pooled, bands)
    return 0


if __name__ == "__main__":
    sys.exit(main())
