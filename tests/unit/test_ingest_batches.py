"""``dashboard ingest`` in batches: whole files committed together (``BATCH_ARTICLES`` /
``BATCH_SECONDS``), each under a savepoint. Idempotent, a failing file rolled back alone, a
crash losing at most the open batch, the counts right, the progress bar only when asked
for or on a terminal, no pandas on the way. Both back ends (the ``engine`` fixture)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.db import models as m
from dashboard.db.engine import get_engine
from dashboard.ingest import reports, storing
from dashboard.ingest.pipeline import ingest_paths

ROOT = Path(__file__).resolve().parents[2]


def article(i: int) -> str:
    """A report of one of four meetings (one per place and day): several reports each."""
    place = ["Solok", "Kendal", "Sidrap", "Mamuju"][i % 4]
    return (
        f"Bupati {place} Hadiri Rakor Persiapan Pilkada 2020 Nomor {i}\n"
        f"AROSUKA – Bupati {place} menghadiri rapat koordinasi persiapan Pilkada Serentak 2020 "
        f"di Aula Kantor Bupati {place}, Senin ({2 + i % 4}/3/2020), bersama KPU dan Bawaslu "
        f"Kabupaten {place}. Rapat ke-{i} membahas pengamanan tahapan.\n"
    )


def make_inputs(folder: Path, txt: int = 12, jsonl: int = 0, per_jsonl: int = 3) -> int:
    """``txt`` one-article text files, then ``jsonl`` files of ``per_jsonl`` articles; sorted
    names in the order written. Returns the number of articles."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for i in range(txt):
        (folder / f"a{n:04d}.txt").write_text(f"URL: https://batch.example/{n}\n\n{article(n)}", encoding="utf-8")
        n += 1
    for j in range(jsonl):
        rows = []
        for _ in range(per_jsonl):
            rows.append({"url": f"https://batch.example/{n}", "published": "2020-03-02", "text": article(n)})
            n += 1
        (folder / f"b{j:04d}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return n


def snapshot(engine) -> dict:
    """What the database holds, in terms that do not depend on ids."""
    A, E = m.Article.__table__, m.Event.__table__
    with engine.connect() as c:
        url_of = dict(c.execute(select(A.c.id, A.c.url)).all())
        events = c.execute(select(E.c.id, E.c.article_id, E.c.ordinal, E.c.merged_into)).all()
        key = {e.id: (url_of.get(e.article_id), e.ordinal) for e in events}
        out = {
            "articles": sorted(url_of.values()),
            "events": sorted(key.values()),
            "groups": sorted((key[e.id], key.get(e.merged_into)) for e in events),
            "event_agency": c.scalar(select(func.count()).select_from(m.EventAgency)),
            "event_region": c.scalar(select(func.count()).select_from(m.EventRegion)),
            "event_merge": c.scalar(select(func.count()).select_from(m.EventMerge)),
            "audited_files": sorted(
                c.scalars(select(m.AuditLog.detail).where(m.AuditLog.action == "ingest_file"))
            ),
        }
        if engine.dialect.name == "sqlite":  # the full-text index agrees with the table
            c.exec_driver_sql("INSERT INTO article_fts(article_fts) VALUES('integrity-check')")
            out["fts"] = c.exec_driver_sql("SELECT count(*) FROM article_fts").scalar()
        else:
            out["fts"] = c.exec_driver_sql("SELECT count(*) FROM article WHERE search_vector IS NOT NULL").scalar()
        orphans = c.scalar(select(func.count()).select_from(E).where(
            E.c.article_id.is_not(None), ~E.c.article_id.in_(select(A.c.id))))
    assert orphans == 0
    assert out["fts"] == len(out["articles"])
    return out


def test_batches_store_what_one_file_at_a_time_stores_and_a_rerun_adds_nothing(engine, templates, backend, tmp_path):
    folder = tmp_path / "in"
    total = make_inputs(folder, txt=10, jsonl=6)
    rep = ingest_paths([folder], engine=engine, batch_articles=4)
    assert (rep.new, rep.duplicate, rep.rejected, rep.events) == (total, 0, 0, total)
    first = snapshot(engine)
    assert len(first["articles"]) == total and len(first["audited_files"]) == 16
    assert first["event_merge"] > 0, "some reports were merged (the test data has repeated meetings)"
    # one batch per file (the pre-batch behaviour) gives the same database
    other = get_engine(templates.fresh(backend))
    try:
        ingest_paths([folder], engine=other, batch_articles=1)
        assert snapshot(other) == first
    finally:
        other.dispose()
    again = ingest_paths([folder], engine=engine, batch_articles=4)
    assert (again.new, again.duplicate, again.rejected) == (0, total, 0)
    assert snapshot(engine) == first


def test_a_file_that_fails_mid_batch_is_rolled_back_alone_and_a_rerun_stores_it(engine, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    total = make_inputs(folder, txt=12)
    real = storing._insert_events
    calls = {"n": 0}

    def failing(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 7:
            raise RuntimeError("disk on fire")
        return real(*a, **kw)

    monkeypatch.setattr(storing, "_insert_events", failing)
    rep = ingest_paths([folder], engine=engine, batch_articles=5)
    assert (rep.new, rep.duplicate, rep.rejected) == (total - 1, 0, 1)
    (bad,) = rep.rejections()
    assert bad.source == "in/a0006.txt" and bad.code == "store_error" and "disk on fire" in bad.reason
    snap = snapshot(engine)
    assert len(snap["articles"]) == total - 1 and "https://batch.example/6" not in snap["articles"]
    assert "in/a0006.txt" not in snap["audited_files"] and len(snap["audited_files"]) == total - 1
    assert len(snap["events"]) == total - 1  # no event of the rolled-back article is left
    monkeypatch.setattr(storing, "_insert_events", real)
    again = ingest_paths([folder], engine=engine, batch_articles=5)
    assert (again.new, again.duplicate, again.rejected) == (1, total - 1, 0)
    assert len(snapshot(engine)["articles"]) == total


def test_a_crash_loses_only_the_open_batch_and_a_rerun_completes_it(engine, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    total = make_inputs(folder, txt=12)
    real = storing._insert_events
    calls = {"n": 0}

    def crashing(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt  # escapes like a kill: nothing of the open batch is committed
        return real(*a, **kw)

    monkeypatch.setattr(storing, "_insert_events", crashing)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([folder], engine=engine, batch_articles=5)
    snap = snapshot(engine)
    # files 1-5 were committed as one batch; 6 and 7 were in the open batch
    assert snap["articles"] == sorted(f"https://batch.example/{i}" for i in range(5))
    assert len(snap["audited_files"]) == 5 and len(snap["events"]) == 5
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(m.IngestRun)) == 0  # the run did not finish
    monkeypatch.setattr(storing, "_insert_events", real)
    again = ingest_paths([folder], engine=engine, batch_articles=5)
    assert (again.new, again.duplicate, again.rejected) == (total - 5, 5, 0)
    snap = snapshot(engine)
    assert len(snap["articles"]) == total and len(snap["events"]) == total and len(snap["audited_files"]) == total


def test_the_report_counts_and_lists_rejections_without_an_entry_per_article(engine, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    total = make_inputs(folder, txt=5, jsonl=2)
    (folder / "c-kosong.txt").write_bytes(b"")
    (folder / "c-rusak.jsonl").write_text(json.dumps({"text": article(900)}) + "\n{bukan json\n", encoding="utf-8")
    (folder / "c-salinan.txt").write_text(article(0), encoding="utf-8")  # the same text as a0000.txt
    (folder / "d-kosong.txt").write_bytes(b"")
    rep = ingest_paths([folder], engine=engine, batch_articles=3)
    assert (rep.new, rep.duplicate, rep.rejected, rep.events) == (total + 1, 1, 3, total + 1)
    assert rep.file_count == 11
    assert [(i.source, i.code) for i in rep.rejections()] == [
        ("in/c-kosong.txt", "empty"), ("in/c-rusak.jsonl:2", "bad_json"), ("in/d-kosong.txt", "empty")]
    assert not hasattr(rep, "files"), "the report keeps counts, not one entry per file or article"
    with engine.connect() as c:
        run = c.execute(select(m.IngestRun)).one()
    assert (run.new, run.duplicate, run.rejected) == (total + 1, 1, 3)
    assert run.report["rejections"][1]["source"] == "in/c-rusak.jsonl:2"
    # a bounded list: the rest is counted, and the command says so
    monkeypatch.setattr(reports, "MAX_LISTED_REJECTIONS", 1)
    url = engine.url.render_as_string(hide_password=False)
    assert main(["--database-url", url, "ingest", "--quiet", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"new: 0  duplicate: {total + 2}  rejected: 3" in out
    assert "rejected in/c-kosong.txt: the file is empty" in out and "d-kosong" not in out
    assert "... and 2 more rejections (the first 1 are listed)" in out


def test_progress_bar_only_when_asked_or_on_a_terminal(sqlite_url, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    make_inputs(folder, txt=3)
    assert main(["--database-url", sqlite_url, "ingest", str(folder)]) == 0
    cap = capsys.readouterr()
    assert "new: 3" in cap.out and cap.err == ""  # not a terminal: no bar (logs, CI)
    assert main(["--database-url", sqlite_url, "ingest", "--progress", str(folder)]) == 0
    cap = capsys.readouterr()
    assert "duplicate: 3" in cap.out and "ingest" in cap.err and "3/3" in cap.err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert main(["--database-url", sqlite_url, "ingest", str(folder)]) == 0
    assert "3/3" in capsys.readouterr().err  # a terminal: a bar by default
    assert main(["--database-url", sqlite_url, "ingest", "--no-progress", str(folder)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["--database-url", sqlite_url, "ingest", "--quiet", str(folder)]) == 0
    assert capsys.readouterr().err == ""  # --quiet: no bar either


def test_the_ingest_command_does_not_import_pandas(sqlite_url, tmp_path):
    folder = tmp_path / "in"
    make_inputs(folder, txt=2)
    code = ("import sys; from dashboard.cli import main; "
            f"rc = main(['--database-url', {sqlite_url!r}, 'ingest', '--quiet', {str(folder)!r}]); "
            "print('pandas' in sys.modules, rc)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env=dict(os.environ, DATABASE_URL=sqlite_url))
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip().splitlines()[-1] == "False 0", res.stdout


def test_merging_gets_the_report_it_would_read_back(engine, tmp_path, monkeypatch):
    """Ingest hands merging each new event's report made from the values it wrote, instead
    of reading them back: the very report ``load_reports`` reads, field by field."""
    from dashboard.merging import store
    from dashboard.merging.evidence import Report

    seen = []
    real = store.place

    def spy(session, event_id, **kw):
        if kw.get("report") is not None:
            seen.append((kw["report"], store.load_reports(session, [event_id])[event_id]))
        return real(session, event_id, **kw)

    monkeypatch.setattr(store, "place", spy)
    folder = tmp_path / "in"
    total = make_inputs(folder, txt=4, jsonl=2)
    assert ingest_paths([folder], engine=engine).new == total
    assert len(seen) == total
    fields = [f for f in Report.__slots__ if not f.startswith("_")]
    for made, read in seen:
        assert {f: getattr(made, f) for f in fields} == {f: getattr(read, f) for f in fields}
