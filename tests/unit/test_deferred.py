"""What the page notes about its first chart decides how the held content is released."""

from types import SimpleNamespace

import plotly.graph_objects as go

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
