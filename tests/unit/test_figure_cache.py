"""The figure cache is keyed by a digest of each frame argument, not by Streamlit's
column-by-column hashing; a different value or dtype is a different figure."""

import pandas as pd
import pytest

from dashboard.ui import cache


def _frame(**changes):
    data = {"code": ["11.01", "11.02", "91.01"], "name": ["Aceh Selatan", "Aceh Tenggara", "Fakfak"],
            "events": [3, 0, 7], "share": [0.5, 0.0, 1.0]}
    data.update(changes)
    return pd.DataFrame(data).astype({"name": "string"})


def test_equal_frames_share_a_key():
    assert cache.frame_key(_frame()) == cache.frame_key(_frame())


@pytest.mark.parametrize("changes", [
    {"events": [3, 0, 8]},            # one value
    {"events": [3.0, 0.0, 7.0]},      # the same numbers as floats: another dtype
    {"name": ["Aceh Selatan", "Aceh Tenggara", "Fak-fak"]},
    {"code": ["11.01", "11.02", None]},
])
def test_any_difference_is_another_key(changes):
    assert cache.frame_key(_frame(**changes)) != cache.frame_key(_frame())


def test_other_arguments_are_left_to_streamlit():
    assert cache.frame_key(("id", 3)) == ("id", 3)


def test_a_figure_is_built_once_per_frame(monkeypatch):
    built = []

    def builder(df, *, title):
        built.append(title)
        return {"rows": len(df), "title": title}

    monkeypatch.setattr(cache, "resolve_figure", lambda name: builder)
    cache._keyed_figure.clear()
    first = cache.figure("test.builder", _frame(), title="T")
    again = cache.figure("test.builder", _frame(), title="T")
    other = cache.figure("test.builder", _frame(events=[1, 1, 1]), title="T")
    assert first is again and other is not first
    assert built == ["T", "T"]
