"""Plain data passed between readers, cleaning and the ingest pipeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class RawArticle:
    """One article as read from a file, before cleaning and extraction.

    ``text`` is the article text as plain text (for HTML: the main text found by the
    extraction library). ``source`` says where it came from (file, zip member, row).
    """

    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    source: str = ""
    collect_source_id: int | None = None  # the registered site it was collected from (dashboard collect)


@dataclass
class Rejection:
    """An input that could not be read, with a reason a user can act on.

    ``reason`` is an English sentence for logs and reports; ``code`` is a stable
    machine-readable key (``too_large``, ``bad_encoding``, ``zip_unsafe``, ...; see
    ``dashboard.ingest.readers.REJECTION_CODES``) that the UI can translate.
    """

    source: str
    reason: str
    code: str = "unreadable"
