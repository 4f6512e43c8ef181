"""The alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dashboard.db.engine import current_revision, upgrade_database
from dashboard.db.fulltext import include_object
from dashboard.db.models import Base


def test_migrations_match_models(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent(engine):
    before = current_revision(engine)
    upgrade_database(engine)
    assert current_revision(engine) == before is not None
