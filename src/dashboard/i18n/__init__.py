"""Interface strings in Bahasa Indonesia (default) and English, and number/date formats.

``t(key, lang, **fmt)`` returns the string for ``key``; a missing key falls back to the
Indonesian text, then to the key itself (a test checks both languages cover every key).

The strings live in one catalogue per area (``catalog_*.py``: key -> (Bahasa Indonesia,
English)); numbers and dates are written from CLDR locale data by ``formatting``.
"""

from __future__ import annotations

from dashboard.i18n.catalog_collect import STRINGS as _COLLECT
from dashboard.i18n.catalog_core import STRINGS as _CORE
from dashboard.i18n.catalog_labels import ACTIVITY_LABELS, LEVEL_LABELS, STAGE_NAMES_EN, STATUS_LABELS
from dashboard.i18n.catalog_manage import STRINGS as _MANAGE
from dashboard.i18n.catalog_meetings import STRINGS as _MEETINGS
from dashboard.i18n.catalog_merging import STRINGS as _MERGING
from dashboard.i18n.catalog_regions import STRINGS as _REGIONS
from dashboard.i18n.formatting import (
    LOCALES,
    decimal_symbols,
    format_date,
    format_day_month,
    format_event_date,
    format_input_date,
    format_month,
    format_number,
    format_period,
    locale_of,
    month_names,
    weekday_names,
)

LANGS = ("id", "en")

STRINGS: dict[str, tuple[str, str]] = {**_CORE, **_REGIONS, **_MEETINGS, **_MANAGE, **_COLLECT, **_MERGING}

# month and weekday names from CLDR (Monday first), for chart axes and plotly's locale
MONTHS = {lang: month_names(lang) for lang in LANGS}
MONTHS_SHORT = {lang: month_names(lang, short=True) for lang in LANGS}
WEEKDAYS = {lang: weekday_names(lang) for lang in LANGS}

__all__ = [
    "ACTIVITY_LABELS", "LANGS", "LEVEL_LABELS", "LOCALES", "MONTHS", "MONTHS_SHORT", "STAGE_NAMES_EN",
    "STATUS_LABELS", "STRINGS", "WEEKDAYS", "activity_label", "decimal_symbols", "format_date", "format_day_month",
    "format_event_date", "format_input_date", "format_month", "format_number", "format_period", "level_label",
    "locale_of", "month_names", "stage_label", "status_label", "t", "weekday_names",
]


def _idx(lang: str) -> int:
    return 1 if lang == "en" else 0


def t(key: str, lang: str = "id", **fmt) -> str:
    pair = STRINGS.get(key)
    s = key if pair is None else (pair[_idx(lang)] or pair[0])
    return s.format(**fmt) if fmt else s


def stage_label(name: str, lang: str = "id") -> str:
    return STAGE_NAMES_EN.get(name, name) if lang == "en" else name


def activity_label(code: str | None, lang: str = "id") -> str:
    pair = ACTIVITY_LABELS.get(code or "")
    return pair[_idx(lang)] if pair else (code or t("common.unknown", lang))


def level_label(code: str | None, lang: str = "id") -> str:
    pair = LEVEL_LABELS.get(code or "")
    return pair[_idx(lang)] if pair else t("common.unknown", lang)


def status_label(code: str | None, lang: str = "id") -> str:
    pair = STATUS_LABELS.get(code or "")
    return pair[_idx(lang)] if pair else (code or "")
