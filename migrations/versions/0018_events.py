"""events: events and roundtables with registrations and a waiting list; attachments may belong to an event

Revision ID: 0018_events
Revises: 0017_outcomes_supports
Create Date: 2026-12-03 19:00:00

Issue 16 item 3: an `events` table (what, when, a district and address or an online link, an optional map point,
a capacity, the minutes afterwards) and `event_registrations` (one per member and event, a seat or a place on the
waiting list, when a seat came free, when the day-before reminder was queued). Attachments gain `event_id`, so an
event's photos and documents use the same checked uploads; the one-target check counts it.

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_events'
down_revision = '0017_outcomes_supports'
branch_labels = None
depends_on = None

ONE_TARGET_OLD = ("(CASE WHEN challenge_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN solution_id IS NULL THEN 0 ELSE 1 "
                  "END) + (CASE WHEN update_id IS NULL THEN 0 ELSE 1 END) = 1")
ONE_TARGET = ("(CASE WHEN challenge_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN solution_id IS NULL THEN 0 ELSE 1 END)"
              " + (CASE WHEN update_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
              " = 1")


def upgrade():
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=120), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('solution_id', sa.Integer(), nullable=True),
    sa.Column('district_code', sa.String(length=20), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('minutes_posted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_events_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_events_ends_after_start')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_events_challenge_id_challenges'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_code'], ['districts.code'], name=op.f('fk_events_district_code_districts'),
                            onupdate='CASCADE', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                            name=op.f('fk_events_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['organiser_id'], ['users.id'], name=op.f('fk_events_organiser_id_users')),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_events_solution_id_solutions'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_starts_at', ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_district_code'), ['district_code'], unique=False)

    op.create_table('event_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('registered', 'waitlisted', name='registration_status', native_enum=False,
                                length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('promoted_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_registrations_event_id_events'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_registrations_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_registrations_event_user')
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index('ix_event_registrations_event_status', ['event_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_attachments_event_id_events'), 'events', ['event_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_attachments_event_id'), ['event_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('ck_attachments_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', sa.text(ONE_TARGET))


def downgrade():
    op.execute("DELETE FROM attachments WHERE event_id IS NOT NULL")
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_attachments_one_target'), type_='check')
        batch_op.create_check_constraint('one_target', sa.text(ONE_TARGET_OLD))
        batch_op.drop_index(batch_op.f('ix_attachments_event_id'))
        batch_op.drop_constraint(batch_op.f('fk_attachments_event_id_events'), type_='foreignkey')
        batch_op.drop_column('event_id')
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_registrations_user_id'))
        batch_op.drop_index('ix_event_registrations_event_status')
    op.drop_table('event_registrations')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_district_code'))
        batch_op.drop_index(batch_op.f('ix_events_challenge_id'))
        batch_op.drop_index('ix_events_starts_at')
    op.drop_table('events')
