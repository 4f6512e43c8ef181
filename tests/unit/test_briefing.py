"""The one-page briefing: self-contained, escaped, in the language, with the view's numbers."""

import datetime as dt
import re
from html.parser import HTMLParser

import pandas as pd

from dashboard import briefing
from dashboard.meetings import add_flags

D = dt.date


def data(lang="id", **kw):
    counts = pd.DataFrame(
        {"period": pd.to_datetime(["2020-01-01", "2020-02-01", "2020-02-01"]), "activity": ["rakor", "rakor", "apel"], "n": [3, 2000, 1]}
    )
    stages = pd.DataFrame(
        {"stage": ["Pembentukan <PPK>", "Kampanye"], "start": pd.to_datetime(["2020-01-01", "2020-02-10"]),
         "end": pd.to_datetime(["2020-01-31", "2020-02-20"])}
    )
    base = dict(
        lang=lang,
        title="Rapat Koordinasi",
        caption='Rapat koordinasi, Kabupaten Solok, Jan–Mar 2020 <script>alert("x")</script>',
        link="http://127.0.0.1:8501/rapat-koordinasi?region=13.02&lang=en\"><script>",
        numbers={"meetings": 2004, "agencies": 3, "regions": 2, "first_date": D(2020, 1, 6), "last_date": D(2020, 2, 28),
                 "busiest_month": D(2020, 2, 1), "busiest_n": 2001},
        counts=counts,
        stages=stages,
        voting_date=D(2020, 2, 15),
        changes=add_flags(pd.DataFrame({"agency": ["KPU", "<b>TNI</b>"], "recent": [0, 5], "before": [9, 3]})),
        pairs=pd.DataFrame({"a": ["KPU"], "b": ["<b>TNI</b>"], "n": [1200]}),
        totals=pd.DataFrame({"agency": ["KPU", "<b>TNI</b>"], "n": [1500, 8]}),
        reference=D(2020, 2, 28),
        generated=D(2020, 3, 1),
    )
    base.update(kw)
    return briefing.BriefingData(**base)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_briefing_is_a_self_contained_page_without_scripts():
    html = briefing.build_briefing(data())
    p = Tags()
    p.feed(html)
    names = {t for t, _ in p.tags}
    assert "script" not in names and "iframe" not in names and "img" not in names
    assert not any(a.get("src") for _, a in p.tags)  # nothing fetched
    assert not [a for t, a in p.tags if t == "link"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;TNI&lt;/b&gt;" in html and "<b>TNI</b>" not in html
    assert html.count("<svg") == 1 and "Pembentukan &lt;PPK&gt;" in html
    hrefs = [a["href"] for t, a in p.tags if t == "a"]
    assert hrefs == ['http://127.0.0.1:8501/rapat-koordinasi?region=13.02&lang=en"><script>']  # escaped, still one attribute


def test_briefing_numbers_dates_and_flags_follow_the_language():
    id_ = briefing.build_briefing(data("id"))
    assert 'lang="id"' in id_ and "2.004" in id_ and "Februari 2020" in id_ and "1 Maret 2020" in id_
    assert "Berhenti" in id_ and "Naik" in id_ and "Hari pemungutan suara" in id_
    assert "Rapat koordinasi, Kabupaten Solok, Jan–Mar 2020" in id_
    en = briefing.build_briefing(data("en"))
    assert 'lang="en"' in en and "2,004" in en and "February 2020" in en and "Stopped" in en and "Voting day" in en
    assert "1,500" in en and "1,200" in en


def test_briefing_svg_draws_every_period_and_the_voting_day():
    svg = briefing.timeline_svg(data().counts, data().stages, D(2020, 2, 15), "id")
    assert len(re.findall(r"<rect [^>]*fill=\"#0072B2\"", svg)) == 2  # rakor in January and February
    assert "stroke-dasharray" in svg  # the voting-day line
    assert "Des" not in svg and "Jan" in svg
    assert "Belum ada data" in briefing.timeline_svg(pd.DataFrame(columns=["period", "activity", "n"]), None, None, "id")


def test_briefing_prints_on_one_page():
    html = briefing.build_briefing(data())
    assert "@page { size: A4 landscape" in html and "@media print" in html
