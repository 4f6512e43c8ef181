"""robots.txt records and their rules (protego), for the fetcher. A record is what the site
answered (status and text); ``parse_robots`` turns it into rules following RFC 9309: a
2xx text is parsed, a 4xx ("unavailable") allows all, a 5xx or no answer ("unreachable")
allows nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from protego import Protego

ALLOW_ALL = object()
DISALLOW_ALL = object()


@dataclass
class RobotsRecord:
    status: int  # HTTP status of robots.txt; 0 = could not be reached
    text: str | None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: dt.datetime | None = None


class RobotsStore(Protocol):
    def load(self, origin: str) -> RobotsRecord | None: ...

    def save(self, origin: str, record: RobotsRecord) -> None: ...


class MemoryRobotsStore:
    def __init__(self) -> None:
        self._records: dict[str, RobotsRecord] = {}

    def load(self, origin: str) -> RobotsRecord | None:
        return self._records.get(origin)

    def save(self, origin: str, record: RobotsRecord) -> None:
        self._records[origin] = record


def parse_robots(rec: RobotsRecord) -> object:
    """Protego rules, or ``ALLOW_ALL`` / ``DISALLOW_ALL``."""
    if rec.text is not None and 200 <= rec.status < 300:
        try:
            return Protego.parse(rec.text)
        except Exception:  # noqa: BLE001 - an unparsable robots.txt allows nothing
            return DISALLOW_ALL
    if 400 <= rec.status < 500:
        return ALLOW_ALL  # "unavailable": no rules (RFC 9309 2.3.1.3)
    return DISALLOW_ALL  # unreachable or server error: assume complete disallow (2.3.1.4)
