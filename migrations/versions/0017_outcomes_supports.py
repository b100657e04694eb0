"""solutions: outcome, outcome_reason, outcome_at, carried_from_id, supports_count; solution_supports; saved_answers

Revision ID: 0017_outcomes_supports
Revises: 0016_match_areas
Create Date: 2026-12-03 18:50:00

Issue 15 items 4 and 5: every unpicked solution gets a public outcome with the owner's reason when its challenge
closes; a team may carry one to another challenge (carried_from_id links the copy to its original); members
support solutions as they support challenges (one per member, a counter on the solution); owners keep reusable
answers. Existing solutions start with no outcome and no supports.

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_outcomes_supports'
down_revision = '0016_match_areas'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('solutions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.Enum('not_selected', 'archived', name='solution_outcome',
                                                         native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column('outcome_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('outcome_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('carried_from_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('supports_count', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_solutions_carried_from_id'), ['carried_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_solutions_carried_from_id_solutions'), 'solutions',
                                    ['carried_from_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_solutions_supports_count_positive'), 'supports_count >= 0')
    op.create_table(
        'solution_supports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('solution_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('story', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'],
                                name=op.f('fk_solution_supports_solution_id_solutions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_solution_supports_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_solution_supports')),
        sa.UniqueConstraint('solution_id', 'user_id', name=op.f('uq_solution_supports_solution_id_user_id')),
    )
    with op.batch_alter_table('solution_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_supports_solution_id'), ['solution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_solution_supports_user_id'), ['user_id'], unique=False)
    op.create_table(
        'saved_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_saved_answers_owner_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_answers')),
    )
    with op.batch_alter_table('saved_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_answers_owner_id'), ['owner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_answers_owner_id'))
    op.drop_table('saved_answers')
    with op.batch_alter_table('solution_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solution_supports_user_id'))
        batch_op.drop_index(batch_op.f('ix_solution_supports_solution_id'))
    op.drop_table('solution_supports')
    with op.batch_alter_table('solutions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_solutions_supports_count_positive'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_solutions_carried_from_id_solutions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_solutions_carried_from_id'))
        batch_op.drop_column('supports_count')
        batch_op.drop_column('carried_from_id')
        batch_op.drop_column('outcome_at')
        batch_op.drop_column('outcome_reason')
        batch_op.drop_column('outcome')
