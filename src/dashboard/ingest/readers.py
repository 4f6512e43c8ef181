"""Minimal readers (plain text and JSON Lines); replaced by the full readers module."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from dashboard.ingest.model import RawArticle, Rejection


def read_path(path, *, max_bytes=None) -> Iterator[RawArticle | Rejection]:
    path = Path(path)
    yield from read_bytes(str(path), path.read_bytes(), max_bytes=max_bytes)


def read_bytes(name, data: bytes, *, max_bytes=None) -> Iterator[RawArticle | Rejection]:
    text = data.decode("utf-8-sig", errors="replace")
    if name.endswith(".jsonl"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                pub = r.get("published")
                yield RawArticle(
                    text=r["text"], title=r.get("title"), url=r.get("url"),
                    published=dt.date.fromisoformat(pub[:10]) if pub else None,
                    publisher=r.get("publisher"), source=f"{name}:{n}",
                )
            except Exception as exc:  # noqa: BLE001
                yield Rejection(f"{name}:{n}", f"bad line: {exc}")
    elif name.endswith(".txt"):
        yield RawArticle(text=text, source=name)
    else:
        yield Rejection(name, "unsupported format")
