"""How events are presented: dates as precise as they are known, in tables, exports and the reader."""

import datetime as dt

import pandas as pd

from dashboard import presenting
from dashboard.i18n import format_event_date


def test_a_month_only_event_date_is_shown_as_a_month():
    assert format_event_date(dt.date(2020, 2, 1), "month", "id") == "Februari 2020"
    assert format_event_date(dt.date(2020, 2, 1), "day", "en") == "1 February 2020"
    df = pd.DataFrame({"event_date": [dt.date(2020, 2, 1), dt.date(2020, 2, 10)], "date_precision": ["month", "day"],
                       "activity": ["rakor", "rakor"], "location": [None, None], "agencies": ["", ""],
                       "regions": ["", ""], "participants": [None, None], "election_id": [None, None],
                       "status": ["extracted"] * 2, "confidence": [0.5, 0.5], "article_title": ["", ""],
                       "article_url": ["", ""], "level": [None, None]})
    out = presenting.events_export_frame(df, "id")
    assert list(out.iloc[:, 0]) == ["2020-02", "2020-02-10"]
    ev = presenting.event_view({"event_date": dt.date(2020, 2, 1), "date_precision": "month", "activity": "rakor",
                                "status": "extracted", "agencies": [], "regions": []}, "id", True)
    assert any(v == "Februari 2020" for _, v, _ in ev.rows)
