"""province_newest: a province's newest events are a walk of a kept key (issue 13)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08

Rapat Koordinasi's calendar lists a filter's 6,000 newest dated meetings, its table the
first 1,000, and Ringkasan the latest few. With a province, the province's events (60,000
of province 13 at a million articles) were found through their region rows, then every one
of them was read and sorted by date. ``province_newest`` keeps, per province, election and
day, the ids of the counted events (kept by the rollup fold like ``region_cross``): the
newest events of a province are then the first rows of this key read backwards. The table
is counted from the counted events' states (``event_rollup_state``): no event is read again.
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'province_newest',
        sa.Column('prov', sa.String(length=8), nullable=False),
        sa.Column('election_id', sa.String(length=64), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint('prov', 'election_id', 'day', 'event_id'),
        sqlite_with_rowid=False,
    )
    from dashboard import rollup

    rollup.rebuild_newest(op.get_bind())
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ANALYZE province_newest")  # a new table has no statistics (see 0014)


def downgrade() -> None:
    op.drop_table('province_newest')
