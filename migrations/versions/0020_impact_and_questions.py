"""impact indicators with measured values, a challenge's own questions with the answers, rubric interconnectedness

Revision ID: 0020_impact_and_questions
Revises: 0019_calls
Create Date: 2026-12-03 18:35:33

Issue 16 items 4 and 5: `indicators` (1 to 5 per solution, declared at proposal) and `indicator_values` (measured
during the experiment, with optional evidence: a file of the solution or a link); `challenge_questions` (at most 10
per challenge, public or private, asked at a stage) and `solution_answers`. The rubric gains Sharing Seoul's fifth
value, interconnectedness, nullable: scores given before it existed have none.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_impact_and_questions'
down_revision = '0019_calls'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('challenge_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('prompt', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('short_text', 'long_text', 'choice', name='question_kind', native_enum=False, length=20), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('stage', sa.Enum('idea', 'proposal', 'crowdfunding', 'experiment', 'learnings', name='solution_stage', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_questions_challenge_id_challenges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_questions'))
    )
    with op.batch_alter_table('challenge_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_questions_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.Enum('resources_shared', 'participants', 'activity_results', 'connection', 'other', name='indicator_kind', native_enum=False, length=20), nullable=False),
    sa.Column('baseline', sa.Integer(), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_indicators_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_solution_id'), ['solution_id'], unique=False)

    op.create_table('solution_answers',
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['challenge_questions.id'], name=op.f('fk_solution_answers_question_id_challenge_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_solution_answers_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('solution_id', 'question_id', name=op.f('pk_solution_answers'))
    )
    with op.batch_alter_table('solution_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_answers_question_id'), ['question_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_indicator_values_author_id_users')),
    sa.ForeignKeyConstraint(['evidence_id'], ['attachments.id'], name=op.f('fk_indicator_values_evidence_id_attachments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values'))
    )
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_values_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_values_measured_on'), ['measured_on'], unique=False)

    with op.batch_alter_table('rubric_scores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interconnectedness', sa.Integer(), nullable=True))



def downgrade():
    with op.batch_alter_table('rubric_scores', schema=None) as batch_op:
        batch_op.drop_column('interconnectedness')

    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_values_measured_on'))
        batch_op.drop_index(batch_op.f('ix_indicator_values_indicator_id'))

    op.drop_table('indicator_values')
    with op.batch_alter_table('solution_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solution_answers_question_id'))

    op.drop_table('solution_answers')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_solution_id'))

    op.drop_table('indicators')
    with op.batch_alter_table('challenge_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_questions_challenge_id'))

    op.drop_table('challenge_questions')
