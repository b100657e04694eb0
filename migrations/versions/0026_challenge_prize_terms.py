"""challenges: prize and mentoring terms of a single challenge outside any call; a prize award may have no call

Revision ID: 0026_challenge_prize_terms
Revises: 0025_pool_reports
Create Date: 2026-12-04 09:05:00

Issue 15 item 2: prize money and mentoring terms "on a call (or on a single challenge)". The secretariat sets
`prize_per_winner`, `prize_winners` (at most 3) and `mentoring_months` on a challenge in no call; existing challenges
get none (0). `prize_awards.call_id` becomes nullable: an award under a challenge's own terms belongs to no call.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026_challenge_prize_terms'
down_revision = '0025_pool_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prize_per_winner', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('prize_winners', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('mentoring_months', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_challenges_prize_terms_range'),
                                         'prize_per_winner >= 0 AND prize_winners BETWEEN 0 '
                                         'AND 3 AND mentoring_months BETWEEN 0 AND 24')
    with op.batch_alter_table('prize_awards', schema=None) as batch_op:
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # Fails while an award under a challenge's own terms exists: its ledger entry must not lose its award.
    with op.batch_alter_table('prize_awards', schema=None) as batch_op:
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_challenges_prize_terms_range'), type_='check')
        batch_op.drop_column('mentoring_months')
        batch_op.drop_column('prize_winners')
        batch_op.drop_column('prize_per_winner')
