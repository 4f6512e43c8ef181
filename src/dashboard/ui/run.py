"""``python -m dashboard.ui.run [streamlit run arguments]``: ``streamlit run`` with the
legacy ``pages/`` folder mode switched off before the first session, and Streamlit's
frontend served compressed.

Streamlit decides per server, before any script has run, whether ``pages/`` next to
``app.py`` is a legacy multipage folder; until ``app.py`` has called ``st.navigation`` once,
deep links then run a page without ``app.py`` or end in "page not found". The app uses
``st.navigation``, so the answer is always no: set it before the server starts.

Streamlit serves its static frontend uncompressed (about 10 MB on a first visit);
``dashboard.webassets.CompressedAssets`` is put in front of Streamlit's own middleware
(compressed once per file, the chart library preloaded), see ``compressed_frontend``.
"""

from __future__ import annotations

import os
import sys

ARENAS = 2  # glibc malloc arenas of the server process (see limit_malloc_arenas)


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas before any thread starts. glibc gives threads that allocate
    at once arenas of their own, up to eight per core, and Streamlit runs every script run
    in a thread of its own: with ten browser sessions the freed memory of each arena stays
    resident separately. Measured with ``bench/bench_sessions.py`` (README). An operator's
    own ``MALLOC_ARENA_MAX`` wins; elsewhere than glibc nothing changes (returns False)."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(-8, arenas))  # -8: M_ARENA_MAX
    except (OSError, AttributeError):  # not glibc
        return False


def system_arrow_pool() -> bool:
    """Have Arrow (pandas 3 keeps strings in Arrow arrays) allocate with the C library's
    malloc instead of its own jemalloc pool, which keeps freed memory resident: with ten
    browser sessions on a million articles the server's peak went 337-339 -> 311-317 MB
    (``bench/bench_sessions.py``, two runs each). Set before pyarrow is imported; an
    operator's own ``ARROW_DEFAULT_MEMORY_POOL`` wins (returns False)."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return False
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    return True


def compressed_frontend() -> bool:
    """Put ``CompressedAssets`` first in the middleware stack of Streamlit's web server
    (Starlette). Returns False, changing nothing, on a Streamlit without that server."""
    try:
        from starlette.middleware import Middleware
        from streamlit.web.server.starlette import starlette_app
    except ImportError:  # pragma: no cover - an older Streamlit (Tornado server)
        return False
    from pathlib import Path

    import streamlit

    from dashboard.webassets import CompressedAssets

    original = starlette_app.create_streamlit_middleware
    if getattr(original, "_dashboard_assets", False):
        return True

    def middleware():
        from dashboard.ui.filterbar import BOOT_LOCALE_SCRIPT

        static = Path(streamlit.__file__).parent / "static"
        return [Middleware(CompressedAssets, static_dir=static, head_html=BOOT_LOCALE_SCRIPT), *original()]

    middleware._dashboard_assets = True
    starlette_app.create_streamlit_middleware = middleware
    return True


PRELOADED = ("pandas", "plotly.graph_objects", "sqlalchemy", "dashboard.db.models", "dashboard.queries",
             "dashboard.charts")


def preload() -> list[str]:
    """Import the app's heavy modules (pandas, Plotly, SQLAlchemy, the query layer and the
    figure builders: about 1.5 s) while the server starts, not in the first visitor's page
    run: the first page after a start waited for them (Ringkasan at a million articles,
    ``bench/bench_pages.py``: 3.4 s after a start against 2.4 s for a later first visit).
    None of them imports Streamlit. Returns the modules imported."""
    import importlib

    return [importlib.import_module(name).__name__ for name in PRELOADED]


def main(argv: list[str] | None = None) -> None:
    limit_malloc_arenas()  # first: before any thread of the server exists
    system_arrow_pool()  # before pyarrow is imported (by pandas, by Streamlit)
    preload()
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    compressed_frontend()
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "run":
        args = ["run", *args]
    cli.main(args=args, prog_name="streamlit")


if __name__ == "__main__":
    main()
