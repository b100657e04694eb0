"""Search indexes: trigram GIN indexes on PostgreSQL; SQLite's FTS5 tables live in migration 0005_search only."""

from __future__ import annotations

from sqlalchemy import Index

from socialchallenge.models.challenges import Challenge
from socialchallenge.models.solutions import Solution

# The text each kind of item is searched in. Migration 0005_search copies these lists for the SQLite FTS5
# tables (a migration is a frozen snapshot); change both together.
CHALLENGE_TEXT = ("title", "problem", "affected", "area")
SOLUTION_TEXT = ("title", "summary", "description", "lessons", "results", "advice", "wrap_up", "next_steps")
FTS_TABLES = {"challenges": "challenges_fts", "solutions": "solutions_fts"}


def _trigram(table, column: str) -> Index:
    # `ILIKE '%term%'` on PostgreSQL is served by a GIN index with gin_trgm_ops (queries of 3+ characters).
    # ddl_if: SQLite has no such index; there FTS5 trigram tables do the same job.
    return Index(
        f"ix_{table.name}_{column}_trgm", table.c[column],
        postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql")


TRIGRAM_INDEXES = tuple(_trigram(Challenge.__table__, c) for c in CHALLENGE_TEXT) + tuple(
    _trigram(Solution.__table__, c) for c in SOLUTION_TEXT
)


def include_object_for(dialect: str):
    """An Alembic `include_object` filter: leave out SQLite's FTS5 tables and indexes meant for another database."""

    def include_object(obj, name, type_, reflected, compare_to) -> bool:
        if type_ == "table" and name and any(name == t or name.startswith(t + "_") for t in FTS_TABLES.values()):
            return False
        if type_ == "index" and not reflected:
            only = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
            if only and dialect not in ((only,) if isinstance(only, str) else only):
                return False
        return True

    return include_object
