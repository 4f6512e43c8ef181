"""What the page notes about its first chart decides how the held content is released."""

from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from dashboard.ui import deferred


def _ctx():
    return SimpleNamespace(first_chart=None)


def test_first_chart_with_traces_is_waited_for():
    ctx = _ctx()
    deferred.sent(ctx, go.Figure(go.Bar(x=[1], y=[2])))
    deferred.sent(ctx, go.Figure())  # a later empty chart does not change what the first was
    assert ctx.first_chart is True


def test_empty_first_chart_has_nothing_to_wait_for():
    ctx = _ctx()
    deferred.sent(ctx, go.Figure())
    deferred.sent(ctx, go.Figure(go.Bar(x=[1], y=[2])))
    assert ctx.first_chart is False


def test_release_script_waits_for_a_mark_only_when_told():
    # the script reads the button's key for "_marks": no fixed time decides the release
    assert "_marks" in deferred.WAKE_JS
    assert "2000" not in deferred.WAKE_JS


def test_marks_are_points_that_plotly_draws():
    assert deferred.has_marks(go.Figure(go.Heatmap(z=[[1, 2]])))
    assert deferred.has_marks(go.Figure(go.Scattergeo(lon=[106.8], lat=[-6.2])))
    assert not deferred.has_marks(go.Figure(go.Bar(x=[], y=[])))
    assert not deferred.has_marks(go.Figure(go.Scattergeo(lon=[None], lat=[None])))  # a legend-only entry
    assert not deferred.has_marks(go.Figure(go.Bar(x=[1], y=[2], visible="legendonly")))


@pytest.mark.parametrize("name", ["timeline", "level", "calendar", "small", "heatmap", "pairs", "change", "map"])
def test_builders_given_nothing_leave_nothing_to_wait_for(name):
    # a page filtered to nothing: its first chart has no mark, so what was held is sent at once
    import pandas as pd

    from dashboard import charts, maps
    from dashboard.charts import ChartStyle

    style = ChartStyle("id")
    no_counts = pd.DataFrame({"period": pd.to_datetime([]), "activity": [], "n": []})
    no_levels = pd.DataFrame({"period": pd.to_datetime([]), "level": [], "n": []})
    no_series = pd.DataFrame({"period": pd.to_datetime([]), "agency": [], "n": []})
    no_stages = pd.DataFrame({"stage": [], "start": pd.to_datetime([]), "end": pd.to_datetime([])})
    empty = pd.DataFrame()
    build = {
        "timeline": lambda: charts.timeline_figure(no_counts, no_stages, None, style),
        "level": lambda: charts.level_figure(no_levels, style),
        "calendar": lambda: charts.calendar_figure(empty, style),
        "small": lambda: charts.agency_small_multiples(no_series, style),
        "heatmap": lambda: charts.agency_heatmap(no_series, style),
        "pairs": lambda: charts.co_participation_figure(pd.DataFrame({"a": [], "b": [], "n": []}),
                                                        pd.DataFrame({"agency": [], "n": []}), style),
        "change": lambda: charts.change_figure(pd.DataFrame({"agency": [], "recent": [], "before": [], "flag": []}),
                                               style),
        "map": lambda: maps.region_map(pd.DataFrame(), style),
    }[name]
    assert not deferred.has_marks(build())
