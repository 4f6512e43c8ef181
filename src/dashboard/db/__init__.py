"""Database layer: models, engine/session, alembic migrations."""

from dashboard.db.engine import get_engine, session_scope, upgrade_database

__all__ = ["get_engine", "session_scope", "upgrade_database"]
