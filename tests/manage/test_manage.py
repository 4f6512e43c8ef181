"""Hand-recorded events, the review queue, event-list imports and uploads: every write is
transactional and audited (both back ends)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from dashboard import audit, manage
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.filters import Filters
from dashboard.ingest.pipeline import reextract
from dashboard.queries import manage as qm
from tests.manage.conftest import add_extracted, event_row


def _count(engine, model, *where):
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


GOOD = manage.EventInput(
    event_date=dt.date(2020, 11, 20),
    activity="rakor",
    location="  Aula Kantor Bupati Solok ",
    agencies=("KPU", "Bawaslu", "Kesbangpol", "KPU"),
    regions=("13.02",),
    election_id="pilkada-2020",
    participants=80,
    notes="Rakor kesiapan logistik.",
)


# ---------------------------------------------------------------- hand-recorded events


def test_record_manual_event_is_stored_and_audited(engine):
    eid = manage.record_manual_event(engine, GOOD, username="editor1")
    ev = event_row(engine, eid)
    assert ev.status == "manual" and ev.article_id is None and ev.version == 1
    assert ev.location == "Aula Kantor Bupati Solok" and ev.level == "kabkota"
    assert sorted(a.agency_name for a in ev.agencies) == ["Bawaslu", "KPU", "Kesbangpol"]
    log = audit.history(engine, "event", eid)
    assert list(log["action"]) == ["create"] and log.iloc[0]["username"] == "editor1"
    assert log.iloc[0]["after"]["regions"] == ["13.02"] and log.iloc[0]["before"] is None
    # it counts in the dashboard like any event
    from dashboard.queries import core

    assert core.count_events(engine, Filters()) == 1


def test_the_same_event_twice_is_refused(engine):
    first = manage.record_manual_event(engine, GOOD, username="editor1")
    with pytest.raises(manage.Duplicate) as e:
        manage.record_manual_event(engine, GOOD, username="editor2")
    assert e.value.existing_id == first
    assert _count(engine, m.Event) == 1 and audit.count(engine) == 1


@pytest.mark.parametrize(
    "change,field,code",
    [
        ({"event_date": None}, "event_date", "date_missing"),
        ({"event_date": dt.date(1999, 12, 31)}, "event_date", "date_range"),
        ({"event_date": dt.date(2099, 1, 1)}, "event_date", "date_range"),
        ({"activity": "pesta"}, "activity", "activity_unknown"),
        ({"agencies": ()}, "agencies", "agencies_missing"),
        ({"agencies": ("KPU", "CIA")}, "agencies", "agency_unknown"),
        ({"regions": ()}, "regions", "regions_missing"),
        ({"regions": ("99.99",)}, "regions", "region_unknown"),
        ({"election_id": "pilkada-1990"}, "election_id", "election_unknown"),
        ({"participants": 0}, "participants", "participants_range"),
        ({"participants": -5}, "participants", "participants_range"),
        ({"participants": 10**9}, "participants", "participants_range"),
        ({"location": "x" * 501}, "location", "too_long"),
        ({"notes": "x" * 5001}, "notes", "too_long"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "url_bad"),
        ({"source_url": "data:text/html,<script>alert(1)</script>"}, "source_url", "url_bad"),
    ],
)
def test_manual_event_validation(engine, change, field, code):
    from dataclasses import replace

    with pytest.raises(manage.ValidationError) as e:
        manage.record_manual_event(engine, replace(GOOD, **change), username="editor1")
    assert (field, code) in [(x.field, x.code) for x in e.value.errors]
    assert _count(engine, m.Event) == 0 and audit.count(engine) == 0


def test_hostile_and_odd_text_is_stored_as_plain_text(engine):
    from dataclasses import replace

    inp = replace(GOOD, location="<script>alert(1)</script>\x00\u202eevil", notes="[x](javascript:alert(1))\r\nline")
    eid = manage.record_manual_event(engine, inp, username="editor1")
    ev = event_row(engine, eid)
    assert ev.location == "<script>alert(1)</script>evil"  # stored as typed, minus control characters
    assert ev.notes == "[x](javascript:alert(1))\nline"


# ---------------------------------------------------------------- review queue


def test_queue_is_lowest_confidence_first_and_filtered(engine):
    ids = add_extracted(engine, 6)
    q = qm.review_queue(engine, Filters(election="semua"))
    assert list(q["id"]) == ids and q["confidence"].is_monotonic_increasing
    assert qm.count_review_queue(engine, Filters(election="semua")) == 6
    assert qm.count_review_queue(engine, Filters(election="semua", region="11.01")) == 0
    assert qm.count_review_queue(engine, Filters(election="semua", q="Rakor 3")) >= 1


def test_confirm_correct_reject_with_before_and_after(engine):
    a, b, c = add_extracted(engine, 3)
    v = manage.confirm_event(engine, a, username="editor1", expected_version=1)
    assert v == 2 and event_row(engine, a).status == "confirmed"
    fix = manage.event_input_from(qm.event_detail(engine, b))
    fix.location = "Hotel Pangeran, Padang"
    fix.regions = ("13.02", "13")
    fix.participants = 120
    manage.correct_event(engine, b, fix, username="editor2", expected_version=1)
    eb = event_row(engine, b)
    assert eb.status == "edited" and eb.location == "Hotel Pangeran, Padang" and eb.updated_by == "editor2"
    manage.reject_event(engine, c, username="editor1", expected_version=1, reason="bukan kegiatan pemilihan")
    assert event_row(engine, c).status == "rejected"
    assert qm.count_review_queue(engine, Filters(election="semua")) == 0

    hist = audit.history(engine, "event", b).iloc[-1]
    assert hist["action"] == "correct" and hist["username"] == "editor2"
    changed = {k for k, _, _ in audit.changes(hist["before"], hist["after"])}
    assert changed == {"status", "location", "regions", "participants", "level"} - {"level"} | (
        {"level"} if hist["before"]["level"] != hist["after"]["level"] else set()
    )
    assert hist["before"]["location"] == "Aula Kantor Bupati" and hist["after"]["participants"] == 120
    rej = audit.history(engine, "event", c).iloc[-1]
    assert rej["before"]["status"] == "extracted" and rej["after"]["status"] == "rejected"
    assert rej["detail"] == "bukan kegiatan pemilihan"
    # rejected events leave every figure
    from dashboard.queries import core

    assert core.count_events(engine, Filters(election="semua")) == 2


def test_stale_screen_is_a_conflict_and_writes_nothing(engine):
    (a,) = add_extracted(engine, 1)
    manage.confirm_event(engine, a, username="editor1", expected_version=1)
    n_audit = audit.count(engine)
    with pytest.raises(manage.Conflict) as e:
        manage.reject_event(engine, a, username="editor2", expected_version=1)
    assert e.value.current["updated_by"] == "editor1"
    assert event_row(engine, a).status == "confirmed" and audit.count(engine) == n_audit
    with pytest.raises(manage.NotFound):
        manage.confirm_event(engine, 999999, username="editor1", expected_version=1)
    with pytest.raises(manage.NotAllowed):
        manage.confirm_event(engine, a, username="editor1", expected_version=2)
    assert event_row(engine, a).version == 2  # the refused confirm was rolled back


def test_invalid_correction_writes_nothing(engine):
    (a,) = add_extracted(engine, 1)
    bad = manage.event_input_from(qm.event_detail(engine, a))
    bad.regions = ("00.00",)
    with pytest.raises(manage.ValidationError):
        manage.correct_event(engine, a, bad, username="editor1", expected_version=1)
    ev = event_row(engine, a)
    assert ev.status == "extracted" and ev.version == 1 and [r.region_code for r in ev.regions] == ["13.02"]


def test_reviewed_events_survive_reextraction(engine, monkeypatch):
    """Confirmed, edited and rejected events are never overwritten by a re-extraction, and
    unreviewed siblings in the same article are not lost either."""
    from dashboard.extract.model import AgencyMention, ExtractedEvent
    from dashboard.ingest import pipeline

    ids = add_extracted(engine, 4)
    manage.confirm_event(engine, ids[0], username="e", expected_version=1)
    fix = manage.event_input_from(qm.event_detail(engine, ids[1]))
    fix.location = "Dikoreksi"
    manage.correct_event(engine, ids[1], fix, username="e", expected_version=1)
    manage.reject_event(engine, ids[2], username="e", expected_version=1)
    # a second, unreviewed event in the first article
    with session_scope(engine) as s:
        art_id = s.get(m.Event, ids[0]).article_id
        s.add(m.Event(article_id=art_id, ordinal=1, activity="apel", status="extracted", confidence=0.3, evidence={}))

    def fake_extract(text, **kw):
        return [ExtractedEvent(event_date=dt.date(2021, 1, 1), activity="sosialisasi", confidence=0.9,
                               agencies=[AgencyMention("Polri")])]

    monkeypatch.setattr(pipeline, "extract_events", fake_extract)
    reextract(engine)
    e0, e1, e2 = (event_row(engine, i) for i in ids[:3])
    assert (e0.status, e0.activity, e0.event_date) == ("confirmed", "rakor", dt.date(2020, 3, 2))
    assert (e1.status, e1.location) == ("edited", "Dikoreksi")
    assert e2.status == "rejected"
    with session_scope(engine) as s:
        sib = s.scalar(select(m.Event).where(m.Event.article_id == art_id, m.Event.ordinal == 1))
        assert sib is not None and sib.activity == "apel"
        # the unreviewed article was re-extracted: its event keeps its id and gets the new values
        new = s.scalars(select(m.Event).where(m.Event.status == "extracted", m.Event.activity == "sosialisasi")).all()
        assert [e.id for e in new] == [ids[3]] and new[0].event_date == dt.date(2021, 1, 1)
        assert [a.agency_name for a in new[0].agencies] == ["Polri"]
    # the re-extraction is in the audit log too
    rx = audit.read(engine, audit.AuditQuery(action="reextract"))
    assert len(rx) == 1 and rx.iloc[0]["after"] == {"articles": 4, "events_written": 1}


# ---------------------------------------------------------------- event-list import


@dataclass(frozen=True)
class Row:
    row: int
    event_date: dt.date
    activity: str = "rakor"
    location: str | None = "Aula"
    agencies: tuple = ("KPU",)
    regions: tuple = ("13.02",)
    election: str | None = "Pilkada 2020"
    election_id: str | None = "pilkada-2020"
    participants: int | None = None
    notes: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Err:
    row: int
    column: str | None
    message: str
    code: str


@dataclass
class Result:
    """A test double of ``ingest.event_table.EventTableResult``."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _rows(n, **kw):
    return [Row(i + 2, dt.date(2020, 10, 1) + dt.timedelta(days=i), **kw) for i in range(n)]


def test_import_writes_all_rows_with_audit(engine):
    rep = manage.import_event_rows(engine, "daftar.xlsx", Result(_rows(5)), username="editor1")
    assert rep.written and rep.count("new") == 5 and not rep.errors
    assert _count(engine, m.Event, m.Event.status == "manual") == 5
    assert audit.count(engine, audit.AuditQuery(action="create")) == 5
    imp = audit.read(engine, audit.AuditQuery(action="import")).iloc[0]
    assert imp["after"]["new"] == 5 and imp["detail"] == "daftar.xlsx"
    ev = event_row(engine, rep.rows[0].event_id)
    assert ev.evidence == {"import": {"file": "daftar.xlsx", "row": 2}}


def test_reimport_reports_duplicates_and_adds_nothing(engine):
    manage.import_event_rows(engine, "a.csv", Result(_rows(3)), username="editor1")
    rows = _rows(3) + [Row(5, dt.date(2020, 10, 1))]  # row 5 repeats row 2
    rep = manage.import_event_rows(engine, "a.csv", Result(rows), username="editor1")
    assert rep.written and rep.count("new") == 0 and rep.count("duplicate") == 4
    assert _count(engine, m.Event) == 3


def test_one_bad_row_means_nothing_is_written(engine):
    rows = _rows(4)
    result = Result(rows, [Err(4, "wilayah", "unknown region 'Atlantis'", "unknown_region")])
    rep = manage.import_event_rows(engine, "a.csv", result, username="editor1")
    assert not rep.written and [(r.row, r.column, r.code) for r in rep.errors] == [(4, "wilayah", "unknown_region")]
    assert _count(engine, m.Event) == 0 and audit.count(engine) == 0
    # a row that the parser accepted but the database does not know is caught here too
    rep = manage.import_event_rows(engine, "a.csv", Result(_rows(2) + [Row(9, dt.date(2020, 1, 1), agencies=("NASA",))]),
                                   username="editor1")
    assert not rep.written and [(r.row, r.column) for r in rep.errors] == [(9, "agencies")]
    assert _count(engine, m.Event) == 0


def test_a_failure_while_writing_rolls_back_every_row(engine, monkeypatch):
    calls = {"n": 0}
    real = manage._set_fields

    def boom(ev, inp, ref, s):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(ev, inp, ref, s)

    monkeypatch.setattr(manage.events, "_set_fields", boom)
    rep = manage.import_event_rows(engine, "a.csv", Result(_rows(5)), username="editor1")
    assert not rep.written and rep.errors[0].code == "store_error" and "disk full" in rep.errors[0].message
    assert _count(engine, m.Event) == 0 and audit.count(engine) == 0


def test_import_event_file_end_to_end_with_the_parser(engine):
    csv = (
        "tanggal,kegiatan,tempat,instansi,wilayah,pemilihan,peserta,catatan,url\n"
        "2020-11-02,rakor,Aula Kesbangpol,KPU;Bawaslu,13.02,Pilkada 2020,40,,https://pemda.example/1\n"
        "2020-11-03,apel,Lapangan,Polri;TNI,13.02,Pilkada 2020,300,,\n"
    ).encode()
    rep = manage.import_event_file(engine, "kegiatan.csv", csv, username="editor1")
    assert rep.written and rep.count("new") == 2, rep.rows
    bad = csv.replace(b"2020-11-03", b"kemarin")
    rep = manage.import_event_file(engine, "kegiatan2.csv", bad, username="editor1")
    assert not rep.written and rep.errors[0].row == 3 and rep.errors[0].column == "tanggal"
    rep = manage.import_event_file(engine, "kosong.csv", b"", username="editor1")
    assert not rep.written and rep.errors[0].code == "empty"
    assert _count(engine, m.Event) == 2


# ---------------------------------------------------------------- uploads


def _jsonl(*records) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()


ART = "Rapat koordinasi persiapan Pilkada 2020 di Aula Kantor Bupati Solok bersama KPU dan Bawaslu."


def test_preview_writes_nothing_and_predicts_the_report(engine):
    manage.store_uploads(engine, [("lama.txt", ART.encode())], username="editor1")
    n_articles, n_audit = _count(engine, m.Article), audit.count(engine)
    uploads = [
        ("lama-lagi.txt", ART.encode()),
        ("baru.jsonl", _jsonl({"text": "Apel siaga Pilkada.", "url": "https://x.example/1"},
                              {"text": "Apel siaga Pilkada.", "url": "https://x.example/2"}, {"title": "tanpa teks"})),
        ("kosong.txt", b""),
        ("gambar.png", b"\x89PNG\r\n"),
    ]
    pv = manage.preview_uploads(engine, uploads)
    assert [(f.count("new"), f.count("duplicate"), f.count("rejected")) for f in pv] == [
        (0, 1, 0), (1, 1, 1), (0, 0, 1), (0, 0, 1)
    ]
    assert pv[2].items[0].code == "empty" and pv[0].items[0].existing_id == 1
    assert _count(engine, m.Article) == n_articles and audit.count(engine) == n_audit
    rep = manage.store_uploads(engine, uploads, username="editor1")
    assert [(f.count("new"), f.count("duplicate"), f.count("rejected")) for f in rep.files] == [
        (0, 1, 0), (1, 1, 1), (0, 0, 1), (0, 0, 1)
    ]


def test_upload_size_limit(engine, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "1")
    big = ("x" * 80 + "\n").encode() * 14000  # 1.1 MB
    pv = manage.preview_uploads(engine, [("besar.txt", big)])
    assert pv[0].items[0].code == "too_large" and "1.0 MB" in pv[0].items[0].reason
    rep = manage.store_uploads(engine, [("besar.txt", big), ("kecil.txt", ART.encode())], username="editor1")
    assert [i.code for i in rep.files[0].items] == ["too_large"]
    assert rep.new == 1 and _count(engine, m.Article) == 1


def test_too_many_files_at_once(engine, monkeypatch):
    monkeypatch.setattr(manage.uploads, "MAX_UPLOAD_FILES", 3)
    uploads = [(f"a{i}.txt", f"{ART} nomor {i}".encode()) for i in range(5)]
    rep = manage.store_uploads(engine, uploads, username="editor1")
    assert rep.new == 3 and [f.items[0].code for f in rep.files[3:]] == ["too_many_files"] * 2


def test_every_stored_file_has_its_audit_entry(engine):
    rep = manage.store_uploads(
        engine, [("a.txt", ART.encode()), ("b.jsonl", _jsonl({"text": "Sosialisasi Pilkada di Solok."}))],
        username="editor1",
    )
    assert rep.new == 2
    files = audit.read(engine, audit.AuditQuery(action="ingest_file"))
    assert sorted(files["detail"]) == ["a.txt", "b.jsonl"] and set(files["username"]) == {"editor1"}
    assert audit.count(engine, audit.AuditQuery(action="ingest")) == 1


def test_a_file_that_fails_while_storing_leaves_nothing(engine, monkeypatch):
    from dashboard.ingest import pipeline

    real = pipeline.store_article
    calls = {"n": 0}

    def flaky(session, raw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("connection lost")
        return real(session, raw)

    monkeypatch.setattr(pipeline, "store_article", flaky)
    data = _jsonl(*({"text": f"Rakor Pilkada nomor {i}."} for i in range(3)))
    rep = manage.store_uploads(engine, [("tiga.jsonl", data)], username="editor1")
    f = rep.files[0]
    assert f.error and f.count("new") == 0 and all(i.code == "rolled_back" for i in f.items if i.status == "rejected")
    assert _count(engine, m.Article) == 0 and audit.count(engine, audit.AuditQuery(action="ingest_file")) == 0


def test_preview_shows_the_title_the_store_will_use(engine):
    """A plain-text release with no header: the preview names it by its headline, as stored."""
    text = ("KPU Agam Gelar Rakor Distribusi Logistik\n\nLUBUK BASUNG – KPU Kabupaten Agam menggelar rapat "
            "koordinasi distribusi logistik Pilkada 2020 di Aula KPU Agam, Selasa (1/12/2020).\n")
    pv = manage.preview_uploads(engine, [("agam.txt", text.encode())])
    assert pv[0].items[0].status == "new"
    rep = manage.store_uploads(engine, [("agam.txt", text.encode())], username="editor1")
    with session_scope(engine) as s:
        stored = s.get(m.Article, rep.files[0].items[0].article_id).title
    assert stored == "KPU Agam Gelar Rakor Distribusi Logistik"
    assert pv[0].items[0].title == stored
