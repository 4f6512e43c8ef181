"""Article counts kept in step with every write (issue 13, migrations 0009 and 0013).

The summary's "articles" (those reporting the filtered real events, their own or through
a report merged into them) and Berita's count (articles with an event that is not
rejected) are distinct counts: an article can report several events, so they are not
sums of the event rollup's counts, and at a million articles each read every filtered
event (0.3-2 s). Kept here:

- per election, the unfiltered figures (``models.ArticleCount``): kind ``s`` and ``l``
  per election, and ``*`` for any election;
- under filters, the count in two parts that add up. An article that counts for one event
  passes a filter exactly when that event does, so those articles are counted like events,
  with the event rollup's keys (``article_solo``, summed). The articles that count for
  several events are kept per event and tag (``article_pair``) and counted distinct: at a
  million articles they are a few hundred thousand rows, not every event.

What an article counts for (``facts_of``): kind ``s``, the real events it reports; ``l``,
its own events that are not rejected (reports included, with their own agencies and
regions); ``b`` when both are the same events (no report of it merged into another event).

Kept like the event rollup (``dashboard.rollup``, which calls ``fold`` just before each
commit): a trigger on ``event`` notes the articles whose events changed in
``article_dirty``; the articles of the events the rollup noted (their own, and those of
the reports merged into them) are added, because an event's date, agencies or regions, or
a real event rejected or moved to another election, change what its articles count for;
each noted article's facts are computed again and compared with what it added before
(``article_count_state``). No Streamlit."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, Date, cast, delete, func, select

from dashboard import rollup
from dashboard.db import bulk
from dashboard.db import models as m

AC = m.ArticleCount.__table__
AS = m.ArticleCountState.__table__
AD = m.ArticleDirty.__table__
SOLO = m.ArticleSolo.__table__
PAIR = m.ArticlePair.__table__
DAY = m.ArticleDay.__table__
_A = m.Article.__table__
_E = m.Event.__table__
_EA = m.EventAgency.__table__
_ER = m.EventRegion.__table__
ANY = "*"  # the key of "any election" (election ids are ``[a-z]+-YYYY``)
SEP = "|"

SOLO_KEY = ("kind", "grain", "election_id", "prov", "a", "period", "activity", "level", "month_only")
PAIR_COLUMNS = ("article_id", "kind", "event_id", "tag", "election_id", "period", "activity", "level")
STATE_COLUMNS = ("article_id", "counted_in", "facts")
DAY_COLUMNS = ("article_id", "day", "election_id", "newest")

Facts = dict  # kind (b | s | l) -> [(event id, rollup.State)], by event id
_FACET_COLUMNS = ("election_id", "event_date", "date_precision", "activity", "level")


def _facets(conn: Connection, ids: list[int], own=None) -> tuple[dict, dict]:
    """The agencies and regions of the events ``own`` selects (a select of event ids) and
    of the events ``ids``."""
    agencies: dict[int, list[str]] = {}
    regions: dict[int, list[str]] = {}
    picks = [own] if own is not None else []
    picks += list(bulk.chunks(sorted(ids)))
    for pick in picks:
        agencies.update(rollup._per_event(conn, _EA.c.agency_name, _EA.c.event_id.in_(pick)))
        regions.update(rollup._per_event(conn, _ER.c.region_code, _ER.c.event_id.in_(pick)))
    return agencies, regions


def _state(row, agencies: dict, regions: dict) -> rollup.State:
    """An event's keys (``rollup.State``) from ``(id, *_FACET_COLUMNS)``, whether or not
    it is merged into another (a report's own keys, for Berita)."""
    eid, election_id, day, precision, activity, level = row
    return rollup.state_of((election_id, day, precision, activity, level, "", None),
                           agencies.get(eid, ()), regions.get(eid, ()))


def facts_of(conn: Connection, *where) -> dict[int, Facts]:
    """What the articles whose events ``where`` picks (conditions on an article id column,
    given as functions of that column) count for: per kind, their events and the events'
    keys. Articles that count for nothing are left out."""
    own = select(_E.c.id, _E.c.article_id, _E.c.merged_into, *(_E.c[c] for c in _FACET_COLUMNS)).where(
        *(w(_E.c.article_id) for w in where), _E.c.status != "rejected")
    own_rows = conn.execute(own).all()
    report, real = _E.alias("report"), _E.alias("real")
    reported = (
        select(report.c.article_id, real.c.id, *(real.c[c] for c in _FACET_COLUMNS))
        .select_from(report.join(real, real.c.id == report.c.merged_into))
        .where(*(w(report.c.article_id) for w in where), real.c.merged_into.is_(None), real.c.status != "rejected")
    )
    reported_rows = conn.execute(reported).all()
    own_ids = {r[0] for r in own_rows}
    agencies, regions = _facets(conn, [r[1] for r in reported_rows if r[1] not in own_ids],
                                own=select(_E.c.id).where(*(w(_E.c.article_id) for w in where),
                                                          _E.c.status != "rejected") if own_rows else None)
    listed: dict[int, dict[int, rollup.State]] = {}
    summed: dict[int, dict[int, rollup.State]] = {}
    for eid, article_id, merged_into, *facets in own_rows:
        state = _state((eid, *facets), agencies, regions)
        listed.setdefault(article_id, {})[eid] = state
        if merged_into is None:
            summed.setdefault(article_id, {})[eid] = state
    for article_id, eid, *facets in reported_rows:
        summed.setdefault(article_id, {})[eid] = _state((eid, *facets), agencies, regions)
    out: dict[int, Facts] = {}
    for article_id in listed.keys() | summed.keys():
        s = sorted(summed.get(article_id, {}).items())
        ls = sorted(listed.get(article_id, {}).items())
        out[article_id] = {"b": s} if s == ls else {k: v for k, v in (("s", s), ("l", ls)) if v}
    return out


def _kinds(kind: str) -> tuple[str, ...]:
    return ("s", "l") if kind == "b" else (kind,)


def count_keys(facts: Facts) -> frozenset[str]:
    """The ``article_count`` keys (``kind:election``) an article adds 1 to."""
    keys = set()
    for kind, events in facts.items():
        for k in _kinds(kind):
            keys.add(f"{k}:{ANY}")
            keys.update(f"{k}:{state[0]}" for _, state in events if state[0])
    return frozenset(keys)


def solo_keys(facts: Facts) -> Iterator[tuple]:
    """The ``article_solo`` rows an article adds 1 to: for each kind it counts one event
    for, that event's day and month rows of the event rollup (``rollup.contributions``),
    agency pairs left out."""
    for kind, events in facts.items():
        if len(events) == 1:
            for grain, election_id, prov, a, b, period, activity, level, month_only in rollup.contributions(events[0][1]):
                if b == "" and grain in ("d", "m"):
                    yield (kind, grain, election_id, prov, a, period, activity, level, month_only)


def pair_rows(article_id: int, facts: Facts) -> Iterator[tuple]:
    """The ``article_pair`` rows of an article, for each kind it counts several events for."""
    for kind, events in facts.items():
        if len(events) < 2:
            continue
        for eid, (election_id, day, _, activity, level, agencies, regions) in events:
            period = day or rollup.UNDATED
            for tag in ("", *(f"ag:{a}" for a in agencies), *(f"pv:{p}" for p in rollup.provinces(regions))):
                yield (article_id, kind, eid, tag, election_id, period, activity, level)


def _encode(facts: Facts) -> str:
    return json.dumps({k: [[eid, e, d.isoformat() if d else None, mo, act, lv, list(ag), list(rg)]
                           for eid, (e, d, mo, act, lv, ag, rg) in events] for k, events in sorted(facts.items())},
                      separators=(",", ":"))


def _decode(text: str | None) -> Facts:
    if not text:
        return {}
    return {k: [(eid, (e, dt.date.fromisoformat(d) if d else None, mo, act, lv, tuple(ag), tuple(rg)))
                for eid, e, d, mo, act, lv, ag, rg in events] for k, events in json.loads(text).items()}


def newest_key(bind):
    """An article's place in Berita's newest-first order: its publication day, else the day
    it was stored (``bind``: an engine or a connection; an index serves it: migration 0006,
    ``ix_article_search_newest``)."""
    if bind.dialect.name == "postgresql":
        return func.coalesce(_A.c.published, cast(_A.c.ingested_at, Date))
    return func.coalesce(_A.c.published, func.date(_A.c.ingested_at))


def _newest(conn: Connection, *where) -> dict[int, dt.date]:
    """``newest_key`` of the articles ``where`` picks (conditions on ``article.id``)."""
    rows = conn.execute(select(_A.c.id, newest_key(conn)).where(*(w(_A.c.id) for w in where)))
    return {a: rollup._date(n) for a, n in rows}


def day_rows(article_id: int, facts: Facts, newest: dt.date | None) -> set[tuple]:
    """The ``article_day`` rows of an article: the days (and elections) of its own events that
    are not rejected (kind ``l``, or ``b``)."""
    if newest is None:
        return set()
    return {(article_id, state[1], state[0], newest) for kind in ("l", "b") for _, state in facts.get(kind, ())
            if state[1] is not None}


def noted(conn: Connection) -> bool:
    return conn.execute(select(AD.c.article_id).limit(1)).first() is not None


class _Delta:
    """What a fold or a rebuild adds to ``article_count`` and ``article_solo``."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.solo: Counter = Counter()

    def add(self, facts: Facts, sign: int) -> None:
        if sign > 0:
            self.counts.update(count_keys(facts))
            self.solo.update(solo_keys(facts))
        else:
            self.counts.subtract(count_keys(facts))
            self.solo.subtract(solo_keys(facts))

    def put(self, conn: Connection, into_empty: bool = False) -> None:
        bulk.put_counts(conn, AC, ("kind", "election_id"), ("n",),
                        sorted((*k.split(":", 1), d) for k, d in self.counts.items() if d), into_empty=into_empty)
        bulk.put_counts(conn, SOLO, SOLO_KEY, ("n",), sorted((*k, d) for k, d in self.solo.items() if d),
                        into_empty=into_empty)


def _several(facts: Facts) -> bool:
    return any(len(events) > 1 for events in facts.values())


def fold(conn: Connection, events: Iterable[int]) -> int:
    """Bring the article counts in step for the noted articles and those of the events
    ``events`` (noted by the event rollup: their own articles and those of the reports
    merged into them), then clear the notes. Returns how many articles changed what they
    count for."""
    ids = set(conn.scalars(select(AD.c.article_id)))
    for chunk in bulk.chunks(sorted(set(int(e) for e in events))):
        ids.update(conn.scalars(select(_E.c.article_id).where(
            (_E.c.merged_into.in_(chunk)) | (_E.c.id.in_(chunk)), _E.c.article_id.is_not(None))))
    delta = _Delta()
    changed = 0
    for chunk in bulk.chunks(sorted(ids)):
        old = {a: f for a, f in conn.execute(select(AS.c.article_id, AS.c.facts).where(AS.c.article_id.in_(chunk)))}
        new = facts_of(conn, lambda column: column.in_(chunk))
        stale, fresh, unpaired, pairs = [], [], [], []
        for article_id in chunk:
            before_text = old.get(article_id)
            after = new.get(article_id, {})
            after_text = _encode(after) if after else None
            if before_text == after_text and (article_id in old) == bool(after):
                continue
            changed += 1
            before = _decode(before_text)
            delta.add(before, -1)
            delta.add(after, 1)
            if article_id in old:
                stale.append(article_id)
                if _several(before):
                    unpaired.append(article_id)
            if after:
                fresh.append((article_id, SEP.join(sorted(count_keys(after))), after_text))
                pairs.extend(pair_rows(article_id, after))
        if stale:
            conn.execute(delete(AS).where(AS.c.article_id.in_(stale)))
        if unpaired:
            conn.execute(delete(PAIR).where(PAIR.c.article_id.in_(unpaired)))
        if fresh:
            bulk.insert_rows(conn, AS, STATE_COLUMNS, fresh)
        if pairs:
            bulk.insert_rows(conn, PAIR, PAIR_COLUMNS, pairs)
        _fold_days(conn, chunk, new)
    delta.put(conn)
    conn.execute(delete(AD))
    return changed


def _fold_days(conn: Connection, chunk: list[int], facts: dict[int, Facts]) -> None:
    """Bring the ``article_day`` rows of the articles ``chunk`` in step (their events'
    days, or their own dates, may have changed)."""
    newest = _newest(conn, lambda column: column.in_(chunk))
    old: dict[int, set[tuple]] = {}
    for row in conn.execute(select(*(DAY.c[c] for c in DAY_COLUMNS)).where(DAY.c.article_id.in_(chunk))):
        old.setdefault(row[0], set()).add((row[0], rollup._date(row[1]), row[2], rollup._date(row[3])))
    stale, fresh = [], []
    for article_id in chunk:
        rows = day_rows(article_id, facts.get(article_id, {}), newest.get(article_id))
        if rows != old.get(article_id, set()):
            if article_id in old:
                stale.append(article_id)
            fresh.extend(sorted(rows))
    if stale:
        conn.execute(delete(DAY).where(DAY.c.article_id.in_(stale)))
    if fresh:
        bulk.insert_rows(conn, DAY, DAY_COLUMNS, fresh)


def rebuild(conn: Connection, window: int = 50000) -> int:
    """Recompute the article counts from the events (with the rollups: migration 0013,
    bulk loads, ``dashboard recount``), by ranges of article ids. Returns the articles
    counted."""
    for table in (AC, AS, AD, SOLO, PAIR, DAY):
        conn.execute(delete(table))
    top = conn.scalar(select(func.max(_E.c.article_id))) or 0
    delta = _Delta()
    counted = 0
    for low in range(0, top + 1, window):
        facts = facts_of(conn, lambda column: column >= low, lambda column: column < low + window)
        newest = _newest(conn, lambda column: column >= low, lambda column: column < low + window)
        rows, pairs, days = [], [], []
        for article_id, f in sorted(facts.items()):
            delta.add(f, 1)
            rows.append((article_id, SEP.join(sorted(count_keys(f))), _encode(f)))
            pairs.extend(pair_rows(article_id, f))
            days.extend(sorted(day_rows(article_id, f, newest.get(article_id))))
        bulk.insert_rows(conn, AS, STATE_COLUMNS, rows, copy=True)
        bulk.insert_rows(conn, PAIR, PAIR_COLUMNS, pairs, copy=True)
        bulk.insert_rows(conn, DAY, DAY_COLUMNS, days, copy=True)
        counted += len(rows)
    delta.put(conn, into_empty=True)
    return counted


def count(conn: Connection, kind: str, election_id: str | None) -> int:
    """The kept count of ``kind`` (``s``/``l``) for an election (None: any)."""
    return int(conn.scalar(select(AC.c.n).where(AC.c.kind == kind, AC.c.election_id == (election_id or ANY))) or 0)


def snapshot(conn: Connection) -> dict:
    """The article counts as a dict (tests: equal to what ``rebuild`` computes)."""
    out = {("articles", kind, election): int(n) for kind, election, n in conn.execute(select(AC)) if n}
    for row in conn.execute(select(SOLO).where(SOLO.c.n != 0)):
        key = tuple(rollup._date(v) if c == "period" else v for c, v in zip(SOLO_KEY, row[:-1]))
        out[("solo", *key)] = int(row[-1])
    for row in conn.execute(select(*(PAIR.c[c] for c in PAIR_COLUMNS))):
        out[("pair", *(rollup._date(v) if c == "period" else v for c, v in zip(PAIR_COLUMNS, row)))] = 1
    for row in conn.execute(select(*(DAY.c[c] for c in DAY_COLUMNS))):
        out[("day", row[0], rollup._date(row[1]), row[2], rollup._date(row[3]))] = 1
    return out


__all__ = ["ANY", "count", "count_keys", "day_rows", "facts_of", "fold", "newest_key", "noted", "pair_rows", "rebuild", "snapshot", "solo_keys"]
