"""Numbers, dates and periods in the chosen language, from CLDR locale data (Babel).

Nothing here knows a language: the Babel locale of each interface language and the date
patterns are catalogue entries (``LOCALES`` and the ``fmt.*`` strings), so a third
language is a catalogue, not a code change.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_interval
from babel.numbers import format_decimal

from dashboard.i18n.catalog_formats import LOCALES, PATTERNS


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["id"])


def _pattern(lang: str, name: str) -> str:
    return PATTERNS.get(lang, PATTERNS["id"])[name]


@lru_cache(maxsize=8)
def _names(lang: str) -> dict[str, list[str]]:
    loc = Locale.parse(locale_of(lang))
    return {
        "months": [loc.months["format"]["wide"][m] for m in range(1, 13)],
        "months_short": [loc.months["stand-alone"]["abbreviated"][m] for m in range(1, 13)],
        # CLDR numbers weekdays from Monday = 0
        "weekdays": [loc.days["format"]["wide"][d] for d in range(7)],
        "weekdays_short": [loc.days["format"]["abbreviated"][d] for d in range(7)],
    }


def month_names(lang: str, short: bool = False) -> list[str]:
    return list(_names(lang)["months_short" if short else "months"])


def weekday_names(lang: str, short: bool = False) -> list[str]:
    """Monday first."""
    return list(_names(lang)["weekdays_short" if short else "weekdays"])


def decimal_symbols(lang: str) -> tuple[str, str]:
    """(decimal, group) separators of the language."""
    loc = Locale.parse(locale_of(lang))
    return loc.number_symbols["latn"]["decimal"], loc.number_symbols["latn"]["group"]


def format_number(n: float | int | None, lang: str = "id", decimals: int = 0) -> str:
    """``2000`` -> ``2.000`` (id) or ``2,000`` (en); ``None`` and NaN -> ``–``."""
    if n is None:
        return "–"
    try:
        if isinstance(n, float) and math.isnan(n):
            return "–"
    except TypeError:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(n, format=pattern, locale=locale_of(lang), decimal_quantization=True)


def _as_date(d) -> dt.date | None:
    if d is None:
        return None
    if hasattr(d, "to_pydatetime"):  # pandas Timestamp
        try:
            d = d.to_pydatetime()
        except (ValueError, TypeError):
            return None
    if isinstance(d, dt.datetime):
        return d.date()
    return d if isinstance(d, dt.date) else None


def format_date(d: dt.date | None, lang: str = "id", *, short: bool = False, weekday: bool = False) -> str:
    """``9 Desember 2020`` / ``9 December 2020``; short: ``9 Des 2020``; with the weekday."""
    d = _as_date(d)
    if d is None:
        return "–"
    if weekday:
        pattern = _pattern(lang, "weekday")
        if short:
            pattern = pattern.replace("MMMM", "MMM")
    else:
        pattern = _pattern(lang, "short" if short else "date")
    return _babel_date(d, pattern, locale=locale_of(lang))


def format_day_month(d: dt.date, lang: str = "id") -> str:
    """``9 Des`` (axis ticks of a short period)."""
    return _babel_date(_as_date(d), _pattern(lang, "day_month"), locale=locale_of(lang))


def format_month(d: dt.date | None, lang: str = "id", short: bool = True) -> str:
    d = _as_date(d)
    if d is None:
        return "–"
    return _babel_date(d, _pattern(lang, "month_short" if short else "month"), locale=locale_of(lang))


def format_event_date(d: dt.date | None, precision: str | None, lang: str = "id", *, short: bool = False,
                      weekday: bool = False) -> str:
    """An event's date as precise as it is known: ``Februari 2020`` for a month-only date."""
    d = _as_date(d)
    if d is None:
        return "–"
    if precision == "month":
        return format_month(d, lang, short=short)
    return format_date(d, lang, short=short, weekday=weekday)


def format_input_date(d: dt.date | None, lang: str = "id") -> str:
    """A date as typed into a date box: ``09/12/2020``."""
    d = _as_date(d)
    return "" if d is None else _babel_date(d, _pattern(lang, "input"), locale=locale_of(lang))


def format_period(d1: dt.date | None, d2: dt.date | None, lang: str = "id", *, days: bool = False) -> str:
    """A compact range for captions: ``Jan–Mar 2020``, ``Des 2019–Feb 2020``, ``9 Desember 2020``
    (CLDR interval formats); ``days``: with the days (``3–9 Jan 2020``)."""
    d1, d2 = _as_date(d1), _as_date(d2)
    if d1 is None and d2 is None:
        return ""
    from dashboard.i18n import t

    if d1 is None:
        return t("fmt.until", lang, date=format_date(d2, lang))
    if d2 is None:
        return t("fmt.since", lang, date=format_date(d1, lang))
    if d1 == d2:
        return format_date(d1, lang)
    whole_months = d1.day == 1 and (d2 + dt.timedelta(days=1)).day == 1
    skeleton = "yMMM" if (whole_months or not days) and not (d1.year == d2.year and d1.month == d2.month) else "yMMMd"
    return format_interval(d1, d2, skeleton, locale=locale_of(lang))
