"""The server launcher (``python -m dashboard.ui.run``): malloc arenas capped before the
server's threads exist, unless the operator chose a value; Arrow's pool; the heavy modules
imported before the server starts."""

import platform
import subprocess
import sys

from dashboard.ui import run


def _launch(code: str) -> subprocess.CompletedProcess:
    """``code`` in a new interpreter (what a server start sees: nothing imported yet)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_an_operators_malloc_arena_max_wins(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert run.limit_malloc_arenas() is False


def test_arenas_are_capped_on_glibc(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    capped = run.limit_malloc_arenas()
    if platform.libc_ver()[0] == "glibc":
        assert capped is True
    else:  # another C library: nothing to change, nothing fails
        assert capped is False


def test_the_launcher_caps_arenas_before_importing_streamlit():
    """``main`` calls it first: arenas made by threads started at import time are not undone."""
    code = (
        "import sys; from dashboard.ui import run\n"
        "calls = []\n"
        "run.limit_malloc_arenas = lambda: calls.append('streamlit' in sys.modules) or True\n"
        "try:\n    run.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(calls)\n"
    )
    out = _launch(code)
    assert out.stdout.strip().splitlines()[-1] == "[False]", out.stdout + out.stderr


def test_arrow_allocates_with_malloc_unless_the_operator_chose_a_pool(monkeypatch):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    assert run.system_arrow_pool() is False
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
    assert run.system_arrow_pool() is True
    import os

    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"


def test_the_launcher_picks_the_arrow_pool_before_pyarrow_is_imported():
    code = (
        "import os, sys; os.environ.pop('ARROW_DEFAULT_MEMORY_POOL', None)\n"
        "from dashboard.ui import run\n"
        "try:\n    run.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "import pyarrow\n"
        "print(os.environ.get('ARROW_DEFAULT_MEMORY_POOL'), pyarrow.default_memory_pool().backend_name)\n"
    )
    out = _launch(code)
    assert out.stdout.strip().splitlines()[-1] == "system system", out.stdout + out.stderr


def test_the_launcher_imports_the_heavy_modules_before_the_server_starts():
    """The first page run after a start does not wait for pandas, Plotly and the query layer:
    they are imported before Streamlit's command line runs, without importing Streamlit's
    page code (``run.PRELOADED``)."""
    code = (
        "import sys; from dashboard.ui import run\n"
        "from streamlit.web import cli\n"
        "seen = []\n"
        "cli.main = lambda **kw: seen.append(sorted(m for m in run.PRELOADED if m in sys.modules))\n"
        "run.main(['--version'])\n"
        "print(seen, 'dashboard.ui.layout' in sys.modules)\n"
    )
    out = _launch(code)
    assert out.stdout.strip().splitlines()[-1] == f"[{sorted(run.PRELOADED)}] False", out.stdout + out.stderr
