"""No input path reads a file outside what the user named (issue 12, defect 1), and
``dashboard ingest`` says why and exits non-zero when nothing valid was read (defect 6).

Found by a hostile test: ``ln -s /etc/passwd in/passwd.txt; dashboard ingest in/`` stored
the linked file as a public article, because the command line listed the folder with a
walk that follows links instead of the readers' own."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.db import models as m
from dashboard.db.engine import get_engine, session_scope
from dashboard.ingest import readers as R
from dashboard.ingest.model import RawArticle
from dashboard.ingest.pipeline import ingest_paths

SECRET = "RAHASIA-DI-LUAR-FOLDER root:x:0:0"
GOOD = "Kesbangpol Kabupaten Contoh menggelar rapat koordinasi Pilkada 2020 di aula kantor bupati."


def _articles(url: str) -> list[str]:
    with session_scope(get_engine(url)) as s:
        return list(s.scalars(select(m.Article.text)))


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder the user did not name, holding a secret file."""
    d = tmp_path / "di-luar"
    d.mkdir()
    (d / "passwd.txt").write_text(SECRET, encoding="utf-8")
    return d


@pytest.fixture
def inbox(tmp_path, outside) -> Path:
    d = tmp_path / "masuk"
    d.mkdir()
    (d / "berita.txt").write_text(GOOD, encoding="utf-8")
    (d / "passwd.txt").symlink_to(outside / "passwd.txt")  # a link to a file outside
    (d / "sub").symlink_to(outside, target_is_directory=True)  # a linked folder
    (d / "nyata").mkdir()
    (d / "nyata" / "dalam.txt").symlink_to(outside / "passwd.txt")  # a link one level down
    return d


def test_cli_ingest_of_a_folder_never_follows_links(sqlite_url, inbox, capsys):
    assert main(["--database-url", sqlite_url, "ingest", "--quiet", str(inbox)]) == 0
    texts = _articles(sqlite_url)
    assert texts == [GOOD]
    assert not any("RAHASIA" in t for t in texts)
    out = capsys.readouterr().out
    for rel in ("masuk/passwd.txt", "masuk/sub", "masuk/nyata/dalam.txt"):
        assert f"rejected {rel}: symbolic links inside a folder are not followed" in out, out


def test_a_named_link_is_refused_as_a_glob_would_name_it(sqlite_url, inbox, capsys):
    """``dashboard ingest masuk/*`` names the links too: they are refused, not followed."""
    named = sorted(str(p) for p in inbox.iterdir())
    assert main(["--database-url", sqlite_url, "ingest", "--quiet", *named]) == 0
    assert _articles(sqlite_url) == [GOOD]
    out = capsys.readouterr().out
    assert "rejected passwd.txt: is a symbolic link" in out and "rejected sub: is a symbolic link" in out


@pytest.mark.timeout(60)
def test_fifo_and_devices_are_never_opened(sqlite_url, tmp_path):
    """A FIFO would block the ingest forever; a device may have side effects."""
    d = tmp_path / "khusus"
    d.mkdir()
    (d / "berita.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(d / "pipa.txt")
    try:
        os.mknod(d / "nol.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # like /dev/zero
        device = True
    except (PermissionError, OSError):
        device = False  # no CAP_MKNOD here: the named /dev/zero below still covers devices
    rep = ingest_paths([d, d / "pipa.txt", Path("/dev/zero")], engine=get_engine(sqlite_url))
    assert _articles(sqlite_url) == [GOOD]
    reasons = {i.source: (i.code, i.reason) for i in rep.rejections()}
    assert reasons["khusus/pipa.txt"][0] == R.UNREADABLE and "not a regular file" in reasons["khusus/pipa.txt"][1]
    assert reasons["pipa.txt"][0] == R.UNREADABLE and reasons["zero"][0] == R.UNREADABLE
    if device:
        assert reasons["khusus/nol.txt"][0] == R.UNREADABLE


def test_a_folder_swapped_for_a_link_after_listing_is_not_followed(tmp_path, outside):
    """The hard case: the listing saw a real folder; before the file is read, the folder
    is replaced by a link to another one holding a file of the same name."""
    root = tmp_path / "masuk"
    (root / "bagian").mkdir(parents=True)
    (root / "bagian" / "passwd.txt").write_text(GOOD, encoding="utf-8")
    listed = R.list_inputs(root)
    assert [f.source for f in listed] == ["masuk/bagian/passwd.txt"]
    (root / "bagian" / "passwd.txt").unlink()
    (root / "bagian").rmdir()
    (root / "bagian").symlink_to(outside, target_is_directory=True)
    (out,) = list(R.read_input(listed[0]))
    assert out.code == R.SYMLINK and not isinstance(out, RawArticle)


def test_a_file_swapped_after_listing_is_refused(tmp_path, outside):
    root = tmp_path / "masuk"
    root.mkdir()
    (root / "a.txt").write_text(GOOD, encoding="utf-8")
    (listed,) = R.list_inputs(root)
    (root / "a.txt").unlink()
    (root / "a.txt").symlink_to(outside / "passwd.txt")  # a link now: O_NOFOLLOW refuses it
    (out,) = list(R.read_input(listed))
    assert out.code == R.SYMLINK
    (root / "a.txt").unlink()
    os.link(outside / "passwd.txt", root / "a.txt")  # another file (a hard link to the secret)
    (out,) = list(R.read_input(listed))
    assert out.code == R.UNREADABLE and "replaced" in out.reason


def test_the_named_folder_swapped_for_a_link_is_refused(tmp_path, outside):
    root = tmp_path / "masuk"
    root.mkdir()
    (root / "passwd.txt").write_text(GOOD, encoding="utf-8")
    (listed,) = R.list_inputs(root)
    (root / "passwd.txt").unlink()
    root.rmdir()
    root.symlink_to(outside, target_is_directory=True)
    (out,) = list(R.read_input(listed))
    assert out.code == R.SYMLINK


# ---------------------------------------------------------------- defect 6: exit status


def test_ingest_exits_non_zero_and_says_why_when_nothing_was_read(sqlite_url, tmp_path, capsys):
    empty = tmp_path / "kosong"
    empty.mkdir()
    (tmp_path / "hampa.txt").write_bytes(b"")
    args = ["--database-url", sqlite_url, "ingest", "--quiet"]
    assert main([*args, str(tmp_path / "tidak-ada.txt"), str(empty), str(tmp_path / "hampa.txt")]) == 1
    cap = capsys.readouterr()
    assert "rejected tidak-ada.txt: no such file or folder" in cap.out
    assert "rejected kosong/: the folder holds no files" in cap.out
    assert "rejected hampa.txt: the file is empty" in cap.out
    assert "nothing was read" in cap.err
    assert main([*args, str(tmp_path / "tidak-ada.txt")]) == 1


def test_ingest_exits_zero_when_something_was_read(sqlite_url, tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    args = ["--database-url", sqlite_url, "ingest", "--quiet"]
    assert main([*args, str(tmp_path / "a.txt"), str(tmp_path / "tidak-ada.txt")]) == 0
    assert "rejected tidak-ada.txt: no such file or folder" in capsys.readouterr().out
    assert main([*args, str(tmp_path / "a.txt")]) == 0  # a duplicate is a valid read
    with session_scope(get_engine(sqlite_url)) as s:
        assert s.scalar(select(func.count()).select_from(m.Article)) == 1


@pytest.mark.timeout(60)
def test_import_events_follows_the_same_rules(sqlite_url, tmp_path, outside, capsys):
    events = outside / "kegiatan.csv"
    events.write_text("tanggal,kegiatan,instansi,wilayah\n2020-11-02,rakor,KPU,13.02\n", encoding="utf-8")
    (tmp_path / "tautan.csv").symlink_to(events)
    os.mkfifo(tmp_path / "pipa.csv")
    args = ["--database-url", sqlite_url, "import-events"]
    assert main([*args, str(tmp_path / "tautan.csv"), str(tmp_path / "pipa.csv"), str(outside)]) == 1
    err = capsys.readouterr().err
    assert "tautan.csv: cannot read: is a symbolic link" in err
    assert "pipa.csv: cannot read: not a regular file" in err and "di-luar: cannot read: this is a folder" in err
    with session_scope(get_engine(sqlite_url)) as s:
        assert s.scalar(select(func.count()).select_from(m.Event)) == 0
    assert main([*args, str(events)]) == 0  # the file itself, named, is imported


def test_the_lazy_walk_gives_what_the_listing_gives(tmp_path, outside):
    """``iter_inputs`` (what ``dashboard ingest`` walks) yields the entries of ``list_inputs``
    in the same order, links, special files, hidden files and empty folders included."""
    d = tmp_path / "masuk"
    for rel in ("a.txt", "a/x.txt", "a b.txt", "a.b/y.txt", "z/q/r/s.txt", "B.txt", ".rahasia", "__MACOSX/k.txt",
                "é.txt", "a/.git/config"):
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_text(GOOD, encoding="utf-8")
    (d / "kosong").mkdir()
    (d / "tautan.txt").symlink_to(outside / "passwd.txt")
    (d / "a" / "sub").symlink_to(outside, target_is_directory=True)
    os.mkfifo(d / "a" / "pipa")
    for p in (d, d / "kosong", d / "a", d / "a.txt", d / "tidak-ada", d / "tautan.txt"):
        listed = R.list_inputs(p)
        assert list(R.iter_inputs(p)) == listed, p
        assert R.count_inputs([p]) == len(listed)
    assert [f.source for f in R.list_inputs(d)][:4] == ["masuk/B.txt", "masuk/a/pipa", "masuk/a/sub", "masuk/a/x.txt"]
    fds = lambda: len(os.listdir("/proc/self/fd"))  # noqa: E731
    before = fds()
    walk = R.iter_inputs(d)
    next(walk), next(walk)  # inside masuk/a: two folders open
    assert fds() == before + 2
    walk.close()  # abandoned midway: its open folders are closed
    assert fds() == before
