"""Hostile link parameters on every page (issue 12): every page x every documented URL
parameter, with values that are out of range, unicode digits, 20-digit integers, SQL and
script strings, empty and very long, on SQLite and PostgreSQL. No page may raise, and a
value the filter parser refuses must give the visible note naming its parameter (a value
it accepts must not). The counts are printed (``-s``) and written to ``URL_FUZZ_REPORT``
when that is set.

Every (page, parameter) pair gets ``PER_PAIR`` values, rotating through the corpus (each
parameter meets 32 of the 52 values across the pages, and every value is used); with 8
pages, 17 parameters and 4 values a pair that is 544 page runs per back end, plus 24 links
that combine many bad parameters at once.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from dashboard import filters
from dashboard.db.engine import get_engine
from dashboard.i18n import t
from dashboard.queries import core
from dashboard.textsafe import escape_markdown
from tests.app.conftest import PAGES, run_page

ALL_PAGES = {**PAGES, "kelola": "pages/kelola-data.py", "admin": "pages/admin.py", "akun": "pages/akun.py"}
PARAMS = ["election", "from", "to", "agency", "agency_match", "province", "region", "activity", "level", "q", "lang",
          "present", "theme", "freq", "view", "item", "days"]
PER_PAIR = 4

VALUES = [
    # dates out of the widgets' range, impossible, other formats
    "2014-12-31", "2031-01-01", "0001-01-01", "9999-12-31", "2020-02-30", "2020-13-01", "20200101", "2020-W01-1",
    "2020-06-15",
    # unicode digits and 20-digit integers
    "²", "①", "٣", "１２", "३०", "9223372036854775808", "99999999999999999999", "-99999999999999999999",
    "18446744073709551616", "2147483648", "9223372036854775807", "0", "-1", "1",
    # SQL and script strings
    "' OR 1=1 --", "1; DROP TABLE article; --", "%' UNION SELECT password_hash FROM app_user --",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "[x](javascript:alert(1))",
    # empty, blank, very long, odd characters
    "", " ", ",,,", "x" * 5000, "1" * 5000, "a\u202eb", "\U0001F5F3\ufe0f", "KPU,,NASA", "%00", "\\",
    # values some parameters accept
    "13", "13.02", "KPU,Bawaslu", "rakor,apel", "kabkota", "Solok", "en", "all", "dark", "week", "heatmap", "30",
    "semua", "pilkada-2024",
]

COUNTS: Counter = Counter()


def _cases() -> list[tuple[str, str, str]]:
    pages = list(ALL_PAGES)
    out = []
    for pi, page in enumerate(pages):
        for ki, key in enumerate(PARAMS):
            for j in range(PER_PAIR):
                out.append((page, key, VALUES[(pi * PER_PAIR + ki * 3 + j) % len(VALUES)]))
    return out


COMBINED = [
    {"from": "2014-12-31", "to": "2031-01-01", "item": "²", "days": "①", "region": "' OR 1=1 --", "q": "<script>"},
    {"item": "9223372036854775808", "province": "99", "agency": "NASA", "view": "x" * 5000, "lang": "xx"},
    {"election": "semua", "from": "2020-01-01", "to": "2019-01-01", "activity": "rakor,party", "present": "1",
     "theme": "dark", "item": "99999999999999999999"},
]


def _options(engine) -> dict:
    return {
        "elections": list(core.elections(engine)["id"]),
        "agencies": list(core.agencies(engine)["name"]),
        "regions": core.all_region_codes(engine),
    }


def _note(at) -> str:
    return "\n".join(str(i.value) for i in at.info)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(f"\nURL fuzz: {json.dumps(dict(sorted(COUNTS.items())))}")
    path = os.environ.get("URL_FUZZ_REPORT")
    if path:
        Path(path).write_text(json.dumps(dict(sorted(COUNTS.items())), indent=2), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_every_page_every_parameter_hostile_values(app_db, backend):
    options = _options(get_engine(app_db))
    cases = _cases()
    assert len(cases) >= 500 and {v for _, _, v in cases} == set(VALUES)
    assert {(p, k) for p, k, _ in cases} == {(p, k) for p in ALL_PAGES for k in PARAMS}
    failures = []
    for page, key, value in cases + [(p, "*", c) for p in ALL_PAGES for c in COMBINED]:
        params = value if key == "*" else {key: value}
        at = run_page(ALL_PAGES[page], params)
        COUNTS[f"{backend}:runs"] += 1
        if at.exception:
            COUNTS[f"{backend}:exceptions"] += 1
            failures.append((page, params, "exception"))
            continue
        parsed = filters.parse_query_params(params, **options)
        refused = {k for k, _ in parsed.notes}
        shown = _note(at)
        prefix = t("filter.ignored", parsed.filters.lang, items="").strip()
        if refused:
            COUNTS[f"{backend}:refused"] += 1
            missing = [k for k in refused if escape_markdown(f"{k}=") not in shown]
            if prefix not in shown or missing:
                failures.append((page, params, f"no note for {missing or refused}"))
            else:
                COUNTS[f"{backend}:notes_shown"] += 1
        elif prefix in shown:
            failures.append((page, params, "a note for an accepted value"))
    assert not failures, [(p, {k: str(v)[:40] for k, v in q.items()}, why) for p, q, why in failures[:20]]
