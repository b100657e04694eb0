"""Text matching: one meaning (case-insensitive substring) on both databases, each served by its own index."""

from __future__ import annotations

from sqlalchemy import ColumnElement, any_, bindparam, exists, func, literal_column, or_, select, table, true
from sqlalchemy.orm import Session

from socialchallenge.models import Challenge, Solution, Tag, challenge_tags
from socialchallenge.models.search import CHALLENGE_TEXT, FTS_TABLES, SOLUTION_TEXT
from socialchallenge.search.filters import QUERY_MAX

# Trigram indexes (pg_trgm, FTS5 trigram) only serve terms of 3 characters or more; shorter terms, such as the
# two-syllable Korean word 주차, are matched by a LIKE scan instead, with the same meaning.
TRIGRAM = 3


def clean_query(q: str | None) -> str:
    """The search term as it is matched: trimmed, inner whitespace collapsed, control characters dropped."""
    if not q:
        return ""
    text = "".join(ch for ch in q if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:QUERY_MAX]


def like_pattern(term: str) -> str:
    """`%term%` with LIKE's wildcards escaped (escape character: backslash)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    # An FTS5 string in double quotes is one phrase; with the trigram tokenizer that means "contains".
    return '"' + term.replace('"', '""') + '"'


def _matches(session: Session | None, model, columns: tuple[str, ...], term: str) -> ColumnElement[bool]:
    session = session or _default_session()
    if session.get_bind().dialect.name == "sqlite" and len(term) >= TRIGRAM:
        fts = FTS_TABLES[model.__tablename__]
        rowids = select(table(fts, literal_column("rowid")).c.rowid).where(
            literal_column(fts).op("MATCH")(bindparam(None, _fts_phrase(term)))
        )
        return model.id.in_(rowids)
    # PostgreSQL: ILIKE, which the GIN trigram indexes serve from 3 characters on. SQLite, short terms: LIKE.
    pattern = like_pattern(term)
    return or_(*(getattr(model, c).ilike(pattern, escape="\\") for c in columns))


def challenge_matches(session: Session | None, q: str | None) -> ColumnElement[bool]:
    """Where a challenge's text (title, problem, who is affected, area) or a topic contains the term."""
    term = clean_query(q)
    if not term:
        return true()
    tagged = exists().where(challenge_tags.c.challenge_id == Challenge.id, challenge_tags.c.tag_id == Tag.id,
                            Tag.name.like(like_pattern(term.lower()), escape="\\"))
    if (session or _default_session()).get_bind().dialect.name == "postgresql":
        # `id = ANY(ARRAY(...))` keeps the OR indexable (a BitmapOr with the trigram indexes and the primary key);
        # an EXISTS arm made it a sequential scan of every long text (issue 8 bench: 2 s -> 76 ms at 100k rows).
        tag_ids = select(challenge_tags.c.challenge_id).join(Tag, Tag.id == challenge_tags.c.tag_id).where(
            Tag.name.like(like_pattern(term.lower()), escape="\\"))
        tagged = Challenge.id == any_(func.array(tag_ids.scalar_subquery()))
    return or_(_matches(session, Challenge, CHALLENGE_TEXT, term), tagged)


def _default_session() -> Session:
    from socialchallenge.extensions import db

    return db.session


def solution_matches(session: Session, q: str | None) -> ColumnElement[bool]:
    """Where a solution's idea text or its learnings contain the term."""
    term = clean_query(q)
    if not term:
        return true()
    return _matches(session, Solution, SOLUTION_TEXT, term)
