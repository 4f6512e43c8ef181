"""``dashboard extract IN.jsonl [-o OUT] [--explain] [--events EVENTS]``: extraction only, no database.

JSON Lines in, one object a line with the article text under any of the names ``ingest``
accepts (``text``, ``isi``, ``konten``, ``body``, ...; see ``readers.FIELD_SYNONYMS``) and
optionally ``id``, ``title``, ``url``, ``published``, ``publisher`` (or their synonyms);
JSON Lines out: ``{"id", "events"}``. With ``--events``, also the merged events, one per real
event: the event's fields in the ``extract`` format plus ``"sources"`` (record ids, main first).

What a newcomer meets is answered in words, never with a traceback: a missing file, a
folder, a binary file, an output folder that does not exist, an empty input, and a plain
text article (one clear hint that JSON Lines is expected, instead of one "skipped" line
per paragraph). Exit status: 0 all lines extracted, 1 some lines skipped or nothing to
read, 2 the input or output could not be used.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

MAX_LINE_MESSAGES = 20  # per-line "skipped" messages before they are only counted
JSONL_HINT = (
    "dashboard extract reads JSON Lines: one JSON object per line with the article text, e.g.\n"
    '  {"id": 1, "title": "Rakor Pilkada", "text": "Badan Kesbangpol menggelar rapat ..."}\n'
    "(text may also be called isi, konten or body). To store plain .txt, .html, .csv or .xlsx "
    "articles, use: dashboard ingest PATH"
)


class InputError(Exception):
    """The input or output cannot be used at all (exit status 2)."""


def _parse_date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def open_input(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path} is a folder; give one JSON Lines file (or - for standard input)")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if b"\x00" in data[:65536]:
        raise InputError(f"{path} is a binary file, not text.\n{JSONL_HINT}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text.\n{JSONL_HINT}") from None
    import io

    return io.StringIO(text)


def open_output(path: str | None) -> IO[str]:
    if not path:
        return sys.stdout
    parent = Path(path).parent
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: the folder {parent} does not exist")
    if Path(path).is_dir():
        raise InputError(f"cannot write {path}: it is a folder")
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _record(line: str) -> dict[str, Any]:
    """The extractor's inputs from one line; raises ValueError with a reason."""
    from dashboard.ingest.readers import FIELD_SYNONYMS, match_columns

    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(rec, dict):
        raise ValueError("not a JSON object")
    keys = list(rec.keys())
    cols = match_columns(keys, FIELD_SYNONYMS)
    values = {fld: rec[keys[i]] for fld, i in cols.items()}
    text = values.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no article text (a string field named text, isi, konten or body)")
    return {"id": rec.get("id"), **values}


def extract_lines(lines: Iterable[str], out: IO[str], err: IO[str], name: str = "input", explain: bool = False,
                  merged: Any = None) -> int:
    """``merged``: a ``merging.jsonl.EventsWriter`` that is given every record's events."""
    from dashboard.extract import extract_events

    done = skipped = 0
    seen_content = False
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = _record(line)
        except ValueError as exc:
            if not seen_content and not line.lstrip().startswith("{"):
                print(f"error: {name} is not JSON Lines (line {n} is not a JSON object).\n{JSONL_HINT}", file=err)
                return 2
            seen_content = True
            skipped += 1
            if skipped <= MAX_LINE_MESSAGES:
                print(f"line {n}: skipped: {exc}", file=err)
            continue
        seen_content = True
        events = extract_events(
            rec["text"],
            title=rec.get("title") if isinstance(rec.get("title"), str) else None,
            published=_parse_date(rec.get("published")),
            url=rec.get("url") if isinstance(rec.get("url"), str) else None,
            publisher=rec.get("publisher") if isinstance(rec.get("publisher"), str) else None,
        )
        rid = rec["id"] if rec["id"] is not None else n
        # explain: each value's evidence span and confidence too (ExtractedEvent.explain_dict)
        rows = [e.explain_dict() if explain else e.to_score_dict() for e in events]
        out.write(json.dumps({"id": rid, "events": rows}, ensure_ascii=False))
        out.write("\n")
        if merged is not None:
            merged.add(rid, events, title=rec.get("title") if isinstance(rec.get("title"), str) else None,
                       text=rec["text"], published=_parse_date(rec.get("published")))
        done += 1
    if skipped > MAX_LINE_MESSAGES:
        print(f"... {skipped - MAX_LINE_MESSAGES} more lines skipped", file=err)
    if not seen_content:
        print(f"error: {name} is empty: nothing to extract.\n{JSONL_HINT}", file=err)
        return 1
    if skipped:
        print(f"{done} articles extracted, {skipped} lines skipped", file=err)
        return 1
    return 0


def run(input_path: str, output_path: str | None, explain: bool = False, events_path: str | None = None) -> int:
    from dashboard.merging.jsonl import EventsWriter

    if events_path and output_path and Path(events_path).resolve() == Path(output_path).resolve():
        print("error: --events must name another file than -o", file=sys.stderr)
        return 2
    try:
        src = open_input(input_path)
        dst = open_output(output_path)
        evs = open_output(events_path) if events_path else None
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    merged = EventsWriter() if evs is not None else None
    try:
        status = extract_lines(src, dst, sys.stderr, "standard input" if input_path == "-" else input_path, explain,
                               merged)
        if merged is not None and status != 2:
            merged.write(evs)
    finally:
        if dst is not sys.stdout:
            dst.close()
        if evs is not None:
            evs.close()
    for path in (output_path, events_path):
        if status == 2 and path and os.path.exists(path) and os.path.getsize(path) == 0:
            os.unlink(path)  # nothing was written: leave no empty file behind
    return status
