"""The upload path end to end with bad input (both back ends): whatever the files hold or
are called, nothing raises, every rejection carries a code and a reason a person can act
on, and nothing is half-written (the articles stored are exactly the ones reported new,
each stored file has its audit entry, and a failure inside a file leaves none of it).

The readers' own fuzz suite lives with the readers; this drives preview_uploads and
store_uploads (what the Kelola Data page calls) and import_event_file.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dashboard import audit, manage
from dashboard.db import models as m
from dashboard.db.engine import session_scope

pytestmark = pytest.mark.slow

# Counted in the report: every example below is one upload batch through preview + store.
EXAMPLES = {"sqlite": 1000, "postgres": 300}


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in members.items():
            z.writestr(k, v)
    return buf.getvalue()


ARTICLE = "Rapat koordinasi persiapan Pilkada 2020 di Aula Kantor Bupati Solok bersama KPU dan Bawaslu."

CORPUS: list[tuple[str, bytes]] = [
    ("kosong.txt", b""),
    ("spasi.txt", b" \n\t \r\n"),
    ("nul.txt", b"\x00" * 100),
    ("teks-nul.txt", ARTICLE.encode() + b"\x00 tengah \x00"),
    ("latin1.txt", "Rapat koordinasi di Padang Pariaman – café".encode("latin-1", "replace")),
    ("utf16.txt", ARTICLE.encode("utf-16")),
    ("utf16-nobom.txt", ARTICLE.encode("utf-16-le")),
    ("bom-saja.txt", b"\xef\xbb\xbf"),
    ("rusak-utf8.txt", b"Rapat \xff\xfe\xfa koordinasi " * 20),
    ("biner.txt", bytes(range(256)) * 40),
    ("satu-baris-panjang.txt", b"a" * 3_000_000),
    ("banyak-baris.txt", b"baris\n" * 200_000),
    ("kontrol.txt", "Rakor\u202e\u200bPilkada\u0007\u001b[31m merah".encode()),
    ("skrip.txt", b"<script>window.__pwned=1</script><img src=x onerror=alert(1)> [x](javascript:alert(1))"),
    ("../../etc/passwd.txt", ARTICLE.encode() + b" traversal"),
    ("/absolute/path.txt", ARTICLE.encode() + b" absolute"),
    ("<img src=x onerror=alert(1)>.txt", ARTICLE.encode() + b" name"),
    ("nama\nbaris\r\nbaru.txt", ARTICLE.encode() + b" newline"),
    ("nama\x00nul.txt", ARTICLE.encode() + b" nul in name"),
    ("x" * 1000 + ".txt", ARTICLE.encode() + b" long name"),
    ("\u202etxt.exe", b"not an article"),
    ("tanpa-ekstensi", ARTICLE.encode()),
    ("HURUF-BESAR.TXT", ARTICLE.encode() + b" upper"),
    (".txt", ARTICLE.encode() + b" dot"),
    ("", ARTICLE.encode() + b" no name"),
    ("baris.jsonl", b'{"text": "ok satu"}\n{bukan json\n[1,2,3]\n"string"\n{"text": 5}\n{"text": null}\n{"title": "x"}\n'),
    ("dalam.jsonl", ("[" * 5000 + "]" * 5000).encode()),
    ("unicode.jsonl", json.dumps({"text": "\ud800 lone surrogate? " + ARTICLE}).encode()),
    ("nul.jsonl", json.dumps({"text": ARTICLE + "\u0000 nul", "url": "https://x.example/\u0000"}).encode()),
    ("url-aneh.jsonl", json.dumps({"text": ARTICLE + " url", "url": "javascript:alert(1)"}).encode()),
    ("tanggal.jsonl", json.dumps({"text": ARTICLE + " date", "published": "2020-13-45"}).encode()),
    ("judul-panjang.jsonl", json.dumps({"text": ARTICLE + " title", "title": "T" * 100_000}).encode()),
    ("kosong.jsonl", b"\n\n\n"),
    ("arsip.zip", _zip({"a.txt": ARTICLE.encode() + b" zip", "../b.txt": b"traversal"})),
    ("rusak.zip", _zip({"a.txt": ARTICLE.encode()})[:40]),
    ("bom.zip", _zip({"nol.txt": b"\0" * 5_000_000})),
    ("tabel.csv", b"text,title\n\"tidak tertutup,x\n"),
    ("tabel.xlsx", b"PK\x03\x04 not really a workbook"),
    ("gambar.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
    ("dok.pdf", b"%PDF-1.4 ..."),
    ("halaman.html", b"<html><body><script>alert(1)</script><p>" + ARTICLE.encode() + b"</p></body></html>"),
]


def _articles(engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(m.Article))


def _check_batch(engine, uploads) -> tuple[int, int]:
    """Preview and store one batch; check the invariants. Returns (new, rejected)."""
    before = _articles(engine)
    files_audited_before = audit.count(engine, audit.AuditQuery(action="ingest_file"))
    previews = manage.preview_uploads(engine, uploads)
    assert len(previews) == len(uploads)
    assert _articles(engine) == before, "a preview must not write"
    for fp in previews:
        assert fp.items, f"no verdict for {fp.name!r}"
        for it in fp.items:
            assert it.status in ("new", "duplicate", "rejected")
            if it.status != "new":
                assert it.code and it.reason and len(it.reason) > 5, it
    report = manage.store_uploads(engine, uploads, username="fuzz")
    assert len(report.files) == len(uploads)
    for f in report.files:
        assert f.items, f"no verdict for {f.source!r}"
        for i in f.items:
            assert i.status in ("new", "duplicate", "rejected")
            if i.status == "rejected":
                assert i.code and i.reason, i
            if i.status == "new":
                assert i.article_id is not None
    assert not [f for f in report.files if f.error], [f.error for f in report.files if f.error]
    assert _articles(engine) == before + report.new, "stored articles must be exactly the ones reported new"
    stored_files = sum(1 for f in report.files if f.count("new"))
    assert audit.count(engine, audit.AuditQuery(action="ingest_file")) == files_audited_before + stored_files
    return report.new, report.rejected


def test_corpus_of_bad_uploads(engine, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "2")
    new, rejected = _check_batch(engine, CORPUS)
    assert new >= 5 and rejected >= 10
    # and again: everything stored the first time is now a duplicate
    rep = manage.store_uploads(engine, CORPUS, username="fuzz")
    assert rep.new == 0


def test_each_corpus_file_alone(engine, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "2")
    for upload in CORPUS:
        _check_batch(engine, [upload])


names = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["a.txt", "b.jsonl", "c.json", "d.csv", "e.xlsx", "f.zip", "g.html", "h.TXT", "i"]),
    st.builds(lambda s, e: s + e, st.text(max_size=20), st.sampled_from([".txt", ".jsonl", ".zip", ".csv"])),
)
contents = st.one_of(
    st.binary(max_size=4000),
    st.text(max_size=2000).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"text": st.text(max_size=300)},
                optional={"title": st.text(max_size=50), "url": st.text(max_size=50), "published": st.text(max_size=12)},
            ),
            st.text(max_size=40),
            st.integers(),
        ),
        max_size=6,
    ).map(lambda rows: "\n".join(json.dumps(r) for r in rows).encode()),
)


def test_random_upload_batches(engine, backend):
    seen = []

    @settings(
        max_examples=EXAMPLES[backend], deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(st.tuples(names, contents), min_size=1, max_size=4))
    def run(uploads):
        seen.append(len(uploads))
        _check_batch(engine, uploads)

    run()
    print(f"\nupload fuzz ({backend}): {len(seen)} batches, {sum(seen)} files")
    assert len(seen) >= EXAMPLES[backend]


def test_event_lists_with_bad_input_never_half_write(engine):
    bad = [
        ("a.csv", b""),
        ("b.csv", b"\x00\x01\x02"),
        ("c.csv", "tanggal\n2020-01-01\n".encode("utf-16")),
        ("d.csv", b"tanggal,kegiatan\n2020-02-30,rakor\n"),
        ("e.xlsx", b"PK\x03\x04garbage"),
        ("f.csv", b"kolom,lain\n1,2\n"),
        ("g.csv", b"tanggal,instansi,wilayah\n2020-01-01,KPU,13.02\n2020-01-02,KPU,<script>\n"),
        ("h.txt", b"tanggal\n2020-01-01\n"),
        ("i.csv", ("tanggal,instansi,wilayah,tempat\n" + "2020-01-01,KPU,13.02," + "x" * 10000 + "\n").encode()),
    ]
    with session_scope(engine) as s:
        before = s.scalar(select(func.count()).select_from(m.Event))
    for name, data in bad:
        rep = manage.import_event_file(engine, name, data, username="fuzz")
        assert not rep.written, name
        assert rep.errors and all(r.code and r.message for r in rep.errors), (name, rep.rows)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(m.Event)) == before
    assert audit.count(engine) == 0
