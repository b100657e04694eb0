"""match_pools: when the unused pool was reported to the funder, and how much

Revision ID: 0025_pool_reports
Revises: 0024_stats_indexes
Create Date: 2026-12-04 09:00:00

Issue 15 item 3: "the unused pool is reported at the call's end". A periodic job tells the funder organisation's
members once per call, after the call has ended; `reported_at` marks it done (the job's guard against a second
notice) and `reported_unused` keeps the figure the funder was told, as the call page shows it. Existing pools are
not reported yet (NULL): the job reports those whose calls have ended on its next round.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025_pool_reports'
down_revision = '0024_stats_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('match_pools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reported_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reported_unused', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('match_pools', schema=None) as batch_op:
        batch_op.drop_column('reported_unused')
        batch_op.drop_column('reported_at')
