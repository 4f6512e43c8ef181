"""Merged events in the database (SQLite and PostgreSQL): several articles reporting one
meeting are one event in every count; merging is incremental and idempotent; a person's
split or merge survives re-extraction and ingest; reviewed reports lead their event."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard import audit, manage
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.filters import Filters
from dashboard.ingest.pipeline import ingest_paths, reextract
from dashboard.meetings import windows
from dashboard.merging import bulk, hand, store
from dashboard.queries import article_list, core, event_lists, meetings, merges, regions
from dashboard.queries import manage as qm

DATA = Path(__file__).resolve().parents[1] / "data" / "merge" / "articles.jsonl"
RECORDS = {r["id"]: r for r in map(json.loads, DATA.read_text(encoding="utf-8").splitlines())}
SOLSEL = ["b1-solsel-pemkab", "b2-solsel-koran", "b3-solsel-polres"]  # one rakor, 3 outlets (one undated)
ALL = Filters(election="semua")


def ingest(engine, tmp_path: Path, ids, name: str = "batch.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(RECORDS[i], ensure_ascii=False) for i in ids) + "\n", encoding="utf-8")
    return ingest_paths([path], engine=engine)


def event_of(engine, record_id: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(
            select(m.Event.id).join(m.Article, m.Article.id == m.Event.article_id)
            .where(m.Article.url == RECORDS[record_id]["url"], m.Event.ordinal == 0)
        )


def state(engine) -> tuple:
    """Everything merging writes, to compare before and after."""
    with session_scope(engine) as s:
        return (
            s.execute(select(m.Event.id, m.Event.merged_into).order_by(m.Event.id)).all(),
            s.execute(select(m.EventMerge.event_id, m.EventMerge.matched_id, m.EventMerge.score,
                             m.EventMerge.decided_by).order_by(m.EventMerge.event_id)).all(),
            s.execute(select(m.EventAgency.event_id, m.EventAgency.agency_name, m.EventAgency.via_event_id)
                      .where(m.EventAgency.via_event_id.is_not(None)).order_by(m.EventAgency.event_id,
                                                                               m.EventAgency.agency_name)).all(),
            s.execute(select(m.MergeRule.event_a, m.MergeRule.event_b, m.MergeRule.kind)
                      .order_by(m.MergeRule.event_a, m.MergeRule.event_b)).all(),
        )


def test_three_reports_of_one_meeting_count_once_everywhere(engine, tmp_path):
    rep = ingest(engine, tmp_path, SOLSEL)
    assert rep.new == 3 and rep.events == 3
    ids = [event_of(engine, r) for r in SOLSEL]
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(m.Event)) == 3  # every article keeps its own event row
    f = Filters(election="pilkada-2020")
    s = core.summary(engine, f)
    assert (s["events"], s["articles"]) == (1, 3)
    assert core.count_events(engine, ALL) == 1
    assert int(core.events_over_time(engine, f)["n"].sum()) == 1
    assert list(core.activity_counts(engine, f)["n"]) == [1]
    table = event_lists.events_table(engine, ALL)
    assert len(table) == 1 and int(table.iloc[0]["sources"]) == 3
    assert set(core.agency_totals(engine, f)["events"]) == {1}
    assert int(meetings.level_totals(engine, f)["n"].sum()) == 1
    assert len(meetings.calendar(engine, f)) == 1
    assert meetings.key_numbers(engine, f)["meetings"] == 1
    pairs = meetings.co_participation(engine, f)
    assert len(pairs) and set(pairs["n"]) == {1}
    assert set(meetings.agency_meetings(engine, f)["n"]) == {1}
    w = windows(dt.date(2020, 11, 30))
    assert meetings.change_total(engine, f, w)["recent"] == 1
    act = core.region_activity(engine, f)
    assert int(act.loc[act["code"] == "13.11", "events"].iloc[0]) == 1
    ready = regions.readiness(engine, f, dt.date(2020, 12, 31), dt.date(2020, 11, 1))
    row = ready.loc[ready["code"] == "13.11"].iloc[0]
    assert (int(row["events"]), int(row["meetings"]), int(row["window_events"])) == (1, 1, 1)
    assert int(regions.meetings_by_stage(engine, f, dt.date(2020, 12, 31), ("13.11",))["before"].max()) <= 1
    assert qm.count_review_queue(engine, ALL) == 1
    assert sum(qm.status_counts(engine).values()) == 1
    # the article lists still list every article, and the reader shows the other reports
    assert article_list.count_articles(engine, f) == 3
    assert len(regions.region_articles(engine, f, "13.11")) == 3
    art = article_list.article_detail(engine, _article(engine, "b3-solsel-polres"))
    assert {x["title"] for x in art["events"][0]["also_reported"]} == {RECORDS[i]["title"] for i in SOLSEL[:2]}
    # the event detail opens from any report's id and lists the others
    main = event_lists.events_table(engine, ALL).iloc[0]["id"]
    for eid in ids:
        d = meetings.event_detail(engine, eid)
        assert d["id"] == main and len(d["sources"]) == 2
    # the canonical event carries every report's agencies; the reports keep their own
    d = meetings.event_detail(engine, main)
    assert {"Kesbangpol", "KPU", "Bawaslu", "Polri", "TNI", "Pemda"} <= {a["agency_name"] for a in d["agencies"]}


def _article(engine, record_id: str) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(m.Article.id).where(m.Article.url == RECORDS[record_id]["url"]))


def test_near_misses_stay_separate_events(engine, tmp_path):
    ingest(engine, tmp_path, [*SOLSEL, "nb1-solsel-week-later", "nb1b-solsel-week-later-undated",
                              "nb2-solok-same-day", "nb3-solsel-kpu-same-day", "s3-solsel-bimtek"])
    # the week-later rakor (with its undated report), the next kabupaten's, the KPU's and the bimtek
    assert core.count_events(engine, ALL) == 5
    with session_scope(engine) as s:
        week = store.group_of(s, event_of(engine, "nb1-solsel-week-later"))
        assert event_of(engine, "nb1b-solsel-week-later-undated") in week and len(week) == 2
        assert sorted(store.group_of(s, event_of(engine, SOLSEL[0]))) == sorted(event_of(engine, r) for r in SOLSEL)


def test_a_later_article_joins_the_stored_event_and_reruns_change_nothing(engine, tmp_path):
    ingest(engine, tmp_path, SOLSEL[:1], "first.jsonl")
    assert core.count_events(engine, ALL) == 1
    ingest(engine, tmp_path, SOLSEL[1:], "later.jsonl")
    assert core.count_events(engine, ALL) == 1
    main = event_of(engine, SOLSEL[0])
    with session_scope(engine) as s:
        assert sorted(store.group_of(s, main)) == sorted(event_of(engine, r) for r in SOLSEL)
        why = s.scalar(select(m.EventMerge.reason).where(m.EventMerge.event_id == event_of(engine, SOLSEL[1])))
    assert why["date"] == "same_day" and why["venue"] == "same_venue"
    before = state(engine)
    again = ingest(engine, tmp_path, SOLSEL, "again.jsonl")
    assert again.new == 0 and again.duplicate == 3 and state(engine) == before
    reextract(engine)  # events keep their ids; merging finds them where they are
    assert state(engine) == before
    with session_scope(engine, write=True) as s:
        bulk.merge_all(s)
    assert state(engine)[0] == before[0]  # the same events; links may name other partners
    with session_scope(engine, write=True) as s:
        bulk.merge_all(s)
    after = state(engine)
    with session_scope(engine, write=True) as s:
        bulk.merge_all(s)
    assert state(engine) == after


def test_hand_split_and_merge_survive_reextraction_and_ingest(engine, tmp_path):
    ingest(engine, tmp_path, [*SOLSEL, "nb1-solsel-week-later"], "a.jsonl")
    b1, b2, b3, week = (event_of(engine, r) for r in [*SOLSEL, "nb1-solsel-week-later"])
    assert core.count_events(engine, ALL) == 2
    # split b2 off: its own event, and it never rejoins automatically
    hand.split_report(engine, b2, username="editor1")
    assert core.count_events(engine, ALL) == 3
    # merge the week-later rakor with the 20 November one by hand: different dates, a person decided
    hand.merge_events_by_hand(engine, week, b1, username="editor1")
    assert core.count_events(engine, ALL) == 2
    with session_scope(engine) as s:
        assert set(store.group_of(s, b1)) == {b1, b3, week} and store.group_of(s, b2) == [b2]
    before = state(engine)
    reextract(engine)
    assert state(engine) == before
    ingest(engine, tmp_path, [*SOLSEL, "nb1-solsel-week-later"], "again.jsonl")
    assert state(engine) == before
    with session_scope(engine, write=True) as s:
        bulk.merge_all(s)
    with session_scope(engine) as s:
        assert set(store.group_of(s, b1)) == {b1, b3, week} and store.group_of(s, b2) == [b2]
    # both decisions are in the audit log with the sources before and after
    split = audit.read(engine, audit.AuditQuery(action="split")).iloc[0]
    assert split["username"] == "editor1" and split["entity_id"] == str(b2)
    assert split["before"]["sources"] == sorted([b1, b2, b3]) and split["after"]["sources"] == sorted([b1, b3])
    assert split["after"]["split_off"] == b2
    merged = audit.read(engine, audit.AuditQuery(action="merge")).iloc[0]
    assert merged["before"]["sources"] == [week] and merged["after"]["sources"] == sorted([b1, b3, week])
    # splitting a report with no other report is refused; merging one event with itself too
    with pytest.raises(hand.NothingToSplit):
        hand.split_report(engine, b2, username="editor1")
    with pytest.raises(hand.SameEvent):
        hand.merge_events_by_hand(engine, b3, week, username="editor1")


def test_reviewed_report_leads_and_rejection_leaves(engine, tmp_path):
    ingest(engine, tmp_path, SOLSEL)
    b1, b2, b3 = (event_of(engine, r) for r in SOLSEL)
    with session_scope(engine) as s:
        main = s.scalar(select(func.coalesce(m.Event.merged_into, m.Event.id)).where(m.Event.id == b3))
    other = b2 if main != b2 else b1
    manage.confirm_event(engine, other, username="editor1", expected_version=1)
    with session_scope(engine) as s:
        assert s.get(m.Event, other).merged_into is None  # the confirmed report is the main one now
        assert {e.merged_into for e in s.scalars(select(m.Event).where(m.Event.id != other))} == {other}
    manage.reject_event(engine, other, username="editor1", expected_version=2)
    assert core.count_events(engine, ALL) == 1  # the two others are still one event
    with session_scope(engine) as s:
        assert s.get(m.Event, other).merged_into is None and len(store.group_of(s, other)) == 1
        rest = [b for b in (b1, b2, b3) if b != other]
        assert sorted(store.group_of(s, rest[0])) == sorted(rest)
        # no rows carried for a report that left
        assert s.scalar(select(func.count()).select_from(m.EventAgency).where(m.EventAgency.via_event_id == other)) == 0


def test_hand_recorded_and_imported_events_join_and_lead(engine, tmp_path):
    ingest(engine, tmp_path, SOLSEL[:2])
    eid = manage.record_manual_event(engine, manage.EventInput(
        event_date=dt.date(2020, 11, 20), activity="rakor", location="Aula Kantor Bupati Solok Selatan",
        agencies=("Kesbangpol", "KPU", "Bawaslu"), regions=("13.11",), election_id="pilkada-2020",
        notes="Rakor kesiapan logistik Pilkada, distribusi kotak suara.",
    ), username="editor1")
    assert core.count_events(engine, ALL) == 1
    with session_scope(engine) as s:
        assert s.get(m.Event, eid).merged_into is None and len(store.group_of(s, eid)) == 3
    src = merges.sources(engine, event_of(engine, SOLSEL[0]))
    assert [x["event_id"] for x in src][0] == eid and src[0]["main"]


def test_extract_events_jsonl_command(tmp_path):
    from dashboard.cli import main

    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(json.dumps({k: RECORDS[i][k] for k in ("id", "title", "text", "published")})
                             for i in [*SOLSEL, "nb2-solok-same-day"]) + "\n", encoding="utf-8")
    out, evs = tmp_path / "out.jsonl", tmp_path / "events.jsonl"
    assert main(["extract", str(inp), "-o", str(out), "--events", str(evs)]) == 0
    assert len(out.read_text().splitlines()) == 4
    merged = [json.loads(x) for x in evs.read_text(encoding="utf-8").splitlines()]
    assert [sorted(e["sources"]) for e in merged] == [sorted(SOLSEL), ["nb2-solok-same-day"]]
    assert merged[0]["sources"][0] == "b1-solsel-pemkab" and merged[0]["event_date"] == "2020-11-20"


def _near_copies(n: int, *, dated_at: int | None = None, day: str = "Kamis (1/10/2020)") -> list[dict]:
    """``n`` outlets' near-identical reports of one rakor, published on 1 October 2020, no
    date in the text except the one at position ``dated_at``."""
    out = []
    for i in range(n):
        when = f", {day}" if i == dated_at else ""
        out.append({
            "url": f"https://outlet{i}.example/rakor-logistik",
            "title": f"Rakor logistik Pilkada di Aula Kantor Bupati Solok Selatan ({i})",
            "published": "2020-10-01",
            "text": (f"Badan Kesbangpol Kabupaten Solok Selatan menggelar rapat koordinasi logistik Pilkada 2020 di "
                     f"Aula Kantor Bupati Solok Selatan{when}. Rakor diikuti KPU, Bawaslu dan Polres Solok Selatan. "
                     f"Laporan nomor {i}."),
        })
    return out


def test_a_much_reported_event_is_read_through_a_sample_and_still_vetoes(engine, tmp_path):
    """An event reported 40 times: a new report is compared with a bounded sample of it, and
    the constraints still hold against every report (here: one report in the middle states
    the day, and a report of the day before must not join)."""
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _near_copies(40, dated_at=20)) + "\n", encoding="utf-8")
    assert ingest_paths([path], engine=engine).new == 40
    assert core.count_events(engine, ALL) == 1
    # a person confirms an undated report: it leads the event, so the dated one is neither the
    # main report nor in the sample (the first and the latest reports)
    with session_scope(engine) as s:
        first = s.scalar(select(func.min(m.Event.id)))
    manage.confirm_event(engine, first, username="editor1", expected_version=1)
    with session_scope(engine) as s:
        assert s.get(m.Event, first).merged_into is None
    later = _near_copies(42)[40:]  # two more undated reports: they join
    before = {
        "url": "https://lain.example/rakor-kemarin", "title": "Rakor logistik Pilkada di Aula Kantor Bupati Solok Selatan",
        "published": "2020-10-01",
        "text": ("Badan Kesbangpol Kabupaten Solok Selatan menggelar rapat koordinasi logistik Pilkada 2020 di Aula "
                 "Kantor Bupati Solok Selatan, Rabu (30/9/2020). Rakor diikuti KPU, Bawaslu dan Polres Solok Selatan."),
    }
    more = tmp_path / "more.jsonl"
    more.write_text("\n".join(json.dumps(r) for r in [*later, before]) + "\n", encoding="utf-8")
    assert ingest_paths([more], engine=engine).new == 3
    assert core.count_events(engine, ALL) == 2  # the 30 September report is an event of its own
    with session_scope(engine) as s:
        sizes = sorted(len(store.group_of(s, root)) for root in s.scalars(
            select(m.Event.id).where(m.Event.merged_into.is_(None))))
        assert sizes == [1, 42]
        assert s.get(m.Event, first).merged_into is None
    before_state = state(engine)
    reextract(engine)
    assert state(engine)[0] == before_state[0]  # the same groups after a re-extraction
