"""Filter state: kept in ``st.session_state`` and mirrored to the URL from one place.

Query parameters bound in one page are dropped on a page switch (streamlit issue 14350),
so the session state is the source of truth and ``sync_url`` writes it back on every run.
The URL is read once, on the first run of a session: a link opened in a new browser
reproduces the view, and later runs never fight the state.
"""

from __future__ import annotations

import streamlit as st

from dashboard.filters import Filters, parse_query_params, to_query_params

STATE_KEY = "_filters"
NOTES_KEY = "_filter_notes"
NOTES_FOR_KEY = "_filter_notes_for"
PAGE_PARAMS_KEY = "_page_params"
PAGE_KEY = "_page"
HISTORY_KEY = "_filter_history"
MAX_HISTORY = 20


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
        st.session_state[NOTES_FOR_KEY] = filters
    return st.session_state[STATE_KEY]


def notes() -> list:
    """Parameters of the opening link that were ignored; shown until the filters change."""
    if st.session_state.get(NOTES_FOR_KEY) != st.session_state.get(STATE_KEY):
        return []
    return st.session_state.get(NOTES_KEY, [])


def set_filters(filters: Filters) -> None:
    st.session_state[STATE_KEY] = filters


def update(**changes) -> Filters:
    f = st.session_state[STATE_KEY].with_(**changes)
    st.session_state[STATE_KEY] = f
    return f


def enter_page(page: str) -> bool:
    """Record the page being shown; True when the session came from another page (the
    page's own selection, ``item`` and ``view``, does not travel to the next page)."""
    last = st.session_state.get(PAGE_KEY)
    st.session_state[PAGE_KEY] = page
    if last is not None and last != page:
        f = st.session_state.get(STATE_KEY)
        if f is not None and (f.item or f.view):
            st.session_state[STATE_KEY] = f.with_(item=None, view=None)
        return True
    return False


def push_history(filters: Filters) -> None:
    hist = st.session_state.setdefault(HISTORY_KEY, [])
    hist.append(filters)
    del hist[:-MAX_HISTORY]


def pop_history() -> Filters | None:
    hist = st.session_state.get(HISTORY_KEY) or []
    return hist.pop() if hist else None


def has_history() -> bool:
    return bool(st.session_state.get(HISTORY_KEY))


def page_params() -> dict[str, str]:
    """Extra URL parameters owned by the current page (e.g. ``article``)."""
    return st.session_state.setdefault(PAGE_PARAMS_KEY, {})


def url_params(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The URL parameters of the current view."""
    want = to_query_params(st.session_state[STATE_KEY])
    if extra:
        want.update({k: v for k, v in extra.items() if v not in (None, "")})
    return want


def sync_url(extra: dict[str, str] | None = None, *, force: bool = False) -> None:
    """Write the filter state (and page-specific parameters) to the URL. ``force`` after a
    page switch: the browser has dropped the parameters while ``st.query_params`` may
    still hold them (streamlit issue 14350), so comparing is not enough."""
    want = url_params(extra)
    have = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if force or have != want:
        st.query_params.from_dict(want)
