"""Storing one article and its events: text normalisation and the content hash that make
articles unique, the reference data read once per run, events written (or updated in place
on re-extraction, never over a person's decision) and placed by merging."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.db import models as m
from dashboard.extract import ExtractedEvent, extract_events
from dashboard.ingest.model import RawArticle
from dashboard.reference import election_id_for_name, ensure_election


from dashboard.ingest.reports import ItemReport

# Statuses a person has set: a later re-extraction must never overwrite these events.
PROTECTED_STATUSES = ("confirmed", "edited", "manual", "rejected")


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
