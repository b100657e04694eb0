"""title bigrams: a GIN index over the bigrams of each challenge's and solution's title (PostgreSQL)

Revision ID: 0029_title_grams
Revises: 0028_one_unpaid_pledge
Create Date: 2026-12-06 03:20:00

Search ranks an item whose title holds a word of the query above one where only the body does. For a word in
nearly every row whose titles rarely hold it (주민), finding the few title hits meant scoring every hit: 1.4 s.
`sc_title_grams(title)` is the set of bigrams of the title as relevance compares it (lower case, spaces removed);
a GIN index over it finds the titles holding a word, so those few are read first and the rest in date order.
SQLite has no GIN indexes and does without.

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0029_title_grams'
down_revision = '0028_one_unpaid_pledge'
branch_labels = None
depends_on = None

# search/text.py's relevance compares words with lower(replace(title, ' ', '')); these are that text's bigrams.
FUNCTION = """
CREATE OR REPLACE FUNCTION sc_title_grams(title text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(folded, i, 2)), '{}')
  FROM (SELECT lower(replace(title, ' ', '')) AS folded) AS t, generate_series(1, length(folded) - 1) AS i
$$
"""


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for table in ("challenges", "solutions"):
        op.execute(f"CREATE INDEX ix_{table}_title_grams ON {table} USING gin (sc_title_grams(title))")
        op.execute(f"ANALYZE {table}")  # the planner's statistics of the new expression, so that it uses the index


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("challenges", "solutions"):
        op.execute(f"DROP INDEX ix_{table}_title_grams")
    op.execute("DROP FUNCTION sc_title_grams(text)")
