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

import datetime as dt
import hashlib
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, delete, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.config import get_settings
from dashboard.db import models as m
from dashboard.db.engine import get_engine, new_session, session_scope
from dashboard.extract import ExtractedEvent, extract_events
from dashboard.ingest.model import RawArticle, Rejection
from dashboard.ingest.readers import InputFile, count_inputs, iter_inputs, list_inputs, read_bytes, read_input
from dashboard.reference import election_id_for_name, ensure_election

ProgressFn = Callable[[int, int, str], None]

BATCH_ARTICLES = 500  # ``ingest_paths`` commits after this many articles ...
BATCH_SECONDS = 5.0  # ... or this many seconds, at the end of a file
MAX_LISTED_REJECTIONS = 10_000  # rejections an ``IngestSummary`` lists (the rest are counted)

# Statuses a person has set: a later re-extraction must never overwrite these events.
PROTECTED_STATUSES = ("confirmed", "edited", "manual", "rejected")


@dataclass
class ItemReport:
    source: str
    status: str  # new | duplicate | rejected
    reason: str = ""
    code: str = ""
    article_id: int | None = None
    title: str | None = None
    events: int = 0


@dataclass
class FileReport:
    source: str
    items: list[ItemReport] = field(default_factory=list)
    error: str = ""  # set when the whole file was rolled back

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(f.count("new") for f in self.files)

    @property
    def duplicate(self) -> int:
        return sum(f.count("duplicate") for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.count("rejected") for f in self.files)

    @property
    def events(self) -> int:
        return sum(i.events for f in self.files for i in f.items)

    def rejections(self) -> list[ItemReport]:
        return [i for f in self.files for i in f.items if i.status == "rejected"]

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "events": self.events,
            "files": [
                {
                    "source": f.source,
                    "error": f.error,
                    "items": [
                        {k: v for k, v in vars(i).items() if v not in (None, "")} for i in f.items
                    ],
                }
                for f in self.files
            ],
        }


    def detail(self) -> str:
        return ", ".join(f.source for f in self.files)[:2000]


@dataclass
class IngestSummary:
    """The report of a large ingest (``ingest_paths``): the counts, and the rejections
    (the first ``MAX_LISTED_REJECTIONS``; ``unlisted`` counts the others). Same reading
    interface as ``IngestReport`` (``new``, ``duplicate``, ``rejected``, ``events``,
    ``rejections()``, ``to_dict()``), without one entry per article."""

    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    events: int = 0
    file_count: int = 0
    listed: list[ItemReport] = field(default_factory=list)
    unlisted: int = 0
    rolled_back_files: int = 0
    _detail: list[str] = field(default_factory=list)
    _detail_len: int = 0

    def add(self, f: FileReport) -> None:
        self.file_count += 1
        if f.error:
            self.rolled_back_files += 1
        for i in f.items:
            if i.status == "new":
                self.new += 1
                self.events += i.events
            elif i.status == "duplicate":
                self.duplicate += 1
            else:
                self.rejected += 1
                if len(self.listed) < MAX_LISTED_REJECTIONS:
                    self.listed.append(i)
                else:
                    self.unlisted += 1
        if self._detail_len < 2000:
            self._detail.append(f.source)
            self._detail_len += len(f.source) + 2

    def rejections(self) -> list[ItemReport]:
        return list(self.listed)

    def detail(self) -> str:
        return ", ".join(self._detail)[:2000]

    def to_dict(self) -> dict:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "events": self.events,
            "file_count": self.file_count,
            "rolled_back_files": self.rolled_back_files,
            "rejections": [{k: v for k, v in vars(i).items() if v not in (None, "")} for i in self.listed],
            "unlisted_rejections": self.unlisted,
        }


# ---------------------------------------------------------------- normalisation

_WS = re.compile(r"\s+")


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(s: str | None) -> str | None:
    """Without what no database can hold: NUL (PostgreSQL refuses it) and lone UTF-16
    surrogates (not encodable as UTF-8; they come from JSON escapes such as \\ud800)."""
    if s is None or not isinstance(s, str):
        return None
    return _UNSTORABLE.sub(lambda mt: "" if mt.group() == "\x00" else "\ufffd", s)


def normalise_text(text: str) -> str:
    """The text as stored: NFC, Unix newlines, no trailing spaces on lines."""
    text = storable(text) or ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def content_hash(text: str) -> str:
    """Hash of the text with whitespace collapsed and case folded: the same release
    saved twice with different spacing is one article."""
    key = _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def normalise_url(url: str | None) -> str | None:
    url = storable(url)
    if not url:
        return None
    url = url.strip()
    if not url:
        return None
    return url[:2000]


# ---------------------------------------------------------------- storing


def find_duplicate(session: Session, url: str | None, digest: str) -> int | None:
    A = m.Article.__table__  # a core statement: no ORM entity to load
    cond = [A.c.content_hash == digest]
    if url:
        cond.append(A.c.url == url)
    return session.scalar(select(A.c.id).where(or_(*cond)).limit(1))


class ReferenceCache:
    """The reference data an ingest run reads once instead of once per article: agency
    names, region codes, election ids. Put in a session's ``info`` (``attach``), it is what
    ``store_events`` uses in that session. Ingest never adds agencies or regions; an election
    met for the first time is added in the transaction (``ensure_election``) and not
    remembered here, as that transaction may yet be rolled back."""

    KEY = "ingest.reference"

    def __init__(self, session: Session):
        self.agencies = set(session.scalars(select(m.Agency.name)))
        self.regions = _known_region_codes(session)
        self.elections = set(session.scalars(select(m.Election.id)))

    def attach(self, session: Session) -> Session:
        session.info[self.KEY] = self
        return session

    @classmethod
    def of(cls, session: Session) -> ReferenceCache | None:
        return session.info.get(cls.KEY)

    def election(self, session: Session, name: str) -> str | None:
        eid = election_id_for_name(name)
        if eid is None or eid in self.elections:
            return eid
        return ensure_election(session, name)


def store_events(
    session: Session, article: m.Article | None, events: Sequence[ExtractedEvent], *, merge: bool = True,
    written_ids: list[int] | None = None, article_id: int | None = None, article_values: dict | None = None,
) -> int:
    """Store the machine-extracted events of ``article`` and merge them with other reports
    of the same real events (``dashboard.merging``), in the caller's transaction.

    An event keeps its id across re-extractions: the event at each position (``ordinal``)
    is updated in place, so links to it and a person's merge or split decisions about it
    stay valid; positions the new extraction no longer has are removed (their event first
    leaves any group). Once a person has confirmed, corrected or rejected any event of the
    article, nothing is replaced. ``merge=False``: the caller merges ``written_ids`` itself
    (a re-extraction merges a whole batch at once). ``article_id`` instead of ``article``: the
    article was inserted just now in this transaction, so it has no events yet (nothing to
    look up, and its events are written without ORM objects)."""
    from dashboard.merging import store as merging

    fresh = article is None and article_id is not None
    if not fresh:
        article_id = article.id if article is not None else None
    existing: dict[int, m.Event] = {}
    if article_id is not None and not fresh:
        protected = session.scalar(
            select(m.Event.id)
            .where(m.Event.article_id == article_id, m.Event.status.in_(PROTECTED_STATUSES))
            .limit(1)
        )
        if protected is not None:
            # A person has reviewed events of this article: leave all of its events as they
            # are (the unreviewed ones stay in the review queue; replacing them could
            # duplicate or contradict what the person decided).
            return 0
        existing = {
            e.ordinal: e
            for e in session.scalars(
                select(m.Event).where(m.Event.article_id == article_id, m.Event.status == "extracted")
            )
        }
    surplus = [e.id for k, e in existing.items() if k >= len(events)]
    if surplus:
        merging.release(session, surplus)
        session.execute(delete(m.Event).where(m.Event.id.in_(surplus)).execution_options(synchronize_session=False))
        for k in [k for k in existing if k >= len(events)]:
            session.expunge(existing.pop(k))
    if not events:
        return 0
    cache = ReferenceCache.of(session)
    if cache is not None:
        known_agencies, known_regions = cache.agencies, cache.regions
    else:
        known_agencies = set(session.scalars(select(m.Agency.name)))
        known_regions = _known_region_codes(session)
    if fresh:
        reports: dict = {}
        ids = _insert_events(session, article_id, events, known_agencies, known_regions, cache,
                             reports if merge else None, article_values)
        if written_ids is not None:
            written_ids.extend(ids)
        if merge:
            merging.merge_events(session, ids, fresh=True, reports=reports)
        return len(ids)
    written: list[m.Event] = []
    for ordinal, ev in enumerate(events):
        row = event_row_from_extraction(session, ev, known_agencies, known_regions, cache)
        old = existing.get(ordinal)
        if old is None:
            row.article_id = article_id
            row.ordinal = ordinal
            session.add(row)
            written.append(row)
        else:
            _update_in_place(session, old, row)
            written.append(old)
    session.flush()
    if written_ids is not None:
        written_ids.extend(e.id for e in written)
    if merge:
        merging.merge_events(session, [e.id for e in written])
    return len(written)


_EXTRACTED_FIELDS = (
    "event_date", "date_precision", "date_flag", "activity", "location", "participants", "election_id", "level",
    "confidence", "evidence",
)


def _update_in_place(session: Session, old: m.Event, new: m.Event) -> None:
    """Give the stored event ``old`` the values of a new extraction ``new`` (not added to the
    session). Its own agency and region rows are reused by name (no delete-and-insert of the
    same key); rows it carries for other reports are dropped first (merging restores them)."""
    from dashboard.merging import store as merging

    merging.drop_inherited(session, [old.id])
    for f in _EXTRACTED_FIELDS:
        setattr(old, f, getattr(new, f))
    old.updated_at = m.utcnow()
    for attr, key, fields in (
        ("agencies", "agency_name", ("role", "evidence_start", "evidence_end", "evidence_text", "confidence")),
        ("regions", "region_code", ("evidence_start", "evidence_end", "evidence_text", "confidence")),
    ):
        mine = {getattr(x, key): x for x in getattr(old, attr)}
        rows = []
        for x in list(getattr(new, attr)):
            keep = mine.get(getattr(x, key))
            if keep is None:
                rows.append(type(x)(**{key: getattr(x, key), **{f: getattr(x, f) for f in fields}}))
            else:
                for f in fields:
                    setattr(keep, f, getattr(x, f))
                rows.append(keep)
        setattr(old, attr, rows)
    if new in session:
        session.expunge(new)


def _known_region_codes(session: Session) -> set[str]:
    return set(session.scalars(select(m.Region.code)))


def event_values(
    session: Session, ev: ExtractedEvent, known_agencies: set[str], known_regions: set[str],
    cache: ReferenceCache | None = None,
) -> tuple[dict, list[dict], list[dict]]:
    """The columns of the event row of an extraction, and of its agency and region rows
    (known names and codes only, each once). An election not in the table yet is added."""
    if not ev.election:
        election_id = None
    elif cache is not None:
        election_id = cache.election(session, ev.election)
    else:
        election_id = ensure_election(session, ev.election)
    event = dict(
        event_date=ev.event_date,
        date_precision=ev.date_precision,
        date_flag=(ev.date_flag or None) and ev.date_flag[:200],
        activity=ev.activity if ev.activity in m.ACTIVITIES else "other",
        location=(ev.location or None) and ev.location[:500],
        participants=ev.participants,
        election_id=election_id,
        level=ev.level if ev.level in m.LEVELS else None,
        status="extracted",
        confidence=float(ev.confidence),
        evidence=ev.evidence_dict(),
    )
    agencies: list[dict] = []
    seen_agencies: set[str] = set()
    for a in ev.agencies:
        if a.agency in known_agencies and a.agency not in seen_agencies:
            seen_agencies.add(a.agency)
            e = a.evidence
            agencies.append(dict(
                agency_name=a.agency,
                role=a.role,
                evidence_start=e.start if e else None,
                evidence_end=e.end if e else None,
                evidence_text=e.text if e else None,
                confidence=e.confidence if e else 0.5,
            ))
    regions: list[dict] = []
    seen_regions: set[str] = set()
    for r in ev.regions:
        if r.code and r.code in known_regions and r.code not in seen_regions:
            seen_regions.add(r.code)
            e = r.evidence
            regions.append(dict(
                region_code=r.code,
                evidence_start=e.start if e else None,
                evidence_end=e.end if e else None,
                evidence_text=e.text if e else None,
                confidence=e.confidence if e else 0.5,
            ))
    return event, agencies, regions


def event_row_from_extraction(
    session: Session, ev: ExtractedEvent, known_agencies: set[str], known_regions: set[str],
    cache: ReferenceCache | None = None,
) -> m.Event:
    event, agencies, regions = event_values(session, ev, known_agencies, known_regions, cache)
    row = m.Event(**event)
    row.agencies = [m.EventAgency(**a) for a in agencies]
    row.regions = [m.EventRegion(**r) for r in regions]
    return row


def _insert_events(
    session: Session, article_id: int, events: Sequence[ExtractedEvent], known_agencies: set[str],
    known_regions: set[str], cache: ReferenceCache | None, reports: dict | None = None,
    article: dict | None = None,
) -> list[int]:
    """The events of a just-inserted article, as three multi-row inserts (no ORM objects):
    their ids, in order. ``reports``: filled with each event's merging report, made from
    the values written and the ``article``'s (title, text, published) as
    ``merging.store.load_reports`` would read them back."""
    rows, agency_rows, region_rows = [], [], []
    for ordinal, ev in enumerate(events):
        event, agencies, regions = event_values(session, ev, known_agencies, known_regions, cache)
        rows.append({**event, "article_id": article_id, "ordinal": ordinal})
        agency_rows.append(agencies)
        region_rows.append(regions)
    E = m.Event.__table__
    ids = list(session.scalars(insert(E).returning(E.c.id, sort_by_parameter_order=True), rows))
    for table, per_event in ((m.EventAgency.__table__, agency_rows), (m.EventRegion.__table__, region_rows)):
        flat = [{**x, "event_id": eid} for eid, xs in zip(ids, per_event) for x in xs]
        if flat:
            session.execute(insert(table), flat)
    if reports is not None and article is not None:
        from dashboard.merging.evidence import make_report
        from dashboard.merging.store import _spans

        for eid, row, agencies, regions in zip(ids, rows, agency_rows, region_rows):
            reports[eid] = make_report(
                eid, event_date=row["event_date"], date_precision=row["date_precision"], activity=row["activity"],
                location=row["location"], agencies=[a["agency_name"] for a in agencies],
                regions=[r["region_code"] for r in regions], level=row["level"], election=row["election_id"],
                participants=row["participants"], published=article["published"], title=article["title"],
                text=article["text"], spans=_spans(row["evidence"]), status=row["status"],
                confidence=row["confidence"], order=eid,
            )
    return ids


def _insert_article(session: Session, values: dict) -> int | None:
    """Insert an article unless one with its URL or content hash is stored already (by
    another writer since the check): its id, or None. One statement (``ON CONFLICT DO
    NOTHING``): no savepoint, no ORM object."""
    A = m.Article.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - the two supported back ends have the statement above
        try:
            with session.begin_nested():
                return session.execute(insert(A).values(**values).returning(A.c.id)).scalar_one()
        except IntegrityError:
            return None
    return session.execute(dialect_insert(A).values(**values).on_conflict_do_nothing().returning(A.c.id)).scalar()


def store_article(session: Session, raw: RawArticle) -> ItemReport:
    """Store one article and its extracted events inside the caller's transaction."""
    if not isinstance(raw.text, str):
        return ItemReport(raw.source, "rejected", "the article text is not text (e.g. a number)", "missing_text")
    text = normalise_text(raw.text or "")
    if not text.strip():
        return ItemReport(raw.source, "rejected", "the article has no text", "missing_text")
    url = normalise_url(raw.url)
    digest = content_hash(text)
    dup = find_duplicate(session, url, digest)
    if dup is not None:
        return ItemReport(raw.source, "duplicate", "already stored", "duplicate", article_id=dup, title=raw.title)
    raw_title, publisher, source = storable(raw.title), storable(raw.publisher), storable(raw.source)
    published = raw.published if isinstance(raw.published, dt.date) else None
    events = extract_events(text, title=raw_title, published=published, url=url, publisher=publisher)
    title = raw_title or title_from_text(text)
    values = dict(
        url=url,
        content_hash=digest,
        title=(title or None) and title[:1000],
        published=published,
        publisher=(publisher or None) and publisher[:300],
        text=text,
        source=(source or None) and source[-500:],
        collect_source_id=raw.collect_source_id,
    )
    article_id = _insert_article(session, values)
    if article_id is None:
        # Another writer stored the same article between our check and our insert.
        dup = find_duplicate(session, url, digest)
        return ItemReport(raw.source, "duplicate", "already stored", "duplicate", article_id=dup, title=title)
    n = store_events(session, None, events, article_id=article_id, article_values=values)
    return ItemReport(raw.source, "new", article_id=article_id, title=title, events=n)


def title_from_text(text: str) -> str | None:
    try:
        from dashboard.ingest.clean import clean_article
    except ImportError:  # pragma: no cover - cleaner not available
        return None
    return clean_article(text).title


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
