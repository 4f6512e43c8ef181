"""Search boxes accept any string, on both back ends: the filter bar's text search (FTS5 /
tsvector) as used by every page and the review queue, and the audit-log search. Operators
and quotes are inert (searched as words, or as literal characters), never an error."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import audit
from dashboard import queries as q
from dashboard.db import models as m
from dashboard.db.engine import session_scope
from dashboard.filters import MAX_Q_LEN, Filters
from dashboard.queries import manage as qm

HOSTILE = [
    '"', "'", '""', "''", '"alpha', "alpha\"", "alpha OR beta", "alpha AND beta", "NOT alpha", "alpha NEAR beta",
    "NEAR(alpha beta, 2)", "alpha*", "*", "^alpha", "-alpha", "+alpha", "alpha:*", "title:alpha", "{alpha beta}",
    "(alpha", "alpha)", "alpha & beta", "alpha | beta", "!alpha", "alpha <-> beta", "alpha <2> beta", "\\", "\\\\",
    "%", "_", "%_%", "'; DROP TABLE article; --", "1' OR '1'='1", "\" OR \"\"=\"", "$$", "$1", ":param", "?",
    "\x00", "alpha\x00beta", "\u202e", "\u200b", "🗳️", "é", "e\u0301", "ﬁ", "İstanbul", "___", "a_b", "²",
    "<script>alert(1)</script>", "[x](javascript:alert(1))", " ", "\t\n", "a" * 200, "alpha " * 40,
]


@pytest.fixture
def corpus(engine):
    with session_scope(engine) as s:
        for i, (title, text) in enumerate(
            [("Alpha rapat", "alpha gamma di Solok"), ("Beta sosialisasi", "beta delta di Padang"),
             ("Persen", "diskon 100% dan kode a_b"), ("Kutip", 'dia berkata "alpha" lalu pergi')]
        ):
            art = m.Article(url=f"https://s.example/{i}", content_hash=f"{i:064x}", title=title, text=text,
                            published=dt.date(2020, 5, 1))
            s.add(art)
            s.flush()
            s.add(m.Event(article_id=art.id, ordinal=0, activity="rakor", status="extracted", confidence=0.4,
                          event_date=dt.date(2020, 5, 1), election_id="pilkada-2020", evidence={}))
        s.add(m.AuditLog(username="editor1", action="create", entity="event", entity_id="1",
                         after={"location": "Aula 100% penuh"}, detail="file a_b.csv"))
        s.add(m.AuditLog(username="editor2", action="confirm", entity="event", entity_id="2", detail="biasa"))
    return engine


def _all_searches(engine, text: str) -> None:
    """Every search path answers, and the lists agree with their counts (4 articles, 2 audit
    entries: any search finds a subset)."""
    f = Filters(q=text[:MAX_Q_LEN], election="semua")
    n_art = q.count_articles(engine, f)
    assert 0 <= n_art <= 4 and len(q.articles(engine, f)) == n_art
    n_ev = q.count_events(engine, f)
    assert 0 <= n_ev <= 4 and len(q.events_table(engine, f)) == n_ev
    assert q.summary(engine, f)["events"] == n_ev
    n_rq = qm.count_review_queue(engine, f)
    assert len(qm.review_queue(engine, f)) == n_rq <= n_ev
    for aq in (audit.AuditQuery(q=text), audit.AuditQuery(username=text, action=text, entity_id=text)):
        n_au = audit.count(engine, aq)
        assert 0 <= n_au <= 2 and len(audit.read(engine, aq)) == n_au


def test_hostile_strings_are_plain_searches(corpus):
    for text in HOSTILE:
        _all_searches(corpus, text)
    # nothing was dropped or changed by any of them
    assert q.count_articles(corpus, Filters(election="semua")) == 4
    assert audit.count(corpus, audit.AuditQuery()) == 2


def test_operators_are_inert(corpus):
    f = lambda s: q.count_articles(corpus, Filters(q=s, election="semua"))  # noqa: E731
    assert f("alpha") == 2 and f("beta") == 1
    assert f("alpha OR beta") == 0  # OR is a word to find, not an operator
    assert f("NOT alpha") == 0 and f("-alpha") == 2 and f('"alpha"') == 2
    assert f("'; DROP TABLE article; --") == 0
    assert q.count_articles(corpus, Filters(election="semua")) == 4  # the table is still there
    assert qm.count_review_queue(corpus, Filters(q="1' OR '1'='1", election="semua")) == 0


def test_audit_search_is_literal(corpus):
    n = lambda s: audit.count(corpus, audit.AuditQuery(q=s))  # noqa: E731
    assert n("%") == 1  # only the entry with a literal percent sign, not every entry
    assert n("_") == 1 and n("a_b") == 1 and n("a%b") == 0
    assert n("EDITOR") == 2 and n("aula 100%") == 1
    assert n("' OR '1'='1") == 0 and n("\x00") == 2  # a lone NUL is dropped: no filter


def test_random_strings(corpus, backend):
    seen = []

    @settings(max_examples=300 if backend == "sqlite" else 150, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.text(max_size=MAX_Q_LEN))
    def run(text):
        seen.append(text)
        _all_searches(corpus, text)

    run()
    print(f"\nsearch fuzz ({backend}): {len(seen)} strings x 10 queries")
