"""PostgreSQL: whether a one-word search surely has more hits than search counts, told by the statistics ANALYZE
keeps, so that a very common word's total ("1,000+") is not counted row by row.

Counting a kind's hits up to TOTAL_CAP + 1 reads that many rows from the table, one page each (the rows are
long): a word in 5% of 100,000 challenges took 4.9 ms of the page's 25 ms, to show "1,000+" every time. For a
two-character word, which the bigram index matches exactly, PostgreSQL's statistics say in what share of rows it is
(pg_stats.most_common_elems of search_grams, from ANALYZE's sample of 30,000 rows). The caller trusts only a share
that promises several times the hits it needs (query.TOLD_PAST_CAP): rows leaving since the last ANALYZE would
have to be most of the word's rows for the total to be below the cap. Words with filters, longer words (their LIKE
has no such statistics) and several words together (whose shares do not multiply) are always counted."""

from __future__ import annotations

import time

from sqlalchemy import URL, bindparam, text
from sqlalchemy.orm import Session

from socialchallenge.search.text import BIGRAM, query_words

# How long one process keeps what it read of the statistics (ANALYZE runs when a tenth of a table has changed:
# minutes, not seconds, between two).
STATS_SECONDS = 300

_STATISTICS = text(
    "SELECT c.reltuples, s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs "
    "FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = c.relname "
    "AND s.attname = 'search_grams' WHERE c.oid = to_regclass(:table)"
).bindparams(bindparam("table"))

# (database, table) -> (read at, rows in the table, share of rows holding each common bigram)
_read: dict[tuple[URL, str], tuple[float, float, dict[str, float]]] = {}


def _shares(session: Session, table: str) -> tuple[float, dict[str, float]]:
    key = (session.get_bind().engine.url, table)  # a URL is immutable and hashable: no string built per search
    found = _read.get(key)
    if found is None or time.monotonic() - found[0] > STATS_SECONDS:
        row = session.execute(_STATISTICS, {"table": table}).first()
        rows = float(row.reltuples) if row is not None and row.reltuples > 0 else 0.0  # -1: never analysed
        shares = dict(zip(row.elems, row.freqs, strict=False)) if row is not None and row.elems else {}
        found = _read[key] = (time.monotonic(), rows, shares)
    return found[1], found[2]


def surely_more_than(session: Session, model, q: str | None, promised: int) -> bool:
    """Whether the statistics promise at least `promised` rows of `model` holding the one word of `q` (a
    two-character word; any other query is not told, and gets False)."""
    words = query_words(q)
    if len(words) != 1 or len(words[0]) != BIGRAM:
        return False
    rows, shares = _shares(session, model.__tablename__)
    return rows * shares.get(words[0], 0.0) >= promised
