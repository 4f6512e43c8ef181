"""One strict way to turn an outside value (a URL parameter, a form or file cell, a chart
click, an environment variable) into an integer. No Streamlit import.

Python's ``int()`` is too lenient for that: it takes any Unicode decimal digit
(``int("٣")`` is 3), spaces and underscores (``int("1_0")`` is 10), and integers of any
size, which a database driver then refuses with an overflow (``item=9223372036854775808``
crashed two pages). ``str.isdigit()`` is worse as a guard: it is true for ``²`` and ``①``,
which ``int()`` refuses. ``parse_int`` accepts only an optional sign and ASCII digits
(``0``-``9``), at most 19 of them, and only values that fit a signed 64-bit column
(``BIGINT``); everything else is ``None``, never an exception. ``parse_id`` narrows that to
the id columns, which are 32-bit ``INTEGER`` on PostgreSQL.
"""

from __future__ import annotations

import re
from typing import Any

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_ASCII_INT = re.compile(r"[+-]?[0-9]{1,19}", re.ASCII)
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)


def parse_int(
    value: Any, *, min_value: int = INT64_MIN, max_value: int = INT64_MAX, signed: bool = True
) -> int | None:
    """``value`` as an int in ``min_value..max_value`` (and in the signed 64-bit range),
    or ``None``. Strings: an optional ``+``/``-`` (only when ``signed``) and ASCII
    digits, surrounding spaces allowed, nothing else (no Unicode digits, no ``_``, no
    ``1e3``, no ``1.0``). Ints are range-checked; bools, floats and anything else give
    ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        n = value
    elif isinstance(value, str):
        s = value.strip(" \t")
        if not (_ASCII_INT if signed else _ASCII_DIGITS).fullmatch(s):
            return None
        n = int(s)
    else:
        return None
    lo, hi = max(min_value, INT64_MIN), min(max_value, INT64_MAX)
    return n if lo <= n <= hi else None


ID_MAX = 2**31 - 1  # the id columns are INTEGER: 32 bits on PostgreSQL (a larger value is an error there)


def parse_id(value: Any) -> int | None:
    """A database id from outside: a positive integer in ASCII digits only (no sign) that
    fits the id columns (``ID_MAX``); a larger one cannot name a row."""
    return parse_int(value, min_value=1, max_value=ID_MAX, signed=False)
