"""challenges, solutions, teams, history, updates, evaluations and campaign reviews

Revision ID: 0002_pipeline
Revises: 0001_accounts
Create Date: 2026-11-22 04:28:58.151930

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_pipeline'
down_revision = '0001_accounts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_tags_name'))
    )
    op.create_table('challenges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('affected', sa.Text(), nullable=False),
    sa.Column('area', sa.String(length=120), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='challenge_status', native_enum=False, length=10), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('hidden_reason', sa.String(length=500), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('min_solutions', sa.Integer(), nullable=False),
    sa.Column('solution_deadline', sa.DateTime(), nullable=True),
    sa.Column('adopted_solution_id', sa.Integer(), nullable=True),
    sa.Column('supports_count', sa.Integer(), nullable=False),
    sa.Column('solutions_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('min_solutions BETWEEN 1 AND 20', name=op.f('ck_challenges_min_solutions_range')),
    sa.CheckConstraint('solutions_count >= 0', name=op.f('ck_challenges_solutions_count_positive')),
    sa.CheckConstraint('supports_count >= 0', name=op.f('ck_challenges_supports_count_positive')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_challenges_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_challenges_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenges'))
    )
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenges_area'), ['area'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenges_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenges_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenges_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenges_solution_deadline'), ['solution_deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenges_status'), ['status'], unique=False)

    op.create_table('challenge_sdgs',
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('sdg', sa.Integer(), nullable=False),
    sa.CheckConstraint('sdg BETWEEN 1 AND 17', name=op.f('ck_challenge_sdgs_sdg_range')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_sdgs_challenge_id_challenges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('challenge_id', 'sdg', name=op.f('pk_challenge_sdgs'))
    )
    with op.batch_alter_table('challenge_sdgs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_sdgs_sdg'), ['sdg'], unique=False)

    op.create_table('challenge_tags',
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_tags_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_challenge_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('challenge_id', 'tag_id', name=op.f('pk_challenge_tags'))
    )
    with op.batch_alter_table('challenge_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('solutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('idea', 'proposal', 'crowdfunding', 'experiment', 'learnings', name='solution_stage', native_enum=False, length=20), nullable=False),
    sa.Column('selected', sa.Boolean(), nullable=False),
    sa.Column('selected_at', sa.DateTime(), nullable=True),
    sa.Column('adopted', sa.Boolean(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('experiment_plan', sa.Text(), nullable=False),
    sa.Column('experiment_goal', sa.Text(), nullable=False),
    sa.Column('already_tested', sa.Text(), nullable=False),
    sa.Column('team_description', sa.Text(), nullable=False),
    sa.Column('resources', sa.Text(), nullable=False),
    sa.Column('schedule_start', sa.Date(), nullable=True),
    sa.Column('schedule_end', sa.Date(), nullable=True),
    sa.Column('learning_goals', sa.Text(), nullable=False),
    sa.Column('other_funding', sa.Text(), nullable=False),
    sa.Column('campaign_days', sa.Integer(), nullable=True),
    sa.Column('funding_model', sa.Enum('all_or_nothing', 'keep_it_all', name='funding_model', native_enum=False, length=20), nullable=True),
    sa.Column('experiment_method', sa.Text(), nullable=False),
    sa.Column('goal_achievement', sa.Enum('not_met', 'partly_met', 'met', 'exceeded', name='goal_achievement', native_enum=False, length=20), nullable=True),
    sa.Column('lessons', sa.Text(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('advice', sa.Text(), nullable=False),
    sa.Column('wrap_up', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('stage_entered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('campaign_days BETWEEN 1 AND 60', name=op.f('ck_solutions_campaign_days_range')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_solutions_challenge_id_challenges')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solutions'))
    )
    with op.batch_alter_table('solutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solutions_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_solutions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_solutions_stage'), ['stage'], unique=False)

    # challenges and solutions point at each other: the adopted solution's key can only follow the solutions table.
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f('fk_challenges_adopted_solution_id_solutions'), 'solutions', ['adopted_solution_id'], ['id']
        )

    op.create_table('budget_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_budget_lines_amount_positive')),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_budget_lines_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_lines'))
    )
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_lines_solution_id'), ['solution_id'], unique=False)

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('review', 'live', 'succeeded', 'failed', 'cancelled', name='campaign_status', native_enum=False, length=20), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('review_message', sa.Text(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('launched_at', sa.DateTime(), nullable=True),
    sa.Column('deadline', sa.DateTime(), nullable=True),
    sa.Column('goal', sa.Integer(), nullable=False),
    sa.Column('optimum', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('funding_model', sa.Enum('all_or_nothing', 'keep_it_all', name='funding_model', native_enum=False, length=20), nullable=False),
    sa.Column('campaign_days', sa.Integer(), nullable=False),
    sa.CheckConstraint('campaign_days BETWEEN 1 AND 60', name=op.f('ck_campaigns_campaign_days_range')),
    sa.CheckConstraint('goal >= 0', name=op.f('ck_campaigns_goal_positive')),
    sa.CheckConstraint('optimum >= goal', name=op.f('ck_campaigns_optimum_at_least_goal')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_campaigns_requested_by_id_users')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_campaigns_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_campaigns_solution_id_solutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaigns_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaigns_solution_id'), ['solution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaigns_status'), ['status'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('evaluator_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_evaluations_score_range')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_evaluations_challenge_id_challenges')),
    sa.ForeignKeyConstraint(['evaluator_id'], ['users.id'], name=op.f('fk_evaluations_evaluator_id_users')),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_evaluations_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
    sa.UniqueConstraint('solution_id', 'evaluator_id', name=op.f('uq_evaluations_solution_id_evaluator_id'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('progress_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_progress_updates_author_id_users')),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_progress_updates_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_updates'))
    )
    with op.batch_alter_table('progress_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_updates_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_updates_solution_id'), ['solution_id'], unique=False)

    op.create_table('solution_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('created', 'transition', 'selection', 'deselection', 'adoption', 'review_requested', 'review_decision', 'evaluation', 'team_joined', 'team_left', name='solution_event_kind', native_enum=False, length=20), nullable=False),
    sa.Column('from_stage', sa.Enum('idea', 'proposal', 'crowdfunding', 'experiment', 'learnings', name='solution_stage', native_enum=False, length=20), nullable=True),
    sa.Column('to_stage', sa.Enum('idea', 'proposal', 'crowdfunding', 'experiment', 'learnings', name='solution_stage', native_enum=False, length=20), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_solution_events_actor_id_users')),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_solution_events_solution_id_solutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solution_events'))
    )
    with op.batch_alter_table('solution_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solution_events_solution_id'), ['solution_id'], unique=False)

    op.create_table('team_members',
    sa.Column('solution_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'member', name='team_role', native_enum=False, length=10), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_team_members_solution_id_solutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_team_members_user_id_users')),
    sa.PrimaryKeyConstraint('solution_id', 'user_id', name=op.f('pk_team_members'))
    )
    with op.batch_alter_table('team_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_members_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('team_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_members_user_id'))

    op.drop_table('team_members')
    with op.batch_alter_table('solution_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solution_events_solution_id'))

    op.drop_table('solution_events')
    with op.batch_alter_table('progress_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_updates_solution_id'))
        batch_op.drop_index(batch_op.f('ix_progress_updates_created_at'))

    op.drop_table('progress_updates')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_challenge_id'))

    op.drop_table('evaluations')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaigns_status'))
        batch_op.drop_index(batch_op.f('ix_campaigns_solution_id'))
        batch_op.drop_index(batch_op.f('ix_campaigns_deadline'))

    op.drop_table('campaigns')
    with op.batch_alter_table('budget_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_lines_solution_id'))

    op.drop_table('budget_lines')
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_challenges_adopted_solution_id_solutions'), type_='foreignkey')

    with op.batch_alter_table('solutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solutions_stage'))
        batch_op.drop_index(batch_op.f('ix_solutions_created_at'))
        batch_op.drop_index(batch_op.f('ix_solutions_challenge_id'))

    op.drop_table('solutions')
    with op.batch_alter_table('challenge_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_tags_tag_id'))

    op.drop_table('challenge_tags')
    with op.batch_alter_table('challenge_sdgs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_sdgs_sdg'))

    op.drop_table('challenge_sdgs')
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenges_status'))
        batch_op.drop_index(batch_op.f('ix_challenges_solution_deadline'))
        batch_op.drop_index(batch_op.f('ix_challenges_owner_id'))
        batch_op.drop_index(batch_op.f('ix_challenges_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_challenges_created_at'))
        batch_op.drop_index(batch_op.f('ix_challenges_area'))

    op.drop_table('challenges')
    op.drop_table('tags')
