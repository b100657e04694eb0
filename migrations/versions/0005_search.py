"""search indexes: trigram on PostgreSQL, FTS5 trigram on SQLite

Revision ID: 0005_search
Revises: 0004_funding
Create Date: 2026-11-22 06:00:00

Search (SPEC §5) matches any part of a word, which Korean needs ("주차" finds "주차장").
PostgreSQL: the pg_trgm extension and a GIN trigram index per searched column, so
`ILIKE '%term%'` uses an index. SQLite: FTS5 tables with the trigram tokenizer over the same
columns, kept in step with `challenges` and `solutions` by triggers.

Careful: a later batch migration that recreates `challenges` or `solutions` on SQLite drops
these triggers; such a migration must run this revision's `_sqlite_fts()` again.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005_search'
down_revision = '0004_funding'
branch_labels = None
depends_on = None

# Copied from socialchallenge/models/search.py as they were at this revision.
TEXT_COLUMNS = {
    "challenges": ("title", "problem", "affected", "area"),
    "solutions": ("title", "summary", "description", "lessons", "results", "advice", "wrap_up", "next_steps"),
}


def _sqlite_fts():
    for table, columns in TEXT_COLUMNS.items():
        fts = f"{table}_fts"
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
                   f"tokenize='trigram')")
        op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
                   f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END")
        op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
                   f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END")
        op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
                   f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
                   f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END")
        # Index the rows that exist already.
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, columns in TEXT_COLUMNS.items():
            for column in columns:
                op.create_index(f"ix_{table}_{column}_trgm", table, [column], postgresql_using="gin",
                                postgresql_ops={column: "gin_trgm_ops"})
    elif dialect == "sqlite":
        _sqlite_fts()


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table, columns in TEXT_COLUMNS.items():
            for column in columns:
                op.drop_index(f"ix_{table}_{column}_trgm", table_name=table)
    elif dialect == "sqlite":
        for table in TEXT_COLUMNS:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
