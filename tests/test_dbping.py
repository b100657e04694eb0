"""Pooled database connections are checked before use only after sitting idle (socialchallenge/dbping.py): a busy
worker saves a round trip per request, and a connection the server closed meanwhile never reaches a request."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from socialchallenge import create_app, dbping
from socialchallenge.extensions import db


@pytest.fixture()
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(dbping, "_now", lambda: now[0])
    return now


def _backend(engine) -> object:
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            return connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        return connection.connection.driver_connection


def test_a_connection_is_pinged_after_sitting_idle_and_not_while_busy(migrated, clock, monkeypatch):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": migrated})
    with app.app_context():
        pings = []
        real = db.engine.dialect.do_ping
        monkeypatch.setattr(db.engine.dialect, "do_ping", lambda c: pings.append(c) or real(c))
        first = _backend(db.engine)
        clock[0] += 0.5  # back in the pool for half a second: used as it is
        assert _backend(db.engine) == first and pings == []
        clock[0] += 5  # idle for five seconds: asked first, then used
        assert _backend(db.engine) == first and len(pings) == 1
        db.engine.dispose()


@pytest.mark.postgres_only
def test_a_connection_the_server_closed_while_idle_is_replaced_before_a_request_meets_it(migrated, clock):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": migrated})
    other = sa.create_engine(migrated)
    with app.app_context():
        closed = _backend(db.engine)
        with other.begin() as connection:  # as a restart of the server would
            assert connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": closed}).scalar()
        clock[0] += 5
        response = app.test_client().get("/api/v1/challenges")
        assert response.status_code == 200, response.get_data(as_text=True)
        assert _backend(db.engine) != closed
        db.engine.dispose()
    other.dispose()
