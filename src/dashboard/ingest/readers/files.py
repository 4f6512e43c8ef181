"""Files and folders on disk, read without ever leaving what the user named.

A named path must itself be a regular file or a folder, not a symbolic link (a shell glob
such as ``kiriman/*`` names the links in a folder too). Inside a folder nothing is
followed: every folder is opened relative to its parent and every file relative to its
folder (``openat`` with ``O_NOFOLLOW`` at each step), so

* a symbolic link, to a file or to a folder, is reported (``symlink``) and never opened;
* a device, FIFO or socket is reported (``unreadable``) and never opened (opening a FIFO
  would block, opening some devices has side effects);
* a folder or file swapped for a link between the listing and the reading makes the
  open fail instead of following the link, and a file swapped for another one is refused
  (its device and inode must be the ones listed).

``list_inputs`` lists what a path stands for, ``read_input`` reads one listed file;
``read_path`` does both. None of them raises for bad input.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.ingest.model import Rejection
from dashboard.ingest.readers.base import (
    EMPTY, NOT_FOUND, SYMLINK, TOO_LARGE, UNREADABLE, Limits, Result, _Budget, _fit_source, _is_junk, _mb, _Reject,
    _safe_name,
)
from dashboard.ingest.readers.dispatch import _guarded, _read_blob

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
_FILE_FLAGS = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | getattr(os, "O_BINARY", 0)
_AT_SUPPORTED = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd and bool(_NOFOLLOW)

SYMLINK_NAMED = ("is a symbolic link; links are never followed (a glob such as folder/* lists them too): "
                 "name the file or folder it points to if you mean it")
SYMLINK_INSIDE = "symbolic links inside a folder are not followed; copy the file into the folder instead"
SPECIAL = "not a regular file (device, pipe or socket); it was not opened"


@dataclass(frozen=True)
class InputFile:
    """One entry of what a named path stands for: a file to read, or a problem to report
    (``code``/``reason`` set). ``parts`` is the path below the named folder (empty for a
    named file); ``ident`` the (device, inode) the file had when listed."""

    source: str
    root: Path
    parts: tuple[str, ...] = ()
    root_ident: tuple[int, int] | None = None
    ident: tuple[int, int] | None = None
    code: str = ""
    reason: str = ""

    @property
    def is_problem(self) -> bool:
        return bool(self.code)


def read_path(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, source: str | None = None
) -> Iterator[Result]:
    """Read a file or a folder (recursively, sorted by relative path). Sources are
    ``<folder name>/<relative path>`` for folders and the file name for a file (or
    ``source`` when given, for a file), then ``!member`` inside archives and ``:N`` for a
    line or row."""
    limits = Limits.for_max_bytes(max_bytes)
    for f in list_inputs(path, max_bytes=limits.max_bytes, source=source):
        yield from read_input(f, max_bytes=limits.max_bytes)


def list_inputs(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, source: str | None = None
) -> list[InputFile]:
    """What ``path`` stands for: the file itself, or the files of the folder (hidden ones
    and ``__MACOSX`` skipped) sorted by relative path, with the links, special files and
    unreadable folders found on the way as problems."""
    limits = Limits.for_max_bytes(max_bytes)
    p = Path(path)
    shown = _fit_source(_safe_name(source or p.name or str(p)), limits)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return [InputFile(shown, p, code=NOT_FOUND, reason="no such file or folder")]
    except OSError as e:
        return [InputFile(shown, p, code=UNREADABLE, reason=f"cannot read the path: {e.strerror or e}")]
    if stat.S_ISLNK(st.st_mode):
        return [InputFile(shown, p, code=SYMLINK, reason=SYMLINK_NAMED)]
    if stat.S_ISREG(st.st_mode):
        return [InputFile(shown, p, ident=(st.st_dev, st.st_ino))]
    if not stat.S_ISDIR(st.st_mode):
        return [InputFile(shown, p, code=UNREADABLE, reason=SPECIAL)]
    base = _safe_name(p.name if p.name not in ("", ".", "..") else (p.resolve().name or "folder"))
    files = _list_folder(p, (st.st_dev, st.st_ino), base, limits)
    if not files:
        return [InputFile(f"{base}/", p, code=EMPTY, reason="the folder holds no files to read (hidden files are skipped)")]
    return files


def iter_inputs(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, source: str | None = None
) -> Iterator[InputFile]:
    """``list_inputs`` one entry at a time, in the same order: a folder is walked as it is
    read (depth first, each folder's names sorted), so a folder of 100,000 files is never
    held as 100,000 entries (only the names of the folder being walked, and of the folders
    above it). The open folders are closed when the iteration ends or is abandoned."""
    limits = Limits.for_max_bytes(max_bytes)
    p = Path(path)
    try:
        st = os.lstat(p)
    except OSError:
        st = None
    if st is None or not stat.S_ISDIR(st.st_mode) or not _AT_SUPPORTED:
        yield from list_inputs(path, max_bytes=limits.max_bytes, source=source)
        return
    base = _safe_name(p.name if p.name not in ("", ".", "..") else (p.resolve().name or "folder"))
    empty = True
    for f in _walk_folder(p, (st.st_dev, st.st_ino), base, limits):
        empty = False
        yield f
    if empty:
        yield InputFile(f"{base}/", p, code=EMPTY, reason="the folder holds no files to read (hidden files are skipped)")


def count_inputs(paths, *, max_bytes: int | None = None) -> int:
    """How many entries ``iter_inputs`` gives for ``paths`` (for a progress bar's total;
    nothing is opened but folders, nothing is kept)."""
    return sum(1 for p in paths for _ in iter_inputs(p, max_bytes=max_bytes))


def read_input(f: InputFile, *, max_bytes: int | None = None) -> Iterator[Result]:
    """The articles and rejections of one listed entry (never raises)."""
    limits = Limits.for_max_bytes(max_bytes)
    if f.is_problem:
        yield Rejection(f.source, f.reason, f.code)
        return
    yield from _guarded(f.source, limits, lambda: _read_listed(f, limits))


def read_file_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes | Rejection:
    """The bytes of a named file, with the same rules as ``read_path`` (no link, no
    device or FIFO, the size limit); a ``Rejection`` saying why not otherwise. For inputs
    that are not articles (event lists)."""
    limits = Limits.for_max_bytes(max_bytes)
    p = Path(path)
    if p.is_dir() and not p.is_symlink():
        return Rejection(_fit_source(_safe_name(p.name or str(p)), limits), "this is a folder; name a file", UNREADABLE)
    (f,) = list_inputs(p, max_bytes=limits.max_bytes)  # a named file: exactly one entry
    if f.is_problem:
        return Rejection(f.source, f.reason, f.code)
    try:
        return _read_listed_bytes(f, limits)
    except _Reject as r:
        return Rejection(f.source, r.reason, r.code)


# ---------------------------------------------------------------- listing


def _list_folder(root: Path, root_ident: tuple[int, int], base: str, limits: Limits) -> list[InputFile]:
    out: list[InputFile] = []

    def entry(parts: tuple[str, ...], **kw) -> InputFile:
        rel = "/".join(parts) if parts else "."
        return InputFile(_fit_source(f"{base}/{_safe_name(rel)}", limits), root, parts, root_ident, **kw)

    def unreadable(parts: tuple[str, ...]) -> InputFile:
        return entry(parts, code=UNREADABLE, reason="this folder could not be read (permission denied?)")

    if not _AT_SUPPORTED:  # pragma: no cover - platforms without openat (Windows)
        return _list_folder_by_path(root, root_ident, entry, unreadable)

    def scan(fd: int, parts: tuple[str, ...]) -> list[str]:
        """Record the entries of one open folder; return its sub-folders' names."""
        try:
            names = sorted(os.listdir(fd))
        except OSError:
            out.append(unreadable(parts))
            return []
        subdirs = []
        for name in names:
            if _is_junk(name):
                continue
            rel = (*parts, name)
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError:
                out.append(unreadable(rel))
                continue
            if stat.S_ISLNK(st.st_mode):
                out.append(entry(rel, code=SYMLINK, reason=SYMLINK_INSIDE))
            elif stat.S_ISDIR(st.st_mode):
                subdirs.append(name)
            elif stat.S_ISREG(st.st_mode):
                out.append(entry(rel, ident=(st.st_dev, st.st_ino)))
            else:
                out.append(entry(rel, code=UNREADABLE, reason=SPECIAL))
        return subdirs

    try:
        root_fd = _open_root(root, root_ident)
    except _Reject as r:
        return [entry((), code=r.code, reason=r.reason)]
    # depth first, with the open folders of the current branch on a stack (no recursion)
    stack: list[tuple[int, tuple[str, ...], Iterator[str]]] = []
    try:
        stack.append((root_fd, (), iter(scan(root_fd, ()))))
        while stack:
            fd, parts, pending = stack[-1]
            name = next(pending, None)
            if name is None:
                stack.pop()
                os.close(fd)
                continue
            rel = (*parts, name)
            try:
                child = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError as e:
                link = e.errno == errno.ELOOP or (e.errno == errno.ENOTDIR and _is_link(name, fd))
                out.append(entry(rel, code=SYMLINK, reason=SYMLINK_INSIDE) if link else unreadable(rel))
                continue
            stack.append((child, rel, iter(scan(child, rel))))
    finally:
        for fd, _, _ in stack:
            os.close(fd)
    out.sort(key=lambda f: f.parts)
    return out


def _walk_folder(root: Path, root_ident: tuple[int, int], base: str, limits: Limits) -> Iterator[InputFile]:
    """The entries of ``_list_folder`` in its order (sorted by path below ``root``), yielded
    as the walk finds them: a folder's names sorted, each sub-folder walked where its name
    comes (sorting by path parts is exactly that order)."""

    def entry(parts: tuple[str, ...], **kw) -> InputFile:
        rel = "/".join(parts) if parts else "."
        return InputFile(_fit_source(f"{base}/{_safe_name(rel)}", limits), root, parts, root_ident, **kw)

    def unreadable(parts: tuple[str, ...]) -> InputFile:
        return entry(parts, code=UNREADABLE, reason="this folder could not be read (permission denied?)")

    def names_of(fd: int) -> Iterator[str] | None:
        try:
            return iter(sorted(n for n in os.listdir(fd) if not _is_junk(n)))
        except OSError:
            return None

    try:
        root_fd = _open_root(root, root_ident)
    except _Reject as r:
        yield entry((), code=r.code, reason=r.reason)
        return
    stack: list[tuple[int, tuple[str, ...], Iterator[str]]] = []
    try:
        names = names_of(root_fd)
        if names is None:
            os.close(root_fd)
            yield unreadable(())
            return
        stack.append((root_fd, (), names))
        while stack:
            fd, parts, pending = stack[-1]
            name = next(pending, None)
            if name is None:
                stack.pop()
                os.close(fd)
                continue
            rel = (*parts, name)
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError:
                yield unreadable(rel)
                continue
            if stat.S_ISLNK(st.st_mode):
                yield entry(rel, code=SYMLINK, reason=SYMLINK_INSIDE)
            elif stat.S_ISREG(st.st_mode):
                yield entry(rel, ident=(st.st_dev, st.st_ino))
            elif not stat.S_ISDIR(st.st_mode):
                yield entry(rel, code=UNREADABLE, reason=SPECIAL)
            else:
                try:
                    child = os.open(name, _DIR_FLAGS, dir_fd=fd)
                except OSError as e:
                    link = e.errno == errno.ELOOP or (e.errno == errno.ENOTDIR and _is_link(name, fd))
                    yield entry(rel, code=SYMLINK, reason=SYMLINK_INSIDE) if link else unreadable(rel)
                    continue
                sub = names_of(child)
                if sub is None:
                    os.close(child)
                    yield unreadable(rel)
                    continue
                stack.append((child, rel, sub))
    finally:
        for fd, _, _ in stack:
            os.close(fd)


def _list_folder_by_path(root, root_ident, entry, unreadable) -> list[InputFile]:  # pragma: no cover - Windows
    out: list[InputFile] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        parts = here.relative_to(root).parts
        keep = []
        for d in dirnames:
            if _is_junk(d):
                continue
            if (here / d).is_symlink():
                out.append(entry((*parts, d), code=SYMLINK, reason=SYMLINK_INSIDE))
            else:
                keep.append(d)
        dirnames[:] = sorted(keep)
        for name in filenames:
            if _is_junk(name):
                continue
            st = os.lstat(here / name)
            if stat.S_ISLNK(st.st_mode):
                out.append(entry((*parts, name), code=SYMLINK, reason=SYMLINK_INSIDE))
            elif stat.S_ISREG(st.st_mode):
                out.append(entry((*parts, name), ident=(st.st_dev, st.st_ino)))
            else:
                out.append(entry((*parts, name), code=UNREADABLE, reason=SPECIAL))
    out.sort(key=lambda f: f.parts)
    return out


# ---------------------------------------------------------------- reading


def _open_root(root: Path, ident: tuple[int, int] | None) -> int:
    """The named folder, opened without following a link; it must still be the one listed."""
    try:
        fd = os.open(root, _DIR_FLAGS)
    except OSError as e:
        if e.errno == errno.ENOTDIR and os.path.islink(root):  # O_DIRECTORY met the link first
            raise _Reject(SYMLINK, SYMLINK_NAMED) from None
        raise _os_reject(e, SYMLINK_NAMED) from None
    st = os.fstat(fd)
    if ident is not None and (st.st_dev, st.st_ino) != ident:
        os.close(fd)
        raise _Reject(UNREADABLE, "the folder was replaced while it was being read")
    return fd


def _os_reject(e: OSError, symlink_reason: str) -> _Reject:
    if e.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a link (EMLINK on FreeBSD)
        return _Reject(SYMLINK, symlink_reason)
    if e.errno == errno.ENOENT:
        return _Reject(NOT_FOUND, "the file disappeared before it could be read")
    return _Reject(UNREADABLE, f"cannot read the file: {e.strerror or e}")


def _is_link(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _open_listed(f: InputFile) -> int:
    """Open a listed file without following any link on the way."""
    if not f.parts:
        try:
            return os.open(f.root, _FILE_FLAGS)
        except OSError as e:
            raise _os_reject(e, SYMLINK_NAMED) from None
    if not _AT_SUPPORTED:  # pragma: no cover - Windows
        full = f.root.joinpath(*f.parts)
        if any(os.path.islink(f.root.joinpath(*f.parts[: i + 1])) for i in range(len(f.parts))):
            raise _Reject(SYMLINK, SYMLINK_INSIDE)
        return os.open(full, _FILE_FLAGS)
    fds = [_open_root(f.root, f.root_ident)]
    try:
        for part in f.parts[:-1]:
            try:
                fds.append(os.open(part, _DIR_FLAGS, dir_fd=fds[-1]))
            except OSError as e:
                if e.errno == errno.ENOTDIR and _is_link(part, fds[-1]):  # O_DIRECTORY met the link first
                    raise _Reject(SYMLINK, SYMLINK_INSIDE) from None
                raise _os_reject(e, SYMLINK_INSIDE) from None
        try:
            return os.open(f.parts[-1], _FILE_FLAGS, dir_fd=fds[-1])
        except OSError as e:
            raise _os_reject(e, SYMLINK_INSIDE) from None
    finally:
        for fd in fds:
            os.close(fd)


def _read_listed(f: InputFile, limits: Limits) -> Iterator[Result]:
    data = _read_listed_bytes(f, limits)
    name = f.parts[-1] if f.parts else f.root.name
    yield from _read_blob(f.source, name, data, limits, 0, _Budget())


def _read_listed_bytes(f: InputFile, limits: Limits) -> bytes:
    fd = _open_listed(f)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise _Reject(UNREADABLE, SPECIAL)
        if f.ident is not None and (st.st_dev, st.st_ino) != f.ident:
            raise _Reject(UNREADABLE, "the file was replaced while it was being read")
        if st.st_size > limits.max_bytes:
            raise _Reject(TOO_LARGE, f"the file is {_mb(st.st_size)}, more than the limit of {_mb(limits.max_bytes)}")
        try:
            data = fh.read(limits.max_bytes + 1)
        except OSError as e:
            raise _Reject(UNREADABLE, f"cannot read the file: {e.strerror or e}") from None
    if len(data) > limits.max_bytes:
        raise _Reject(TOO_LARGE, f"the file is larger than the limit of {_mb(limits.max_bytes)}")
    return data
