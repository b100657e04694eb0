"""Checking a pooled database connection before use, only when it has been idle.

SQLAlchemy's `pool_pre_ping` asks the server before every checkout: one round trip more on every request, which on
a busy worker (a connection back in the pool for milliseconds) finds nothing a second earlier's request did not.
Here a connection is pinged only when it sat in the pool longer than DB_PING_AFTER_IDLE_SECONDS (1 s by default;
connection pools such as HikariCP skip the check the same way). A server restarted while the site was quiet is
found before a request uses a dead connection: the ping fails, every pooled connection from before is replaced,
and the request gets a new one. What the window leaves is a restart within the last second of a connection's use,
which fails the request that meets it, as it would fail the requests running at the moment of the restart."""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

USED_AT = "socialchallenge_used_at"  # the connection record's info key: when it was last connected or given back
_now = time.monotonic  # the clock (a test turns it)


def watch(engine: Engine, idle_seconds: float) -> None:
    """Ping the engine's pooled connections on checkout when idle longer than `idle_seconds` (< 0: never)."""
    dialect = engine.dialect

    @event.listens_for(engine, "connect")
    def connected(dbapi_connection, record) -> None:
        record.info[USED_AT] = _now()

    @event.listens_for(engine, "checkin")
    def given_back(dbapi_connection, record) -> None:
        if record is not None:
            record.info[USED_AT] = _now()

    @event.listens_for(engine, "checkout")
    def taken(dbapi_connection, record, proxy) -> None:
        if idle_seconds < 0 or _now() - record.info.get(USED_AT, 0.0) <= idle_seconds:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            if not dialect.is_disconnect(err, dbapi_connection, None):
                raise
            alive = False
        if not alive:
            # As pool_pre_ping does: this and every older pooled connection are replaced; the pool connects again.
            raise exc.InvalidatePoolError("the database connection was found closed after being idle")


def init_app(app: Flask) -> None:
    """Watch the app's engine (config DB_PING_AFTER_IDLE_SECONDS)."""
    from socialchallenge.extensions import db

    with app.app_context():
        watch(db.engine, float(app.config["DB_PING_AFTER_IDLE_SECONDS"]))
