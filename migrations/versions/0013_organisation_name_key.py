"""organisations.name_key: the name as look-alikes share it, unique

Revision ID: 0013_organisation_name_key
Revises: 0012_one_open_campaign
Create Date: 2026-12-03 15:45:00

Issue 12 item 17: organisation names are compared after NFKC, without invisible characters, with whitespace
folded and case-folded, so "Ｍａｎｇｗｏｎ Ｙｏｕｔｈ" or "Mangwon Youth" padded with zero-width spaces cannot pose as
"Mangwon Youth". The key is filled for existing rows; when old rows already collide, the later ones get their id
appended, so the unique constraint can be built and nothing is renamed.

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_organisation_name_key'
down_revision = '0012_one_open_campaign'
branch_labels = None
depends_on = None

# As socialchallenge.core.text.comparison_key was when this revision was written (a migration keeps its own copy).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u3164\u115f\u1160\uffa0\u180e\u00ad"


def comparison_key(name):
    folded = unicodedata.normalize("NFKC", name).translate({ord(c): None for c in INVISIBLE})
    return " ".join(folded.split()).casefold()


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.Text(), nullable=True))
    organisations = sa.table('organisations', sa.column('id', sa.Integer), sa.column('name', sa.String),
                             sa.column('name_key', sa.Text))
    connection = op.get_bind()
    seen = set()
    for org_id, name in connection.execute(sa.select(organisations.c.id, organisations.c.name)
                                           .order_by(organisations.c.id)).all():
        key = comparison_key(name)
        if key in seen:
            key = f"{key} #{org_id}"
        seen.add(key)
        connection.execute(organisations.update().where(organisations.c.id == org_id).values(name_key=key))
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.alter_column('name_key', existing_type=sa.Text(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_organisations_name_key'), ['name_key'])


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisations_name_key'), type_='unique')
        batch_op.drop_column('name_key')
