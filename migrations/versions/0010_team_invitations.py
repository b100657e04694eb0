"""team invitations and requests to join

Revision ID: 0010_team_invitations
Revises: 0008_outbox_retry_window
Create Date: 2026-12-03 12:17:03

Teams by consent (issue 12 item 8): an invitation, kept by email address, waits for the invitee to accept or
decline it; a member's request to join waits for the team's answer. Each expires or can be withdrawn. A partial
unique index keeps at most one open invitation per team and address, and one open request per team and member.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_team_invitations'
down_revision = '0008_outbox_retry_window'
branch_labels = None
depends_on = None

STATUS = sa.Enum('pending', 'accepted', 'declined', 'withdrawn', name='team_ask_status', native_enum=False, length=10)
PENDING = sa.text("status = 'pending'")


def upgrade():
    op.create_table('join_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', STATUS, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_join_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_join_requests_solution_id_solutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_join_requests_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_join_requests'))
    )
    with op.batch_alter_table('join_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_join_requests_solution_id'), ['solution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_join_requests_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_join_requests_pending', ['solution_id', 'user_id'], unique=True,
                              sqlite_where=PENDING, postgresql_where=PENDING)

    op.create_table('team_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('status', STATUS, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_team_invitations_decided_by_id_users')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_team_invitations_invited_by_id_users')),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_team_invitations_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_invitations'))
    )
    with op.batch_alter_table('team_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_invitations_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_invitations_solution_id'), ['solution_id'], unique=False)
        batch_op.create_index('uq_team_invitations_pending', ['solution_id', 'email'], unique=True,
                              sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade():
    op.drop_table('team_invitations')
    op.drop_table('join_requests')
