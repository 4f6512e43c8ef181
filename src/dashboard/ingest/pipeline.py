"""The ingest pipeline: read files, clean, extract, store.

A file is stored completely or not at all, so an ingest killed midway leaves the database
consistent and a re-run finishes the job. Articles are unique by URL and by content hash,
so a re-run adds nothing (idempotent).

``ingest_paths`` (``dashboard ingest``) commits whole files in batches: one transaction for
every ``BATCH_ARTICLES`` articles or ``BATCH_SECONDS`` seconds, whichever comes first, each
file inside it under a savepoint (a file that breaks the store is rolled back alone and
reported). A crash loses at most the open batch, which a re-run stores. Folders are walked
as they are read, reference data (agencies, region codes, elections) is read once per run,
and the report keeps counts and the rejections (the first ``MAX_LISTED_REJECTIONS``), not
one entry per article: memory does not grow with the input. ``ingest_uploads`` and
``ingest_items`` (the browser, the collector) keep one transaction per file and the full
per-item report.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.config import get_settings
from dashboard.db import models as m
from dashboard.db.engine import get_engine, new_session, refresh_statistics, session_scope, statistics_stale
from dashboard.extract import extract_events
from dashboard.ingest.model import RawArticle, Rejection
from dashboard.ingest.readers import InputFile, count_inputs, iter_inputs, list_inputs, read_bytes, read_input
from dashboard.ingest.reports import FileReport, IngestReport, IngestSummary, ItemReport
from dashboard.ingest.storing import ReferenceCache, store_article, store_events
from dashboard.ingest.storing import (  # noqa: F401 - callers (uploads, the collector's preview) import them from here
    content_hash,
    find_duplicate,
    normalise_text,
    normalise_url,
    title_from_text,
)

ProgressFn = Callable[[int, int, str], None]

BATCH_ARTICLES = 500  # ``ingest_paths`` commits after this many articles ...
BATCH_SECONDS = 5.0  # ... or this many seconds, at the end of a file


# ---------------------------------------------------------------- files


def expand_inputs(paths: Iterable[str | Path], *, max_bytes: int | None = None) -> list[InputFile]:
    """What the given paths stand for, through the readers' own folder walk (which never
    follows a link and never opens a device or FIFO): files of folders recursively in a
    stable order, hidden files skipped, each named as reports show it: ``<folder
    name>/<relative path>`` for a file found in a folder, the file name for a file given
    directly. Links, special files, missing paths and empty folders are entries too, to
    be reported. No absolute path of the machine ends up in the database."""
    return [f for p in paths for f in list_inputs(p, max_bytes=max_bytes)]


def expand_paths(paths: Iterable[str | Path]) -> list[InputFile]:
    return expand_inputs(paths)


def _store_file(
    session: Session,
    report: FileReport,
    items: Iterable[RawArticle | Rejection],
    *,
    username: str,
    on_stored: Callable[[Session, FileReport], None] | None = None,
) -> None:
    """Store what one file yielded in the caller's transaction, with its audit entry."""
    source = report.source
    for item in items:
        if isinstance(item, Rejection):
            report.items.append(
                ItemReport(item.source, "rejected", item.reason, getattr(item, "code", "") or "rejected")
            )
            continue
        report.items.append(store_article(session, item))
    if on_stored is not None:
        on_stored(session, report)
    if not report.items:
        report.items.append(
            ItemReport(source, "rejected", "no article was found in the file (is it the right file?)", "no_text")
        )
    new = [i.article_id for i in report.items if i.status == "new"]
    if new:
        # the audit entry is part of the file's transaction: stored together or not at all
        from dashboard import audit

        audit.insert_entry(
            session, username=username, action="ingest_file", entity="file",
            entity_id=Path(source).name[-80:] or source[-80:],
            after={
                "new": len(new),
                "duplicate": report.count("duplicate"),
                "rejected": report.count("rejected"),
                "articles": new[:1000],
            },
            detail=source,
        )


def _rolled_back(report: FileReport, exc: BaseException) -> None:
    """The file's articles were not stored after all: say so in its report."""
    report.error = f"{type(exc).__name__}: {exc}"[:500]
    report.items = [
        ItemReport(i.source, "rejected", f"not stored: the file was rolled back ({report.error})", "rolled_back")
        if i.status == "new"
        else i
        for i in report.items
    ] or [ItemReport(report.source, "rejected", f"not stored ({report.error})", "store_error")]


def ingest_items(
    engine: Engine,
    source: str,
    items: Iterable[RawArticle | Rejection],
    *,
    username: str = "cli",
    on_stored: Callable[[Session, FileReport], None] | None = None,
) -> FileReport:
    """Store what one file yielded, in one transaction. ``on_stored(session, report)`` runs
    inside that transaction after the items (the collector records the page there, so an
    article and the record of its page are committed together)."""
    report = FileReport(source)
    try:
        with session_scope(engine, write=True) as session:
            _store_file(session, report, items, username=username, on_stored=on_stored)
    except Exception as exc:  # noqa: BLE001 - a file that breaks the store is reported, not fatal
        _rolled_back(report, exc)
    return report


class BatchWriter:
    """Whole files stored in shared transactions: ``add`` stores one file under a savepoint
    (a file that breaks the store is rolled back alone and reported, as ``ingest_items``
    does); the transaction is committed once it holds ``batch_articles`` articles or is
    ``batch_seconds`` old, and by ``close``. Each committed file's report goes to
    ``on_done`` (after its commit: an article is reported new only once it is stored).
    ``abort`` (or an exception that escapes) rolls the open batch back: committed batches
    stay, the open one is lost, and a re-run stores it (duplicates are recognised)."""

    def __init__(
        self, engine: Engine, *, username: str, on_done: Callable[[FileReport], None],
        batch_articles: int = BATCH_ARTICLES, batch_seconds: float = BATCH_SECONDS,
    ):
        self.engine, self.username, self.on_done = engine, username, on_done
        self.batch_articles, self.batch_seconds = max(1, batch_articles), batch_seconds
        self.session: Session | None = None
        self.pending: list[FileReport] = []
        self.articles = 0
        self.opened = 0.0
        self.reference: ReferenceCache | None = None
        self.commits = 0

    def _open(self) -> Session:
        if self.session is None:
            self.session = new_session(self.engine, write=True)
            if self.reference is None:
                self.reference = ReferenceCache(self.session)
            self.reference.attach(self.session)
            self.opened = time.monotonic()
        return self.session

    def add(self, source: str, items: Iterable[RawArticle | Rejection]) -> None:
        session = self._open()
        report = FileReport(source)
        try:
            with session.begin_nested():
                _store_file(session, report, items, username=self.username)
        except Exception as exc:  # noqa: BLE001 - a file that breaks the store is reported, not fatal
            from dashboard.merging.store import forget_large

            forget_large(session)  # what merging kept may come from the rolled-back file
            _rolled_back(report, exc)
        self.pending.append(report)
        self.articles += len(report.items)
        if self.articles >= self.batch_articles or time.monotonic() - self.opened >= self.batch_seconds:
            self.commit()

    def commit(self) -> None:
        if self.session is None:
            return
        session, self.session = self.session, None
        try:
            session.commit()
            self.commits += 1
        except Exception as exc:  # noqa: BLE001 - the batch is reported as rolled back, the run goes on
            session.rollback()
            for report in self.pending:
                if not report.error:
                    _rolled_back(report, exc)
        finally:
            session.close()
        done, self.pending, self.articles = self.pending, [], 0
        for report in done:
            self.on_done(report)

    def abort(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            try:
                session.rollback()
            finally:
                session.close()
        self.pending, self.articles = [], 0

    def close(self) -> None:
        self.commit()


def ingest_paths(
    paths: Sequence[str | Path],
    *,
    engine: Engine | None = None,
    username: str = "cli",
    progress: ProgressFn | None = None,
    batch_articles: int = BATCH_ARTICLES,
    batch_seconds: float = BATCH_SECONDS,
) -> IngestSummary:
    """Store the files the paths stand for, walked as they are read, in batched
    transactions of whole files (see the module's docstring). ``progress(done, total,
    source)`` after each file (the total is counted first, only when there is a progress)."""
    engine = engine or get_engine()
    max_bytes = get_settings().max_upload_bytes
    total = count_inputs(paths, max_bytes=max_bytes) if progress else 0
    summary = IngestSummary()
    writer = BatchWriter(engine, username=username, on_done=summary.add, batch_articles=batch_articles,
                         batch_seconds=batch_seconds)
    done = 0
    try:
        for path in paths:
            for f in iter_inputs(path, max_bytes=max_bytes):
                writer.add(f.source, read_input(f, max_bytes=max_bytes))
                done += 1
                if progress:
                    progress(done, max(total, done), f.source)
        writer.close()
    except BaseException:
        writer.abort()
        raise
    _record_run(engine, summary, username)
    return summary


def ingest_uploads(
    uploads: Sequence[tuple[str, bytes]],
    *,
    engine: Engine | None = None,
    username: str = "web",
    progress: ProgressFn | None = None,
) -> IngestReport:
    """Same as ``ingest_paths`` for files uploaded through the browser."""
    engine = engine or get_engine()
    max_bytes = get_settings().max_upload_bytes
    report = IngestReport()
    for n, (name, data) in enumerate(uploads, 1):
        if len(data) > max_bytes:
            report.files.append(FileReport(name, [_too_large(name, len(data), max_bytes)]))
        elif not data:
            report.files.append(
                FileReport(name, [ItemReport(name, "rejected", "the file is empty (0 bytes); choose the right file", "empty")])
            )
        else:
            report.files.append(ingest_items(engine, name, read_bytes(name, data, max_bytes=max_bytes), username=username))
        if progress:
            progress(n, len(uploads), name)
    _record_run(engine, report, username)
    return report


def _too_large(source: str, size: int, max_bytes: int) -> ItemReport:
    mb = 1024 * 1024
    return ItemReport(
        source,
        "rejected",
        f"the file is {size / mb:.1f} MB; the largest accepted file is {max_bytes / mb:.1f} MB: split it into "
        "smaller files or zip it (an admin can raise DASHBOARD_MAX_UPLOAD_MB)",
        "too_large",
    )


def _record_run(engine: Engine, report: IngestReport | IngestSummary, username: str) -> None:
    with session_scope(engine, write=True) as session:
        run = m.IngestRun(
            username=username,
            new=report.new,
            duplicate=report.duplicate,
            rejected=report.rejected,
            report=report.to_dict(),
            finished_at=m.utcnow(),
        )
        session.add(run)
        session.flush()
        session.add(
            m.AuditLog(
                username=username,
                action="ingest",
                entity="ingest_run",
                entity_id=str(run.id),
                before=None,
                after={"new": report.new, "duplicate": report.duplicate, "rejected": report.rejected},
                detail=report.detail(),
            )
        )
    if statistics_stale(engine, report.new):
        refresh_statistics(engine)  # the planner's row estimates follow the data (db/engine.py)


def reextract(
    engine: Engine | None = None, article_ids: Sequence[int] | None = None, batch: int = 200, *, username: str = "cli"
) -> int:
    """Run extraction again over stored articles (after the extractor improved). Events
    a person confirmed, edited or rejected stay untouched. Returns events written."""
    engine = engine or get_engine()
    with session_scope(engine) as session:
        q = select(m.Article.id).order_by(m.Article.id)
        if article_ids is not None:
            q = q.where(m.Article.id.in_(list(article_ids)))
        ids = list(session.scalars(q))
    written = 0
    for i in range(0, len(ids), batch):
        with session_scope(engine, write=True) as session:
            in_batch = 0
            batch_ids: list[int] = []
            for art in session.scalars(select(m.Article).where(m.Article.id.in_(ids[i : i + batch]))):
                events = extract_events(
                    art.text, title=art.title, published=art.published, url=art.url, publisher=art.publisher
                )
                in_batch += store_events(session, art, events, merge=False, written_ids=batch_ids)
            from dashboard import audit
            from dashboard.merging import store as merging

            merging.merge_events(session, batch_ids)  # the batch's events, each group checked once

            part = ids[i : i + batch]
            audit.record(
                session, username=username, action="reextract", entity="articles",
                entity_id=f"{part[0]}-{part[-1]}" if part else None,
                after={"articles": len(part), "events_written": in_batch},
            )
            written += in_batch
    return written
