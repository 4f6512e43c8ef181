"""collection: registered sources, fetched pages (state and per-URL lock), robots.txt per site

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01

- ``collect_source``: the sites ``dashboard collect`` checks (feed, sitemap or listing page),
  their schedule, the outcome of the last check, and a lease so two collectors never check
  the same source at once.
- ``collect_page``: every address fetched or claimed, by canonical URL (hash unique): the
  per-URL lock between collectors, ETag / Last-Modified for conditional requests, what
  became of an article page (stored, duplicate, skipped, failed, ...).
- ``collect_host``: robots.txt per site, kept for a day.
- ``article.collect_source_id``: the source an article was collected from (NULL for uploads).

Only tables and one nullable column are added (ALTER TABLE ... ADD COLUMN: no table copy,
which on SQLite would cascade-delete the article's events). Self-contained: it touches no
table another pending revision changes, so it can be re-chained after it.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('collect_source',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('link_pattern', sa.String(length=500), nullable=True),
    sa.Column('body', sa.String(length=300), nullable=True),
    sa.Column('region_code', sa.String(length=8), nullable=True),
    sa.Column('every_hours', sa.Float(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=True),
    sa.Column('last_checked_at', sa.DateTime(), nullable=True),
    sa.Column('last_ok_at', sa.DateTime(), nullable=True),
    sa.Column('last_status', sa.String(length=16), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_code', sa.String(length=40), nullable=True),
    sa.Column('last_found', sa.Integer(), nullable=False),
    sa.Column('last_new', sa.Integer(), nullable=False),
    sa.Column('lease_owner', sa.String(length=80), nullable=True),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    sa.UniqueConstraint('url')
    )
    op.create_table('collect_host',
    sa.Column('origin', sa.String(length=300), nullable=False),
    sa.Column('robots_status', sa.Integer(), nullable=True),
    sa.Column('robots_txt', sa.Text(), nullable=True),
    sa.Column('etag', sa.String(length=300), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('fetched_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('origin')
    )
    op.create_table('collect_page',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('url_key', sa.String(length=64), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('etag', sa.String(length=300), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=80), nullable=True),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['collect_source.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('url_key')
    )
    op.create_index('ix_collect_page_source_status', 'collect_page', ['source_id', 'status'], unique=False)

    # Plain ALTER TABLE ... ADD COLUMN on both back ends (no batch table copy).
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite takes a REFERENCES clause in ADD COLUMN (not a separate ALTER ... ADD CONSTRAINT).
        # No ON DELETE: SQLite does not report it back for an inline REFERENCES, so the
        # models could not be compared; removing a source clears the column itself.
        op.execute('ALTER TABLE article ADD COLUMN collect_source_id INTEGER REFERENCES collect_source (id)')
    else:
        op.add_column('article', sa.Column('collect_source_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_article_collect_source', 'article', 'collect_source',
                              ['collect_source_id'], ['id'])
    op.create_index('ix_article_collect_source_id', 'article', ['collect_source_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_article_collect_source_id', table_name='article')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint('fk_article_collect_source', 'article', type_='foreignkey')
    # ALTER TABLE ... DROP COLUMN (SQLite >= 3.35, PostgreSQL): no table copy.
    op.execute('ALTER TABLE article DROP COLUMN collect_source_id')
    op.drop_index('ix_collect_page_source_status', table_name='collect_page')
    op.drop_table('collect_page')
    op.drop_table('collect_host')
    op.drop_table('collect_source')
