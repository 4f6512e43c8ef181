"""Bounded caches for query results. Keys include the database URL and a data version
read from the database, so a new ingest or an edit shows up within seconds, whichever
process (app replica, command line) wrote it.

The version is shared by the sessions of one process for ``VERSION_TTL`` seconds. A
session's first run reads it afresh: a reload, a new tab or a browser that has just
failed over from another replica (see docs/deployment.md) sees everything written before
it, including its own last edit on the replica it came from. A write in this process
clears the caches at once (``clear``)."""

from __future__ import annotations

import hashlib
import pickle

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard import queries
from dashboard.db.engine import get_engine

MAX_ENTRIES = 256
TTL_SECONDS = 600
VERSION_TTL = 3
FRESH_KEY = "_cache_version_read"  # session state: the URL whose version this session has read


@st.cache_data(ttl=VERSION_TTL, max_entries=8, show_spinner=False)
def _version(url: str) -> tuple:
    return queries.data_version(get_engine(url))


def _current_version(url: str) -> tuple:
    if st.session_state.get(FRESH_KEY) == url:
        return _version(url)
    version = queries.data_version(get_engine(url))
    if version != _version(url):
        _version.clear()  # the process's copy is stale: the next run of any session re-reads it
    st.session_state[FRESH_KEY] = url
    return version


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def _run(url: str, version: tuple, name: str, args: tuple, kwargs: tuple):
    return resolve(name)(get_engine(url), *args, **dict(kwargs))


def resolve(name: str):
    """``"summary"`` -> ``queries.summary``; ``"regions.readiness"`` -> ``queries.regions.readiness``."""
    import importlib

    if "." in name:
        module, func = name.rsplit(".", 1)
        return getattr(importlib.import_module(f"dashboard.queries.{module}"), func)
    return getattr(queries, name)


def cached(engine: Engine, name: str, *args, **kwargs):
    """``queries.<name>(engine, *args, **kwargs)``, cached. Arguments must be hashable
    (``Filters`` is a frozen dataclass)."""
    url = engine.url.render_as_string(hide_password=False)
    return _run(url, _current_version(url), name, args, tuple(sorted(kwargs.items())))


def clear() -> None:
    _run.clear()
    _version.clear()


# ---------------------------------------------------------------- figures

FIGURE_ENTRIES = 96


def resolve_figure(name: str):
    """``"timeline_figure"`` -> ``charts.timeline_figure``; ``"maps.region_map"`` -> ``maps.region_map``."""
    import importlib

    if "." in name:
        module, func = name.rsplit(".", 1)
        return getattr(importlib.import_module(f"dashboard.{module}"), func)
    from dashboard import charts

    return getattr(charts, name)


def figure(name: str, *args, **kwargs):
    """A figure built by ``charts.<name>`` (or ``<module>.<name>``), kept between runs and
    sessions: building a plotly figure costs far more than the queries behind it. The
    arguments (query results, the style) are the key; the figure is shared, never changed
    after it is built."""
    return _keyed_figure(name, tuple(frame_key(a) for a in args),
                         tuple(sorted((k, frame_key(v)) for k, v in kwargs.items())), args, kwargs)


def frame_key(value):
    """A frame's key: a digest of its pickle, which holds every value and dtype (equal bytes
    are an equal frame). Streamlit's own hashing of a frame walks it column by column: 6-7 ms
    for Wilayah's 270-row readiness frame, 40 ms on a busy server, paid on every run before the
    map is sent, against 0.6 ms. Two equal frames laid out differently only miss the cache."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        try:
            return ("frame", hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=20).digest())
        except Exception:  # noqa: BLE001 - an unpicklable cell: Streamlit hashes the frame itself
            return value
    return value


@st.cache_resource(max_entries=FIGURE_ENTRIES, show_spinner=False)
def _keyed_figure(name: str, key_args: tuple, key_kwargs: tuple, _args: tuple, _kwargs: dict):
    # the leading underscore: Streamlit does not hash these; the keys stand for them
    return resolve_figure(name)(*_args, **_kwargs)
