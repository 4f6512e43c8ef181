#!/usr/bin/env python3
# A copy of the shared reference scorer (../shared/tools/score_extraction.py, standard library
# only), so that bench/score_samples.py runs from the repository alone. The scripts use the
# shared one when it is there.
"""Score event extraction against hand-labelled articles.

Usage: score_extraction.py GOLD.jsonl PRED.jsonl [--json] [--min FIELD=VALUE ...]

GOLD lines: {"id", "gold": {event_date, activity, location, agencies, participants,
election, regions}} as in corpus/README.md.
PRED lines: {"id": ..., "events": [{...same fields...}, ...]}; the first event is the
article's main event and is the one scored. A gold id with no prediction line, or a
prediction with no events, scores as all-null.

Per field: accuracy for event_date, activity, participants, election (null == null
counts as right), and for event_date and participants also over the articles whose
gold value is stated (`_stated_acc`); micro precision/recall/F1 for agencies and regions (set overlap,
names normalised); mean token-F1 for location. --min makes the exit status 1 when a
figure falls below VALUE (e.g. --min agencies_f1=0.9). Standard library only.
"""
import json
import re
import sys
import unicodedata

FIELDS = ["event_date", "activity", "location", "agencies", "participants", "election", "regions"]


def norm(s):
    s = unicodedata.normalize("NFKC", str(s)).casefold().strip()
    s = re.sub(r"\bkab\.?\s+", "kabupaten ", s)
    s = re.sub(r"^provinsi\s+", "", s)
    s = re.sub(r"[^\w\s-]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def tokens(s):
    return set(norm(s).split()) if s else set()


def load(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: not JSON: {e}")
            rows[row["id"]] = row
    return rows


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    gold, pred = load(argv[0]), load(argv[1])
    want_json = "--json" in argv
    mins = {}
    for i, a in enumerate(argv):
        if a == "--min":
            k, v = argv[i + 1].split("=")
            mins[k] = float(v)
    acc = {f: [0, 0] for f in ("event_date", "activity", "participants", "election")}
    stated = {f: [0, 0] for f in ("event_date", "participants")}  # only where gold is not null
    sets = {f: [0, 0, 0] for f in ("agencies", "regions")}  # tp, fp, fn
    loc = []
    misses = []
    for gid, g in gold.items():
        gl = g["gold"]
        events = (pred.get(gid) or {}).get("events") or [{}]
        p = events[0] or {}
        for f in acc:
            gv, pv = gl.get(f), p.get(f)
            if f == "participants":
                gv = int(gv) if gv is not None else None
                pv = int(pv) if pv not in (None, "") else None
            else:
                gv = norm(gv) if gv else None
                pv = norm(pv) if pv else None
            acc[f][1] += 1
            if gv == pv:
                acc[f][0] += 1
            else:
                misses.append((gid, f, gl.get(f), p.get(f)))
            if f in stated and gv is not None:
                stated[f][1] += 1
                stated[f][0] += gv == pv
        for f in sets:
            gs = {norm(x) for x in gl.get(f) or []}
            ps = {norm(x) for x in p.get(f) or []}
            sets[f][0] += len(gs & ps)
            sets[f][1] += len(ps - gs)
            sets[f][2] += len(gs - ps)
            if gs != ps:
                misses.append((gid, f, sorted(gs), sorted(ps)))
        gt, pt = tokens(gl.get("location")), tokens(p.get("location"))
        if not gt and not pt:
            loc.append(1.0)
        elif not gt or not pt:
            loc.append(0.0)
        else:
            common = len(gt & pt)
            loc.append(0.0 if not common else 2 * common / (len(gt) + len(pt)))
    out = {"articles": len(gold), "predicted": sum(1 for g in gold if g in pred)}
    for f, (ok, n) in acc.items():
        out[f"{f}_acc"] = round(ok / n, 3) if n else None
    for f, (ok, n) in stated.items():
        out[f"{f}_stated_acc"] = round(ok / n, 3) if n else None
    for f, (tp, fp, fn) in sets.items():
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[f"{f}_p"] = round(prec, 3)
        out[f"{f}_r"] = round(rec, 3)
        out[f"{f}_f1"] = round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0
    out["location_tokf1"] = round(sum(loc) / len(loc), 3) if loc else None
    if want_json:
        print(json.dumps(out))
    else:
        for gid, f, g, p in misses:
            print(f"miss {gid} {f}: gold={g!r} pred={p!r}")
        print(" ".join(f"{k}={v}" for k, v in out.items()))
    low = [k for k, v in mins.items() if (out.get(k) or 0) < v]
    if low:
        print("below minimum: " + ", ".join(f"{k}={out.get(k)}<{mins[k]}" for k in low))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
