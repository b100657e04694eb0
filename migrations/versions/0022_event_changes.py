"""events: cancellation (when, and a note saying why) and a sequence number that goes up with every change

Revision ID: 0022_event_changes
Revises: 0021_campaign_contributions
Create Date: 2026-12-03 21:50:00

Issue 16 item 3, organisers edit and cancel an event: `cancelled_at` and `cancellation_note` (a cancelled event is
kept and shown as cancelled), and `sequence` (iCalendar's SEQUENCE, so a calendar that imported the event takes
the new time, place or cancellation). Existing rows: not cancelled, sequence 0.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_event_changes'
down_revision = '0021_campaign_contributions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancellation_note', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('sequence')
        batch_op.drop_column('cancellation_note')
        batch_op.drop_column('cancelled_at')
