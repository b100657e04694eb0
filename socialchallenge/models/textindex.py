"""How searchable text is stored: folded (no spaces, lower case, NFKC) and cut into bigrams for an index."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import TypeDecorator

# Between the folded fields of one row, so that a word never matches across two fields. Queries cannot contain
# it: str.split() treats U+001F as whitespace, and folding drops whitespace.
SEPARATOR = "\x1f"


def fold(text: str | None) -> str:
    """Text as search compares it: NFKC, lower case, every space removed (so 버스 정류장 reads as 버스정류장)."""
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def search_text_of(title: str | None, others: Iterable[str | None]) -> str:
    """One row's searchable text: the folded title, then each other field, each ending with SEPARATOR."""
    return "".join(fold(part) + SEPARATOR for part in (title, *others))


def bigrams(text: str) -> list[str]:
    """Every two-character piece of folded text, within one field at a time, sorted and without repeats."""
    grams = set()
    for part in text.split(SEPARATOR):
        grams.update(part[i:i + 2] for i in range(len(part) - 1))
    return sorted(grams)


class Grams(TypeDecorator):
    """A list of bigrams: `text[]` on PostgreSQL (a GIN index serves `@>`), space-separated text elsewhere."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(ARRAY(Text) if dialect.name == "postgresql" else Text())

    def process_bind_param(self, value, dialect):
        value = list(value or [])
        return value if dialect.name == "postgresql" else " ".join(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return []
        return list(value) if dialect.name == "postgresql" else value.split()
