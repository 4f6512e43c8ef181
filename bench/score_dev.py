#!/usr/bin/env python3
"""Run the extractor over a corpus JSONL and score it with the shared scorer.

Usage: uv run python bench/score_dev.py [CORPUS.jsonl] [--pred OUT.jsonl] [--scorer PATH] [--quiet]

Defaults: ``../shared/corpus/dev.jsonl`` and ``../shared/tools/score_extraction.py`` relative to
the repository root. Only the input fields of a record are given to the extractor (text, title,
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


def _shared(*parts: str) -> str:
    """``../shared/...`` beside the repository (also found from a nested worktree)."""
    for base in (ROOT.parent, *ROOT.parent.parents):
        p = base.joinpath("shared", *parts)
        if p.exists():
            return str(p)
    return str(ROOT.parent.joinpath("shared", *parts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", nargs="?", default=_shared("corpus", "dev.jsonl"))
    ap.add_argument("--pred", help="write predictions here (default: a temporary file)")
    ap.add_argument("--scorer", default=_shared("tools", "score_extraction.py"))
    ap.add_argument("--quiet", action="store_true", help="print only the summary line")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2
    pred = Path(args.pred) if args.pred else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with open(corpus, encoding="utf-8") as f, open(pred, "w", encoding="utf-8") as out:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            events = extract_events(
                r.get("text") or "", title=r.get("title"), published=r.get("published"),
                url=r.get("url"), publisher=r.get("publisher"),
            )
            out.write(json.dumps({"id": r["id"], "events": [e.to_score_dict() for e in events]}, ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, args.scorer, str(corpus), str(pred)], capture_output=True, text=True)
    lines = res.stdout.strip().splitlines()
    if args.quiet and lines:
        print(lines[-1])
    else:
        print(res.stdout, end="")
    if res.stderr:
        print(res.stderr, file=sys.stderr, end="")
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
