"""Text search: the fast path against a plain LIKE-based reference, the capped count and
highlighted snippets, on both back ends."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from sqlalchemy import and_, insert, select, update

from dashboard import queries as q
from dashboard import synth
from dashboard.db import models as m
from dashboard.filters import Filters
from dashboard.queries import article_list, core
from dashboard.textsafe import MARK_END, MARK_START, snippet_markdown


@pytest.fixture
def varied(engine):
    synth.generate(engine, 500, seed=4, varied=True, text_bytes=500)
    return engine


# ---------------------------------------------------------------- reference


def reference_ids(engine, f: Filters, every: bool = False) -> list[int]:
    """Every article matching the search and filters, newest first, found the slow way:
    LIKE for each word over title and text, then whole words (a prefix for the last one)
    checked in Python; the filters as plain ``IN`` over the events."""
    words = core.search_words(f.q)
    A = core.A
    stmt = select(A.c.id, A.c.title, A.c.text, A.c.published, A.c.ingested_at)
    for w in words:
        stmt = stmt.where((A.c.title + " " + A.c.text).ilike(f"%{w}%"))
    if article_list._event_filter_active(f):
        conds = core.event_filter_conditions(engine, f.with_(q=""), canonical=False)
        stmt = stmt.where(A.c.id.in_(select(core.E.c.article_id).where(*conds)))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    pats = [re.compile(r"(?<!\w)" + re.escape(w) + (r"" if i == len(words) - 1 else r"(?!\w)"), re.I)
            for i, w in enumerate(words)]
    if every:  # no search: every filtered article
        hits = list(rows)
    else:
        hits = [r for r in rows if all(p.search(f"{r.title} {r.text}") for p in pats)] if words else []
    hits.sort(key=lambda r: (r.published or r.ingested_at.date() if isinstance(r.ingested_at, dt.datetime) else r.published,
                             r.id), reverse=True)
    return [r.id for r in hits]


SEARCHES = ["pemilu", "rapat", "koordinas", "rapat solok", "Pilkada 2020", "pengawas", "netralitas aparatur",
            "Mandeh", "zzyzx", "pem", "suara"]


def random_filters(rng: random.Random) -> Filters:
    f = Filters(q=rng.choice(SEARCHES))
    if rng.random() < 0.3:
        f = f.with_(province=rng.choice(["13", "32", "35", "71"]))
    if rng.random() < 0.3:
        f = f.with_(agencies=tuple(rng.sample(["KPU", "Bawaslu", "Polri", "TNI", "BIN"], rng.randint(1, 2))))
    if rng.random() < 0.2:
        f = f.with_(activities=(rng.choice(["rakor", "sosialisasi", "apel"]),))
    if rng.random() < 0.2:
        f = f.with_(date_from=dt.date(2020, rng.randint(1, 9), 1))
    if rng.random() < 0.15:
        f = f.with_(election="")
    return f


@pytest.mark.parametrize("small_set,budget", [(20_000, 20_000), (40, 60), (5, 10_000)])
def test_search_path_equals_the_reference_on_random_filters(varied, monkeypatch, small_set, budget):
    """Every way the search can run (SQLite: driven by the word, by the filters, or a walk
    over the newest articles with its fallback; small thresholds force each on a small
    database) gives the reference's articles, order and capped count."""
    monkeypatch.setattr(article_list, "SMALL_SET", small_set)
    monkeypatch.setattr(article_list, "WALK_BUDGET", budget)
    rng = random.Random(small_set)
    checked = 0
    for _ in range(30):
        f = random_filters(rng)
        ref = reference_ids(varied, f)
        assert q.count_articles(varied, f) == len(ref), f
        assert q.count_articles(varied, f, cap=30) == min(len(ref), 31), f
        for offset in (0, 25):
            got = list(q.articles(varied, f, 25, offset)["id"])
            assert got == ref[offset:offset + 25], (f, offset)
        checked += bool(ref)
    assert checked >= 10  # the random searches found something most of the time


@pytest.mark.parametrize("small_set,budget", [(20_000, 20_000), (5, 60), (5, 10_000)])
def test_unsearched_list_equals_the_reference_on_random_filters(varied, monkeypatch, small_set, budget):
    """Without a search, broad filters walk the newest articles (SQLite; small thresholds
    force the walk and its fallback on a small database): the same articles in the same
    order as every filtered article sorted newest first."""
    monkeypatch.setattr(article_list, "SMALL_SET", small_set)
    monkeypatch.setattr(article_list, "WALK_BUDGET", budget)
    rng = random.Random(budget)
    checked = 0
    from dashboard.queries import article_counts

    for i in range(20):
        f = random_filters(rng).with_(q="")
        if i % 3 == 0:  # a period alone (and the election): ``article_day``, newest first
            start = dt.date(2020, rng.randint(1, 9), rng.randint(1, 28))
            f = Filters(election=f.election, date_from=start if i % 2 else None,
                        date_to=start + dt.timedelta(days=rng.randint(0, 90)))
            assert article_counts.newest_by_day(varied, f, 50) is not None, f
        ref = reference_ids(varied, f.with_(q="*"), every=True)
        assert q.count_articles(varied, f) == len(ref), f
        for offset in (0, 25):
            got = list(q.articles(varied, f, 25, offset)["id"])
            assert got == ref[offset:offset + 25], (f, offset)
        checked += len(ref) > 25
    assert checked >= 10


def test_capped_count_is_exact_below_the_cap_and_cap_plus_one_above(varied):
    f = Filters(q="pemilu")
    exact = q.count_articles(varied, f)
    assert exact > 100
    assert q.count_articles(varied, f, cap=100) == 101
    assert q.count_articles(varied, f, cap=exact) == exact
    assert q.count_articles(varied, Filters(), cap=10) == 500  # no search: always exact


# ---------------------------------------------------------------- snippets


def _add_article(engine, title: str, body: str) -> int:
    with engine.begin() as conn:
        aid = conn.execute(insert(m.Article).values(
            url=f"https://x.example/{abs(hash(body))}", content_hash=f"{abs(hash(body)):064d}"[:64], title=title,
            text=body, published=dt.date(2020, 10, 1), publisher="Uji", ingested_at=m.utcnow(),
        ).returning(m.Article.id)).scalar_one()
    return aid


def test_snippets_mark_the_searched_words(engine):
    aid = _add_article(engine, "Rapat di Padang", "Bawaslu mengawasi tahapan. Rapat koordinasi pemilu digelar "
                       "di Padang bersama KPU. " + "Kalimat lain tanpa kata itu. " * 20)
    other = _add_article(engine, "Lain", "Sosialisasi pemilihan kepada pemilih pemula di sekolah.")
    snips = q.search_snippets(engine, "koordinasi pemil", [aid])
    assert set(snips) == {aid}
    marked = re.findall(MARK_START + "(.*?)" + MARK_END, snips[aid])
    assert [w.lower() for w in marked] == ["koordinasi", "pemilu"]  # the prefix too
    assert len(snips[aid]) < 300
    # only the ids asked for, whatever matches
    assert aid not in q.search_snippets(engine, "pemilu", [other])
    assert q.search_snippets(engine, "", [aid]) == {} and q.search_snippets(engine, "koordinasi", []) == {}


def test_snippet_markers_cannot_be_forged_by_the_text_or_the_search(engine):
    forged = f"{MARK_START}palsu{MARK_END} <script>alert(1)</script> [tautan](https://jahat.example) **tebal**"
    aid = _add_article(engine, "Judul", f"Rapat pemilu {forged} selesai.")
    hostile = '"pemilu" (rapat* -) \'; -- <> {}^:'  # words: pemilu, rapat; the rest is inert
    snips = q.search_snippets(engine, hostile, [aid])
    s = snips[aid]
    assert [w.lower() for w in re.findall(MARK_START + "(.*?)" + MARK_END, s)] == ["rapat", "pemilu"]
    assert s.count(MARK_START) == 2 and s.count(MARK_END) == 2  # the text's own markers are gone
    md = snippet_markdown(s)
    assert md.count("<mark>") == 2 and "palsu</mark>" not in md
    assert "<script" not in md
    assert "](" not in md.replace("\\](", "").replace("\\]\\(", "")  # no link survives
    assert "**tebal**" not in md


def test_no_search_no_snippets_and_a_word_only_in_the_title(engine):
    aid = _add_article(engine, "Kunjungan Gubernur", "Teks tanpa kata judul.")
    assert q.search_snippets(engine, "gubernur", [aid]).get(aid, "").count(MARK_START) == 0
    with engine.begin() as conn:
        conn.execute(update(m.Article).where(and_(m.Article.id == aid)).values(text="Gubernur hadir."))
    assert MARK_START in q.search_snippets(engine, "gubernur", [aid])[aid]


def test_snippet_markdown_escapes_everything_but_the_marks():
    s = f"a {MARK_START}pe*mi_lu{MARK_END} <i>b</i> {MARK_END} {MARK_START}"
    md = snippet_markdown(s)
    assert md.startswith("a <mark>pe\\*mi\\_lu</mark> &lt;i&gt;b&lt;/i&gt;")
    assert md.count("<mark>") == 1 and MARK_START not in md and MARK_END not in md
