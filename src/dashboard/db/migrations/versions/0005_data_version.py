"""data version: a counter every write to articles or events bumps, read as the cache key

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Every cached query result is keyed by the data version. It was computed by scanning: the
number of events, the latest ``event.updated_at`` (no index) and the latest article id,
0.7-1.2 s at a million articles, on every rerun of every session. Now it is one row
(``data_version``, id 1) that triggers bump in the transaction that writes, so it is read
by primary key and changes exactly when the data the pages show changes, whoever wrote it
(an app replica, ``dashboard ingest``, the collector):

- SQLite: ``AFTER INSERT/UPDATE/DELETE`` row triggers on article, event, event_agency and
  event_region (SQLite has only row triggers; it has one writer at a time, so the row lock
  costs nothing).
- PostgreSQL: deferred constraint triggers on the same tables: the counter is bumped once
  per transaction, at commit (a transaction-local setting remembers it was done), so its
  row lock is the last lock a writer takes and two writers cannot deadlock on it.
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TABLES = ('article', 'event', 'event_agency', 'event_region')

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION dashboard_bump_data_version() RETURNS trigger AS $$
BEGIN
    IF current_setting('dashboard.data_version_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('dashboard.data_version_bumped', txid_current()::text, true);
        UPDATE data_version SET version = version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""


def upgrade() -> None:
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 1)")
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_table('data_version')


def create_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for table in TABLES:
            for when in ('INSERT', 'UPDATE', 'DELETE'):
                op.execute(
                    f"CREATE TRIGGER data_version_{table}_{when.lower()} AFTER {when} ON {table} BEGIN "
                    "UPDATE data_version SET version = version + 1 WHERE id = 1; END"
                )
    elif dialect == 'postgresql':
        op.execute(PG_FUNCTION)
        for table in TABLES:
            op.execute(
                f"CREATE CONSTRAINT TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_bump_data_version()"
            )


def drop_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for table in TABLES:
            for when in ('insert', 'update', 'delete'):
                op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{when}")
    elif dialect == 'postgresql':
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS data_version_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS dashboard_bump_data_version()")
