import datetime as dt

import pytest

from dashboard import queries as q
from dashboard import synth
from dashboard.filters import Filters


@pytest.fixture
def filled(engine):
    synth.generate(engine, 600, seed=3)
    return engine


def test_summary_counts_regions_of_the_election(filled):
    s = q.summary(filled, Filters())
    assert s["events"] > 600 and s["articles"] == 600 and s["regions_total"] == 270
    assert 0 < s["regions_covered"] <= 270


def test_filters_narrow_every_query(filled):
    base = Filters()
    narrow = base.with_(agencies=("KPU",), province="13", date_from=dt.date(2020, 1, 1), activities=("rakor",))
    assert q.count_events(filled, narrow) < q.count_events(filled, base)
    table = q.events_table(filled, narrow, limit=1000)
    assert not table.empty
    assert all("KPU" in a for a in table["agencies"])
    assert all(d >= dt.date(2020, 1, 1) for d in table["event_date"])
    assert set(table["activity"]) == {"rakor"}
    over = q.events_over_time(filled, narrow)
    assert over["n"].sum() == q.count_events(filled, narrow)
    regions = q.region_activity(filled, narrow)
    assert set(regions["province_code"]) == {"13"} and regions["events"].sum() >= len(table)


def test_week_and_month_buckets_agree(filled):
    f = Filters()
    assert q.events_over_time(filled, f, "week")["n"].sum() == q.events_over_time(filled, f, "month")["n"].sum()
    weeks = q.events_over_time(filled, f, "week")["period"]
    assert all(d.weekday() == 0 for d in weeks)


def test_agency_queries(filled):
    f = Filters(agencies=("KPU", "Bawaslu"))
    act = q.agency_activity(filled, f)
    assert set(act["agency"]) == {"KPU", "Bawaslu"}
    tot = q.agency_totals(filled, Filters())
    assert tot["events"].is_monotonic_decreasing


@pytest.mark.parametrize("text", ['"', "'", "OR", "NEAR(", "*", "a AND (b", "-", "'; DROP TABLE article; --", "%_", "\\", "é ñ"])
def test_search_accepts_any_string(filled, text):
    """Operators, quotes and brackets are inert: a string finds what its words find (nothing
    when it has none), the list and its count agree, and the tables survive."""
    from dashboard.queries.textsearch import search_words

    f = Filters(q=text)
    found = q.articles(filled, f, limit=1000)
    n = q.count_articles(filled, f)
    assert n == len(found)
    words = search_words(text)
    if words:
        assert n == q.count_articles(filled, Filters(q=" ".join(words)))
    else:
        assert n == 0 and q.events_table(filled, f).empty
    assert q.count_articles(filled, Filters()) == 600  # the table is still there
    q.events_table(filled, f)


def test_search_finds_words(filled):
    n = q.count_articles(filled, Filters(q="koordinasi Solok"))
    assert 0 < n < 600


def test_stage_status(engine):
    st = q.stage_status(engine, "pilkada-2020", dt.date(2020, 7, 20))
    assert any("coklit" in s["stage"] for s in st["current"])
    assert st["next"]["start"] > dt.date(2020, 7, 20)
