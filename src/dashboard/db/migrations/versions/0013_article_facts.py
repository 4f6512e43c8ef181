"""article counts under filters: articles of one event counted like events, the others
per event (issue 13)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

The summary's article count with an agency, a province, a period or activities, and
Berita's count with the same filters, read every filtered event and counted its articles
once each: 0.3-0.8 s at a million articles. ``article_solo`` counts the articles that
count for one event with the event rollup's keys (they add up); ``article_pair`` holds
the events of the others, per tag, to be counted distinct; ``article_count_state.facts``
what each article added; ``article_day`` the days of each article's events with its place
in Berita's newest-first order (a trigger notes an article whose dates change).
``region_cross`` keeps the regions of the events that name regions in several provinces
(the regions a province's events name). Every rollup is counted anew (``rollup.rebuild``),
so this is the migration that counts them (0012 no longer does), but for the region tag
rollup, which 0014 counts with its day rows.
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


PG_FUNCTION = """
CREATE OR REPLACE FUNCTION dashboard_article_dates_note() RETURNS trigger AS $$
BEGIN
    INSERT INTO article_dirty (article_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""


def upgrade() -> None:
    op.create_table(
        'article_solo',
        sa.Column('kind', sa.String(length=1), nullable=False),
        sa.Column('grain', sa.String(length=1), nullable=False),
        sa.Column('election_id', sa.String(length=64), nullable=False),
        sa.Column('prov', sa.String(length=8), nullable=False),
        sa.Column('a', sa.String(length=64), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('activity', sa.String(length=16), nullable=False),
        sa.Column('level', sa.String(length=10), nullable=False),
        sa.Column('month_only', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'grain', 'election_id', 'prov', 'a', 'period', 'activity', 'level',
                                'month_only'),
    )
    op.create_table(
        'article_pair',
        sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('kind', sa.String(length=1), nullable=False),
        sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('tag', sa.String(length=80), nullable=False),
        sa.Column('election_id', sa.String(length=64), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('activity', sa.String(length=16), nullable=False),
        sa.Column('level', sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint('article_id', 'kind', 'event_id', 'tag'),
    )
    op.create_index('ix_article_pair_count', 'article_pair',
                    ['kind', 'election_id', 'tag', 'article_id', 'period', 'activity', 'level'])
    op.create_table(
        'article_day',
        sa.Column('article_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('election_id', sa.String(length=64), nullable=False),
        sa.Column('newest', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('article_id', 'day', 'election_id'),
    )
    op.create_index('ix_article_day_newest', 'article_day', ['newest', 'article_id', 'day', 'election_id'])
    # an article's place in the newest-first order changes with its dates
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute(
            "CREATE TRIGGER article_day_dates AFTER UPDATE OF published, ingested_at ON article "
            "BEGIN INSERT OR IGNORE INTO article_dirty (article_id) VALUES (NEW.id); END"
        )
    elif dialect == 'postgresql':
        op.execute(PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER article_day_dates AFTER UPDATE OF published, ingested_at ON article "
            "FOR EACH ROW EXECUTE FUNCTION dashboard_article_dates_note()"
        )
    op.create_table(
        'region_cross',
        sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('region_code', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('event_id', 'region_code'),
    )
    op.create_index('ix_region_cross_region', 'region_cross', ['region_code', 'event_id'])
    with op.batch_alter_table('article_count_state') as batch:
        batch.add_column(sa.Column('facts', sa.Text(), nullable=True))
    from dashboard import rollup

    rollup.rebuild(op.get_bind(), tags=False)  # 0014 counts the region tag rollup


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS article_day_dates ON article")
        op.execute("DROP FUNCTION IF EXISTS dashboard_article_dates_note()")
    else:
        op.execute("DROP TRIGGER IF EXISTS article_day_dates")
    op.drop_index('ix_article_day_newest', table_name='article_day')
    op.drop_table('article_day')
    with op.batch_alter_table('article_count_state') as batch:
        batch.drop_column('facts')
    op.drop_index('ix_region_cross_region', table_name='region_cross')
    op.drop_table('region_cross')
    op.drop_index('ix_article_pair_count', table_name='article_pair')
    op.drop_table('article_pair')
    op.drop_table('article_solo')
