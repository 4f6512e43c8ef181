"""Decoding text bytes: byte order marks, UTF-16 without one, UTF-8, a declared charset,
then Windows-1252 / Latin-1; binary data is refused."""

from __future__ import annotations

import codecs
import re

from dashboard.ingest.readers.base import BAD_ENCODING, BINARY, _Reject

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-32-le" and len(data) % 4:
                continue  # FF FE 00 00 can also start UTF-16 LE text
            return enc, len(bom)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by its structure: most code units of Latin text
    have one zero byte, always on the same side."""
    sample = data[:8192]
    if len(sample) < 8:
        return None
    sample = sample[: len(sample) // 2 * 2]
    pairs = len(sample) // 2
    even_zero = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
    odd_zero = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
    for zeros, other, enc in ((odd_zero, even_zero, "utf-16-le"), (even_zero, odd_zero, "utf-16-be")):
        if zeros >= 0.6 * pairs and other <= 0.02 * pairs:
            try:
                return data[: len(data) // 2 * 2].decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def _declared_charset(data: bytes) -> str | None:
    head = data[:2048]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _WHATWG_ALIASES.get(name, name)
    try:
        enc = codecs.lookup(name).name
    except LookupError:
        return None
    if enc.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        return None  # a declaration read as ASCII cannot be UTF-16; ignore it (as browsers do)
    return enc


_C0_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")
_ALL_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio_too_high(text: str, *, c1: bool = False) -> bool:
    """True when the text looks like binary data: more than 5 % control characters
    (C0 without the whitespace ones; with ``c1`` also DEL and C1, for single-byte
    decodings, where random bytes land there). Mojibake in UTF-8 text can hold C1
    characters, so they do not count there."""
    sample = text[:65536]
    if not sample:
        return False
    controls = len((_ALL_CONTROLS if c1 else _C0_CONTROLS).findall(sample))
    return controls > max(8, len(sample) // 20)


def decode_bytes(data: bytes, *, declared: bool = False) -> tuple[str, str]:
    """Decode text bytes; returns ``(text, encoding)``. Detection, in this order:
    a byte order mark (UTF-8/16/32), UTF-16 structure without a BOM, strict UTF-8, the
    charset declared in the document (HTML/XML only, ``declared=True``), then
    charset-normalizer restricted to Windows-1252 / Latin-1. Raises ``_Reject`` with
    ``bad_encoding`` or ``binary`` when none fits. The text is not cleaned here."""
    bom = _bom_encoding(data)
    if bom:
        enc, n = bom
        try:
            text = data[n:].decode(enc)
        except UnicodeDecodeError:
            if enc == "utf-32-le":  # FF FE 00 00 may be UTF-16 LE + NUL
                try:
                    text, enc = data[2:].decode("utf-16-le"), "utf-16-le"
                except UnicodeDecodeError:
                    raise _Reject(BAD_ENCODING, f"the file starts with a {enc.upper()} byte order mark "
                                  "but is not valid in that encoding") from None
            else:
                raise _Reject(BAD_ENCODING, f"the file starts with a {enc.upper()} byte order mark "
                              "but is not valid in that encoding; save it again as UTF-8") from None
        if _control_ratio_too_high(text):
            raise _Reject(BINARY, "the file contains binary data, not text")
        return text, enc
    text16 = _utf16_without_bom(data)
    if text16 is not None and not _control_ratio_too_high(text16):
        return text16, "utf-16"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _control_ratio_too_high(text):
            raise _Reject(BINARY, "the file contains binary data, not text")
        return text, "utf-8"
    if declared:
        enc = _declared_charset(data)
        if enc and enc != "utf-8":
            try:
                text = data.decode(enc)
            except (UnicodeDecodeError, LookupError):
                pass
            else:
                if not _control_ratio_too_high(text):
                    return text, enc
    if _control_ratio_too_high(data[:65536].decode("latin-1"), c1=True):
        raise _Reject(BINARY, "the file contains binary data, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None and not data.decode("latin-1").strip():
        return data.decode("latin-1"), "latin_1"  # only whitespace (NBSP, NEL): an empty file, not a bad one
    if best is None:
        raise _Reject(BAD_ENCODING, "the text is neither UTF-8 nor Windows-1252/Latin-1; "
                      "save it again as UTF-8")
    enc = best.encoding
    text = data.decode("cp1252" if enc == "cp1252" else "latin-1")
    if _control_ratio_too_high(text, c1=True):
        raise _Reject(BINARY, "the file contains binary data, not text")
    return text, enc
