"""newest-first index on events for PostgreSQL (issue 13)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

The event lists (Rapat Koordinasi's table, Ringkasan's latest meetings, the calendar) are
ordered ``event_date DESC NULLS LAST, id DESC``. On PostgreSQL a backward scan of
``ix_event_date`` gives the undated events first, so the planner sorted every event of the
election to return eight (0.5 s at a million articles: an external sort on disk). This
index has that order itself; the lists then read their first rows and stop (5-40 ms).
SQLite sorts NULL lowest, so a backward scan of ``ix_event_date`` already has the order.
The name is in ``db.fulltext.HAND_MADE_INDEXES`` (autogenerate leaves it alone).
"""

from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS ix_event_newest ON event (event_date DESC NULLS LAST, id DESC)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_event_newest")
