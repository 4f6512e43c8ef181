"""The tables the rollups keep (issue 13): counts that every write keeps in step
(``dashboard.rollup``, ``dashboard.article_rollup``) so that the page aggregates read a
few rows instead of every event. Part of ``models`` (re-exported there), apart because
they are derived data with their own rules, not the project's records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.db.models import Base

# SQLite: the rows of a table keyed by several columns are kept in its key's order (migration
# 0016), so that a range of the key reads adjacent rows instead of looking each up by rowid
WITHOUT_ROWID = {"sqlite_with_rowid": False}


class EventRollup(Base):
    """Counts of the real events (canonical, not rejected) by election, period, activity
    and level, kept in the transaction that writes events (``dashboard.rollup``, migration
    0007): the page aggregates read these few rows instead of every event.

    ``grain`` ``d``: per day, ``m``: per month (``period`` its first day); undated events
    have ``period`` = ``rollup.UNDATED``. ``a``/``b``: ``''``/``''`` counts events; an
    agency/``''`` counts that agency's events; an agency pair ``a`` < ``b`` (month grain
    only) counts the events both took part in. Missing election or level is ``''``.
    ``prov`` (migration 0010): ``''`` counts every event; a province code counts the events
    with a region in that province. Grain ``t``: per month, over every activity and level,
    ``a``'s meetings where the two agencies of ``b`` (``"B|C"``) also met."""

    __tablename__ = "event_rollup"

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    prov: Mapped[str] = mapped_column(String(8), primary_key=True)
    a: Mapped[str] = mapped_column(String(64), primary_key=True)
    b: Mapped[str] = mapped_column(String(160), primary_key=True)
    period: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    activity: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    month_only: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = WITHOUT_ROWID


class EventRollupState(Base):
    """What each counted event contributes to ``event_rollup`` now (its key and agencies),
    so that a change can take back exactly what was added."""

    __tablename__ = "event_rollup_state"

    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    election_id: Mapped[str] = mapped_column(String(64), nullable=False)
    day: Mapped[dt.date | None] = mapped_column(Date)
    month_only: Mapped[int] = mapped_column(Integer, nullable=False)
    activity: Mapped[str] = mapped_column(String(16), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)
    agencies: Mapped[str] = mapped_column(Text, nullable=False)  # sorted names joined by '|'
    regions: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")  # as agencies


class RegionRollup(Base):
    """Per region, the counts readiness and the region map read (migration 0008), kept like
    ``event_rollup``: per day (``grain`` ``d``) and per month (``m``, ``period`` its first
    day; undated events under ``rollup.UNDATED``), the real events tagged with the region
    (``n``), its meetings (``meetings``: ``readiness_rules.MEETING_ACTIVITIES``) and the
    meetings each key body took part in (``b0``..``b4``, ``KEY_BODIES`` in order). Month
    rows also keep the last day with an event and with a meeting in that month
    (recomputed from the day rows whenever the month changes)."""

    __tablename__ = "region_rollup"

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)
    meetings: Mapped[int] = mapped_column(Integer, nullable=False)
    b0: Mapped[int] = mapped_column(Integer, nullable=False)
    b1: Mapped[int] = mapped_column(Integer, nullable=False)
    b2: Mapped[int] = mapped_column(Integer, nullable=False)
    b3: Mapped[int] = mapped_column(Integer, nullable=False)
    b4: Mapped[int] = mapped_column(Integer, nullable=False)
    last_day: Mapped[dt.date | None] = mapped_column(Date)
    last_meeting: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = WITHOUT_ROWID


class RegionTagRollup(Base):
    """Per region and day (``grain`` ``d``) and month (``m``), the real events of each
    activity (``tag`` ``act:<activity>``) and of each agency (``ag:<name>``), kept with the
    region rollup (migration 0012; the day rows since 0014): the map's count of the events
    passing an activity or one-agency filter (Wilayah) and Instansi's meetings per region
    in the change windows read these rows instead of every (region, event) pair of the
    filter. Undated events under ``rollup.UNDATED``."""

    __tablename__ = "region_tag_rollup"

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tag: Mapped[str] = mapped_column(String(80), primary_key=True)
    period: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = WITHOUT_ROWID


class ArticleDay(Base):
    """Per article, the days of its own events that are not rejected (reports included), with
    the article's place in Berita's newest-first order (``newest``: its publication day, else
    the day it was stored), kept by ``article_rollup`` (migration 0013). Berita's list for a
    period walks ``ix_article_day_newest`` newest first and reads the days from the index,
    instead of checking the events of every newer article (0.7-1.7 s at a million)."""

    __tablename__ = "article_day"

    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    newest: Mapped[dt.date] = mapped_column(Date, nullable=False)

    __table_args__ = (Index("ix_article_day_newest", "newest", "article_id", "day", "election_id"), WITHOUT_ROWID)


class RegionCross(Base):
    """The regions of the counted events that name regions in more than one province
    (kept by the rollup fold, migration 0013): "the regions the events of a province
    name" are that province's regions with an event plus, from these few rows, the regions
    outside it that its cross-province events name (instead of every region row of every
    event of the province: 0.1 s on SQLite, 0.4 s on PostgreSQL at a million articles)."""

    __tablename__ = "region_cross"

    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    region_code: Mapped[str] = mapped_column(String(16), primary_key=True)

    __table_args__ = (Index("ix_region_cross_region", "region_code", "event_id"), WITHOUT_ROWID)


class ProvinceNewest(Base):
    """The counted events of each province by day (migration 0017), kept by the rollup fold
    (an event of two provinces in each, undated events under ``rollup.UNDATED``): a
    province's newest events (Rapat Koordinasi's calendar and table, Ringkasan's latest)
    are a walk of this key newest first, instead of every event of the province read and
    sorted (``queries.event_lists``)."""

    __tablename__ = "province_newest"

    prov: Mapped[str] = mapped_column(String(8), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)

    __table_args__ = WITHOUT_ROWID


class RollupDirty(Base):
    """Events written in the open transaction (filled by triggers); ``dashboard.rollup``
    folds them into ``event_rollup`` just before the transaction commits."""

    __tablename__ = "rollup_dirty"

    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class ArticleCount(Base):
    """How many articles report real events, per election (migration 0009), kept by the
    same fold as ``event_rollup`` (``dashboard.article_rollup``): distinct articles are
    not a sum of event counts (an article can report several events), so the unfiltered
    figures of an election are kept as such. ``kind`` ``s``: articles reporting a real
    event (its own or a report merged into it: the summary's "articles"); ``l``: articles
    with an event that is not rejected (Berita's list). ``election_id`` ``*``: any."""

    __tablename__ = "article_count"

    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


class ArticleCountState(Base):
    """The ``article_count`` keys each article adds 1 to now (``kind:election`` joined by
    '|'), so that a change can take back exactly what was added."""

    __tablename__ = "article_count_state"

    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    counted_in: Mapped[str] = mapped_column(Text, nullable=False)
    # the events the article counts for and their keys (``article_rollup.facts_of``, as
    # JSON), so that ``article_solo`` and ``article_pair`` can be taken back (migration 0013)
    facts: Mapped[str | None] = mapped_column(Text)


class ArticleSolo(Base):
    """Articles that count for one event only, counted like ``event_rollup`` counts events
    (the same keys, without agency pairs), per ``kind`` (migration 0013).

    The summary's and Berita's article counts under filters are distinct counts: an article
    is counted once however many of its events pass. Split in two, they add up: an article
    of one event passes exactly when its event does, so these rows are summed like the event
    rollup's; the others (``article_pair``) are counted distinct. ``kind`` ``s``: the real
    events an article reports (the summary's); ``l``: its own events that are not rejected,
    reports included (Berita's); ``b``: both, when they are the same events (an article with
    no report merged into another event)."""

    __tablename__ = "article_solo"

    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    prov: Mapped[str] = mapped_column(String(8), primary_key=True)
    a: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    activity: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    month_only: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = WITHOUT_ROWID


class ArticlePair(Base):
    """The events of the articles that count for several (migration 0013): one row per
    article, event and ``tag`` (``''``; ``ag:<agency>`` per agency; ``pv:<province>`` per
    province of its regions), with the event's day (``rollup.UNDATED`` when it has none),
    activity and level. ``kind`` as in ``ArticleSolo``. A filtered count reads one tag's
    rows in article order (``ix_article_pair_count``) and counts each article once."""

    __tablename__ = "article_pair"

    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tag: Mapped[str] = mapped_column(String(80), primary_key=True)
    election_id: Mapped[str] = mapped_column(String(64), nullable=False)
    period: Mapped[dt.date] = mapped_column(Date, nullable=False)
    activity: Mapped[str] = mapped_column(String(16), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)

    __table_args__ = (
        Index("ix_article_pair_count", "kind", "election_id", "tag", "article_id", "period", "activity", "level"),
        WITHOUT_ROWID,
    )


class ArticleDirty(Base):
    """Articles whose events were written in the open transaction (filled by triggers on
    ``event``), folded into ``article_count`` just before the commit."""

    __tablename__ = "article_dirty"

    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
