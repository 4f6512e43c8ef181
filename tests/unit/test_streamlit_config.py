"""The server settings that protect production (issue 12, defects 2 and 5)."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def _client() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))["client"]


def test_no_traceback_reaches_the_browser():
    """An uncaught error showed a full traceback with the server's absolute paths. The
    locked Streamlit must read our value as "nothing but a generic message" (its legacy
    ``false`` would still mean a stack trace)."""
    from streamlit import config
    from streamlit.elements import exception

    value = _client()["showErrorDetails"]
    old = config.get_option("client.showErrorDetails")
    try:
        config.set_option("client.showErrorDetails", value)
        shown = exception._error_detail_visibility(True)
    finally:
        config.set_option("client.showErrorDetails", old)
    assert (shown.show_message, shown.show_trace, shown.show_type) == (False, False, False), (value, shown)


def test_tables_have_no_unneutralised_csv_download():
    """``st.dataframe``'s own CSV download writes raw cells; only dashboard.exports' do not."""
    from streamlit import config

    assert _client()["disableDataExport"] is True
    assert config._config_options["client.disableDataExport"].type is bool  # the option exists in this version
