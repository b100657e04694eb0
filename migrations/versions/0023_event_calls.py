"""events: an event may be scheduled for a call (call_id)

Revision ID: 0023_event_calls
Revises: 0022_event_changes
Create Date: 2026-12-03 22:25:00

Issue 16 item 3 says an event is "for a challenge, a call or a topic": `events.call_id` (nullable; SET NULL if the
call goes), indexed for the call page's list of its events. Existing events belong to no call.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_event_calls'
down_revision = '0022_event_changes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('call_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_call_id'), ['call_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_call_id_calls'), 'calls', ['call_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_call_id_calls'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_call_id'))
        batch_op.drop_column('call_id')
