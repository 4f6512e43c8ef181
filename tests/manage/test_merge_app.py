"""The review queue's merge tools in AppTest (both back ends): an event's sources with the
reason and score of each automatic merge, splitting a source off, merging two events by
hand, the automatic-merge list; each write audited with the user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from dashboard import audit
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.ingest.pipeline import ingest_paths
from dashboard.merging import store
from tests.app.conftest import no_exceptions
from tests.manage.test_pages_app import run, texts, token

DATA = Path(__file__).resolve().parents[1] / "data" / "merge" / "articles.jsonl"
RECORDS = {r["id"]: r for r in map(json.loads, DATA.read_text(encoding="utf-8").splitlines())}
SOLSEL = ["b1-solsel-pemkab", "b2-solsel-koran", "b3-solsel-polres"]


@pytest.fixture
def merged(users, tmp_path):
    import streamlit as st

    st.cache_data.clear()
    path = tmp_path / "a.jsonl"
    ids = [*SOLSEL, "nb1-solsel-week-later"]
    path.write_text("\n".join(json.dumps(RECORDS[i]) for i in ids) + "\n", encoding="utf-8")
    ingest_paths([path], engine=users)
    out = {}
    with session_scope(users) as s:
        for rid in ids:
            out[rid] = s.scalar(select(m.Event.id).join(m.Article, m.Article.id == m.Event.article_id)
                                .where(m.Article.url == RECORDS[rid]["url"]))
    return users, out


def group(engine, eid: int) -> list[int]:
    with session_scope(engine) as s:
        return sorted(store.group_of(s, eid))


def test_sources_are_listed_with_reason_and_split_works(merged):
    engine, ids = merged
    # the queue shows its least certain event first: make that the three-report event
    with session_scope(engine) as s:
        s.execute(update(m.Event).where(m.Event.id.in_([ids[r] for r in SOLSEL]), m.Event.merged_into.is_(None))
                  .values(confidence=0.01))
        # the report that will be split off is less certain still: once on its own it heads the queue
        s.execute(update(m.Event).where(m.Event.id == ids["b2-solsel-koran"]).values(confidence=0.001))
    at = run("kelola", token(engine, "editor1"))
    no_exceptions(at)
    # the queue lists two events (the 20 and the 27 November rakor); the first has 3 sources
    shown = texts(at)
    assert "Sumber berita kegiatan ini" in shown
    main = next(i for i in (ids[r] for r in SOLSEL) if len(group(engine, i)) == 3 and f"split_{i}_1" in
                {b.key for b in at.button})
    assert "digabung otomatis" in shown and "tanggal sama" in shown and "tempat sama" in shown
    victim = ids["b2-solsel-koran"]
    at.button(key=f"split_{victim}_1").click().run()
    no_exceptions(at)
    assert "dipisahkan" in texts(at)
    assert "(2 sumber berita)" in texts(at)  # the editor stays on the event, now with two reports
    assert group(engine, victim) == [victim] and len(group(engine, main)) == 2
    entry = audit.read(engine, audit.AuditQuery(action="split")).iloc[0]
    assert entry["username"] == "editor1" and entry["entity_id"] == str(victim)
    assert entry["before"]["sources"] == sorted(ids[r] for r in SOLSEL)
    assert entry["after"]["sources"] == sorted(ids[r] for r in SOLSEL if r != "b2-solsel-koran")


def test_merge_two_events_by_hand_from_the_picker(merged):
    engine, ids = merged
    week = ids["nb1-solsel-week-later"]
    at = run("kelola", token(engine, "editor1"))
    no_exceptions(at)
    assert len(at.dataframe[0].value) == 2  # two events: the 20 and the 27 November rakor
    # the event shown (the queue's first) is merged with the other one, by its number
    main = [k for k in (b.key for b in at.button) if k and k.startswith("merge_do_")][0]
    eid = int(main.split("_")[2])
    other = week if eid != week else ids["b1-solsel-pemkab"]
    at.number_input(key=f"merge_id_{eid}_{main.split('_')[3]}").set_value(other)
    at.button(key=main).click().run()
    no_exceptions(at)
    assert "digabung dengan" in texts(at)
    assert len(group(engine, eid)) == 4
    entry = audit.read(engine, audit.AuditQuery(action="merge")).iloc[0]
    assert entry["username"] == "editor1" and len(entry["after"]["sources"]) == 4
    assert len(at.dataframe[0].value) == 1  # one event left in the queue


def test_automatic_merges_list_opens_the_event(merged):
    engine, ids = merged
    at = run("kelola", token(engine, "editor1"))
    at.segmented_control(key="review_mode").set_value("merges").run()
    no_exceptions(at)
    shown = texts(at)
    assert [(x.label, str(x.value)) for x in at.metric] == [("Penggabungan otomatis", "2")]  # 2 reports joined
    assert "Sumber berita kegiatan ini" in shown and "skor" in shown
