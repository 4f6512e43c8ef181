"""Uploaded article files: size checks, a preview of what each file holds (new, duplicate,
rejected and why) before anything is written, then storing through the ingest pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from dashboard.config import get_settings
from dashboard.db.engine import session_scope
from dashboard.ingest.model import RawArticle, Rejection
from dashboard.manage.events import ProgressFn, clean_text

MAX_UPLOAD_FILES = 200
PREVIEW_ITEMS = 500  # items listed per file in a preview


# ---------------------------------------------------------------- uploads (articles)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class Problem:
    code: str
    reason: str


def size_problem(name: str, data: bytes, max_bytes: int | None = None) -> Problem | None:
    """Why an upload is refused before it is read (empty, too large), with what to do."""
    max_bytes = max_bytes or get_settings().max_upload_bytes
    if len(data) == 0:
        return Problem("empty", "the file is empty (0 bytes); choose the right file")
    if len(data) > max_bytes:
        return Problem(
            "too_large",
            f"the file is {_mb(len(data))}; the largest accepted file is {_mb(max_bytes)}: split it into smaller "
            "files or zip it (an admin can raise DASHBOARD_MAX_UPLOAD_MB)",
        )
    return None


@dataclass
class PreviewItem:
    source: str
    status: str  # new | duplicate | rejected
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    chars: int = 0
    reason: str = ""
    code: str = ""
    existing_id: int | None = None


@dataclass
class FilePreview:
    name: str
    size: int
    items: list[PreviewItem] = field(default_factory=list)
    more: int = 0  # items not listed (over PREVIEW_ITEMS)

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


def _read(name: str, data: bytes, max_bytes: int) -> Iterable[RawArticle | Rejection]:
    from dashboard.ingest.readers import read_bytes

    return read_bytes(name, data, max_bytes=max_bytes)


def upload_name(name: Any) -> str:
    """A browser-supplied file name as shown and recorded: no control characters (NUL,
    newlines, direction overrides), at most 255 characters, never empty."""
    return clean_text(name, 255) or "(no name)"


def preview_uploads(engine: Engine, uploads: Sequence[tuple[str, bytes]]) -> list[FilePreview]:
    """What storing these files would do, without writing anything: per file, the
    articles found (new or duplicate) and what would be rejected and why."""
    from dashboard.ingest.pipeline import content_hash, find_duplicate, normalise_text, normalise_url, title_from_text

    uploads = [(upload_name(n), d) for n, d in uploads]
    max_bytes = get_settings().max_upload_bytes
    out: list[FilePreview] = []
    seen: dict[str, str] = {}
    too_many = len(uploads) > MAX_UPLOAD_FILES
    with session_scope(engine) as s:
        for i, (name, data) in enumerate(uploads):
            fp = FilePreview(name, len(data))
            out.append(fp)
            if too_many and i >= MAX_UPLOAD_FILES:
                fp.items.append(PreviewItem(name, "rejected", reason=f"at most {MAX_UPLOAD_FILES} files at a time: "
                                            "upload the rest separately or put them in a zip", code="too_many_files"))
                continue
            problem = size_problem(name, data, max_bytes)
            if problem:
                fp.items.append(PreviewItem(name, "rejected", reason=problem.reason, code=problem.code))
                continue
            try:
                items = list(_read(name, data, max_bytes))
            except Exception as exc:  # noqa: BLE001 - a reader bug must not break the page
                fp.items.append(PreviewItem(name, "rejected", code="internal_error",
                                            reason=f"the file could not be read ({type(exc).__name__})"))
                continue
            if not items:
                fp.items.append(PreviewItem(name, "rejected", code="no_text", reason="no article was found in the file"))
            for n, item in enumerate(items):
                if n >= PREVIEW_ITEMS:
                    fp.more = len(items) - PREVIEW_ITEMS
                    break
                if isinstance(item, Rejection):
                    fp.items.append(PreviewItem(item.source, "rejected", reason=item.reason,
                                                code=getattr(item, "code", "") or "rejected"))
                    continue
                text = normalise_text(item.text) if isinstance(item.text, str) else ""
                if not text.strip():
                    fp.items.append(PreviewItem(item.source, "rejected", item.title, code="missing_text",
                                                reason="the article has no text"))
                    continue
                url = normalise_url(item.url)
                digest = content_hash(text)
                existing = find_duplicate(s, url, digest)
                # the title the store will use: given, or the headline the cleaner finds
                pi = PreviewItem(item.source, "new", item.title or title_from_text(text), item.published,
                                 url, len(text))
                if existing is not None:
                    pi.status, pi.code, pi.existing_id = "duplicate", "duplicate", existing
                    pi.reason = "already stored"
                elif digest in seen or (url and url in seen):
                    pi.status, pi.code = "duplicate", "duplicate_in_upload"
                    pi.reason = f"the same article is in {seen.get(digest) or seen.get(url)}"
                else:
                    seen[digest] = item.source
                    if url:
                        seen[url] = item.source
                out[-1].items.append(pi)
    return out


def store_uploads(
    engine: Engine,
    uploads: Sequence[tuple[str, bytes]],
    *,
    username: str,
    progress: ProgressFn | None = None,
):
    """Store uploaded article files: one transaction per file (a file is stored whole or
    not at all), size limits checked first, one audit entry per file and one per run.
    Returns the pipeline's ``IngestReport`` (per file, per item: new/duplicate/rejected)."""
    from dashboard.ingest.pipeline import ingest_uploads

    uploads = [(upload_name(n), d) for n, d in uploads]
    extra = uploads[MAX_UPLOAD_FILES:]
    report = ingest_uploads(uploads[:MAX_UPLOAD_FILES], engine=engine, username=username, progress=progress)
    if extra:
        from dashboard.ingest.pipeline import FileReport, ItemReport

        for name, _ in extra:
            report.files.append(
                FileReport(name, [ItemReport(name, "rejected", f"not stored: at most {MAX_UPLOAD_FILES} files at a "
                                             "time; upload the rest separately or put them in a zip", "too_many_files")])
            )
    return report
