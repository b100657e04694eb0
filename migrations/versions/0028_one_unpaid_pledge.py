"""one unpaid pledge per member and campaign: a partial unique index on pledges(campaign_id, backer_id) where pending

Revision ID: 0028_one_unpaid_pledge
Revises: 0027_stats_totals
Create Date: 2026-12-06 00:30:00

Issue 12 item 7 kept a member to one unpaid pledge per campaign by locking the member's row and looking for one
before every pledge: two statements and a queue of that member's pledges behind the lock. The index states the rule
in the database instead: the second of two pledges made at once waits for the first and fails if the first was
saved, and a pledge paid at once (never pending) is not held up at all.

The rule has been kept since issue 12, so no member has two pledges waiting on one campaign. If an older database
still has some, the upgrade stops and names them rather than choosing which to cancel: unfinished card checkouts
lapse by themselves (`flask jobs run` releases them 35 minutes after they opened); bank transfers are confirmed or
cancelled by the secretariat. Then upgrade again.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0028_one_unpaid_pledge'
down_revision = '0027_stats_totals'
branch_labels = None
depends_on = None

UNPAID = "status = 'pending'"


def upgrade():
    doubled = op.get_bind().execute(sa.text(
        "SELECT campaign_id, backer_id, count(*) FROM pledges WHERE status = 'pending' AND backer_id IS NOT NULL"
        " GROUP BY campaign_id, backer_id HAVING count(*) > 1 ORDER BY campaign_id, backer_id")).all()
    if doubled:
        listed = ", ".join(f"campaign {c} member {b} ({n} pledges)" for c, b, n in doubled[:20])
        raise RuntimeError(
            f"Members with more than one pledge waiting for payment on one campaign ({len(doubled)}): {listed}. "
            "Let unfinished checkouts lapse (flask jobs run) or settle the transfers, then upgrade again.")
    op.create_index('uq_pledges_one_unpaid', 'pledges', ['campaign_id', 'backer_id'], unique=True,
                    postgresql_where=sa.text(UNPAID), sqlite_where=sa.text(UNPAID))


def downgrade():
    op.drop_index('uq_pledges_one_unpaid', table_name='pledges')
