import json

from sqlalchemy import func, select

from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.ingest.model import RawArticle
from dashboard.ingest.pipeline import content_hash, ingest_paths, normalise_text, store_article

ARTICLE = (
    "Bupati Hadiri Rakor Persiapan Pilkada 2020\n"
    "AROSUKA – Bupati Solok menghadiri rapat koordinasi persiapan Pilkada Serentak 2020 "
    "di Aula Kantor Bupati Solok, Senin (2/3/2020), bersama KPU dan Bawaslu Kabupaten Solok.\n"
)


def _write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def _count(engine, model):
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_ingest_is_idempotent(engine, tmp_path):
    f = tmp_path / "a.jsonl"
    _write_jsonl(f, [
        {"url": "https://x.example/1", "title": "Satu", "published": "2020-03-02", "text": ARTICLE},
        {"url": "https://x.example/2", "title": "Dua", "published": "2020-03-03", "text": ARTICLE + "Tambahan."},
    ])
    first = ingest_paths([f], engine=engine)
    assert (first.new, first.duplicate, first.rejected) == (2, 0, 0)
    again = ingest_paths([tmp_path], engine=engine)
    assert (again.new, again.duplicate) == (0, 2)
    assert _count(engine, m.Article) == 2
    assert _count(engine, m.IngestRun) == 2


def test_same_text_with_other_spacing_is_a_duplicate(engine):
    with session_scope(engine) as s:
        a = store_article(s, RawArticle(text=ARTICLE, url="https://x.example/a"))
        b = store_article(s, RawArticle(text="  " + ARTICLE.replace(" ", "  ") + "\n\n", url="https://x.example/b"))
    assert a.status == "new" and b.status == "duplicate" and b.article_id == a.article_id


def test_same_url_is_a_duplicate(engine):
    with session_scope(engine) as s:
        store_article(s, RawArticle(text=ARTICLE, url="https://x.example/a"))
        b = store_article(s, RawArticle(text="Teks lain sama sekali.", url="https://x.example/a"))
    assert b.status == "duplicate"


def test_empty_text_is_rejected_with_a_reason(engine):
    with session_scope(engine) as s:
        r = store_article(s, RawArticle(text=" \n\t ", source="kosong.txt"))
    assert r.status == "rejected" and r.reason


def test_missing_file_is_reported(engine, tmp_path):
    rep = ingest_paths([tmp_path / "nope.txt"], engine=engine)
    assert rep.rejected == 1 and "no such file" in rep.rejections()[0].reason


def test_normalise_and_hash():
    assert normalise_text("a\r\nb  \r\nc") == "a\nb\nc"
    assert content_hash("Rakor  Pilkada\n") == content_hash("rakor pilkada")
