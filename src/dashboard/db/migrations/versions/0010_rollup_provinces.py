"""event rollup per province, and agency triples: the province filter and one agency's
co-participation read the rollup (issue 13)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

At a million articles a province filter still read every event of the province on every
page (Rapat Koordinasi and Instansi 1.6-1.7 s), and the pairs of bodies meeting among one
agency's meetings self-joined its 434,000 meetings' agency rows (2.3 s). ``event_rollup``
gets a ``prov`` key column (``''``: the whole country, as before; a province code: the
events with a region in it), and grain ``t`` rows count, per agency and month, its
meetings where two other agencies met (``b`` = ``"B|C"``, hence the wider column). The
table is made again with its new key; migration 0012 counts every event anew.
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def _create(with_prov: bool) -> None:
    columns = [
        sa.Column('grain', sa.String(length=1), nullable=False),
        sa.Column('election_id', sa.String(length=64), nullable=False),
        *([sa.Column('prov', sa.String(length=8), nullable=False)] if with_prov else []),
        sa.Column('a', sa.String(length=64), nullable=False),
        sa.Column('b', sa.String(length=160 if with_prov else 64), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('activity', sa.String(length=16), nullable=False),
        sa.Column('level', sa.String(length=10), nullable=False),
        sa.Column('month_only', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
    ]
    key = ['grain', 'election_id', *(['prov'] if with_prov else []), 'a', 'b', 'period', 'activity', 'level',
           'month_only']
    op.create_table('event_rollup', *columns, sa.PrimaryKeyConstraint(*key))


def upgrade() -> None:
    op.drop_table('event_rollup')
    _create(with_prov=True)
    # counted anew by migration 0013 (which rebuilds the rollups): today's rollup code
    # writes tables this revision does not have yet


def downgrade() -> None:
    op.drop_table('event_rollup')
    _create(with_prov=False)
    # the rollup code of this version writes ``prov``: a downgraded database is counted
    # again by ``dashboard recount`` with the code of its own version
