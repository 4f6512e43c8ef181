#!/usr/bin/env python3
"""Run the extractor over the bundled sample articles and score them with the shared scorer
(``../shared/tools/score_extraction.py``), or its bundled copy when ``../shared`` is absent.

Usage: .tools/bin/uv run --locked python bench/score_samples.py [--pred OUT.jsonl] [--scorer PATH] [--quiet] [--no-html]

Gold: ``data/sample/expected.jsonl`` (labels made independently of the extractor's rules,
following the corpus README). Each gold line's ``source`` names the input:

* ``articles.jsonl:N``: line N of ``data/sample/articles.jsonl`` (text, title, published, url,
  publisher);
* ``txt/*.txt``, the seed ``.txt`` and ``html/*.html``: read with the project's reader
  (``dashboard.ingest.readers.read_path``, what ingest does) when it handles the format: the
  txt header block (``URL:``, ``Judul:``, ``Tanggal:``, ``Sumber:``, blank line) becomes
  url/title/published/publisher, an HTML page gives its main text, title and date. With an
  older reader that does not, the script does the same itself: it parses the header block,
  and reads HTML with trafilatura (a project dependency). ``--no-html`` skips the two HTML
  records (gold and prediction alike: the figures are then over 50 records).

Only the input fields are given to the extractor; ``gold`` and ``notes`` are never read except
by the scorer. Prints the scorer's output (``--quiet``: only the summary line).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from score_dev import default_scorer, score_records  # noqa: E402  (bench/ is on sys.path when run as a script)

SAMPLE = ROOT / "data" / "sample"
_HEADER_RE = re.compile(r"\A((?:(?:URL|Judul|Tanggal|Sumber):[^\n]*\n)+)\n")


def read_txt(path: Path) -> dict:
    text = path.read_text(encoding="utf-8-sig")
    rec: dict = {"text": text, "title": None, "published": None, "url": None, "publisher": None}
    m = _HEADER_RE.match(text)
    if m:
        keys = {"URL": "url", "Judul": "title", "Tanggal": "published", "Sumber": "publisher"}
        for line in m.group(1).splitlines():
            k, _, v = line.partition(":")
            if k in keys and v.strip():
                rec[keys[k]] = v.strip()
        rec["text"] = text[m.end():]
    return rec


def read_html(path: Path) -> dict | None:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover
        return None
    html = path.read_text(encoding="utf-8")
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        return None
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    return {"text": get("text") or "", "title": get("title"), "published": get("date"), "url": get("url"),
            "publisher": get("sitename")}


def read_project(path: Path) -> dict | None:
    """The article as the project's reader gives it, or None when that reader cannot do what
    ingest needs here (unsupported format, or a txt header block left in the text)."""
    try:
        from dashboard.ingest.readers import read_path
    except ImportError:  # pragma: no cover
        return None
    try:
        got = [r for r in read_path(path) if hasattr(r, "text")]
    except Exception:  # noqa: BLE001 - a reader failure means: use the fallback
        return None
    if len(got) != 1 or not got[0].text or _HEADER_RE.match(got[0].text):
        return None
    r = got[0]
    pub = r.published.isoformat() if hasattr(r.published, "isoformat") else r.published
    return {"text": r.text, "title": r.title, "published": pub, "url": r.url, "publisher": r.publisher}


def load_inputs(no_html: bool = False) -> dict[str, dict]:
    jl = [json.loads(x) for x in (SAMPLE / "articles.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    out = {}
    for line in (SAMPLE / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        src = g["source"]
        if src.startswith("articles.jsonl:"):
            r = jl[int(src.split(":")[1]) - 1]
            rec = {k: r.get(k) for k in ("text", "title", "published", "url", "publisher")}
        elif src.endswith(".txt"):
            rec = read_project(SAMPLE / src) or read_txt(SAMPLE / src)
        elif src.endswith(".html"):
            if no_html:
                continue
            rec = read_project(SAMPLE / src) or read_html(SAMPLE / src)
            if rec is None:
                continue
        else:
            continue
        out[g["id"]] = rec
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pred", help="write predictions here (default: a temporary file)")
    ap.add_argument("--scorer", default=default_scorer())
    ap.add_argument("--quiet", action="store_true", help="print only the summary line")
    ap.add_argument("--no-html", action="store_true", help="skip the two HTML samples")
    args = ap.parse_args(argv)
    gold = SAMPLE / "expected.jsonl"
    inputs = load_inputs(args.no_html)
    rows = [x for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    if len(inputs) < len(rows):  # score only what was read
        gold = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        gold.write_text("\n".join(x for x in rows if json.loads(x)["id"] in inputs) + "\n", encoding="utf-8")
    return score_records(inputs.items(), gold, args.scorer, Path(args.pred) if args.pred else None, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
