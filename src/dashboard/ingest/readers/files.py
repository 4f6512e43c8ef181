"""Files and folders on disk."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from dashboard.ingest.model import Rejection
from dashboard.ingest.readers.base import (
    NOT_FOUND, SYMLINK, TOO_LARGE, UNREADABLE, Limits, Result, _Budget, _fit_source, _is_junk, _mb, _Reject, _safe_name,
)
from dashboard.ingest.readers.dispatch import _guarded, _read_blob


def read_path(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, source: str | None = None
) -> Iterator[Result]:
    """Read a file or a folder (recursively, sorted by relative path). Sources are
    ``<folder name>/<relative path>`` for folders and the file name for a file (or
    ``source`` when given, for a file), then ``!member`` inside archives and ``:N`` for a
    line or row."""
    limits = Limits.for_max_bytes(max_bytes)
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        yield Rejection(_fit_source(_safe_name(str(p.name or p)), limits), "the path does not exist", NOT_FOUND)
        return
    except OSError as e:
        yield Rejection(_fit_source(_safe_name(str(p.name or p)), limits),
                        f"cannot read the path: {e.strerror or e}", UNREADABLE)
        return
    if stat.S_ISDIR(st.st_mode):
        base = _safe_name(p.name if p.name not in ("", ".", "..") else (p.resolve().name or "folder"))
        for rel, full, kind in _walk(p):
            source = _fit_source(f"{base}/{_safe_name(rel)}", limits)
            if kind == "symlink":
                yield Rejection(source, "symbolic links inside a folder are not followed; copy the file "
                                "into the folder instead", SYMLINK)
                continue
            if kind == "error":
                yield Rejection(source, "this folder could not be read (permission denied?)", UNREADABLE)
                continue
            yield from _guarded(source, limits, lambda full=full, source=source: _read_file(full, source, limits))
    else:
        source = _fit_source(_safe_name(source or p.name or str(p)), limits)
        yield from _guarded(source, limits, lambda: _read_file(p, source, limits))


def _walk(root: Path) -> list[tuple[str, Path, str]]:
    """(relative posix path, full path, 'file'|'symlink'|'error') for a folder, sorted;
    hidden entries skipped; symlinks and unreadable sub-folders reported, never followed."""
    out: list[tuple[str, Path, str]] = []

    def unreadable(err: OSError) -> None:
        if err.filename:
            p = Path(err.filename)
            out.append((p.relative_to(root).as_posix() if p != root else ".", p, "error"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        here = Path(dirpath)
        keep = []
        for d in dirnames:
            if _is_junk(d):
                continue
            if (here / d).is_symlink():
                out.append(((here / d).relative_to(root).as_posix(), here / d, "symlink"))
            else:
                keep.append(d)
        dirnames[:] = sorted(keep)
        for f in filenames:
            if _is_junk(f):
                continue
            full = here / f
            kind = "symlink" if full.is_symlink() else "file"
            out.append((full.relative_to(root).as_posix(), full, kind))
    out.sort(key=lambda t: t[0])
    return out


def _read_file(path: Path, source: str, limits: Limits) -> Iterator[Result]:
    try:
        st = path.stat()
    except OSError as e:
        raise _Reject(UNREADABLE, f"cannot read the file: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _Reject(UNREADABLE, "not a regular file (device, pipe or socket)")
    if st.st_size > limits.max_bytes:
        raise _Reject(TOO_LARGE, f"the file is {_mb(st.st_size)}, more than the limit of {_mb(limits.max_bytes)}")
    try:
        with open(path, "rb") as f:
            data = f.read(limits.max_bytes + 1)
    except OSError as e:
        raise _Reject(UNREADABLE, f"cannot read the file: {e.strerror or e}") from None
    if len(data) > limits.max_bytes:
        raise _Reject(TOO_LARGE, f"the file is larger than the limit of {_mb(limits.max_bytes)}")
    yield from _read_blob(source, path.name, data, limits, 0, _Budget())
