#!/usr/bin/env python3
"""Run the extractor over a corpus JSONL and score it with the shared scorer.

Usage: .tools/bin/uv run --locked python bench/score_dev.py [CORPUS.jsonl] [--pred OUT.jsonl] [--scorer PATH] [--quiet]

Defaults: ``../shared/corpus/dev.jsonl`` and ``../shared/tools/score_extraction.py`` relative to
the repository root (the scorer falls back to the bundled copy ``bench/score_extraction.py``;
the corpus has no such copy: without ``../shared`` the script says so and exits with 2). Only the input fields of a record are given to the extractor (text, title,
published, url, publisher); ``gold`` and ``notes`` are never read. Prints the scorer's output.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dashboard.extract import extract_events  # noqa: E402


BUNDLED_SCORER = Path(__file__).resolve().parent / "score_extraction.py"  # a copy of the shared scorer
NEEDS_SHARED = ("needs ../shared beside the repository (the reference material: corpus/dev.jsonl and "
                "tools/score_extraction.py), which this checkout does not have")


def _shared(*parts: str) -> str:
    """``../shared/...`` beside the repository (also found from a nested worktree)."""
    for base in (ROOT.parent, *ROOT.parent.parents):
        p = base.joinpath("shared", *parts)
        if p.exists():
            return str(p)
    return str(ROOT.parent.joinpath("shared", *parts))


def default_scorer() -> str:
    """The shared scorer when it is there, else the bundled copy."""
    shared = Path(_shared("tools", "score_extraction.py"))
    return str(shared if shared.exists() else BUNDLED_SCORER)


def score_records(records, gold: Path, scorer: str, pred: Path | None = None, quiet: bool = False) -> int:
    """Extract every ``(id, record)`` of ``records`` into ``pred`` (a temporary file when
    None), score it against ``gold`` with ``scorer``, print the scorer's output (only its
    summary line when ``quiet``) and return its exit status."""
    pred = pred or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with open(pred, "w", encoding="utf-8") as out:
        for rid, r in records:
            events = extract_events(
                r.get("text") or "", title=r.get("title"), published=r.get("published"),
                url=r.get("url"), publisher=r.get("publisher"),
            )
            out.write(json.dumps({"id": rid, "events": [e.to_score_dict() for e in events]}, ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, scorer, str(gold), str(pred)], capture_output=True, text=True)
    lines = res.stdout.strip().splitlines()
    if quiet and lines:
        print(lines[-1])
    else:
        print(res.stdout, end="")
    if res.stderr:
        print(res.stderr, file=sys.stderr, end="")
    return res.returncode


def _jsonl(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                yield r["id"], r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", nargs="?", default=_shared("corpus", "dev.jsonl"))
    ap.add_argument("--pred", help="write predictions here (default: a temporary file)")
    ap.add_argument("--scorer", default=default_scorer())
    ap.add_argument("--quiet", action="store_true", help="print only the summary line")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_file():
        hint = f"score_dev.py {NEEDS_SHARED}" if args.corpus == _shared("corpus", "dev.jsonl") else "give a JSON Lines file"
        print(f"error: corpus not found: {corpus}\n{hint}", file=sys.stderr)
        return 2
    if not Path(args.scorer).is_file():
        print(f"error: scorer not found: {args.scorer}", file=sys.stderr)
        return 2
    return score_records(_jsonl(corpus), corpus, args.scorer, Path(args.pred) if args.pred else None, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
