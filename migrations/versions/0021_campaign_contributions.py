"""campaigns: contributions the secretariat recorded get their own total, apart from citizens' pledges

Revision ID: 0021_campaign_contributions
Revises: 0020_impact_and_questions
Create Date: 2026-12-03 21:50:00

Issue 15's contract: a campaign's `pledged` is citizens' money only and `raised` = pledged + matched + prize + other
contributions. Money the secretariat recorded from outside the site (a pledge without a backer) moves from `pledged`
(and from `backers`, which counted it as one) into the new `contributed`, so the totals still reconcile with the
ledger.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_campaign_contributions'
down_revision = '0020_impact_and_questions'
branch_labels = None
depends_on = None

CONTRIBUTED = """(SELECT COALESCE(SUM(l.amount), 0) FROM ledger_entries l JOIN pledges p ON p.id = l.pledge_id
    WHERE l.campaign_id = campaigns.id AND p.backer_id IS NULL AND l.kind IN ('pledged', 'released', 'refunded'))"""
BACKERS = """(SELECT COALESCE(SUM(CASE WHEN l.kind = 'pledged' THEN 1 ELSE -1 END), 0) FROM ledger_entries l
    JOIN pledges p ON p.id = l.pledge_id
    WHERE l.campaign_id = campaigns.id AND p.backer_id IS NULL AND l.kind IN ('pledged', 'released', 'refunded'))"""


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contributed', sa.BigInteger(), server_default='0', nullable=False))
    op.execute(f"UPDATE campaigns SET contributed = {CONTRIBUTED}, pledged = pledged - {CONTRIBUTED}, "
               f"backers = backers - {BACKERS}")


def downgrade():
    op.execute(f"UPDATE campaigns SET pledged = pledged + contributed, backers = backers + {BACKERS}")
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('contributed')
