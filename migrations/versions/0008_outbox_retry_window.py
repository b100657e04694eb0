"""outbox retry window: when a mail started failing and when it was given up

Revision ID: 0008_outbox_retry_window
Revises: 0007_challenge_list_index
Create Date: 2026-11-24 09:00:00

A mail server that cannot be reached is retried for MAIL_RETRY_DAYS after the first failed try (issue 12 item 6),
so the row keeps when its failures began (failing_since). failed_at dates the mails given up, which the
secretariat lists newest first; rows given up before this revision get their last planned try as that date.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_outbox_retry_window'
down_revision = '0007_challenge_list_index'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failing_since', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_mails_failed_at'), ['failed_at'], unique=False)
    op.execute("UPDATE outbox_mails SET failed_at = next_attempt_at WHERE failed AND failed_at IS NULL")


def downgrade():
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_mails_failed_at'))
        batch_op.drop_column('failed_at')
        batch_op.drop_column('failing_since')
