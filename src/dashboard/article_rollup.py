"""Article counts per election, kept in step with every write (issue 13, migration 0009).

The summary's "articles" (those reporting the filtered real events, their own or through a
report merged into them) and Berita's count (articles with an event that is not rejected)
are distinct counts: an article can report several events, so they are not sums of the
event rollup's counts, and at a million articles each read every event of the election
(about 2 s). Their unfiltered figures per election are kept here instead
(``models.ArticleCount``): kind ``s`` and ``l`` per election, and ``*`` for any election.

Kept like the event rollup (``dashboard.rollup``, which calls ``fold`` just before each
commit): a trigger on ``event`` notes the articles whose events changed in
``article_dirty``; the articles of the reports merged into an event the rollup noted are
added (a real event rejected or moved to another election changes what its reports'
articles count for); each noted article's keys are computed again from its events and
compared with what it added before (``article_count_state``). No Streamlit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, select

from dashboard.db import bulk
from dashboard.db import models as m

AC = m.ArticleCount.__table__
AS = m.ArticleCountState.__table__
AD = m.ArticleDirty.__table__
_E = m.Event.__table__
ANY = "*"  # the key of "any election" (election ids are ``[a-z]+-YYYY``)
SEP = "|"


def keys_of(conn: Connection, *where) -> dict[int, frozenset[str]]:
    """The ``kind:election`` keys of the articles whose events ``where`` picks (conditions
    on an article id column, given as a function of that column)."""
    out: dict[int, set[str]] = {}

    def put(article_id: int, kind: str, election_id: str | None) -> None:
        keys = out.setdefault(article_id, set())
        keys.add(f"{kind}:{ANY}")
        if election_id:
            keys.add(f"{kind}:{election_id}")

    own = select(_E.c.article_id, _E.c.election_id, _E.c.merged_into).where(
        *(w(_E.c.article_id) for w in where), _E.c.status != "rejected")
    for article_id, election_id, merged_into in conn.execute(own).all():
        put(article_id, "l", election_id)
        if merged_into is None:
            put(article_id, "s", election_id)
    report, real = _E.alias("report"), _E.alias("real")
    reported = (
        select(report.c.article_id, real.c.election_id)
        .select_from(report.join(real, real.c.id == report.c.merged_into))
        .where(*(w(report.c.article_id) for w in where), real.c.merged_into.is_(None), real.c.status != "rejected")
    )
    for article_id, election_id in conn.execute(reported).all():
        put(article_id, "s", election_id)
    return {k: frozenset(v) for k, v in out.items()}


def _split(keys: str | None) -> frozenset[str]:
    return frozenset(k for k in (keys or "").split(SEP) if k)


def noted(conn: Connection) -> bool:
    return conn.execute(select(AD.c.article_id).limit(1)).first() is not None


def fold(conn: Connection, events: Iterable[int]) -> int:
    """Bring ``article_count`` in step for the noted articles and those of the reports
    merged into the events ``events`` (noted by the event rollup), then clear the notes.
    Returns how many articles changed what they count for."""
    ids = set(conn.scalars(select(AD.c.article_id)))
    for chunk in bulk.chunks(sorted(set(int(e) for e in events))):
        ids.update(conn.scalars(select(_E.c.article_id).where(_E.c.merged_into.in_(chunk),
                                                             _E.c.article_id.is_not(None))))
    delta: Counter = Counter()
    changed = 0
    for chunk in bulk.chunks(sorted(ids)):
        old = {a: _split(k) for a, k in conn.execute(select(AS.c.article_id, AS.c.counted_in).where(AS.c.article_id.in_(chunk)))}
        new = keys_of(conn, lambda column: column.in_(chunk))
        stale, fresh = [], []
        for article_id in chunk:
            before, after = old.get(article_id, frozenset()), new.get(article_id, frozenset())
            if before == after:
                continue
            changed += 1
            delta.update(after)
            delta.subtract(before)
            if article_id in old:
                stale.append(article_id)
            if after:
                fresh.append((article_id, SEP.join(sorted(after))))
        if stale:
            conn.execute(delete(AS).where(AS.c.article_id.in_(stale)))
        if fresh:
            bulk.insert_rows(conn, AS, ("article_id", "counted_in"), fresh)
    _add(conn, delta)
    conn.execute(delete(AD))
    return changed


def rebuild(conn: Connection, window: int = 50000) -> int:
    """Recompute ``article_count`` from the events (with the rollups: migration 0010, bulk
    loads, ``dashboard recount``), by ranges
    of article ids. Returns the articles counted."""
    conn.execute(delete(AC))
    conn.execute(delete(AS))
    conn.execute(delete(AD))
    top = conn.scalar(select(func.max(_E.c.article_id))) or 0
    delta: Counter = Counter()
    counted = 0
    for low in range(0, top + 1, window):
        keys = keys_of(conn, lambda column: column >= low, lambda column: column < low + window)
        rows = [(a, SEP.join(sorted(k))) for a, k in sorted(keys.items()) if k]
        for k in keys.values():
            delta.update(k)
        if rows:
            bulk.insert_rows(conn, AS, ("article_id", "counted_in"), rows)
            counted += len(rows)
    _add(conn, delta, into_empty=True)
    return counted


def _add(conn: Connection, delta: Counter, into_empty: bool = False) -> None:
    """Add ``delta`` (``kind:election`` -> change) to ``article_count`` (``into_empty``: a
    rebuild's whole count into the emptied table)."""
    bulk.put_counts(conn, AC, ("kind", "election_id"), ("n",),
                    sorted((*k.split(":", 1), d) for k, d in delta.items() if d), into_empty=into_empty)


def count(conn: Connection, kind: str, election_id: str | None) -> int:
    """The kept count of ``kind`` (``s``/``l``) for an election (None: any)."""
    return int(conn.scalar(select(AC.c.n).where(AC.c.kind == kind, AC.c.election_id == (election_id or ANY))) or 0)


def snapshot(conn: Connection) -> dict:
    """``article_count`` as a dict (tests: equal to what ``rebuild`` computes)."""
    return {("articles", kind, election): int(n) for kind, election, n in conn.execute(select(AC)) if n}


__all__ = ["ANY", "count", "fold", "keys_of", "noted", "rebuild", "snapshot"]
