"""Test fixtures: one migrated database per run (SQLite, or PostgreSQL via TEST_DATABASE_URL),
emptied after each test; CSRF and rate limits stay on, as in production."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from socialchallenge import create_app
from socialchallenge.extensions import db, limiter
from tests.helpers import ROOT, ApiClient, AuthActions, RequestIsolatingClient

pytest_plugins = ["tests.browser_harness"]
INSTANCE = ROOT / "instance"


def pytest_sessionstart(session):
    session.config.stash[_instance_before] = INSTANCE.exists()


def pytest_sessionfinish(session):
    """The run must leave the checkout as it found it: an app the tests build writes no instance/ folder."""
    if not session.config.stash[_instance_before] and INSTANCE.exists():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        session.config.stash[_instance_left] = True


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(_instance_left, False):
        terminalreporter.write_line(f"FAILED: the run left {INSTANCE} in the checkout: an app built by a test used the "
                                    "default database or upload folder (give it SQLALCHEMY_DATABASE_URI and "
                                    "STORAGE_LOCAL_PATH).", red=True, bold=True)


_instance_before = pytest.StashKey[bool]()
_instance_left = pytest.StashKey[bool]()


def _postgres_url_for_run(base_url: str) -> tuple[str, str]:
    """Create a private database for this run on the server of TEST_DATABASE_URL."""
    base_url = base_url.replace("postgresql://", "postgresql+psycopg://", 1) if base_url.startswith(
        "postgresql://") else base_url
    name = f"sc_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.engine.make_url(base_url).set(database=name).render_as_string(hide_password=False), name


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh, empty database for the whole run, dropped at the end."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        path = tmp_path_factory.mktemp("db") / "test.sqlite"
        yield f"sqlite:///{path}"
        return
    url, name = _postgres_url_for_run(base)
    yield url
    admin = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def media_root(tmp_path_factory):
    """The folder uploads are stored in for the run (local storage), shared by the test app and the live server."""
    return str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session")
def migrated(database_url):
    """Build the schema once per run with the real migrations (`flask db upgrade`)."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(migrated, media_root):
    """The app in testing configuration on the run's database; tables are emptied afterwards."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": migrated, "STORAGE_LOCAL_PATH": media_root})
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        limiter.reset()
        yield app
        db.session.remove()
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A browser-like test client (cookies kept between requests)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Runs `flask` commands against the test app."""
    return app.test_cli_runner()


@pytest.fixture
def auth(client):
    """Sign-in helper bound to the test client."""
    return AuthActions(client)


@pytest.fixture
def api(client):
    """JSON helper: api.post(path, json, token=...)."""
    return ApiClient(client)
