"""Zip archives: read in memory, never extracted; bombs, traversal, links and nesting refused."""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
from collections.abc import Iterator

from dashboard.ingest.model import Rejection
from dashboard.ingest.readers.base import (
    BAD_ZIP, EMPTY, ENCRYPTED, TOO_LARGE, ZIP_UNSAFE, Limits, Result, _Budget, _is_junk, _mb, _Reject, _safe_name,
    _short_exc,
)

_CD_ENTRY_BUDGET = 300  # bytes of central directory allowed per permitted entry (46 + a long name)


def zip_directory_precheck(data: bytes, limits: Limits, what: str = "archive") -> None:
    """Refuse archives whose central directory is too big *before* zipfile parses it
    (parsing a million tiny entries takes seconds and hundreds of MB). Uses the entry
    count and directory size of the end-of-central-directory record; the size also
    bounds archives that lie about the count."""
    i = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if i < 0 or len(data) < i + 22:
        return  # no end record: zipfile will say the archive is damaged
    entries, cd_size = struct.unpack_from("<HI", data, i + 10)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        j = data.rfind(b"PK\x06\x06", max(0, i - 65_536), i)
        if j >= 0 and len(data) >= j + 56:
            entries, cd_size = struct.unpack_from("<QQ", data, j + 32)
    if entries > limits.max_members or cd_size > limits.max_members * _CD_ENTRY_BUDGET:
        raise _Reject(ZIP_UNSAFE, f"the {what} has more than {limits.max_members} entries (or a directory too "
                      "large for that many); split it")


def _zip_preflight(zf: zipfile.ZipFile, limits: Limits, what: str) -> list[zipfile.ZipInfo]:
    """Member-count, declared-size and ratio checks before anything is unpacked."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise _Reject(ZIP_UNSAFE, f"the {what} has {len(infos)} entries, more than the limit of "
                      f"{limits.max_members}")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise _Reject(ZIP_UNSAFE, f"the {what} would unpack to {_mb(total)}, more than the limit of "
                      f"{_mb(limits.max_total_bytes)} (zip bomb?)")
    return infos


def _declared_total(data: bytes) -> int:
    """Uncompressed size of a zip according to its directory (0 if damaged)."""
    try:
        return sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except Exception:  # noqa: BLE001 - damaged: the reader that follows says so
        return 0


def _bomb_reason(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    if info.file_size < limits.ratio_floor:
        return None
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > limits.max_ratio:
        return (f"compresses {ratio:.0f}:1 (limit {limits.max_ratio:.0f}:1), which is how zip bombs "
                "are built; the file was not unpacked")
    return None


def _unsafe_member(info: zipfile.ZipInfo) -> str | None:
    norm = info.filename.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "it has an absolute path"
    if any(part == ".." for part in norm.split("/")):
        return "its path leaves the archive (../)"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "it is a symbolic link"
    return None


def _read_zip(source: str, data: bytes, limits: Limits, depth: int, budget: _Budget) -> Iterator[Result]:
    if depth >= limits.max_zip_depth:
        raise _Reject(ZIP_UNSAFE, f"archives nested more than {limits.max_zip_depth} deep are not opened")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception as e:  # noqa: BLE001 - zipfile raises many kinds of errors on bad input
        raise _Reject(BAD_ZIP, f"the zip archive is damaged or incomplete ({_short_exc(e)})") from None
    budget.members += len(infos)
    if budget.members > limits.max_members:
        raise _Reject(ZIP_UNSAFE, f"the archive has more than {limits.max_members} entries (nested archives "
                      "included); split it")
    declared = sum(i.file_size for i in infos)
    if budget.bytes + declared > limits.max_total_bytes:
        raise _Reject(ZIP_UNSAFE, f"the archive would unpack to {_mb(budget.bytes + declared)}, more than the "
                      f"limit of {_mb(limits.max_total_bytes)} (zip bomb?)")
    order = sorted(range(len(infos)), key=lambda k: (infos[k].filename, k))
    if not any(not i.filename or not (i.is_dir() or _is_junk(i.filename)) for i in infos):
        raise _Reject(EMPTY, "the archive holds no files to read (only folders or system files such as "
                      "__MACOSX or .DS_Store)" if infos else "the archive is empty")
    for k in order:
        info = infos[k]
        mname = _safe_name(info.filename)
        msource = f"{source}!{mname}"
        if not info.filename:  # e.g. a name that starts with NUL; ZipInfo.is_dir() fails on it
            yield Rejection(msource, "archive member not read: it has no name", ZIP_UNSAFE)
            continue
        if info.is_dir():
            continue
        why = _unsafe_member(info)
        if why:
            yield Rejection(msource, f"archive member not read: {why}", ZIP_UNSAFE)
            continue
        if _is_junk(info.filename):
            continue
        if info.flag_bits & 0x1:
            yield Rejection(msource, "the archive member is password-protected; unpack it first", ENCRYPTED)
            continue
        why = _bomb_reason(info, limits)
        if why:
            yield Rejection(msource, f"archive member {why}", ZIP_UNSAFE)
            continue
        if info.file_size > limits.max_bytes:
            yield Rejection(msource, f"the file is {_mb(info.file_size)}, more than the limit of "
                            f"{_mb(limits.max_bytes)}", TOO_LARGE)
            continue
        try:
            with zf.open(info) as f:
                content = f.read(info.file_size + 1)
                extra = f.read(1) if len(content) == info.file_size else b""
        except Exception as e:  # noqa: BLE001 - bad CRC, truncated data, unknown compression, ...
            yield Rejection(msource, f"the archive member could not be unpacked ({_short_exc(e)})", BAD_ZIP)
            continue
        if len(content) != info.file_size or extra:
            yield Rejection(msource, "the archive member's size does not match the archive directory "
                            "(damaged or crafted archive)", ZIP_UNSAFE)
            continue
        budget.bytes += len(content)
        if budget.bytes > limits.max_total_bytes:
            raise _Reject(ZIP_UNSAFE, f"the archive unpacks to more than {_mb(limits.max_total_bytes)}; "
                          "reading stopped (zip bomb?)")
        from dashboard.ingest.readers.dispatch import _guarded, _read_blob  # the dispatcher reads members

        yield from _guarded(msource, limits, lambda s=msource, n=info.filename, c=content: _read_blob(
            s, n, c, limits, depth + 1, budget))
