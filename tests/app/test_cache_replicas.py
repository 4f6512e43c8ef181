"""The query cache across processes: another process (an app replica, the command line)
writes; a new session of this one (a reload, a new tab, a browser that failed over from
that replica) sees the write at once, not after the process's cached data version expires."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from dashboard import manage


def _summary_script():
    import streamlit as st

    from dashboard.db.engine import get_engine
    from dashboard.filters import ALL_ELECTIONS, Filters
    from dashboard.ui.cache import cached

    s = cached(get_engine(), "summary", Filters(election=ALL_ELECTIONS))
    st.markdown(f"events={s['events']}")


def _events(at: AppTest) -> int:
    assert not at.exception, [e.value for e in at.exception]
    return int(at.markdown[0].value.split("=")[1])


def test_a_new_session_sees_what_another_process_wrote_at_once(sample_db_url):
    import streamlit as st

    from dashboard.db.engine import get_engine

    st.cache_data.clear()
    first = AppTest.from_function(_summary_script, default_timeout=60)
    first.run()
    before = _events(first)
    # another replica records a meeting: nothing in this process hears of it
    manage.record_manual_event(
        get_engine(sample_db_url),
        manage.EventInput(event_date=dt.date(2020, 10, 5), activity="rakor", location="Aula Replika Lain",
                          agencies=("KPU",), regions=("13.02",)),
        username="editor-elsewhere",
    )
    second = AppTest.from_function(_summary_script, default_timeout=60)
    second.run()
    assert _events(second) == before + 1
