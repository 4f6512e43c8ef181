"""The data version that keys every cache (migration 0005): one row that the database's
triggers bump whenever an article, an event or an event's agency and region rows are
written, by whatever process, in the writing transaction (both back ends)."""

from __future__ import annotations

import threading

from sqlalchemy import delete, select, text, update

from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.ingest.pipeline import ingest_paths
from dashboard.queries import data_version


def test_every_kind_of_write_changes_the_version_and_reads_do_not(sample_engine, tmp_path):
    engine = sample_engine
    seen = [data_version(engine)]

    def changed() -> bool:
        seen.append(data_version(engine))
        return seen[-1] != seen[-2]

    # reads leave it alone
    with session_scope(engine) as s:
        eid, = s.execute(select(m.Event.id).where(m.Event.merged_into.is_(None)).limit(1)).one()
    assert not changed()
    # a new article (ingest: article, event, its agency and region rows)
    (tmp_path / "a.txt").write_text(
        "Rakor Persiapan Pilkada di Kabupaten Solok\n\nArosuka, Senin (2/11/2020) - Badan Kesbangpol Kabupaten "
        "Solok menggelar rapat koordinasi persiapan Pilkada Serentak 2020 bersama KPU dan Bawaslu di aula kantor "
        "bupati, diikuti 40 peserta.", encoding="utf-8")
    ingest_paths([tmp_path / "a.txt"], engine=engine)
    assert changed()
    # an edit of one event's field
    with session_scope(engine) as s:
        s.execute(update(m.Event).where(m.Event.id == eid).values(location="Aula Baru"))
    assert changed()
    # only an agency row of an event
    with session_scope(engine) as s:
        s.execute(delete(m.EventAgency).where(m.EventAgency.event_id == eid, m.EventAgency.via_event_id.is_(None)))
    assert changed()
    # a transaction that is rolled back changes nothing
    with engine.connect() as conn:
        trans = conn.begin()
        conn.execute(update(m.Event.__table__).where(m.Event.id == eid).values(location="X"))
        trans.rollback()
    assert not changed()
    # deleting an article and its events
    with session_scope(engine) as s:
        aid = s.scalar(select(m.Article.id).order_by(m.Article.id.desc()).limit(1))
        s.execute(delete(m.EventAgency).where(m.EventAgency.event_id.in_(select(m.Event.id).where(m.Event.article_id == aid))))
        s.execute(delete(m.EventRegion).where(m.EventRegion.event_id.in_(select(m.Event.id).where(m.Event.article_id == aid))))
        s.execute(delete(m.Event).where(m.Event.article_id == aid))
        s.execute(delete(m.Article).where(m.Article.id == aid))
    assert changed()
    assert len(set(seen)) == 5  # every change gave a version never seen before


def test_the_new_version_is_seen_together_with_the_data_it_stands_for(sample_engine):
    """Another connection reads the old version while a write is open, the new one with the
    committed data: a cache never files old results under a new key. PostgreSQL bumps once
    per transaction, however many rows it writes; two writers at once both count."""
    engine = sample_engine
    before = data_version(engine)
    with engine.connect() as conn:
        trans = conn.begin()
        conn.execute(text("UPDATE region SET lat = lat"))  # reference rows: not part of the version
        conn.execute(update(m.Article.__table__).values(publisher="Humas"))
        assert data_version(engine) == before  # another connection: not committed yet
        trans.commit()
    after = data_version(engine)
    assert after != before
    if engine.dialect.name == "postgresql":
        assert int(after[0]) == int(before[0]) + 1  # many rows, one bump

        errors: list[BaseException] = []

        def write(n: int) -> None:
            try:
                for _ in range(10):
                    with session_scope(engine) as s:
                        s.execute(update(m.Article).where(m.Article.id == n).values(publisher=f"P{n}"))
                        s.execute(update(m.Event).where(m.Event.article_id == n).values(location=f"L{n}"))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        with engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(m.Article.id).order_by(m.Article.id).limit(2))]
        threads = [threading.Thread(target=write, args=(i,)) for i in ids]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == []
        assert int(data_version(engine)[0]) == int(after[0]) + 10 * len(ids)


def test_a_commit_outside_the_app_is_read_from_the_events_until_recounted(sample_engine, sample_db_url, capsys):
    """A write committed without SQLAlchemy (a hand edit) leaves its events noted but not
    folded into the rollup: the aggregates then read the events, so they stay right; the
    next commit through the app, or ``dashboard recount``, brings the rollup in step."""
    from dashboard import rollup
    from dashboard.cli import main
    from dashboard.filters import Filters
    from dashboard.queries import meetings as qm
    from dashboard.queries import rollup_reads

    engine = sample_engine
    f = Filters()
    before = qm.key_numbers(engine, f)
    assert rollup_reads.key_numbers(engine, f) == before  # the rollup answers
    with session_scope(engine) as s:
        eid = s.scalar(select(m.Event.id).where(m.Event.merged_into.is_(None), m.Event.status != "rejected",
                                                m.Event.election_id == f.election_id).limit(1))
    raw = engine.raw_connection()  # a commit SQLAlchemy does not see
    try:
        cur = raw.cursor()
        if engine.dialect.name == "sqlite":
            cur.execute("BEGIN")
        cur.execute(f"UPDATE event SET status = 'rejected' WHERE id = {int(eid)}")
        raw.commit()
    finally:
        raw.close()
    with engine.connect() as conn:
        assert rollup.pending(conn)
    assert rollup_reads.key_numbers(engine, f) is None  # not read while behind
    assert qm.key_numbers(engine, f)["meetings"] == before["meetings"] - 1
    assert main(["--database-url", sample_db_url, "recount"]) == 0
    assert "events counted:" in capsys.readouterr().out
    with engine.connect() as conn:
        assert not rollup.pending(conn)
    assert rollup_reads.key_numbers(engine, f)["meetings"] == before["meetings"] - 1
