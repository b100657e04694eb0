"""Text matching: every word of the query, anywhere in an item's folded text, spacing ignored; and relevance.

The stored text (models/textindex.py) has no spaces, so 버스정류장 and 버스 정류장 are the same text. On
PostgreSQL a two-character word is looked up in the bigram GIN index and a longer one with `LIKE` served by the
trigram GIN index over the same text; SQLite scans the text with `LIKE` (fine at the size SQLite serves)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, bindparam, case, func, literal, or_, true
from sqlalchemy.orm import Session

from socialchallenge.extensions import db
from socialchallenge.models.textindex import Grams, bigrams, fold
from socialchallenge.search.filters import QUERY_MAX

BIGRAM = 2


def clean_query(q: str | None) -> str:
    """The search term as it is matched: trimmed, inner whitespace collapsed, control characters dropped."""
    if not q:
        return ""
    text = "".join(ch for ch in q if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:QUERY_MAX]


def query_words(q: str | None) -> list[str]:
    """The words that must all match, folded like the stored text, each once."""
    return list(dict.fromkeys(w for w in (fold(part) for part in clean_query(q).split()) if w))


def like_pattern(term: str) -> str:
    """`%term%` with LIKE's wildcards escaped (escape character: backslash)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _dialect(session: Session | None) -> str:
    if session is None:
        session = db.session
    return session.get_bind().dialect.name


def _contains(model, word: str, dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql" and len(word) == BIGRAM:
        # Exactly "contains the word": the bigrams are every two-character piece of each field.
        return model.search_grams.op("@>", is_comparison=True)(bindparam(None, [word], type_=Grams()))
    return model.search_text.like(like_pattern(word), escape="\\")


def text_matches(session: Session | None, model, q: str | None) -> ColumnElement[bool]:
    """Where every word of `q` occurs in the item's text (a challenge's topics included), in any order."""
    words = query_words(q)
    if not words:
        return true()
    dialect = _dialect(session)
    return and_(*(_contains(model, w, dialect) for w in words))


def titles_indexed(q: str | None) -> bool:
    """Whether the title-bigram index (PostgreSQL, migration 0029) can find the titles holding the words of `q`:
    there are words, and each has a bigram (a one-character word has none)."""
    words = query_words(q)
    return bool(words) and all(len(w) >= BIGRAM for w in words)


def title_may_hold_a_word(model, q: str | None) -> ColumnElement[bool]:
    """Where the title may hold a word of `q`, by the title-bigram index: true for every item that `relevance`
    scores above 0, and for few others. Only for a `q` that `titles_indexed` accepts."""
    grams = func.sc_title_grams(model.title)
    return or_(*(grams.op("@>", is_comparison=True)(bindparam(None, bigrams(w), type_=Grams()))
                 for w in query_words(q)))


def relevance(session: Session | None, model, q: str | None) -> ColumnElement[int]:
    """A score to sort matches by: 2 for each word in the title, 1 more when the title has the words together.

    It reads the short title column, not the long stored text, so scoring thousands of hits stays cheap."""
    words = query_words(q)
    if not words:
        return literal(0)
    position = func.strpos if _dialect(session) == "postgresql" else func.instr
    title = func.lower(func.replace(model.title, " ", ""))
    score = literal(0)
    for word in words:
        score = score + case((position(title, word) > 0, 2), else_=0)
    if len(words) > 1:
        score = score + case((position(title, "".join(words)) > 0, 1), else_=0)
    return score
