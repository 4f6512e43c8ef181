"""``dashboard users ...``, ``dashboard import-events`` and ``dashboard audit-export``."""

from __future__ import annotations

import io

from dashboard import audit, auth
from dashboard.cli import main
from tests.csv_readers import SEPARATORS, fields_read_with, live_formula


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_users_add_list_passwd_remove(engine, db_url, monkeypatch, capsys):
    _stdin(monkeypatch, "sandi-admin-panjang\n")
    assert main(["--database-url", db_url, "users", "add", "Kaban", "--role", "admin", "--password-stdin"]) == 0
    _stdin(monkeypatch, "sandi-editor-panjang\n")
    assert main(["--database-url", db_url, "users", "--actor", "ops", "add", "staf1", "--role", "editor", "--password-stdin"]) == 0
    assert main(["--database-url", db_url, "users", "list"]) == 0
    out = capsys.readouterr().out
    assert "kaban" in out and "staf1" in out and "editor" in out
    assert auth.authenticate(engine, "kaban", "sandi-admin-panjang").ok

    _stdin(monkeypatch, "sandi-baru-panjang\n")
    assert main(["--database-url", db_url, "users", "passwd", "staf1", "--password-stdin"]) == 0
    assert auth.authenticate(engine, "staf1", "sandi-baru-panjang").ok
    assert main(["--database-url", db_url, "users", "role", "staf1", "viewer"]) == 0
    assert auth.get_user(engine, "staf1").role == "viewer"
    assert main(["--database-url", db_url, "users", "remove", "staf1"]) == 0
    assert auth.get_user(engine, "staf1") is None
    log = audit.read(engine, audit.AuditQuery(entity="user", entity_id="staf1"))
    assert set(log["action"]) >= {"user_add", "user_passwd", "user_update", "user_remove"}
    assert "cli:ops" in set(log["username"])


def test_users_errors_are_reported_not_raised(engine, db_url, monkeypatch, capsys):
    _stdin(monkeypatch, "pendek\n")
    assert main(["--database-url", db_url, "users", "add", "budi", "--password-stdin"]) == 1
    assert "at least 10" in capsys.readouterr().err
    assert main(["--database-url", db_url, "users", "remove", "tidak-ada"]) == 1
    _stdin(monkeypatch, "sandi-apa-saja-123\n")
    assert main(["--database-url", db_url, "users", "passwd", "tidak-ada", "--password-stdin"]) == 1
    _stdin(monkeypatch, "sandi-admin-panjang\n")
    main(["--database-url", db_url, "users", "add", "satu", "--role", "admin", "--password-stdin"])
    assert main(["--database-url", db_url, "users", "remove", "satu"]) == 1
    assert "last active admin" in capsys.readouterr().err


def test_import_events_all_or_nothing(engine, db_url, tmp_path, capsys):
    good = tmp_path / "kegiatan.csv"
    good.write_text(
        "tanggal,kegiatan,tempat,instansi,wilayah,pemilihan,peserta\n"
        "2020-11-02,rakor,Aula Kesbangpol,KPU;Bawaslu,13.02,Pilkada 2020,40\n",
        encoding="utf-8",
    )
    bad = tmp_path / "salah.csv"
    bad.write_text(
        "tanggal,kegiatan,tempat,instansi,wilayah\n2020-11-02,rakor,Aula,KPU,13.02\n2020-11-03,rakor,Aula,KPU,99.99\n",
        encoding="utf-8",
    )
    assert main(["--database-url", db_url, "import-events", str(good), "--user", "staf1"]) == 0
    assert main(["--database-url", db_url, "import-events", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 3, column wilayah" in err
    assert main(["--database-url", db_url, "import-events", str(good)]) == 0
    assert "1 duplicates skipped" in capsys.readouterr().out
    assert audit.count(engine, audit.AuditQuery(action="create")) == 1


def test_audit_export(engine, db_url, tmp_path, monkeypatch):
    """Formulas do reach the audit log (the name given to ``--user`` and the file names are
    recorded as they are); the export must not let any of them run, whatever separator
    the spreadsheet reads it with (Excel in an Indonesian locale splits on ``;``)."""
    _stdin(monkeypatch, "sandi-admin-panjang\n")
    main(["--database-url", db_url, "users", "add", "kaban", "--password-stdin"])
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    hostile = "Rapat koordinasi;=cmd|'calc'!A0;.txt"  # a file name cannot hold '/'
    (inbox / hostile).write_text("Rapat koordinasi Pilkada di aula kantor bupati Solok.", encoding="utf-8")
    user = "=HYPERLINK(\"http://contoh.invalid\",\"x\")"
    assert main(["--database-url", db_url, "ingest", "--quiet", "--user", user, str(inbox)]) == 0
    out = tmp_path / "audit.csv"
    assert main(["--database-url", db_url, "audit-export", "-o", str(out)]) == 0
    data = out.read_bytes()
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "id,at_utc,user,action,entity,entity_id,changes,before,after,detail"
    assert "user_add" in text and "kaban" in text
    assert "'" + user in fields_read_with(data, ",")  # the formula is there, neutralised
    assert any("cmd|'calc'!A0" in f for f in fields_read_with(data, ";"))
    for sep in SEPARATORS:
        live = [f for f in fields_read_with(data, sep) if live_formula(f)]
        assert live == [], (sep, live)