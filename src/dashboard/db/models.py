"""SQLAlchemy 2 models. The schema itself is created by the alembic migrations in
``dashboard/db/migrations``; these classes must stay in step with them (a test compares
the two).

Regions are keyed by Kemendagri code (``13`` for a province, ``13.02`` for a kab/kota),
never by name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


# ---------------------------------------------------------------- reference data


class Region(Base):
    """Every current province and kab/kota (``data/regions_all.csv``)."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    level: Mapped[str] = mapped_column(String(24), nullable=False)
    province_code: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    province_name: Mapped[str] = mapped_column(String(120), nullable=False)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    aliases: Mapped[str] = mapped_column(Text, default="", nullable=False)


class Election(Base):
    __tablename__ = "election"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # e.g. pilkada-2020
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)  # e.g. Pilkada 2020
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # pilkada | pemilu | pilkades
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    voting_date: Mapped[dt.date | None] = mapped_column(Date)
    in_scope: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class ElectionRegion(Base):
    """A contest held in a region at an election. ``province_code`` is the province as of
    that election (Pilkada 2020: Papua 91 still contains today's 93-95)."""

    __tablename__ = "election_region"

    election_id: Mapped[str] = mapped_column(ForeignKey("election.id"), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    contest: Mapped[str] = mapped_column(String(16), nullable=False)  # gubernur | bupati | walikota
    province_code: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    province_name: Mapped[str] = mapped_column(String(120), nullable=False)
    code_at_election: Mapped[str | None] = mapped_column(String(8))


class ElectionStage(Base):
    __tablename__ = "election_stage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    election_id: Mapped[str] = mapped_column(ForeignKey("election.id"), nullable=False, index=True)
    stage: Mapped[str] = mapped_column(String(160), nullable=False)
    start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    end: Mapped[dt.date] = mapped_column(Date, nullable=False)
    regulation: Mapped[str] = mapped_column(String(160), default="", nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)

    __table_args__ = (UniqueConstraint("election_id", "stage", "start", name="uq_stage"),)


class Agency(Base):
    """A body in the agency gazetteer (``data/agencies.csv``), by canonical short name."""

    __tablename__ = "agency"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)  # e.g. KPU, Kesbangpol
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    full_name_en: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    group: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=100, nullable=False)
    aliases: Mapped[str] = mapped_column(Text, default="", nullable=False)


# ---------------------------------------------------------------- articles and events


class Article(Base):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    publisher: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    source: Mapped[str | None] = mapped_column(String(500))  # file the article came from
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    # The registered site it was collected from (``dashboard collect``); NULL for uploads.
    # (Removing a source sets it to NULL: ``collect.sources.remove_source``.)
    collect_source_id: Mapped[int | None] = mapped_column(ForeignKey("collect_source.id"), index=True)

    events: Mapped[list[Event]] = relationship(back_populates="article")


EVENT_STATUSES = ("extracted", "confirmed", "edited", "manual", "rejected")
ACTIVITIES = (
    "rakor",
    "rapat",
    "sosialisasi",
    "apel",
    "bimtek",
    "simulasi",
    "monitoring",
    "deklarasi",
    "pelantikan",
    "other",
)
LEVELS = ("nasional", "provinsi", "kabkota")


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # 0 = main event
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))  # day | month | year
    date_flag: Mapped[str | None] = mapped_column(String(200))  # why a date is doubtful
    activity: Mapped[str] = mapped_column(String(16), nullable=False, default="other")
    location: Mapped[str | None] = mapped_column(String(500))
    participants: Mapped[int | None] = mapped_column(Integer)
    election_id: Mapped[str | None] = mapped_column(ForeignKey("election.id"))
    level: Mapped[str | None] = mapped_column(String(10))  # nasional | provinsi | kabkota
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="extracted")
    confidence: Mapped[float] = mapped_column(Float, nullable=False, default=0.5)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_by: Mapped[str | None] = mapped_column(String(80))
    # Optimistic locking: every change by a person increments it, and a change made from
    # a stale screen (another editor acted first) is refused instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    # Where a hand-recorded or imported event was reported (extracted events use article_id).
    source_url: Mapped[str | None] = mapped_column(String(2000))
    # Hash of date, activity, venue, agencies and regions of a hand-recorded or imported
    # event: importing the same list twice adds nothing.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    # One real event reported by several articles is one canonical event (NULL here) and
    # the other reports, each pointing at it. Every count reads canonical events only
    # (``merged_into IS NULL``); see ``dashboard.merging``. The foreign key has no ON DELETE
    # action: merging detaches an event's reports before the event is deleted.
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("event.id"))

    article: Mapped[Article | None] = relationship(back_populates="events")
    # the event's own agencies and regions (from its article or a person); the rows a
    # canonical event carries for its other reports (``via_event_id``) are kept by merging
    agencies: Mapped[list[EventAgency]] = relationship(
        primaryjoin="and_(Event.id == EventAgency.event_id, EventAgency.via_event_id.is_(None))",
        cascade="all, delete-orphan", passive_deletes=True,
    )
    regions: Mapped[list[EventRegion]] = relationship(
        primaryjoin="and_(Event.id == EventRegion.event_id, EventRegion.via_event_id.is_(None))",
        cascade="all, delete-orphan", passive_deletes=True,
    )

    __table_args__ = (
        UniqueConstraint("article_id", "ordinal", name="uq_event_article_ordinal"),
        Index("ix_event_date", "event_date"),
        # Covers the shared filter (election, period, activity, status) and what the page
        # aggregates read (article, level), so most page queries never touch the table.
        Index(
            "ix_event_cover", "election_id", "event_date", "activity", "status", "article_id", "level", "merged_into"
        ),
        Index("ix_event_activity_date", "activity", "event_date"),
        Index("ix_event_article", "article_id"),
        Index("ix_event_status_conf", "status", "confidence"),
        Index("ix_event_fingerprint", "fingerprint"),
        Index("ix_event_merged_into", "merged_into"),
    )


class EventAgency(Base):
    __tablename__ = "event_agency"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    agency_name: Mapped[str] = mapped_column(ForeignKey("agency.name"), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), nullable=False, default="participant")
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    evidence_text: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, nullable=False, default=0.5)
    # NULL: the event's own. Else the event (another report of the same real event) this row
    # comes from: a canonical event carries the union of its reports' agencies.
    via_event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))

    event: Mapped[Event] = relationship(foreign_keys=[event_id], viewonly=True)

    __table_args__ = (Index("ix_event_agency_agency", "agency_name", "event_id"),)


class EventRegion(Base):
    __tablename__ = "event_region"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    evidence_text: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, nullable=False, default=0.5)
    via_event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))  # as EventAgency

    event: Mapped[Event] = relationship(foreign_keys=[event_id], viewonly=True)

    __table_args__ = (Index("ix_event_region_region", "region_code", "event_id"),)


MERGE_DECIDERS = ("auto", "hand")
MERGE_RULES = ("apart", "together")


class EventMerge(Base):
    """Why a report belongs to its event: the report (``event_id``) joined the event of
    ``matched_id`` with ``score`` for ``reason`` (the evidence that agreed), decided
    automatically or by a person. One row per report that joined an event; the report that
    started an event has none."""

    __tablename__ = "event_merge"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    matched_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    score: Mapped[float] = mapped_column(Float, nullable=False)
    reason: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    decided_by: Mapped[str] = mapped_column(String(8), nullable=False, default="auto")  # auto | hand
    username: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    __table_args__ = (Index("ix_event_merge_matched", "matched_id"), Index("ix_event_merge_score", "decided_by", "score"))


class MergeRule(Base):
    """A person's decision about two reports that later merging must keep: ``apart`` (split
    by hand: never merged again automatically) or ``together`` (merged by hand: stays so
    whatever a re-extraction finds). ``event_a < event_b``."""

    __tablename__ = "merge_rule"

    event_a: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    event_b: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # apart | together
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    __table_args__ = (Index("ix_merge_rule_b", "event_b"),)


# ---------------------------------------------------------------- accounts and audit

ROLES = ("viewer", "editor", "admin")


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    role: Mapped[str] = mapped_column(String(10), nullable=False, default="viewer")
    password_hash: Mapped[str] = mapped_column(String(300), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class UserSession(Base):
    """A login. The browser session holds a random token; only its SHA-256 is stored.
    A session ends at logout, after ``DASHBOARD_SESSION_MINUTES`` idle, after an absolute
    maximum, or when the user's password, role or account changes."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    client: Mapped[str | None] = mapped_column(String(80))


class LoginThrottle(Base):
    """Failed logins per user name (known or not) and per client address: after a few
    failures, further attempts are refused until ``blocked_until``."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)  # "user:<name>" | "client:<address>"
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    entity: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[str | None] = mapped_column(String(80))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    detail: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class IngestRun(Base):
    """One ingest (CLI or upload): what came in and what became of each file."""

    __tablename__ = "ingest_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(80), nullable=False, default="cli")
    new: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    duplicate: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rejected: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


# ---------------------------------------------------------------- collection (dashboard collect)

SOURCE_KINDS = ("auto", "feed", "sitemap", "listing")
PAGE_ROLES = ("article", "feed", "sitemap", "listing", "document", "robots")  # document: not yet recognised


class CollectSource(Base):
    """A site the collector checks: a feed, a sitemap (index) or a listing page with the
    pattern its article links follow. ``lease_*`` is the lock that keeps two collectors
    from checking the same source at once."""

    __tablename__ = "collect_source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    url: Mapped[str] = mapped_column(String(2000), nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="auto")  # SOURCE_KINDS
    link_pattern: Mapped[str | None] = mapped_column(String(500))  # listing pages: article links
    body: Mapped[str | None] = mapped_column(String(300))  # the body that runs the site
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    every_hours: Mapped[float] = mapped_column(Float, nullable=False, default=6.0)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    created_by: Mapped[str | None] = mapped_column(String(80))
    last_checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_ok_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_status: Mapped[str | None] = mapped_column(String(16))  # ok | not_modified | error | busy
    last_error: Mapped[str | None] = mapped_column(Text)  # English detail
    # what went wrong, for the interface to say in its language: http_error, timeout, connection,
    # redirect_loop, too_many_redirects, bad_redirect, too_large, robots, retry_after,
    # not_understood, busy, internal_error, page_problems (the source was read; some pages failed)
    last_error_code: Mapped[str | None] = mapped_column(String(40))
    last_found: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # links seen, last check
    last_new: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # articles stored, last check
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class CollectPage(Base):
    """Every address the collector fetched or claimed, by canonical URL. An article page
    is fetched once (its final status stays); a feed, sitemap or listing page keeps its
    ETag / Last-Modified for the next conditional request. ``claimed_*`` is the per-URL
    lock between collectors."""

    __tablename__ = "collect_page"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url_key: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)  # sha256 of the URL
    url: Mapped[str] = mapped_column(String(2000), nullable=False)
    role: Mapped[str] = mapped_column(String(10), nullable=False)  # PAGE_ROLES
    source_id: Mapped[int | None] = mapped_column(ForeignKey("collect_source.id", ondelete="SET NULL"))
    # claimed | stored | duplicate | skipped | rejected | failed | blocked (articles);
    # ok | not_modified | failed | blocked (feeds, sitemaps, listing pages)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="claimed")
    code: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_collect_page_source_status", "source_id", "status"),)


class CollectHost(Base):
    """What the collector knows of a site (scheme://host:port): its robots.txt, kept for a
    day and refreshed with a conditional request."""

    __tablename__ = "collect_host"

    origin: Mapped[str] = mapped_column(String(300), primary_key=True)
    robots_status: Mapped[int | None] = mapped_column(Integer)  # HTTP status, 0 = unreachable
    robots_txt: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class DataVersion(Base):
    """One row (id 1): a counter that triggers bump whenever an article, an event or an
    event's agency or region rows are written (migration 0005). Every cache key includes it:
    reading it is one primary-key lookup whatever the size of the data."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False)


# the rollups' tables (derived counts), in their own module; imported here so that
# ``models.EventRollup`` and the metadata hold them
from dashboard.db.rollup_models import (  # noqa: E402, F401
    ArticleCount,
    ArticleCountState,
    ArticleDay,
    ArticleDirty,
    ArticlePair,
    ArticleSolo,
    EventRollup,
    EventRollupState,
    ProvinceNewest,
    RegionCross,
    RegionRollup,
    RegionTagRollup,
    RollupDirty,
)
