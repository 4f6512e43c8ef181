"""The kept counts stay right through every kind of write (issue 13): the rollups kept by the
triggers and the commit hook equal a rebuild from scratch, and the article counts (per
election and under filters) equal a count over the events, after merges, rejections,
moves, deletes with cascades, ORM agency changes and a failed transaction, on SQLite and
PostgreSQL. The database is ``world`` (``reference_world``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select, update

from dashboard import rollup
from dashboard.db import models as m
from dashboard.filters import ALL_ELECTIONS, Filters
from dashboard.queries import core, rollup_reads

D = dt.date


def test_the_rollup_equals_a_rebuild_after_every_kind_of_write(world):
    """The rollup kept in step by the triggers and the commit hook (raw updates, merges,
    rejections, undated events above) equals one computed from scratch; so it does after
    deleting events (their agencies go by cascade), changing an event's agencies through
    the ORM, and a transaction that failed."""
    engine = world["engine"]

    def fresh() -> dict:
        with engine.connect() as conn:
            trans = conn.begin()
            rollup.rebuild(conn)
            snap = rollup.snapshot(conn)
            trans.rollback()
        return snap

    with engine.connect() as conn:
        kept = rollup.snapshot(conn)
        assert not rollup.pending(conn)
    assert kept and kept == fresh()
    ids = [e["id"] for e in world["events"] if e["merged_into"] is None]
    with engine.begin() as conn:
        conn.execute(update(m.Event).where(m.Event.merged_into.in_(ids[:5])).values(merged_into=None))
        conn.execute(m.Event.__table__.delete().where(m.Event.id.in_(ids[:5])))
    from dashboard.db.engine import session_scope

    with session_scope(engine, write=True) as s:
        ev = s.get(m.Event, ids[-1])  # no merged reports, so no agency rows carried for them
        ev.agencies = [m.EventAgency(agency_name="KPU"), m.EventAgency(agency_name="Bawaslu"),
                       m.EventAgency(agency_name="TNI")]
        ev.activity = "apel"
    # an event moved to the last day of its month: the month's counts stay, its last day changes
    moved = next(e for e in world["events"] if e["merged_into"] is None and e["status"] != "rejected"
                 and e["id"] not in ids[:5] + ids[-3:] and e["event_date"] and e["event_date"].day < 28
                 and world["regions"].get(e["id"]))
    last = (moved["event_date"].replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    with engine.begin() as conn:
        conn.execute(update(m.Event).where(m.Event.id == moved["id"]).values(event_date=last))
    with engine.begin() as conn:  # regions taken off one event, one added to another
        er = m.EventRegion.__table__
        conn.execute(er.delete().where(er.c.event_id == ids[-2]))
        have = set(conn.scalars(select(er.c.region_code).where(er.c.event_id == ids[-3])))
        conn.execute(er.insert().values(event_id=ids[-3], region_code=next(
            c for c in world["region_codes"] if c not in have)))
    with engine.begin() as conn:  # an article's dates: its place in Berita's newest-first order
        a = m.Article.__table__
        # (two articles in the middle: the writes above touch the first and last events)
        first, second = conn.scalars(select(a.c.id).order_by(a.c.id).offset(60).limit(2)).all()
        conn.execute(update(a).where(a.c.id == first).values(published=D(2021, 1, 5)))
        conn.execute(update(a).where(a.c.id == second).values(published=None))
    with pytest.raises(RuntimeError):
        with engine.begin() as conn:
            conn.execute(update(m.Event).where(m.Event.id == ids[8]).values(status="rejected"))
            raise RuntimeError("the transaction fails")
    with engine.connect() as conn:
        kept = rollup.snapshot(conn)
        assert not rollup.pending(conn)
    assert kept == fresh()


def _article_counts(engine, election: str) -> tuple[int, int]:
    f = Filters(election=election)
    from dashboard.queries import article_list

    return core.summary(engine, f)["articles"], article_list.count_articles(engine, f)


def _ref_article_counts(engine, election: str) -> tuple[int, int]:
    """The summary's articles (reporting a real event of the election, their own or
    through a report merged into it) and Berita's (with an event of the election that is
    not rejected), read from the events as they are now."""
    with engine.connect() as conn:
        events = [dict(r) for r in conn.execute(select(m.Event.__table__)).mappings()]
    by_id = {e["id"]: e for e in events}
    wanted = Filters(election=election).election_id

    def in_election(e) -> bool:
        return wanted is None or e["election_id"] == wanted

    real = {e["id"] for e in events if e["merged_into"] is None and e["status"] != "rejected" and in_election(e)}
    reporting = {e["article_id"] for e in events if e["article_id"] is not None
                 and (e["id"] in real or (e["merged_into"] in real and e["merged_into"] in by_id))}
    listed = {e["article_id"] for e in events if e["article_id"] is not None and e["status"] != "rejected"
              and in_election(e)}
    return len(reporting), len(listed)


def test_kept_article_counts_equal_the_events_after_every_kind_of_write(world):
    """The summary's and Berita's article counts for an election alone come from
    ``article_rollup`` (it answers), and equal a count over the events: on the irregular
    database (merged reports, rejected and hand-entered events, other elections), and after
    a real event with merged reports is rejected, one moves to another election, reports
    are taken off their event, events are deleted, and an event moves to another article."""

    from dashboard.queries import article_counts, article_list

    engine = world["engine"]
    elections = ("pilkada-2020", "pemilu-2019", ALL_ELECTIONS)

    def check() -> None:
        for election in elections:
            f = Filters(election=election)
            assert rollup_reads.article_count(engine, f, "s") is not None
            summary, listed = _article_counts(engine, election)
            want_summary, want_listed = _ref_article_counts(engine, election)
            assert summary == want_summary, election
            if f.election_id:  # every election with no other filter: every article, not the kept count
                assert rollup_reads.article_count(engine, f, "l") is not None
                assert listed == want_listed, election
            with rollup_reads.disabled():
                assert _article_counts(engine, election) == (summary, listed), election
            for g in (f.with_(agencies=("KPU",)), f.with_(province="13"), f.with_(activities=("rakor", "apel")),
                      f.with_(date_from=D(2020, 3, 1), date_to=D(2020, 10, 15)),
                      f.with_(province="13", agencies=("Bawaslu",), date_from=D(2020, 1, 1), date_to=D(2020, 12, 31))):
                assert article_counts.count(engine, g, "s") is not None
                assert article_counts.count(engine, g, "l") is not None
                got = (core.summary(engine, g)["articles"], article_list.count_articles(engine, g))
                with rollup_reads.disabled():
                    want = (core.summary(engine, g)["articles"], article_list.count_articles(engine, g))
                assert got == want, (election, g)

    check()
    events = world["events"]
    hubs = sorted({e["merged_into"] for e in events if e["merged_into"] is not None})
    assert len(hubs) >= 4, "the irregular database merges reports into several events"
    with engine.begin() as conn:
        conn.execute(update(m.Event).where(m.Event.id == hubs[0]).values(status="rejected"))
        conn.execute(update(m.Event).where(m.Event.id == hubs[1]).values(election_id="pemilu-2019"))
        conn.execute(update(m.Event).where(m.Event.merged_into == hubs[2]).values(merged_into=None))
    check()
    plain = [e for e in events if e["merged_into"] is None and e["id"] not in hubs and e["article_id"]]
    with engine.begin() as conn:
        conn.execute(m.Event.__table__.delete().where(m.Event.id.in_([e["id"] for e in plain[:4]])))
        conn.execute(update(m.Event).where(m.Event.id == plain[5]["id"]).values(article_id=plain[6]["article_id"], ordinal=99))
    check()
    with engine.connect() as conn:
        kept = rollup.snapshot(conn)
    with engine.connect() as conn:
        trans = conn.begin()
        rollup.rebuild(conn)
        assert rollup.snapshot(conn) == kept
        trans.rollback()


def test_the_database_is_irregular(world):
    """The random database holds what the reference must get right."""
    ev = world["events"]
    assert any(e["merged_into"] for e in ev) and any(e["status"] == "rejected" for e in ev)
    assert any(e["event_date"] is None for e in ev) and any(e["date_precision"] == "month" for e in ev)
    assert any(e["article_id"] is None for e in ev) and any(e["election_id"] == "pemilu-2019" for e in ev)
    assert any(len(world["agencies"].get(e["id"], ())) > 2 for e in ev)
    # real events naming regions of several provinces (``region_cross``), and articles
    # reporting several events (``article_pair``)
    crossing = [e for e in ev if e["merged_into"] is None and e["status"] != "rejected"
                and len({c.split(".")[0] for c in world["regions"].get(e["id"], ())}) > 1]
    assert len(crossing) >= 5
    per_article = Counter(e["article_id"] for e in ev if e["article_id"] is not None)
    assert sum(1 for n in per_article.values() if n > 1) >= 10
