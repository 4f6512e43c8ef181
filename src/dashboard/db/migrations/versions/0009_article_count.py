"""article count: how many articles report real events, per election, kept in step by
every write (issue 13)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Distinct articles are not a sum of event counts, so the summary's and Berita's article
counts read every event of the election (about 2 s at a million articles).
``article_count`` keeps those counts per election; ``article_count_state`` what each
article adds; ``article_dirty`` the articles whose events a statement wrote (noted by
the triggers below, folded in by ``dashboard.article_rollup`` just before the commit,
with the articles of the reports merged into any event the rollup triggers noted). The
existing articles are counted by migration 0010.
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# what an article's counts depend on, of its own events
EVENT_COLUMNS = "article_id, election_id, status, merged_into"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION dashboard_article_note() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' AND NEW.article_id IS NOT NULL THEN
        INSERT INTO article_dirty (article_id) VALUES (NEW.article_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.article_id IS NOT NULL THEN
        INSERT INTO article_dirty (article_id) VALUES (OLD.article_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""


def upgrade() -> None:
    op.create_table('article_count',
    sa.Column('kind', sa.String(length=1), nullable=False),
    sa.Column('election_id', sa.String(length=64), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'election_id')
    )
    op.create_table('article_count_state',
    sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('counted_in', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('article_id')
    )
    op.create_table('article_dirty',
    sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('article_id')
    )
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        note = "INSERT OR IGNORE INTO article_dirty (article_id) SELECT"
        op.execute(
            "CREATE TRIGGER article_count_insert AFTER INSERT ON event "
            f"BEGIN {note} NEW.article_id WHERE NEW.article_id IS NOT NULL; END"
        )
        op.execute(
            f"CREATE TRIGGER article_count_update AFTER UPDATE OF {EVENT_COLUMNS} ON event "
            f"BEGIN {note} NEW.article_id WHERE NEW.article_id IS NOT NULL; "
            f"{note} OLD.article_id WHERE OLD.article_id IS NOT NULL; END"
        )
        op.execute(
            "CREATE TRIGGER article_count_delete AFTER DELETE ON event "
            f"BEGIN {note} OLD.article_id WHERE OLD.article_id IS NOT NULL; END"
        )
    elif dialect == 'postgresql':
        op.execute(PG_FUNCTION)
        op.execute(
            f"CREATE TRIGGER article_count AFTER INSERT OR DELETE OR UPDATE OF {EVENT_COLUMNS} ON event "
            "FOR EACH ROW EXECUTE FUNCTION dashboard_article_note()"
        )
    # the existing articles are counted by 0010, with both rollups


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for name in ('insert', 'update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS article_count_{name}")
    elif dialect == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS article_count ON event")
        op.execute("DROP FUNCTION IF EXISTS dashboard_article_note()")
    op.drop_table('article_dirty')
    op.drop_table('article_count_state')
    op.drop_table('article_count')
