"""Settings read from the environment. No Streamlit import here.

DATABASE_URL            SQLAlchemy URL; default: SQLite file data/dashboard.db in the project.
                        ``postgresql://...`` is rewritten to use psycopg 3.
DASHBOARD_BOUNDARY_FILE Optional GeoJSON of kab/kota or province polygons keyed by Kemendagri code.
DASHBOARD_REQUIRE_LOGIN ``1`` makes viewer pages require a login (default: open to viewers).
DASHBOARD_SESSION_MINUTES  Idle minutes before a login session expires (default 60).
DASHBOARD_MAX_UPLOAD_MB Largest accepted upload / ingest file in MB (default 50).
DASHBOARD_TRUSTED_PROXIES  Reverse proxies (addresses or networks, comma-separated) whose
                        X-Forwarded-For gives the client address of a login (see clientaddr).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = PROJECT_DIR / "data"
SAMPLE_DIR = DATA_DIR / "sample"
STATIC_DIR = PROJECT_DIR / "static"
APP_PATH = PROJECT_DIR / "app.py"


def _flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on", "ya"}


def _int(name: str, default: int) -> int:
    from dashboard.intparse import parse_int

    n = parse_int(os.environ.get(name, "").strip() or default)
    return default if n is None else n


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the common short forms."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def default_database_url() -> str:
    return f"sqlite:///{DATA_DIR / 'dashboard.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    boundary_file: Path | None = None
    require_login: bool = False
    session_minutes: int = 60
    max_upload_mb: int = 50
    trusted_proxies: tuple[str, ...] = ()

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


def get_settings() -> Settings:
    url = os.environ.get("DATABASE_URL", "").strip() or default_database_url()
    boundary = os.environ.get("DASHBOARD_BOUNDARY_FILE", "").strip()
    return Settings(
        database_url=normalise_database_url(url),
        boundary_file=Path(boundary) if boundary else None,
        require_login=_flag("DASHBOARD_REQUIRE_LOGIN"),
        session_minutes=max(1, _int("DASHBOARD_SESSION_MINUTES", 60)),
        max_upload_mb=max(1, _int("DASHBOARD_MAX_UPLOAD_MB", 50)),
        trusted_proxies=tuple(x.strip() for x in os.environ.get("DASHBOARD_TRUSTED_PROXIES", "").split(",") if x.strip()),
    )
