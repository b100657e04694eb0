"""The one query builder: the challenge list, and search over challenges and solutions, filtered and sorted."""

from __future__ import annotations

import logging
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Select, String, bindparam, func, or_, select, union_all
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from socialchallenge.models import (
    Challenge,
    Solution,
)
from socialchallenge.pipeline.challenges import list_options
from socialchallenge.search.cards import load_cards
from socialchallenge.search.estimate import surely_more_than
from socialchallenge.search.filters import Filters
from socialchallenge.search.rows import challenge_closing, challenge_filters, challenge_rows, order_by, solution_rows
from socialchallenge.search.text import (
    query_words,
    relevance,
    text_matches,
    title_may_hold_a_word,
    titles_indexed,
)
from socialchallenge.timeutil import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    """One search result: a challenge, or a solution (whose challenge is loaded)."""

    kind: str  # "challenge" or "solution"
    item: Any


# Counting stops here: a word in 5% of 500,000 rows has 25,000 hits, and nobody pages through them. Past it the
# total is told as an estimate ("1,000+").
TOTAL_CAP = 1000

# A kind is told to be past the cap, not counted, when the statistics promise this many hits (search.estimate): five
# times the TOTAL_CAP + 1 hits counting would read, so rows leaving since the last ANALYZE cannot make it untrue.
TOLD_PAST_CAP = 5 * (TOTAL_CAP + 1)


# PostgreSQL's walk (see _walked_page): how many hits of one kind a walk may read for each row the page still needs
# before it gives up and ranks every hit instead, and how long one walk may take before the same.
WALK_WINDOW = 4
WALK_MIN_WINDOW = 80
WALK_TIMEOUT_MS = 150


@dataclass
class SearchResult:
    """A page of hits and the number of hits over all pages (at most TOTAL_CAP, then an estimate)."""

    items: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False


def challenge_list(q: str | None = None, filters: Filters | None = None, sort: str = "newest",
                   session: Session | None = None, options: list | None = None) -> Select:
    """A select of visible challenges matching `q` and `filters` in `sort` order (the list page and the API), with
    `options` as loader options (default: pipeline.challenges.list_options)."""
    f = filters or Filters()
    query = select(Challenge).where(*challenge_filters(f), text_matches(session, Challenge, q))
    return query.options(*(list_options() if options is None else options)).order_by(*order_by(
        sort, created_at=Challenge.created_at, id_=Challenge.id, supports=Challenge.supports_count,
        closing_at=challenge_closing(utcnow()), score=relevance(session, Challenge, q)))


def _load(session: Session, kind_ids: list[tuple[str, int]]) -> list[Hit]:
    cards = load_cards(session, kind_ids)
    return [Hit(kind, cards[(kind, i)]) for kind, i in kind_ids if (kind, i) in cards]


def _levels(q: str | None) -> list[int]:
    """The scores `relevance` can give for `q`, highest first: 2 for each word in the title, and 1 more when the
    title has all the words together (which puts every word in it)."""
    count = len(query_words(q))
    levels = [2 * n for n in range(count, -1, -1)]
    return [2 * count + 1, *levels] if count > 1 else levels


def _hits(part: Select) -> Select:
    """One kind's hits as (kind, id, created_at, score), the columns a walked page reads."""
    cols = part.selected_columns
    return part.with_only_columns(cols.kind, cols.id, cols.created_at, cols.score)


def _count(part: Select, room: int) -> Select:
    """How many hits one kind has, counted up to `room` (only the ids are read: no scores, no counts)."""
    return select(func.count()).select_from(part.with_only_columns(part.selected_columns.id).limit(room).subquery())


def _window(part: Select, size: int, after=None) -> Select:
    """The newest `size` hits of one kind (older than the row `after`, when given), read by walking its date index
    newest first."""
    cols = part.selected_columns
    rows = _hits(part)
    if after is not None:
        created_at, id_ = cols.created_at.element, cols.id.element
        rows = rows.where(created_at <= after.created_at, or_(created_at < after.created_at, id_ < after.id))
    return rows.order_by(cols.created_at.desc(), cols.id.desc()).limit(size)


def _before_unseen(row, last) -> bool:
    """Whether `row` (of another kind) comes before every hit of `last`'s kind older than `last`, the oldest hit its
    window read: the order is newer first, then challenges before solutions, then higher id."""
    return row.created_at > last.created_at or (row.created_at == last.created_at and row.kind < last.kind)


class _TooSlow(Exception):
    """A walk's statement took over WALK_TIMEOUT_MS (PostgreSQL cancelled it)."""


@cache
def _walk_settings() -> Select:
    """The walk's settings, as SET LOCAL does them; the time limit is the parameter `timeout` (milliseconds)."""
    return select(*(func.set_config(name, "off", True) for name in ("enable_bitmapscan", "enable_seqscan",
                                                                     "enable_sort")),
                  func.set_config("statement_timeout", bindparam("timeout", type_=String), True))


@contextmanager
def _walking(session: Session):
    """Walks in a savepoint with bitmap scans, sequential scans and sorts off, so that the date index is walked
    (the kind is known to have many hits; the planner's guess for a LIKE is often far too low), each statement
    under WALK_TIMEOUT_MS; a statement that takes longer raises _TooSlow (the transaction goes on).

    The savepoint is always rolled back: the walks only read, and rolling it back undoes the settings (SET LOCAL
    within a savepoint), one statement fewer than setting them back."""
    savepoint = session.begin_nested()
    try:
        session.connection().execute(_walk_settings(), {"timeout": str(WALK_TIMEOUT_MS)})
        yield
    except OperationalError:  # psycopg's QueryCanceled
        log.info("search: a walk took over %s ms; ranking every hit instead", WALK_TIMEOUT_MS)
        raise _TooSlow from None
    finally:
        savepoint.rollback()


def _newest_first(rows: list) -> list:
    """Sort hits in place as the walks order them: newer first, then challenges before solutions, then higher id."""
    rows.sort(key=lambda r: r.id, reverse=True)
    rows.sort(key=lambda r: r.kind)
    rows.sort(key=lambda r: r.created_at, reverse=True)
    return rows


def _ranked(rows_of: dict[int, list], more: dict[int, Any], levels: list[int | None],
            need: int) -> tuple[list | None, list[int]]:
    """The first `need` hits in order among the rows read, or None and the kinds (their index) with hits not read
    that may come before: `more` holds, for each kind not read to its end, the oldest hit read."""
    found: list = []
    for level in levels:
        take = need - len(found)
        rows = [r for read in rows_of.values() for r in read if level is None or r.score == level]
        _newest_first(rows)
        for row in rows[:take]:
            blocking = [index for index, last in more.items() if row.kind != last.kind
                        and not _before_unseen(row, last)]
            if blocking:
                return None, blocking  # a hit not read may come before this row
            found.append(row)
        if len(found) >= need:
            break
        if more:
            return None, list(more)  # this score may have more hits among those not read
    return found, []


def _walked_page(session: Session, q: str | None, parts: list[Select], sort: str, offset: int, per_page: int,
                 past_cap: list[bool] | None = None) -> tuple[list[tuple[str, int]], int] | None:
    """PostgreSQL: one page in relevance or date order without reading every hit, and the hits counted up to
    TOTAL_CAP + 1 (a kind whose `past_cap` is true is not counted: it is told to be past the cap, see
    search.estimate); None when it cannot tell (the caller then ranks every hit).

    Ranking by relevance sorts every hit: a word in 5% of 500,000 rows means 30,000 rows read from the tables.
    Here a kind with more hits than the total needs counted is walked instead: its newest hits are read along the
    date index, WALK_WINDOW for each row the page needs (at least WALK_MIN_WINDOW), and each score, highest first,
    is taken from them in date order; a kind with fewer hits is read whole (at most TOTAL_CAP + 1 rows). A page
    that needs a hit older than a walk read, or a walk that took over WALK_TIMEOUT_MS, cannot be ranked this way;
    in relevance order the title route (_titles_first) is tried before giving up.
    The order is the same: score, then newer, then challenges before solutions, then higher id."""
    need = offset + per_page
    window = max(WALK_WINDOW * need, WALK_MIN_WINDOW)
    # The total: each kind's hits are read, one kind after the other, until TOTAL_CAP + 1 are counted; a kind read
    # to its end is ranked from them. A kind with more hits, or not read because the total is already past the
    # cap (a word in 5% of rows read 1,001 solutions only to count what the challenges had counted), is walked.
    # Rows, not ORM objects: read on the connection (the ORM's row handling cost more than the rows).
    # Counting comes first and reads no rows: a kind past the cap is not read for its count (its 1,001 rows and
    # their scores were most of the page's Python), only a kind with fewer hits is then read to be ranked.
    connection = session.connection()
    counted, walks = 0, []
    rows_of: dict[int, list] = {}
    for index, part in enumerate(parts):
        room = TOTAL_CAP + 1 - counted
        if room > 0 and past_cap and past_cap[index]:
            counted += room
        elif room > 0:
            hits = connection.scalar(_count(part, room))
            if hits < room:
                read = connection.execute(_hits(part).limit(room)).all() if hits else []
                if len(read) < room:  # else hits were written since the count: walk the kind after all
                    rows_of[index] = read
                    counted += len(read)
                    continue
                hits = len(read)
            counted += hits
        walks.append(index)
    # A walked kind's newest hits, as many as the page needs at first, then twice as many each time a hit not read
    # may come before the page's rows, up to `window`; a kind whose read came back short has been read to its end.
    levels: list[int | None] = _levels(q) if sort == "relevance" else [None]
    title_route = sort == "relevance" and titles_indexed(q)
    more: dict[int, Any] = {}
    found, pending = _ranked(rows_of, more, levels, need) if not walks else (None, walks)
    try:
        with _walking(session) if walks else nullcontext():
            while found is None:
                if any(len(rows_of.get(index, ())) >= window for index in pending):
                    break  # a walk read its whole window and cannot tell
                for index in pending:
                    have = len(rows_of.get(index, ()))
                    size = min(max(have, need), window - have)
                    read = connection.execute(_window(parts[index], size, more.get(index))).all()
                    rows_of[index] = [*rows_of.get(index, ()), *read]
                    if len(read) == size:
                        more[index] = read[-1]
                    else:
                        more.pop(index, None)
                found, pending = _ranked(rows_of, more, levels, need)
                if found is None and title_route and not any(r.score for read in rows_of.values() for r in read):
                    break  # no title among the newest hits holds a word: the title route finds the few that do
    except _TooSlow:
        found = None
    if found is None:
        found = _titles_first(session, q, parts, need) if sort == "relevance" else None
        if found is None:
            return None
    return [(r.kind, r.id) for r in found[offset:need]], counted


# The title route (_titles_first) reads at most this many title hits of one kind; past it, every hit is ranked.
TITLE_HITS_MAX = TOTAL_CAP


def _titles_first(session: Session, q: str | None, parts: list[Select], need: int) -> list | None:
    """PostgreSQL, relevance order, when the walks could not tell: the first `need` hits, or None (also when the
    title index cannot serve `q`).

    A word in nearly every row whose titles rarely hold it (주민) defeats the walks: the few hits with the word in
    their title rank first, and no window of newest hits can show that no older one has it. Here the title hits
    are found by the title-bigram index (every hit scored above 0 is among them) and ranked; the rest of the page
    is the newest hits scored 0, walked along each kind's date index."""
    if not titles_indexed(q):
        return None
    connection = session.connection()
    titled: list = []
    for part in parts:
        cols = part.selected_columns
        may_hold = title_may_hold_a_word(cols.id.element.table.c, q)
        read = connection.execute(_hits(part).where(may_hold, cols.score.element > 0)
                                  .limit(TITLE_HITS_MAX + 1)).all()
        if len(read) > TITLE_HITS_MAX:
            return None
        titled.extend(read)
    _newest_first(titled).sort(key=lambda r: r.score, reverse=True)
    rest = need - len(titled)
    if rest <= 0:
        return titled[:need]
    untitled: list = []
    try:
        with _walking(session):
            for part in parts:  # each kind's newest `rest` hits scored 0 hold the page's newest `rest` of them all
                untitled.extend(connection.execute(_window(part.where(part.selected_columns.score.element == 0),
                                                           rest)).all())
    except _TooSlow:
        return None
    return titled + _newest_first(untitled)[:rest]


def search(session: Session, q: str | None = None, filters: Filters | None = None, sort: str = "newest",
           page: int = 1, per_page: int = 20) -> SearchResult:
    """Visible challenges and solutions matching `q` and `filters`, one page in `sort` order, with the total."""
    f = filters or Filters()
    now = utcnow()
    parts, models = [], []
    if f.stage in (None, "challenge") and f.goal_achievement is None:
        parts.append(challenge_rows(session, q, f, now))
        models.append(Challenge)
    if f.stage != "challenge":
        parts.append(solution_rows(session, q, f, now))
        models.append(Solution)
    if not parts:  # challenges have no goal achievement: nothing can match
        return SearchResult([], 0)
    walked = None
    if sort in ("relevance", "newest") and session.get_bind().dialect.name == "postgresql":
        # Without filters, a kind whose statistics promise far more hits than the cap is not counted.
        unfiltered = f == Filters()
        past_cap = [unfiltered and surely_more_than(session, model, q, TOLD_PAST_CAP) for model in models]
        walked = _walked_page(session, q, parts, sort, (page - 1) * per_page, per_page, past_cap)
    kind_ids, counted = walked if walked is not None else _every_hit_page(session, parts, sort, page, per_page)
    return SearchResult(_load(session, kind_ids), min(counted, TOTAL_CAP), counted > TOTAL_CAP)


def _every_hit_page(session: Session, parts: list[Select], sort: str, page: int,
                    per_page: int) -> tuple[list[tuple[str, int]], int]:
    """One page in `sort` order from every hit, and the hits counted up to TOTAL_CAP + 1."""
    connection = session.connection()
    rows = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("hits")
    order = order_by(sort, created_at=rows.c.created_at, id_=rows.c.id, supports=rows.c.supports,
                   closing_at=rows.c.closing_at, score=rows.c.score, kind=rows.c.kind)
    if sort == "newest":
        kind_ids = [(r.kind, r.id) for r in connection.execute(
            select(rows.c.kind, rows.c.id).order_by(*order).limit(per_page).offset((page - 1) * per_page))]
    else:
        # Sorting by score, supporters or deadline reads every hit anyway: count them in the same pass rather
        # than scan them all again (issue 17 goal 4).
        page_rows = connection.execute(
            select(rows.c.kind, rows.c.id, func.count().over().label("hits")).order_by(*order)
            .limit(per_page).offset((page - 1) * per_page)).all()
        if page_rows:
            return [(r.kind, r.id) for r in page_rows], page_rows[0].hits
        kind_ids = []  # a page past the last: count below
    # The total: counted up to TOTAL_CAP + 1 hits, so a very common word does not count all of its hits.
    counted = connection.scalar(select(func.count()).select_from(select(rows.c.id).limit(TOTAL_CAP + 1).subquery()))
    return kind_ids, counted or 0
