"""statistics indexes: the columns the secretariat statistics read, served by index-only scans

Revision ID: 0024_stats_indexes
Revises: 0023_event_calls
Create Date: 2026-12-04 09:00:00

The secretariat statistics (issue 17 goal 5) group every challenge and solution and walk every transition.
Reading those few columns from narrow indexes instead of the wide rows (solutions carry all their stage texts)
took them from 5.0 s to 2.3 s at the benchmark's full scale (bench/README.md).

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0024_stats_indexes'
down_revision = '0023_event_calls'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.create_index('ix_challenges_stats', ['id', 'area', 'district_code', 'created_at', 'merged_into_id'],
                              unique=False)
    with op.batch_alter_table('solutions', schema=None) as batch_op:
        batch_op.create_index('ix_solutions_stats', ['id', 'challenge_id', 'stage', 'created_at'], unique=False)
    with op.batch_alter_table('solution_events', schema=None) as batch_op:
        batch_op.create_index('ix_solution_events_stats', ['solution_id', 'created_at', 'id', 'kind', 'to_stage'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('solution_events', schema=None) as batch_op:
        batch_op.drop_index('ix_solution_events_stats')
    with op.batch_alter_table('solutions', schema=None) as batch_op:
        batch_op.drop_index('ix_solutions_stats')
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_index('ix_challenges_stats')
