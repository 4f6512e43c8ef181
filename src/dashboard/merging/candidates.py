"""Which stored events a new or changed report could belong to: its day (or month, or the
publication window of an undated report), its province's regions plus national meetings,
meetings without regions and those a national body took part in. The statements go through
the event-date and article indexes and are built once per shape of report."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from sqlalchemy import and_, bindparam, func, or_, select, union_all
from sqlalchemy.orm import Session

from dashboard.db import models as m
from dashboard.merging.clusters import NO_DATE_BUCKET
from dashboard.merging.evidence import (
    NATIONAL_BODIES,
    UNDATED_PAIR_DAYS,
    UNDATED_WINDOW_DAYS,
    Report,
)

E = m.Event.__table__
EA = m.EventAgency.__table__
ER = m.EventRegion.__table__
A = m.Article.__table__

MERGEABLE = ("extracted", "confirmed", "edited", "manual")  # rejected events belong to no event
CANDIDATE_LIMIT = 2000  # most candidate reports read for one event (a day's block is far smaller)


def candidate_ids(session: Session, r: Report, exclude: Iterable[int] = (), *, roots: bool = False) -> list[int]:
    """Events that could report the same real event as ``r`` (the blocking of ``Merger`` as
    SQL): the same stated day (or month), undated reports published in the window after it,
    for an undated report the days before its publication; within the provinces of its
    regions plus national meetings, meetings without regions and those a national body took
    part in. Reports with neither a date nor a publication date: the latest of the same
    election and activity (a bounded bucket). ``roots``: the canonical events of those
    instead (each once: an event reported a thousand times is one candidate).

    The time condition is also given as ids from the indexes (``near``: the events of the
    day, month or window by ``ix_event_date``, the undated ones by their articles'
    publication, ``ix_event_article``), and the regions as ``EXISTS`` per event: the same
    rows, found without reading every event (SQLite would otherwise walk the status index,
    all events, for every new report: an ingest slowing down as the table grows)."""
    W = dt.timedelta(days=UNDATED_WINDOW_DAYS)
    params: dict = {}
    if r.day is not None:
        kind = "day"
        params.update(day=r.day, first=r.day.replace(day=1), lo=r.day, hi=r.day + W)
    elif r.date is not None:
        first = r.date.replace(day=1)
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        kind = "month"
        params.update(first=first, nxt=nxt, lo=first, hi=nxt + W)
    elif r.published is not None:
        p, P = r.published, dt.timedelta(days=UNDATED_PAIR_DAYS)
        kind = "published"
        params.update(wlo=p - W, p=p, first=p.replace(day=1), lo=p - P, hi=p + P)
    else:
        kind = None
    out: set[int] = set()
    if kind is not None:
        provinces = None if r.open_scope else sorted(r.provinces)
        for i, code in enumerate(provinces or ()):
            params[f"prov{i}"], params[f"prov{i}_end"] = code, code + "/"
        stmt = _candidates_statement(kind, roots, None if provinces is None else len(provinces),
                                     bool(r.national_body) and provinces is not None)
        out.update(session.scalars(stmt, params))
    latest = _latest_statement(bool(r.election), bool(r.dated or r.published is not None))
    same = {"activity": r.activity, **({"election": r.election} if r.election else {})}
    out.update((into or eid) if roots else eid for eid, into in session.execute(latest, same))
    out.difference_update(exclude)
    out.discard(r.key)
    return sorted(out)


@functools.lru_cache(maxsize=256)
def _candidates_statement(kind: str, roots: bool, provinces: int | None, national_body: bool):
    """The statement of ``candidate_ids`` for one shape of report, built once (building and
    keying a statement of this size cost more than running it); the values are bound
    parameters (``day``/``first``/``nxt``/``wlo``/``p``, ``lo``/``hi`` the publication window,
    ``prov<i>``/``prov<i>_end`` the province code ranges)."""
    pick = func.coalesce(E.c.merged_into, E.c.id) if roots else E.c.id
    undated = and_(E.c.event_date.is_(None), E.c.article_id.is_not(None))
    b = bindparam

    def published(lo, hi):
        return E.c.article_id.in_(select(A.c.id).where(A.c.published.between(lo, hi)))

    def near(dated):
        """A superset of the time condition's rows, each part on an index."""
        return union_all(select(E.c.id).where(dated),
                         select(E.c.id).where(published(b("lo"), b("hi")))).subquery("near")

    day_precise = or_(E.c.date_precision.is_(None), E.c.date_precision == "day")
    if kind == "day":
        time = or_(
            and_(E.c.event_date == b("day"), day_precise),
            and_(E.c.event_date == b("first"), E.c.date_precision == "month"),
            and_(undated, published(b("lo"), b("hi"))),
        )
        index = near(or_(E.c.event_date == b("day"), E.c.event_date == b("first")))
    elif kind == "month":
        time = or_(
            and_(E.c.event_date >= b("first"), E.c.event_date < b("nxt")),
            and_(undated, published(b("lo"), b("hi"))),
        )
        index = near(and_(E.c.event_date >= b("first"), E.c.event_date < b("nxt")))
    else:
        time = or_(
            and_(E.c.event_date.between(b("wlo"), b("p")), day_precise),
            and_(E.c.event_date == b("first"), E.c.date_precision == "month"),
            and_(undated, published(b("lo"), b("hi"))),
        )
        index = near(or_(E.c.event_date.between(b("wlo"), b("p")), E.c.event_date == b("first")))
    cond = [E.c.status.in_(MERGEABLE), time]
    if provinces is not None:
        fer = _C_REGION
        ranges = [and_(fer.c.region_code >= b(f"prov{i}"), fer.c.region_code < b(f"prov{i}_end"))
                  for i in range(provinces)]
        reach = [
            select(fer.c.event_id).where(fer.c.event_id == E.c.id, or_(*ranges)).exists(),
            E.c.level == "nasional",
            ~select(ER.c.event_id).where(ER.c.event_id == E.c.id).exists(),
        ]
        if national_body:  # delegations' reports of one meeting away from home
            fea = _C_AGENCY
            reach.append(select(fea.c.event_id).where(
                fea.c.event_id == E.c.id, fea.c.agency_name.in_(sorted(NATIONAL_BODIES))).exists())
        cond.append(or_(*reach))
    return (select(pick).select_from(index.join(E, E.c.id == index.c.id)).where(*cond)
            .distinct().limit(CANDIDATE_LIMIT))


@functools.lru_cache(maxsize=8)
def _latest_statement(election: bool, anchored: bool):
    """``candidate_ids``' bounded bucket: the latest reports of the same activity (and
    election) that have neither a date nor a publication date (``activity``, ``election``)."""
    same_kind = [E.c.activity == bindparam("activity"),
                 E.c.election_id == bindparam("election") if election else E.c.election_id.is_(None)]
    if anchored:
        no_anchor = and_(E.c.event_date.is_(None), or_(
            E.c.article_id.is_(None), E.c.article_id.in_(select(A.c.id).where(A.c.published.is_(None)))))
        same_kind.append(no_anchor)
    return (select(E.c.id, E.c.merged_into).where(E.c.status.in_(MERGEABLE), *same_kind)
            .order_by(E.c.id.desc()).limit(NO_DATE_BUCKET))


_C_REGION, _C_AGENCY = ER.alias("c_region"), EA.alias("c_agency")  # made once: an alias is costly to build
