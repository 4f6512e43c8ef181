"""The layering rules: only dashboard.ui imports Streamlit; pages hold layout and widgets
only (no database access, short files)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "src" / "dashboard"
STREAMLIT_IMPORT = re.compile(r"^\s*(import streamlit|from streamlit)", re.M)


def test_only_the_ui_package_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in PKG.rglob("*.py")
        if "ui" not in p.relative_to(PKG).parts[:1] and STREAMLIT_IMPORT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_pages_are_thin():
    for p in sorted((ROOT / "pages").glob("*.py")):
        src = p.read_text(encoding="utf-8")
        assert src.count("\n") <= 150, f"{p.name} is long: move logic into src/dashboard"
        assert not re.search(r"\b(sqlalchemy|sqlite3|psycopg)\b|\.execute\(", src), f"{p.name} touches the database"
