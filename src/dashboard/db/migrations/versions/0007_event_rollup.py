"""event rollup: counts of real events per period, activity, level and agency, kept in step
by every write (issue 13)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

``event_rollup`` holds the counts the page aggregates read; ``event_rollup_state`` what each
event contributes; ``rollup_dirty`` the events written in the open transaction, noted by
the triggers below and folded in by ``dashboard.rollup.apply_pending`` just before the
commit (see that module). The triggers only note ids, so their firing order (a cascade, a
multi-row statement, PostgreSQL's row triggers after the whole statement) cannot change a
count. The existing events are counted by migration 0008.
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

EVENT_COLUMNS = "election_id, event_date, date_precision, activity, level, status, merged_into"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION dashboard_rollup_note() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'event' THEN
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO rollup_dirty (event_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO rollup_dirty (event_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
        END IF;
    ELSE
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO rollup_dirty (event_id) VALUES (NEW.event_id) ON CONFLICT DO NOTHING;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO rollup_dirty (event_id) VALUES (OLD.event_id) ON CONFLICT DO NOTHING;
        END IF;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""


def upgrade() -> None:
    op.create_table('event_rollup',
    sa.Column('grain', sa.String(length=1), nullable=False),
    sa.Column('election_id', sa.String(length=64), nullable=False),
    sa.Column('a', sa.String(length=64), nullable=False),
    sa.Column('b', sa.String(length=64), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('activity', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('month_only', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('grain', 'election_id', 'a', 'b', 'period', 'activity', 'level', 'month_only')
    )
    op.create_table('event_rollup_state',
    sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('election_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('month_only', sa.Integer(), nullable=False),
    sa.Column('activity', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('agencies', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('rollup_dirty',
    sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    create_triggers()
    # the existing events are counted by 0008, which adds the per-region counts (the
    # rollup code of today writes both)


def downgrade() -> None:
    drop_triggers()
    op.drop_table('rollup_dirty')
    op.drop_table('event_rollup_state')
    op.drop_table('event_rollup')


def create_triggers() -> None:
    dialect = op.get_bind().dialect.name
    note = "INSERT OR IGNORE INTO rollup_dirty (event_id) VALUES"
    if dialect == 'sqlite':
        op.execute(f"CREATE TRIGGER rollup_event_insert AFTER INSERT ON event BEGIN {note} (NEW.id); END")
        op.execute(
            f"CREATE TRIGGER rollup_event_update AFTER UPDATE OF {EVENT_COLUMNS} ON event "
            f"BEGIN {note} (NEW.id); {note} (OLD.id); END"
        )
        op.execute(f"CREATE TRIGGER rollup_event_delete AFTER DELETE ON event BEGIN {note} (OLD.id); END")
        op.execute(f"CREATE TRIGGER rollup_agency_insert AFTER INSERT ON event_agency BEGIN {note} (NEW.event_id); END")
        op.execute(
            "CREATE TRIGGER rollup_agency_update AFTER UPDATE OF event_id, agency_name ON event_agency "
            f"BEGIN {note} (NEW.event_id); {note} (OLD.event_id); END"
        )
        op.execute(f"CREATE TRIGGER rollup_agency_delete AFTER DELETE ON event_agency BEGIN {note} (OLD.event_id); END")
    elif dialect == 'postgresql':
        op.execute(PG_FUNCTION)
        op.execute(
            f"CREATE TRIGGER rollup_event AFTER INSERT OR DELETE OR UPDATE OF {EVENT_COLUMNS} ON event "
            "FOR EACH ROW EXECUTE FUNCTION dashboard_rollup_note()"
        )
        op.execute(
            "CREATE TRIGGER rollup_agency AFTER INSERT OR DELETE OR UPDATE OF event_id, agency_name ON event_agency "
            "FOR EACH ROW EXECUTE FUNCTION dashboard_rollup_note()"
        )


def drop_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for name in ('event_insert', 'event_update', 'event_delete', 'agency_insert', 'agency_update', 'agency_delete'):
            op.execute(f"DROP TRIGGER IF EXISTS rollup_{name}")
    elif dialect == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS rollup_event ON event")
        op.execute("DROP TRIGGER IF EXISTS rollup_agency ON event_agency")
        op.execute("DROP FUNCTION IF EXISTS dashboard_rollup_note()")
