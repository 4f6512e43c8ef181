"""Change flags, reference date, period bounds and chart clicks -> filters (pure logic)."""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import meetings as mm
from dashboard.filters import Filters

D = dt.date
AGENCIES = {"KPU", "Bawaslu", "Satpol PP", "Polri"}


@pytest.mark.parametrize(
    "recent,before,flag",
    [
        (0, 0, "inactive"),
        (0, 1, "stopped"),
        (0, 30, "stopped"),
        (10, 30, "steady"),  # exactly the pace of the 12 weeks before (30 / 3)
        (15, 30, "rising"),  # 1.5 x and 5 more
        (14, 30, "steady"),  # 1.4 x
        (5, 30, "falling"),  # half and 5 fewer
        (6, 30, "steady"),  # 0.6 x
        (2, 0, "rising"),  # new activity, two meetings
        (1, 0, "steady"),  # one meeting is not a trend
        (1, 3, "steady"),  # 1 vs 1 expected
        (3, 3, "rising"),  # 3 vs 1 expected: 3 x and 2 more
        (1, 9, "falling"),  # 1 vs 3 expected: a third and 2 fewer
        (2, 9, "steady"),  # 2 vs 3: only 1 fewer
    ],
)
def test_classify_change(recent, before, flag):
    assert mm.classify_change(recent, before) == flag


@given(st.integers(0, 500), st.integers(0, 500))
def test_classify_change_is_total_and_consistent(recent, before):
    flag = mm.classify_change(recent, before)
    assert flag in mm.FLAGS
    exp = before / 3
    if flag == "rising":
        assert recent > exp
    if flag == "falling":
        assert recent < exp
    if flag == "stopped":
        assert recent == 0 < before


def test_add_flags_sorts_flagged_first():
    df = pd.DataFrame({"agency": ["A", "B", "C", "D", "E"], "recent": [10, 0, 30, 1, 0], "before": [30, 12, 30, 30, 0]})
    out = mm.add_flags(df)
    assert list(out["flag"]) == ["rising", "falling", "stopped", "steady", "inactive"]
    assert list(out["agency"]) == ["C", "D", "B", "A", "E"]
    assert out.loc[out["agency"] == "A", "expected"].item() == 10
    empty = mm.add_flags(pd.DataFrame(columns=["agency", "recent", "before"]))
    assert list(empty.columns) == ["agency", "recent", "before", "expected", "flag"] and empty.empty


def test_windows_are_4_and_12_weeks():
    w = mm.windows(D(2020, 12, 9))
    assert (w.reference - w.recent_start).days + 1 == 28
    assert (w.before_end - w.before_start).days + 1 == 84
    assert w.before_end + dt.timedelta(days=1) == w.recent_start


def test_reference_date():
    today = D(2026, 11, 28)
    assert mm.reference_date(Filters(date_to=D(2020, 6, 30)), today, D(2020, 12, 1)) == (D(2020, 6, 30), "to")
    assert mm.reference_date(Filters(), today, D(2020, 12, 20)) == (D(2020, 12, 20), "last")
    assert mm.reference_date(Filters(), today, today - dt.timedelta(days=3)) == (today, "today")
    assert mm.reference_date(Filters(), today, None) == (today, "today")


def test_period_bounds():
    assert mm.period_bounds(D(2020, 2, 1), "month") == (D(2020, 2, 1), D(2020, 2, 29))
    assert mm.period_bounds(pd.Timestamp("2021-02-15"), "month") == (D(2021, 2, 1), D(2021, 2, 28))
    assert mm.period_bounds(D(2020, 12, 9), "week") == (D(2020, 12, 7), D(2020, 12, 13))


def test_click_on_a_bar_selects_period_and_activity():
    f = Filters(agencies=("KPU",))
    new = mm.selection_to_filters({"customdata": ["period", "2020-09-01", "activity", "rakor"]}, f, agencies=AGENCIES)
    assert (new.date_from, new.date_to, new.activities, new.agencies) == (D(2020, 9, 1), D(2020, 9, 30), ("rakor",), ("KPU",))
    weekly = mm.selection_to_filters({"customdata": ["period", "2020-09-07", "level", "provinsi"]}, f.with_(freq="week"))
    assert (weekly.date_from, weekly.date_to, weekly.levels) == (D(2020, 9, 7), D(2020, 9, 13), ("provinsi",))


def test_click_never_widens_the_period():
    f = Filters(date_from=D(2020, 9, 10), date_to=D(2020, 9, 20))
    new = mm.selection_to_filters({"customdata": ["period", "2020-09-01", "activity", "rakor"]}, f)
    assert (new.date_from, new.date_to) == (D(2020, 9, 10), D(2020, 9, 20))


def test_click_on_cells_agencies_pairs_and_meetings():
    f = Filters(agencies=("KPU", "Bawaslu"), agency_all=True, item="3")
    cell = mm.selection_to_filters({"customdata": ["cell", "2020-03-01", "Satpol PP"]}, f, agencies=AGENCIES)
    assert cell.agencies == ("Satpol PP",) and not cell.agency_all and cell.item is None
    assert (cell.date_from, cell.date_to) == (D(2020, 3, 1), D(2020, 3, 31))
    ag = mm.selection_to_filters({"customdata": ["agency", "Polri"]}, f, agencies=AGENCIES)
    assert ag.agencies == ("Polri",) and not ag.agency_all and ag.date_from is None
    pair = mm.selection_to_filters({"customdata": ["pair", "KPU", "Polri"]}, Filters(), agencies=AGENCIES)
    assert pair.agencies == ("KPU", "Polri") and pair.agency_all
    ev = mm.selection_to_filters({"customdata": ["event", 42]}, Filters())
    assert ev.item == "42" and mm.selected_event_id(ev) == 42


@pytest.mark.parametrize(
    "point",
    [
        {},
        {"customdata": None},
        {"customdata": ["period", "not-a-date", "activity", "rakor"]},
        {"customdata": ["cell", "2020-03-01", "NASA"]},
        {"customdata": ["agency", "<script>"]},
        {"customdata": ["pair", "KPU", ""]},
        {"customdata": ["event", "drop table"]},
        {"customdata": ["unknown", 1]},
        {"customdata": 5},
    ],
)
def test_unknown_clicks_are_ignored(point):
    assert mm.selection_to_filters(point, Filters(), agencies=AGENCIES) is None


def test_unknown_activity_in_a_click_is_not_applied():
    new = mm.selection_to_filters({"customdata": ["period", "2020-09-01", "activity", "party"]}, Filters())
    assert new.activities == () and new.date_from == D(2020, 9, 1)


def test_export_frames_follow_the_language():
    series = pd.DataFrame(
        {"period": pd.to_datetime(["2020-01-01", "2020-02-01", "2020-01-01"]), "agency": ["KPU", "KPU", "TNI"], "n": [2, 3, 1]}
    )
    wide = mm.pivot_frame(series, "en")
    assert list(wide.columns) == ["Agencies", "2020-01-01", "2020-02-01", "Count"]
    assert wide.iloc[0].tolist() == ["KPU", 2, 3, 5]
    flags = mm.add_flags(pd.DataFrame({"agency": ["KPU"], "recent": [0], "before": [6]}))
    assert mm.change_frame(flags, "id").iloc[0].tolist() == ["KPU", 0, 6, 2.0, "Berhenti"]
    assert mm.change_frame(flags, "en").columns[-1] == "Status"
    regions = mm.add_flags(pd.DataFrame({"code": ["13.02", "13.72"], "name": ["Kab. Solok", "Kota Solok"],
                                         "province_name": ["Sumbar"] * 2, "recent": [3, 1], "before": [3, 3]}))
    assert list(mm.change_frame(regions, "id", kind="region", only_flagged=True).iloc[:, 0]) == ["13.02"]
