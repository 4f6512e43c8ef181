"""Per interface language: its CLDR locale and its date patterns (LDML syntax). Month and
weekday names, separators and interval formats come from the locale's CLDR data."""

from __future__ import annotations

# interface language -> CLDR locale (English in the day-month-year order used in Indonesia)
LOCALES: dict[str, str] = {"id": "id_ID", "en": "en_GB"}
# date patterns (CLDR/LDML syntax) per interface language
PATTERNS: dict[str, dict[str, str]] = {
    "id": {"date": "d MMMM y", "short": "d MMM y", "weekday": "EEEE, d MMMM y", "month": "MMMM y",
           "month_short": "MMM y", "day_month": "d MMM", "input": "dd/MM/y"},
    "en": {"date": "d MMMM y", "short": "d MMM y", "weekday": "EEEE, d MMMM y", "month": "MMMM y",
           "month_short": "MMM y", "day_month": "d MMM", "input": "dd/MM/y"},
}
