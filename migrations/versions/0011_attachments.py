"""attachments: images and PDF documents of challenges, solutions and progress updates; cover images

Revision ID: 0011_attachments
Revises: 0010_team_invitations
Create Date: 2026-12-03 12:30:00

A new `attachments` table (issue 14 item 4): each row is one checked, re-encoded upload with the content-addressed
names of its stored versions, its alt text and sizes, belonging to exactly one challenge, solution or progress
update. Challenges and solutions get `cover_id`, the image shown on their page and cards.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_attachments'
down_revision = '0010_team_invitations'
branch_labels = None
depends_on = None

ONE_TARGET = ("(CASE WHEN challenge_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN solution_id IS NULL THEN 0 ELSE 1 END)"
              " + (CASE WHEN update_id IS NULL THEN 0 ELSE 1 END) = 1")


def upgrade():
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('image', 'document', name='attachment_kind', native_enum=False, length=10),
              nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('solution_id', sa.Integer(), nullable=True),
    sa.Column('update_id', sa.Integer(), nullable=True),
    sa.Column('uploader_id', sa.Integer(), nullable=False),
    sa.Column('alt_text', sa.String(length=300), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('thumb_key', sa.String(length=120), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint(ONE_TARGET, name=op.f('ck_attachments_one_target')),
    sa.CheckConstraint('size > 0', name=op.f('ck_attachments_size_positive')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_attachments_challenge_id_challenges'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['solution_id'], ['solutions.id'], name=op.f('fk_attachments_solution_id_solutions'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['update_id'], ['progress_updates.id'],
                            name=op.f('fk_attachments_update_id_progress_updates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploader_id'], ['users.id'], name=op.f('fk_attachments_uploader_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        for column in ('challenge_id', 'solution_id', 'update_id', 'key', 'thumb_key'):
            batch_op.create_index(batch_op.f(f'ix_attachments_{column}'), [column], unique=False)

    # Plain ADD COLUMN, not a batch rebuild: rebuilding `challenges` or `solutions` on SQLite would drop the FTS5
    # triggers of 0005_search. SQLite takes the foreign key inline; PostgreSQL adds it as a named constraint.
    for table in ('challenges', 'solutions'):
        name = f'fk_{table}_cover_id_attachments'
        if op.get_bind().dialect.name == 'sqlite':
            op.execute(f"ALTER TABLE {table} ADD COLUMN cover_id INTEGER "
                       f"CONSTRAINT {name} REFERENCES attachments (id)")
        else:
            op.add_column(table, sa.Column('cover_id', sa.Integer(), nullable=True))
            op.create_foreign_key(name, table, 'attachments', ['cover_id'], ['id'])


# 0005_search's FTS5 triggers, as they were at this revision (a batch rebuild on SQLite drops them).
TEXT_COLUMNS = {
    "challenges": ("title", "problem", "affected", "area"),
    "solutions": ("title", "summary", "description", "lessons", "results", "advice", "wrap_up", "next_steps"),
}


def _fts_triggers(table):
    fts, columns = f"{table}_fts", TEXT_COLUMNS[table]
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END")
    op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END")
    op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END")


def downgrade():
    for table in ('challenges', 'solutions'):
        if op.get_bind().dialect.name == 'sqlite':
            # SQLite cannot drop a column with a foreign key in place: rebuild the table, then its triggers.
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_column('cover_id')
            _fts_triggers(table)
        else:
            op.drop_constraint(f'fk_{table}_cover_id_attachments', table, type_='foreignkey')
            op.drop_column(table, 'cover_id')
    op.drop_table('attachments')
