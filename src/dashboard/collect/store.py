"""The collector's records in the database: registered sources, the state of every address
it fetched, robots.txt per site, and the two locks between collectors.

* **Source lease**: a collector checks a source only after it set ``lease_owner`` /
  ``lease_until`` with one conditional UPDATE (the row is free or its lease ran out), so two
  collectors never check one source at once; a collector that died frees it when the lease
  runs out.
* **Page claim**: before any address is fetched, a row for it is inserted (unique by the
  hash of its canonical URL) or, for a feed/sitemap/listing page or an article whose fetch
  failed, taken over with a conditional UPDATE. Whoever does not get the row does not fetch.
  Both are atomic on SQLite (one writer at a time) and PostgreSQL (row locks, unique index).

Each write is its own short transaction so the other collector sees it at once. Sources
added and removed are written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from dashboard import audit
from dashboard.collect.fetch import RobotsRecord
from dashboard.collect.urls import canonical_url, url_key
from dashboard.db import models as m
from dashboard.db.engine import session_scope

S = m.CollectSource.__table__
P = m.CollectPage.__table__
H = m.CollectHost.__table__

MAX_ATTEMPTS = 3  # an article page that failed is tried again at the next checks, this often in all
FINAL = ("stored", "duplicate", "skipped", "rejected", "blocked")
MIN_HOURS, MAX_HOURS = 0.25, 24 * 30


def utcnow() -> dt.datetime:
    return m.utcnow()


def new_owner() -> str:
    """Who holds a lease or claim: host, process and a random part (one per collector run)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# ---------------------------------------------------------------- sources


class SourceError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class SourceInput:
    url: str
    name: str | None = None
    kind: str = "auto"
    link_pattern: str | None = None
    body: str | None = None
    region: str | None = None
    every_hours: float = 6.0


_NAME_OK = re.compile(r"^[\w .:/@()&,'-]{1,120}$", re.UNICODE)


def default_name(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port:
        host = f"{host}:{parts.port}"
    path = parts.path.strip("/")
    return (f"{host}/{path}" if path else host)[:120]


def validate(engine: Engine, inp: SourceInput) -> dict:
    """The row to store, or ``SourceError`` saying what is wrong."""
    url = canonical_url((inp.url or "").strip())
    if not url:
        raise SourceError("bad_url", "the address must be a complete http:// or https:// address")
    name = " ".join((inp.name or default_name(url)).split())
    if not _NAME_OK.match(name):
        raise SourceError("bad_name", "the name may hold letters, digits, spaces and . : / @ ( ) & , ' - (at most 120)")
    kind = (inp.kind or "auto").strip().lower()
    if kind not in m.SOURCE_KINDS:
        raise SourceError("bad_kind", f"the kind must be one of {', '.join(m.SOURCE_KINDS)}")
    pattern = (inp.link_pattern or "").strip() or None
    if pattern:
        from dashboard.collect.discover import compile_pattern

        if len(pattern) > 500:
            raise SourceError("bad_pattern", "the article-link pattern is longer than 500 characters")
        try:
            compile_pattern(pattern)
        except ValueError as exc:
            raise SourceError("bad_pattern", str(exc)) from None
    try:
        hours = float(inp.every_hours)
    except (TypeError, ValueError):
        raise SourceError("bad_interval", "the interval must be a number of hours") from None
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise SourceError("bad_interval", f"the interval must be between {MIN_HOURS} and {MAX_HOURS:.0f} hours")
    region = (inp.region or "").strip() or None
    body = " ".join((inp.body or "").split())[:300] or None
    with session_scope(engine) as s:
        if region and s.get(m.Region, region) is None:
            raise SourceError("bad_region", f"there is no region with the Kemendagri code {region!r} (e.g. 13.02)")
        if s.scalar(select(S.c.id).where(S.c.name == name)) is not None:
            raise SourceError("name_taken", f"a source named {name!r} exists already; choose another name")
        other = s.scalar(select(S.c.name).where(S.c.url == url))
        if other is not None:
            raise SourceError("url_taken", f"this address is registered already, as {other!r}")
    return dict(name=name, url=url, kind=kind, link_pattern=pattern, body=body, region_code=region,
                every_hours=hours)


def add_source(engine: Engine, inp: SourceInput, *, username: str = "cli") -> m.CollectSource:
    row = validate(engine, inp)
    try:
        with session_scope(engine, write=True) as s:
            src = m.CollectSource(**row, active=True, created_by=username[:80], last_found=0, last_new=0)
            s.add(src)
            s.flush()
            audit.record(s, username=username, action="source_add", entity="source", entity_id=src.name,
                         after=row)
    except IntegrityError:
        raise SourceError("name_taken", "a source with this name or address was added meanwhile") from None
    return src


def remove_source(engine: Engine, name: str, *, username: str = "cli") -> None:
    """Remove a source. Its articles stay (they no longer name it); its pages' records stay,
    so an address already fetched is not fetched again if it is registered anew."""
    with session_scope(engine, write=True) as s:
        src = s.scalar(select(m.CollectSource).where(m.CollectSource.name == name))
        if src is None:
            raise SourceError("no_such_source", f"there is no source named {name!r}")
        before = {"url": src.url, "kind": src.kind, "body": src.body, "region": src.region_code,
                  "every_hours": src.every_hours}
        s.execute(update(m.Article).where(m.Article.collect_source_id == src.id).values(collect_source_id=None))
        s.execute(update(P).where(P.c.source_id == src.id).values(source_id=None))
        s.execute(delete(S).where(S.c.id == src.id))
        audit.record(s, username=username, action="source_remove", entity="source", entity_id=name, before=before)


def get_source(engine: Engine, name: str) -> m.CollectSource | None:
    with session_scope(engine) as s:
        return s.scalar(select(m.CollectSource).where(m.CollectSource.name == name))


def all_sources(engine: Engine) -> list[m.CollectSource]:
    with session_scope(engine) as s:
        return list(s.scalars(select(m.CollectSource).order_by(m.CollectSource.name)))


def due_sources(engine: Engine, now: dt.datetime | None = None) -> list[m.CollectSource]:
    """Active sources whose interval has passed since their last check (never checked first)."""
    now = now or utcnow()
    return [
        src for src in all_sources(engine)
        if src.active and (src.last_checked_at is None
                           or src.last_checked_at + dt.timedelta(hours=src.every_hours) <= now)
    ]


def next_due(engine: Engine) -> dt.datetime | None:
    times = [
        (src.last_checked_at + dt.timedelta(hours=src.every_hours)) if src.last_checked_at else utcnow()
        for src in all_sources(engine) if src.active
    ]
    return min(times) if times else None


# ---------------------------------------------------------------- source lease


def lease_source(engine: Engine, source_id: int, owner: str, seconds: float = 3600, *,
                 seen_checked_at: dt.datetime | None | bool = False) -> bool:
    """Take the source for a check: only if no other collector holds it and, when
    ``seen_checked_at`` is given (the last check as it was when the source was found due),
    nobody checked it since (a collector that finished it a moment ago freed the lease, but
    the source is no longer due)."""
    now = utcnow()
    cond = [S.c.id == source_id, or_(S.c.lease_until.is_(None), S.c.lease_until < now)]
    if seen_checked_at is not False:
        cond.append(S.c.last_checked_at.is_(None) if seen_checked_at is None else S.c.last_checked_at == seen_checked_at)
    with session_scope(engine, write=True) as s:
        res = s.execute(update(S).where(*cond).values(lease_owner=owner, lease_until=now + dt.timedelta(seconds=seconds)))
        return res.rowcount == 1


@dataclass
class SourceOutcome:
    status: str  # ok | not_modified | error | busy
    error: str | None = None
    code: str | None = None  # see CollectSource.last_error_code
    found: int = 0  # article links seen
    new: int = 0
    duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    rejected: int = 0
    blocked: int = 0
    requests: int = 0

    def counts(self) -> dict:
        return {k: getattr(self, k) for k in ("found", "new", "duplicate", "skipped", "failed", "rejected", "blocked")}


def finish_source(engine: Engine, source_id: int, owner: str, out: SourceOutcome, *, username: str) -> None:
    """Record the check and free the lease; a failed check or one that stored articles is
    also written to the audit log."""
    now = utcnow()
    values = dict(last_checked_at=now, last_status=out.status, last_error=(out.error or None) and out.error[:2000],
                  last_error_code=(out.code or None) if out.error else None,
                  last_found=out.found, last_new=out.new, lease_owner=None, lease_until=None)
    if out.status != "error":
        values["last_ok_at"] = now
    with session_scope(engine, write=True) as s:
        name = s.scalar(select(S.c.name).where(S.c.id == source_id))
        s.execute(update(S).where(S.c.id == source_id, S.c.lease_owner == owner).values(**values))
        if out.status == "error" or out.new or out.failed:
            audit.record(s, username=username, action="collect_source", entity="source", entity_id=name,
                         after={"status": out.status, "code": out.code, **out.counts()}, detail=out.error)


def release_source(engine: Engine, source_id: int, owner: str) -> None:
    with session_scope(engine, write=True) as s:
        s.execute(update(S).where(S.c.id == source_id, S.c.lease_owner == owner)
                  .values(lease_owner=None, lease_until=None))


# ---------------------------------------------------------------- page claims


@dataclass
class PageClaim:
    id: int
    url: str
    new: bool
    status: str
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 0


def known_urls(engine: Engine, urls: list[str]) -> set[str]:
    """Of ``urls`` (canonical), those needing no fetch: an article stored under that address,
    or a page whose fetch reached a final state (or failed too often)."""
    out: set[str] = set()
    for i in range(0, len(urls), 500):
        part = urls[i : i + 500]
        keys = {url_key(u): u for u in part}
        with session_scope(engine) as s:
            out.update(s.scalars(select(m.Article.url).where(m.Article.url.in_(part))))
            for key, status, attempts in s.execute(
                select(P.c.url_key, P.c.status, P.c.attempts).where(P.c.url_key.in_(list(keys)), P.c.role == "article")
            ):
                if status in FINAL or attempts >= MAX_ATTEMPTS:
                    out.add(keys[key])
    return out


def claim_page(engine: Engine, url: str, role: str, source_id: int | None, owner: str,
               seconds: float = 600) -> PageClaim | None:
    """Take ``url`` for fetching, or None when another collector holds it or (an article)
    it needs no fetch any more."""
    key = url_key(url)
    now = utcnow()
    until = now + dt.timedelta(seconds=seconds)
    with session_scope(engine, write=True) as s:
        row = s.execute(select(P).where(P.c.url_key == key)).first()
        if row is None:
            try:
                with s.begin_nested():
                    new_id = s.execute(
                        insert(P).values(url_key=key, url=url, role=role, source_id=source_id, status="claimed",
                                         attempts=0, claimed_by=owner, claimed_until=until, first_seen_at=now)
                        .returning(P.c.id)
                    ).scalar_one()
            except IntegrityError:
                return None  # another collector took it a moment ago
            return PageClaim(new_id, url, True, "claimed")
        cond = [P.c.url_key == key, or_(P.c.claimed_until.is_(None), P.c.claimed_until < now)]
        if row.role == "article":
            if row.status in FINAL or row.attempts >= MAX_ATTEMPTS:
                return None
            cond.append(P.c.status.in_(("claimed", "failed")))
            cond.append(P.c.attempts < MAX_ATTEMPTS)
        res = s.execute(update(P).where(*cond).values(claimed_by=owner, claimed_until=until))
        if res.rowcount != 1:
            return None
        return PageClaim(row.id, url, False, row.status, row.etag, row.last_modified, row.attempts)


def finish_page(engine_or_session, claim: PageClaim, owner: str, *, status: str, code: str | None = None,
                reason: str | None = None, http_status: int | None = None, etag: str | None = None,
                last_modified: str | None = None, title: str | None = None, article_id: int | None = None,
                attempted: bool = True, keep_validators: bool = False) -> None:
    """Record what became of a claimed page and free the claim. Pass a session to make it
    part of that transaction (a stored article and its page are committed together)."""
    values = dict(status=status, code=(code or None) and code[:40], reason=(reason or None) and reason[:2000],
                  http_status=http_status, title=(title or None) and title[:1000], claimed_by=None,
                  claimed_until=None)
    if article_id is not None:
        values["article_id"] = article_id
    if not keep_validators:
        values.update(etag=(etag or None) and etag[:300], last_modified=(last_modified or None) and last_modified[:100])
    if attempted:
        values["fetched_at"] = utcnow()
        values["attempts"] = claim.attempts + 1
    stmt = update(P).where(P.c.id == claim.id, P.c.claimed_by == owner).values(**values)
    if isinstance(engine_or_session, Engine):
        with session_scope(engine_or_session, write=True) as s:
            s.execute(stmt)
    else:
        engine_or_session.execute(stmt)


def release_page(engine: Engine, claim: PageClaim, owner: str) -> None:
    """Give a claim back untouched (the page was not fetched after all)."""
    with session_scope(engine, write=True) as s:
        s.execute(update(P).where(P.c.id == claim.id, P.c.claimed_by == owner)
                  .values(claimed_by=None, claimed_until=None))


def page_counts(engine: Engine, source_id: int) -> dict[str, int]:
    with session_scope(engine) as s:
        return dict(s.execute(
            select(P.c.status, func.count()).where(P.c.source_id == source_id, P.c.role == "article")
            .group_by(P.c.status)
        ).all())


# ---------------------------------------------------------------- robots.txt


class DbRobotsStore:
    """robots.txt records in ``collect_host``; its refresh is claimed like a page, so two
    collectors do not both fetch it."""

    def __init__(self, engine: Engine, owner: str):
        self.engine, self.owner = engine, owner
        self._claims: dict[str, PageClaim] = {}

    def load(self, origin: str) -> RobotsRecord | None:
        with session_scope(self.engine) as s:
            row = s.execute(select(H).where(H.c.origin == origin[:300])).first()
        if row is None:
            return None
        return RobotsRecord(row.robots_status or 0, row.robots_txt, row.etag, row.last_modified, row.fetched_at)

    def begin_refresh(self, origin: str) -> bool:
        claim = claim_page(self.engine, origin + "/robots.txt", "robots", None, self.owner, seconds=120)
        if claim is None:
            return False
        self._claims[origin] = claim
        return True

    def end_refresh(self, origin: str) -> None:
        """Give up a refresh claimed by ``begin_refresh`` (another collector has just done it)."""
        claim = self._claims.pop(origin, None)
        if claim is not None:
            release_page(self.engine, claim, self.owner)

    def save(self, origin: str, rec: RobotsRecord) -> None:
        values = dict(robots_status=rec.status, robots_txt=rec.text, etag=(rec.etag or None) and rec.etag[:300],
                      last_modified=(rec.last_modified or None) and rec.last_modified[:100], fetched_at=rec.fetched_at)
        with session_scope(self.engine, write=True) as s:
            res = s.execute(update(H).where(H.c.origin == origin[:300]).values(**values))
            if res.rowcount == 0:
                try:
                    with s.begin_nested():
                        s.execute(insert(H).values(origin=origin[:300], **values))
                except IntegrityError:
                    s.execute(update(H).where(H.c.origin == origin[:300]).values(**values))
        claim = self._claims.pop(origin, None)
        if claim is not None:
            finish_page(self.engine, claim, self.owner, status="ok" if rec.text is not None else "failed",
                        http_status=rec.status or None, keep_validators=True)
