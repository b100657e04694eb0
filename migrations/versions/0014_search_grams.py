"""search text and bigrams: every word anywhere, spacing ignored, two-syllable words served by an index

Revision ID: 0014_search_grams
Revises: 0013_organisation_name_key
Create Date: 2026-12-03 15:45:00

Challenges and solutions get `search_text` (their searched fields folded: NFKC, lower case, no spaces, the
title first, each field ending with U+001F) and `search_grams` (every two-character piece of it), written by
the app at every save (models/search.py) and built here for existing rows.
PostgreSQL: a GIN index over `search_grams` serves two-character words (주차), which trigram indexes cannot,
and one GIN trigram index over `search_text` serves longer words; the twelve per-column trigram indexes of
0005_search are dropped (search no longer reads those columns). SQLite: search scans `search_text`, so the
FTS5 tables and triggers of 0005_search are dropped.

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
import unicodedata


# revision identifiers, used by Alembic.
revision = '0014_search_grams'
down_revision = '0013_organisation_name_key'
branch_labels = None
depends_on = None

# Copied from socialchallenge/models/search.py and models/textindex.py as they are at this revision.
TEXT_COLUMNS = {
    "challenges": ("title", "problem", "affected", "area"),
    "solutions": ("title", "summary", "description", "lessons", "results", "advice", "wrap_up", "next_steps"),
}
SEPARATOR = "\x1f"
BATCH = 2000


def _fold(text):
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def _bigrams(text):
    grams = set()
    for part in text.split(SEPARATOR):
        grams.update(part[i:i + 2] for i in range(len(part) - 1))
    return sorted(grams)


def _backfill(conn, table, columns, postgres):
    tags = {}
    if table == "challenges":
        for challenge_id, name in conn.execute(sa.text(
                "SELECT ct.challenge_id, t.name FROM challenge_tags ct JOIN tags t ON t.id = ct.tag_id "
                "ORDER BY ct.challenge_id, t.name")):
            tags.setdefault(challenge_id, []).append(name)
    update = sa.text(f"UPDATE {table} SET search_text = :text, search_grams = :grams WHERE id = :id")
    if postgres:
        update = update.bindparams(sa.bindparam("grams", type_=postgresql.ARRAY(sa.Text)))
    last = 0
    while True:
        rows = conn.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table} WHERE id > :last "
                                    f"ORDER BY id LIMIT {BATCH}"), {"last": last}).all()
        if not rows:
            return
        values = []
        for row in rows:
            text = "".join(_fold(part) + SEPARATOR for part in (*row[1:], *tags.get(row[0], ())))
            grams = _bigrams(text)
            values.append({"id": row[0], "text": text, "grams": grams if postgres else " ".join(grams)})
        conn.execute(update, values)
        last = rows[-1][0]


def _sqlite_fts():
    # 0005_search's FTS5 tables and triggers, for a downgrade.
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
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def upgrade():
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    grams_type = postgresql.ARRAY(sa.Text) if postgres else sa.Text()
    for table, columns in TEXT_COLUMNS.items():
        # Plain ADD COLUMN (no batch): on SQLite a batch would recreate the table.
        op.add_column(table, sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        op.add_column(table, sa.Column("search_grams", grams_type, nullable=False,
                                       server_default=sa.text("'{}'") if postgres else ""))
        _backfill(conn, table, columns, postgres)
        if postgres:
            for column in columns:
                op.drop_index(f"ix_{table}_{column}_trgm", table_name=table)
            op.create_index(f"ix_{table}_search_grams", table, ["search_grams"], postgresql_using="gin")
            op.create_index(f"ix_{table}_search_text_trgm", table, ["search_text"], postgresql_using="gin",
                            postgresql_ops={"search_text": "gin_trgm_ops"})
        else:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, columns in TEXT_COLUMNS.items():
        if postgres:
            op.drop_index(f"ix_{table}_search_text_trgm", table_name=table)
            op.drop_index(f"ix_{table}_search_grams", table_name=table)
            for column in columns:
                op.create_index(f"ix_{table}_{column}_trgm", table, [column], postgresql_using="gin",
                                postgresql_ops={column: "gin_trgm_ops"})
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("search_grams")
            batch_op.drop_column("search_text")
    if not postgres:
        _sqlite_fts()
