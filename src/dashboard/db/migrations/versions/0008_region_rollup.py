"""region rollup: per region and day/month, the events, meetings and key bodies readiness
reads (issue 13)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Kept like ``event_rollup`` (migration 0007): what an event contributes now also names its
regions (``event_rollup_state.regions``), and triggers on ``event_region`` note the events
whose regions a statement changed, folded in just before the commit. The existing events
are counted again by migration 0010.
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('event_rollup_state', sa.Column('regions', sa.Text(), nullable=False, server_default=''))
    op.create_table('region_rollup',
    sa.Column('grain', sa.String(length=1), nullable=False),
    sa.Column('election_id', sa.String(length=64), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('region_code', sa.String(length=16), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('b0', sa.Integer(), nullable=False),
    sa.Column('b1', sa.Integer(), nullable=False),
    sa.Column('b2', sa.Integer(), nullable=False),
    sa.Column('b3', sa.Integer(), nullable=False),
    sa.Column('b4', sa.Integer(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=True),
    sa.Column('last_meeting', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('grain', 'election_id', 'period', 'region_code')
    )
    dialect = op.get_bind().dialect.name
    note = "INSERT OR IGNORE INTO rollup_dirty (event_id) VALUES"
    if dialect == 'sqlite':
        op.execute(f"CREATE TRIGGER rollup_region_insert AFTER INSERT ON event_region BEGIN {note} (NEW.event_id); END")
        op.execute(
            "CREATE TRIGGER rollup_region_update AFTER UPDATE OF event_id, region_code ON event_region "
            f"BEGIN {note} (NEW.event_id); {note} (OLD.event_id); END"
        )
        op.execute(f"CREATE TRIGGER rollup_region_delete AFTER DELETE ON event_region BEGIN {note} (OLD.event_id); END")
    elif dialect == 'postgresql':
        # dashboard_rollup_note() (0007) notes event_id of any table but event
        op.execute(
            "CREATE TRIGGER rollup_region AFTER INSERT OR DELETE OR UPDATE OF event_id, region_code ON event_region "
            "FOR EACH ROW EXECUTE FUNCTION dashboard_rollup_note()"
        )
    # the existing events are counted by 0010, which gives the event rollup its province
    # key (the rollup code of today writes every table as of the newest revision)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for name in ('insert', 'update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS rollup_region_{name}")
    elif dialect == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS rollup_region ON event_region")
    op.drop_table('region_rollup')
    with op.batch_alter_table('event_rollup_state') as batch:
        batch.drop_column('regions')
