"""Each page file is named as its URL path (issue 12, defect 8). A fresh server started
with plain ``streamlit run app.py`` treats ``pages/`` as a legacy multipage folder until
``app.py`` has run once, and then finds a deep link only by the file's name: with
``pages/rapat_koordinasi.py`` the link ``/rapat-koordinasi`` answered "page not found".
Found by name, the page runs, turns that mode off and runs again through ``app.py``
(``ui.layout.leave_legacy_navigation``); the browser test checks it on a real server."""

from pathlib import Path

from dashboard.ui.app import ACCOUNT_PAGE, PAGES, ROLE_PAGES

ROOT = Path(__file__).resolve().parents[2]


def test_page_files_are_named_as_their_url_paths():
    entries = [(p[0], p[1]) for p in PAGES] + [(p[0], p[1]) for p in ROLE_PAGES] + [ACCOUNT_PAGE]
    for path, url in entries:
        assert Path(path).stem == url, (path, url)
        assert (ROOT / path).is_file(), path
    assert sorted(p.stem for p in (ROOT / "pages").glob("*.py")) == sorted(url for _, url in entries)
