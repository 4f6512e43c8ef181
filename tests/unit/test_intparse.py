"""The one strict number parser (issue 12, defect 3): ``?item=²``, ``?item=①`` and
``?item=9223372036854775808`` crashed Berita and Rapat Koordinasi (``isdigit()`` true,
``int()`` failing; a 64-bit overflow in the database driver)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.intparse import ID_MAX, INT64_MAX, INT64_MIN, parse_id, parse_int


@pytest.mark.parametrize("raw", [
    "²", "①", "٣", "३", "１２", "1_000", "1e3", "1.0", "0x10", "", " ", "-", "+", "--1", "1 2", "١٢٣",
    "9223372036854775808", "-9223372036854775809", "99999999999999999999", "1" * 5000, "12\n", "\u20071",
    None, 1.0, True, False, [1], b"1",
])
def test_refused(raw):
    assert parse_int(raw) is None


@pytest.mark.parametrize("raw,want", [
    ("0", 0), ("42", 42), (" 42 ", 42), ("+7", 7), ("-7", -7), ("007", 7),
    ("9223372036854775807", INT64_MAX), ("-9223372036854775808", INT64_MIN), (12, 12),
])
def test_accepted(raw, want):
    assert parse_int(raw) == want


def test_bounds_and_ids():
    assert parse_int("367", min_value=1, max_value=366) is None and parse_int("366", max_value=366) == 366
    assert parse_int(2**63) is None and parse_int(-(2**63) - 1) is None
    assert parse_id("0") is None and parse_id("-1") is None and parse_id("+1") is None and parse_id("1") == 1
    assert parse_id(str(ID_MAX)) == ID_MAX and parse_id(str(ID_MAX + 1)) is None  # PostgreSQL INTEGER ids
    assert parse_id("9223372036854775807") is None and parse_int("9223372036854775807") == INT64_MAX


@given(st.text(max_size=30))
def test_never_raises_and_agrees_with_ascii_int(s):
    n = parse_int(s)
    stripped = s.strip(" \t")
    if n is not None:
        assert stripped.lstrip("+-").isascii() and stripped.lstrip("+-").isdigit()
        assert int(stripped) == n and INT64_MIN <= n <= INT64_MAX
