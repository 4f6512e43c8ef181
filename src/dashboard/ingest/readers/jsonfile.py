"""JSON and JSON Lines: arrays, wrapped lists, one object, one object a line."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from dashboard.ingest.model import RawArticle, Rejection
from dashboard.ingest.readers.base import BAD_JSON, EMPTY, MAX_LINES, NO_TEXT, TOO_LARGE, Limits, Result, _ext, _Reject, _short_exc
from dashboard.ingest.readers.records import FIELD_SYNONYMS, _Counter, _record_to_article, match_columns

def _json_record(obj: Any, source: str) -> Result:
    if not isinstance(obj, dict):
        return Rejection(source, f"expected a JSON object with the article fields, found {_json_type(obj)}",
                         BAD_JSON)
    keymap = match_columns(obj.keys(), FIELD_SYNONYMS)
    keys = list(obj.keys())
    values = {fld: obj[keys[i]] for fld, i in keymap.items()}
    try:
        return _record_to_article(values, source)
    except _Reject as r:
        return Rejection(source, r.reason, r.code)


def _json_type(obj: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(obj), "a number")


_WRAPPER_KEYS = ("articles", "artikel", "berita", "items", "data", "records", "results")


def _read_json(source: str, name: str, text: str, limits: Limits) -> Iterator[Result]:
    """A JSON array of article objects, a single object, an object wrapping such a list
    (``{"articles": [...]}``), or JSON Lines (one object a line; a bad line is rejected
    with its line number, the others go through)."""
    text = text.lstrip("\ufeff")
    stripped = text.strip()
    if not stripped:
        raise _Reject(EMPTY, "the file is empty")
    counter = _Counter(source, limits)
    if stripped[0] == "[":
        yield from _json_array(source, stripped, limits, counter)
        return
    if stripped[0] != "{":
        raise _Reject(BAD_JSON, "the file is not JSON: it should start with [ (a list of articles) "
                      "or { (one article per line)")
    try:
        whole = json.loads(stripped, strict=False)
    except ValueError:
        whole = None  # JSON Lines, or broken: handled line by line
    if isinstance(whole, dict):
        wrapped = None
        if "text" not in match_columns(whole.keys(), FIELD_SYNONYMS):
            for k in _WRAPPER_KEYS:
                for key, v in whole.items():
                    if isinstance(key, str) and key.casefold() == k and isinstance(v, list):
                        wrapped = v
                        break
                if wrapped is not None:
                    break
        if wrapped is not None:
            for i, obj in enumerate(wrapped, start=1):
                item = _json_record(obj, f"{source}[{i}]")
                counter.article() if isinstance(item, RawArticle) else counter.rejection()
                yield item
            return
        one_line = "\n" not in stripped
        yield _json_record(whole, f"{source}:1" if one_line and _ext(name) != ".json" else source)
        return
    # read lazily (no list of millions of lines); LF, CRLF and CR all end a line (a raw CR
    # cannot be inside a JSON string)
    for n, line in enumerate(io.StringIO(text, newline=None), start=1):
        if n > MAX_LINES:
            raise _Reject(TOO_LARGE, f"the file has more than {MAX_LINES} lines; split it")
        line = line.rstrip("\n")
        if not line.strip():
            continue
        src = f"{source}:{n}"
        try:
            obj = json.loads(line, strict=False)
        except ValueError as e:
            item: Result = Rejection(src, f"line {n} is not valid JSON ({_json_error(e)})", BAD_JSON)
        except RecursionError:
            item = Rejection(src, f"line {n} is nested too deeply", BAD_JSON)
        else:
            item = _json_record(obj, src)
        counter.article() if isinstance(item, RawArticle) else counter.rejection()
        yield item


def _json_error(e: ValueError) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"{e.msg} at column {e.colno}"
    return _short_exc(e)


def _json_array(source: str, text: str, limits: Limits, counter: _Counter) -> Iterator[Result]:
    """Items of a JSON array parsed one at a time (items before a syntax error are kept;
    the error is reported with its line number)."""
    decoder = json.JSONDecoder(strict=False)
    ws = re.compile(r"[ \t\n\r]*")
    idx = ws.match(text, 1).end()
    if text.startswith("]", idx):
        raise _Reject(NO_TEXT, "the JSON list is empty")
    i = 0
    while True:
        i += 1
        try:
            obj, end = decoder.raw_decode(text, idx)
        except ValueError as e:
            line = text.count("\n", 0, idx) + 1
            raise _Reject(BAD_JSON, f"invalid JSON in item {i} (line {line}): {_json_error(e)}"
                          + ("" if text.endswith("]") else "; the file may be cut off")) from None
        except RecursionError:
            raise _Reject(BAD_JSON, f"item {i} is nested too deeply") from None
        item = _json_record(obj, f"{source}[{i}]")
        counter.article() if isinstance(item, RawArticle) else counter.rejection()
        yield item
        idx = ws.match(text, end).end()
        if text.startswith(",", idx):
            idx = ws.match(text, idx + 1).end()
            continue
        if text.startswith("]", idx):
            rest = text[idx + 1:].strip()
            if rest:
                raise _Reject(BAD_JSON, "unexpected data after the end of the JSON list")
            return
        line = text.count("\n", 0, idx) + 1
        raise _Reject(BAD_JSON, f"expected , or ] after item {i} (line {line})"
                      + ("" if text.endswith("]") else "; the file may be cut off"))
