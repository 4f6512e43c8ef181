"""one real event, one record: merging the reports of one meeting

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05

- ``event.merged_into``: NULL for a canonical event, else the canonical event this report
  belongs to. Every count reads ``merged_into IS NULL``; indexed alone (the members of an
  event) and as the last column of the covering index ``ix_event_cover`` (so the shared
  filter stays an index-only read).
- ``event_agency.via_event_id``, ``event_region.via_event_id``: NULL for an event's own
  rows; a canonical event also carries its other reports' agencies and regions, each
  marked with the report it comes from.
- ``event_merge``: why a report joined its event (matched report, score, reason, auto or
  hand, who, when).
- ``merge_rule``: hand decisions later merging keeps (``apart``: split by hand;
  ``together``: merged by hand).

Existing events stay canonical (``merged_into`` NULL) until ``dashboard merge`` (or a
re-extraction) groups them. Only columns, tables and indexes are added; no table is copied.
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

COVER_OLD = ['election_id', 'event_date', 'activity', 'status', 'article_id', 'level']


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    # The three new references have no ON DELETE action: on SQLite they are inline REFERENCES
    # clauses of ADD COLUMN (no table copy; SQLite cannot add a constraint afterwards), and
    # SQLAlchemy does not read ON DELETE back from those. Merging detaches before it deletes.
    if sqlite:
        op.execute('ALTER TABLE event ADD COLUMN merged_into INTEGER REFERENCES event (id)')
        for table in ('event_agency', 'event_region'):
            op.execute(f'ALTER TABLE {table} ADD COLUMN via_event_id INTEGER REFERENCES event (id)')
    else:
        op.add_column('event', sa.Column('merged_into', sa.Integer(), nullable=True))
        op.create_foreign_key('event_merged_into_fkey', 'event', 'event', ['merged_into'], ['id'])
        for table in ('event_agency', 'event_region'):
            op.add_column(table, sa.Column('via_event_id', sa.Integer(), nullable=True))
            op.create_foreign_key(f'{table}_via_event_id_fkey', table, 'event', ['via_event_id'], ['id'])
    op.create_index('ix_event_merged_into', 'event', ['merged_into'], unique=False)
    op.drop_index('ix_event_cover', table_name='event')
    op.create_index('ix_event_cover', 'event', [*COVER_OLD, 'merged_into'], unique=False)

    op.create_table('event_merge',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('matched_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reason', sa.JSON(), nullable=False),
    sa.Column('decided_by', sa.String(length=8), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['matched_id'], ['event.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_index('ix_event_merge_matched', 'event_merge', ['matched_id'], unique=False)
    op.create_index('ix_event_merge_score', 'event_merge', ['decided_by', 'score'], unique=False)
    op.create_table('merge_rule',
    sa.Column('event_a', sa.Integer(), nullable=False),
    sa.Column('event_b', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_a'], ['event.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_b'], ['event.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_a', 'event_b')
    )
    op.create_index('ix_merge_rule_b', 'merge_rule', ['event_b'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_merge_rule_b', table_name='merge_rule')
    op.drop_table('merge_rule')
    op.drop_index('ix_event_merge_score', table_name='event_merge')
    op.drop_index('ix_event_merge_matched', table_name='event_merge')
    op.drop_table('event_merge')
    op.drop_index('ix_event_cover', table_name='event')
    op.create_index('ix_event_cover', 'event', COVER_OLD, unique=False)
    op.drop_index('ix_event_merged_into', table_name='event')
    # inherited rows go with their marker: a canonical event keeps only its own
    for table in ('event_agency', 'event_region'):
        op.execute(f'DELETE FROM {table} WHERE via_event_id IS NOT NULL')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint('event_merged_into_fkey', 'event', type_='foreignkey')
        for table in ('event_agency', 'event_region'):
            op.drop_constraint(f'{table}_via_event_id_fkey', table, type_='foreignkey')
    # ALTER TABLE ... DROP COLUMN (SQLite >= 3.35, PostgreSQL): no table copy
    op.execute('ALTER TABLE event DROP COLUMN merged_into')
    for table in ('event_agency', 'event_region'):
        op.execute(f'ALTER TABLE {table} DROP COLUMN via_event_id')
