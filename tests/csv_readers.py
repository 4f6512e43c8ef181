"""Reading a CSV export the way different spreadsheets would, to check that no field
runs a formula whatever the separator (issue 12, defect 5)."""

from __future__ import annotations

import csv
import io
import re

SEPARATORS = (",", ";", "\t", "|")

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)*|[0-9]*[.,][0-9]+)(?:[eE][+-]?[0-9]+)?%?")


def live_formula(field: str) -> bool:
    """A field a spreadsheet would run: = + - @ first, also after blanks, quotes, tabs or
    line breaks (the tab/CR variants), and not a plain number or a lone dash. A field
    starting with an apostrophe (neutralised) is never one."""
    lead = field.lstrip(" \u00a0\"\t\r\n")
    if lead[:1] not in ("=", "+", "-", "@"):
        return False
    core = lead.strip(" \u00a0\"\t\r\n")
    return not (core == "-" or _NUMBER.fullmatch(core))


def fields_read_with(data: bytes, sep: str) -> list[str]:
    """Every field of a CSV export as a reader using ``sep`` sees it: with a CSV parser
    (quotes honoured where that separator makes them field starts) and with a plain split
    of each line (no quotes at all), which covers the readers in between."""
    text = data.decode("utf-8-sig")
    parsed = [f for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for f in row]
    naive = [f for line in re.split(r"\r\n|\r|\n", text) for f in line.split(sep)]
    return parsed + naive
