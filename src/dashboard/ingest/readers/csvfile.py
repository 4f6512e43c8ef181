"""CSV tables: delimiter sniffing, parsing, the article reader for .csv/.tsv."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from dashboard.ingest.readers.base import BAD_CSV, EMPTY, MAX_LINES, TOO_LARGE, Limits, Result, _Reject
from dashboard.ingest.readers.records import (
    _KNOWN_ARTICLE_HEADERS, FIELD_SYNONYMS, Table, _read_records_table, match_columns, normalise_header,
)

_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(first_line: str, known: Iterable[str] = ()) -> str:
    """The delimiter of a CSV header line: the one that splits it into the most known
    column names, then into the most fields; ``,`` on a tie."""
    known_set = set(known)
    best, best_score = ",", (-1, -1)
    for d in _DELIMITERS:
        try:
            cells = next(csv.reader([first_line], delimiter=d), [])
        except csv.Error:
            continue
        score = (sum(1 for c in cells if normalise_header(c) in known_set), len(cells))
        if score > best_score:
            best, best_score = d, score
    return best


def _raise_csv_field_limit(n: int) -> None:
    """The csv module refuses fields over 128 KiB by default; a field can never be
    larger than its file, which is already size-limited, so raise (never lower) the
    process-wide limit to the file size."""
    n = min(n + 1, 2**31 - 1)
    if csv.field_size_limit() < n:
        csv.field_size_limit(n)


def csv_table(text: str, known_headers: Iterable[str] = ()) -> Table:
    """Parse decoded, cleaned CSV text. Raises ``_Reject`` (bad_csv / empty)."""
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    if not first_line.strip():
        raise _Reject(EMPTY, "the CSV file has no header row (the first line is empty)")
    delim = sniff_delimiter(first_line, known_headers)
    _raise_csv_field_limit(len(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        raise _Reject(EMPTY, "the CSV file has no header row") from None
    except csv.Error as e:
        raise _Reject(BAD_CSV, f"the CSV header row cannot be parsed: {e}") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        n = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raise _Reject(BAD_CSV, f"the CSV file cannot be parsed after row {n}: {e}") from None
            n += 1
            if n > MAX_LINES:
                raise _Reject(TOO_LARGE, f"the CSV file has more than {MAX_LINES} rows (Excel's limit); split it")
            if any(c.strip() for c in row):
                yield n, row

    return Table(header=header, rows=rows())


_CSV_DROP = re.compile("[\x00\ud800-\udfff\ufeff]")


def prepare_csv_text(text: str) -> str:
    """Decoded CSV text ready for the csv module: NULs, lone surrogates and BOMs removed.
    Nothing else is changed here (a form feed or U+2028 in an unquoted cell must not
    become a row break); each cell is cleaned when it is read."""
    return _CSV_DROP.sub("", text)


def _read_csv(source: str, text: str, limits: Limits) -> Iterator[Result]:
    text = prepare_csv_text(text)
    if not text.strip():
        raise _Reject(EMPTY, "the file is empty")
    yield from _read_records_table(source, [csv_table(text, _KNOWN_ARTICLE_HEADERS)], limits, kind="CSV")


def _looks_like_article_csv(text: str) -> bool:
    first = text.split("\n", 1)[0]
    known = {n for names in FIELD_SYNONYMS.values() for n in names}
    delim = sniff_delimiter(first, known)
    try:
        cells = next(csv.reader([first], delimiter=delim), [])
    except csv.Error:
        return False
    return len(cells) >= 2 and "text" in match_columns(cells, FIELD_SYNONYMS)
