"""Which version keys a write bumps and which a page depends on, from SQLAlchemy's own events, so no domain path
can forget to invalidate.

A row is named by its table and primary key ("challenges:12"). A write bumps the row's name, the names of the
rows its foreign keys point at (a new comment on solution 7 bumps "solutions:7"; a pledge bumps its campaign),
and "lists" (every listing page: home, the challenge list, search, learnings). Collected in after_flush (new,
changed and deleted objects) and do_orm_execute (bulk UPDATE/DELETE: the rows named by the WHERE's primary or
foreign key equalities; any other bulk write, and raw SQL text that writes, bumps "global", which every page
depends on), bumped in
after_commit, forgotten when the outermost transaction rolls back.

A page depends on "global", and on "lists" when it lists, else on the name of every row the ORM loaded while
rendering it (a listing page needs no row names: every write that bumps one bumps "lists")."""

from __future__ import annotations

import logging
import re

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList, TextClause
from sqlalchemy.sql.schema import Column

log = logging.getLogger(__name__)
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b", re.IGNORECASE)

GLOBAL, LISTS = "global", "lists"
PENDING = "pagecache_pending"
# Rows no cached page shows: a change to them bumps nothing.
PRIVATE_TABLES = frozenset({
    "api_tokens", "password_resets", "outbox_mails", "notifications", "notification_settings", "processed_events",
    "audit_entries",
})


def row_name(table: str, ident) -> str:
    """The version key of one row."""
    return f"{table}:{ident}"


def identity(obj) -> str | None:
    """The version key of a loaded object (None while it has no primary key, or for a private table)."""
    table = getattr(obj, "__table__", None)
    if table is None or table.name in PRIVATE_TABLES:
        return None
    return _identity(obj)


def _identity(obj) -> str | None:
    state = inspect(obj)
    if state.identity is None:
        return None
    return row_name(obj.__table__.name, "-".join(str(v) for v in state.identity))


def keys_for_object(obj, deleted: bool = False, new: bool = False) -> set[str]:
    """The keys a new, changed or deleted object bumps: itself (unless new: no page can have loaded a row that did
    not exist), the rows its foreign keys name (now and before) and the lists."""
    table = getattr(obj, "__table__", None)
    if table is None or table.name in PRIVATE_TABLES:
        return set()
    keys = {LISTS}
    own = None if new else _identity(obj)
    if own:
        keys.add(own)
    state = inspect(obj)
    for column in table.columns:
        if not column.foreign_keys:
            continue
        prop = state.mapper.get_property_by_column(column)
        history = state.attrs[prop.key].history
        values = {*history.added, *history.unchanged, *history.deleted}
        if not values and not deleted and prop.key not in state.dict:
            values = {getattr(obj, prop.key, None)}  # expired since the last commit: read it
        for value in values:
            if value is not None:
                for fk in column.foreign_keys:
                    keys.add(row_name(fk.column.table.name, value))
    return keys


def _equalities(clause, parameters: dict) -> list[tuple[Column, object]]:
    """(column, value) for each `column == value` joined by AND in a WHERE clause; a bound parameter without a value
    of its own (a statement built once) takes it from the execution's `parameters`."""
    found = []
    if isinstance(clause, BooleanClauseList) and clause.operator is operators.and_:
        for sub in clause.clauses:
            found += _equalities(sub, parameters)
    elif isinstance(clause, BinaryExpression) and clause.operator is operators.eq:
        if isinstance(clause.left, Column) and isinstance(clause.right, BindParameter):
            value = clause.right.effective_value
            found.append((clause.left, parameters.get(clause.right.key) if value is None else value))
    return found


def keys_for_bulk(statement, parameters: dict | None = None) -> set[str]:
    """The keys a bulk UPDATE or DELETE bumps: the rows its WHERE names by primary or foreign key, else "global".
    `parameters` are the execution's, for a statement built once with bound parameters."""
    table = getattr(statement, "table", None)
    name = getattr(table, "name", None)
    if name in PRIVATE_TABLES:
        return set()
    keys = {LISTS}
    named = False
    for criterion in getattr(statement, "_where_criteria", ()):
        for column, value in _equalities(criterion, parameters or {}):
            if value is None or getattr(column.table, "name", None) != name:
                continue
            if column.primary_key:
                keys.add(row_name(name, value))
                named = True
            for fk in column.foreign_keys:
                keys.add(row_name(fk.column.table.name, value))
                named = True
    if not named:
        keys.add(GLOBAL)
    return keys


def _pending(session: Session) -> set[str]:
    return session.info.setdefault(PENDING, set())


def _active() -> bool:
    return has_app_context() and current_app.extensions.get("pagecache") is not None


def written(session: Session, keys: set[str]) -> None:
    """Bump these keys when the session commits: for rows written by Core statements run on the session's
    connection, which neither after_flush nor do_orm_execute sees (the pledge saved confirmed at once)."""
    if _active():
        _pending(session).update(keys)


def _after_flush(session: Session, flush_context) -> None:
    if not _active():
        return
    keys = _pending(session)
    for obj in session.new:
        keys |= keys_for_object(obj, new=True)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=True):
            keys |= keys_for_object(obj)
    for obj in session.deleted:
        keys |= keys_for_object(obj, deleted=True)


def _do_orm_execute(state) -> None:
    if not _active():
        return
    if state.is_update or state.is_delete:
        parameters = state.parameters if isinstance(state.parameters, dict) else None
        _pending(state.session).update(keys_for_bulk(state.statement, parameters))
    elif state.is_insert:
        _pending(state.session).update({LISTS, GLOBAL})
    elif isinstance(state.statement, TextClause) and _WRITES.match(state.statement.text):
        _pending(state.session).update({LISTS, GLOBAL})  # raw SQL that writes: which rows is unknown


def _after_commit(session: Session) -> None:
    keys = session.info.pop(PENDING, None)
    if not keys or not _active():
        return
    try:
        current_app.extensions["pagecache"].bump(keys)
    except Exception:  # the store is down: it serves nothing either; say so loudly
        log.error("page cache: could not bump %d version keys", len(keys), exc_info=True)


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)


def _loaded(target, context) -> None:
    if has_request_context():
        deps = g.get("pagecache_deps")
        # Every write that bumps a row's name bumps "lists" too: a listing page needs no row names (checking a
        # hundred of them on every hit of the challenge list cost more than serving it).
        if deps is not None and LISTS not in deps:
            name = _identity(target)
            if name:
                deps.add(name)


def listen(model_base) -> None:
    """Install the session and load events (once per process)."""
    if event.contains(Session, "after_flush", _after_flush):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
    event.listen(model_base, "load", _loaded, propagate=True)
    event.listen(model_base, "refresh", lambda target, context, attrs: _loaded(target, context), propagate=True)
