"""accounts, login sessions and throttling, review bookkeeping on events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

- ``user_session``: server-side login sessions (hash of the browser's token), so sessions
  time out, end at logout and end when a password, role or account changes.
- ``login_throttle``: failed logins per user name and per client, to slow down guessing.
- ``app_user``: ``last_login_at``, ``password_changed_at``.
- ``event``: ``version`` (optimistic locking for the review queue), ``source_url`` and
  ``fingerprint`` (hand-recorded and imported events), index on the fingerprint.
- ``audit_log``: index on (entity, entity_id) for the history of one record.

Only columns and tables are added: existing rows are kept as they are (events get
``version`` 1). Columns are added with ALTER TABLE, never by copying a table: on SQLite a
copy-and-drop of ``event`` would cascade-delete its agencies and regions.
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failed_at', sa.DateTime(), nullable=True),
    sa.Column('blocked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('client', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_index('ix_user_session_user_id', 'user_session', ['user_id'], unique=False)

    # Plain ALTER TABLE ... ADD COLUMN on both back ends (no batch table copy).
    op.add_column('app_user', sa.Column('last_login_at', sa.DateTime(), nullable=True))
    op.add_column('app_user', sa.Column('password_changed_at', sa.DateTime(), nullable=True))

    op.create_index('ix_audit_log_entity', 'audit_log', ['entity', 'entity_id'], unique=False)

    op.add_column('event', sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.add_column('event', sa.Column('source_url', sa.String(length=2000), nullable=True))
    op.add_column('event', sa.Column('fingerprint', sa.String(length=64), nullable=True))
    op.create_index('ix_event_fingerprint', 'event', ['fingerprint'], unique=False)


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite >= 3.35, PostgreSQL): no table copy.
    op.drop_index('ix_event_fingerprint', table_name='event')
    for column in ('fingerprint', 'source_url', 'version'):
        op.execute(f'ALTER TABLE event DROP COLUMN {column}')
    op.drop_index('ix_audit_log_entity', table_name='audit_log')
    op.drop_index('ix_user_session_user_id', table_name='user_session')
    op.drop_table('user_session')
    op.drop_table('login_throttle')
    for column in ('password_changed_at', 'last_login_at'):
        op.execute(f'ALTER TABLE app_user DROP COLUMN {column}')
