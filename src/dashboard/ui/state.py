"""Filter state: kept in ``st.session_state`` and mirrored to the URL from one place.

Query parameters bound in one page are dropped on a page switch (streamlit issue 14350),
so the session state is the source of truth and ``sync_url`` writes it back on every run.
"""

from __future__ import annotations

import streamlit as st

from dashboard.filters import Filters, parse_query_params, to_query_params

STATE_KEY = "_filters"
NOTES_KEY = "_filter_notes"
PAGE_PARAMS_KEY = "_page_params"


def _read_url(options: dict) -> tuple[Filters, list]:
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    res = parse_query_params(params, **options)
    return res.filters, res.notes


def current(options: dict) -> Filters:
    """The filters of this session; on the first run, read from the URL."""
    if STATE_KEY not in st.session_state:
        filters, notes = _read_url(options)
        st.session_state[STATE_KEY] = filters
        st.session_state[NOTES_KEY] = notes
    return st.session_state[STATE_KEY]


def notes() -> list:
    return st.session_state.get(NOTES_KEY, [])


def set_filters(filters: Filters) -> None:
    st.session_state[STATE_KEY] = filters


def update(**changes) -> Filters:
    f = st.session_state[STATE_KEY].with_(**changes)
    st.session_state[STATE_KEY] = f
    return f


def page_params() -> dict[str, str]:
    """Extra URL parameters owned by the current page (e.g. ``article``)."""
    return st.session_state.setdefault(PAGE_PARAMS_KEY, {})


def sync_url(extra: dict[str, str] | None = None) -> None:
    """Write the filter state (and page-specific parameters) to the URL."""
    want = to_query_params(st.session_state[STATE_KEY])
    if extra:
        want.update({k: v for k, v in extra.items() if v not in (None, "")})
    have = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if have != want:
        st.query_params.from_dict(want)
