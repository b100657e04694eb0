"""one open campaign per solution: a partial unique index on campaigns(solution_id) where status is review or live

Revision ID: 0012_one_open_campaign
Revises: 0011_attachments
Create Date: 2026-12-03 15:40:00

Issue 12 items 2 and 3: concurrent "advance" requests opened several campaigns for one solution. The pipeline now
locks its rows in one order; this index is the backstop. Duplicates left by the old race are settled first: a
campaign still in review is cancelled when the same solution has a live or a newer open campaign.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_one_open_campaign'
down_revision = '0011_attachments'
branch_labels = None
depends_on = None

OPEN = "status IN ('review', 'live')"


def upgrade():
    op.execute(
        "UPDATE campaigns SET status = 'cancelled' WHERE status = 'review' AND EXISTS ("
        " SELECT 1 FROM campaigns AS other WHERE other.solution_id = campaigns.solution_id"
        " AND other.status IN ('review', 'live') AND (other.status = 'live' OR other.id > campaigns.id))"
    )
    op.create_index('uq_campaigns_one_open_per_solution', 'campaigns', ['solution_id'], unique=True,
                    postgresql_where=sa.text(OPEN), sqlite_where=sa.text(OPEN))


def downgrade():
    op.drop_index('uq_campaigns_one_open_per_solution', table_name='campaigns')
