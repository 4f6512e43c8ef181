"""Malformed and out-of-range link parameters on every page (issue 12, defects 2 and 3):
``?from=2014-12-31`` / ``?to=2031-01-01`` raised from the date widget's bounds on every
page (Kelola Data, Admin and Akun too), ``?item=²``, ``?item=①`` and
``?item=9223372036854775808`` crashed Berita and Rapat Koordinasi. Each must give the
visible note, never an exception."""

from __future__ import annotations

import pytest

from dashboard.i18n import t
from dashboard.textsafe import escape_markdown
from tests.app.conftest import PAGES, no_exceptions, run_page

ALL_PAGES = {**PAGES, "kelola": "pages/kelola-data.py", "admin": "pages/admin.py", "akun": "pages/akun.py"}

BAD = [
    ("from", "2014-12-31"), ("to", "2031-01-01"), ("from", "0001-01-01"), ("to", "9999-12-31"),
    ("item", "²"), ("item", "①"), ("item", "9223372036854775808"), ("item", "99999999999999999999"),
    ("item", "2147483648"), ("item", "9223372036854775807"),  # past the INTEGER id columns of PostgreSQL
]


def note_text(at) -> str:
    return "\n".join(str(i.value) for i in at.info)


@pytest.mark.parametrize("page", list(ALL_PAGES))
def test_bad_parameters_give_the_note_on_every_page(app_db, page):
    prefix = t("filter.ignored", "id", items="").strip()
    for key, value in BAD:
        at = run_page(ALL_PAGES[page], {key: value})
        no_exceptions(at)
        notes = note_text(at)
        assert prefix in notes and escape_markdown(f"{key}={value}") in notes, (page, key, value, notes[:300])


@pytest.mark.parametrize("page", ["berita", "rakor"])
def test_the_largest_id_is_looked_up_not_crashed(app_db, page):
    at = run_page(page, {"item": "2147483647"})  # the largest id the columns hold: no note, just not found
    no_exceptions(at)
    assert not at.info or "item=" not in note_text(at)
