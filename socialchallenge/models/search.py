"""Search's stored text: kept in step with challenges and solutions at every flush, and its indexes.

Each row carries `search_text` (its searched fields folded: no spaces, lower case) and `search_grams` (the
bigrams of that text). On PostgreSQL a GIN index over the bigrams serves two-character words (주차), which
trigram indexes cannot, and a GIN trigram index over the text serves longer words; a GIN index over the title's
bigrams finds the titles that hold a word (relevance ranks them first). SQLite scans."""

from __future__ import annotations

from sqlalchemy import Index, event, func, inspect
from sqlalchemy.orm import Session

from socialchallenge.models.challenges import Challenge
from socialchallenge.models.solutions import Solution
from socialchallenge.models.textindex import bigrams, search_text_of

# The text each kind of item is searched in, title first. Migration 0014_search_grams copies these lists to
# build the stored text of existing rows (a migration is a frozen snapshot); change both together.
CHALLENGE_TEXT = ("title", "problem", "affected", "area")
SOLUTION_TEXT = ("title", "summary", "description", "lessons", "results", "advice", "wrap_up", "next_steps")
FTS_TABLES = {"challenges": "challenges_fts", "solutions": "solutions_fts"}  # SQLite, until 0014 dropped them


def _indexes(table) -> tuple[Index, ...]:
    # ddl_if: PostgreSQL only; SQLite has neither GIN nor pg_trgm.
    return (
        Index(f"ix_{table.name}_search_grams", table.c.search_grams,
              postgresql_using="gin").ddl_if(dialect="postgresql"),
        Index(f"ix_{table.name}_search_text_trgm", table.c.search_text, postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
        # The title's bigrams as relevance compares it (sc_title_grams: migration 0029): which titles hold a word.
        Index(f"ix_{table.name}_title_grams", func.sc_title_grams(table.c.title),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
    )


SEARCH_INDEXES = _indexes(Challenge.__table__) + _indexes(Solution.__table__)


def _watched(model) -> tuple[str, ...]:
    return (*CHALLENGE_TEXT, "tags") if model is Challenge else SOLUTION_TEXT


def refresh_search_text(item: Challenge | Solution) -> None:
    """Rewrite an item's stored search text and bigrams from its fields (a challenge's topics included)."""
    if isinstance(item, Challenge):
        text = search_text_of(item.title, [*(getattr(item, c) for c in CHALLENGE_TEXT[1:]),
                                           *(tag.name for tag in item.tags)])
    else:
        text = search_text_of(item.title, [getattr(item, c) for c in SOLUTION_TEXT[1:]])
    item.search_text = text
    item.search_grams = bigrams(text)


@event.listens_for(Session, "before_flush")
def _index_changed_text(session: Session, flush_context, instances) -> None:
    # Only rows whose searched fields changed: a support or a stage change must not rewrite the index.
    for item in list(session.new) + list(session.dirty):
        if not isinstance(item, (Challenge, Solution)):
            continue
        state = inspect(item)
        if state.pending or any(state.attrs[name].history.has_changes() for name in _watched(type(item))):
            refresh_search_text(item)


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
