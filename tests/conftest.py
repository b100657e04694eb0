"""Test fixtures: one migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL) and one app per run; each
test runs in a transaction that is rolled back (or, marked `committed`, commits and the tables are emptied after
it); CSRF and rate limits stay on, as in production."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session

from socialchallenge import create_app, limits
from socialchallenge.extensions import db, limiter
from socialchallenge.pagecache.store import MemoryStore
from tests.helpers import REFERENCE_TABLES, ROOT, ApiClient, AuthActions, RequestIsolatingClient

pytest_plugins = ["tests.browser_harness"]
INSTANCE = ROOT / "instance"


def pytest_sessionstart(session):
    session.config.stash[_instance_before] = INSTANCE.exists()


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres_only race real connections for PostgreSQL's row locks; on SQLite they would fail or
    prove nothing, so without TEST_DATABASE_URL they are skipped, and the summary says why."""
    if os.environ.get("TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL (row locks under concurrency)")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


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


RACERS = 22  # threads a concurrency test may race at once, each on a connection of its own


@pytest.fixture(scope="module")
def racer(migrated):
    """A second app on the same database whose pool gives every racing thread its own connection (helpers.fire)."""
    racer = create_app("testing", {"SQLALCHEMY_DATABASE_URI": migrated,
                                   "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": RACERS, "max_overflow": 0}})
    yield racer
    with racer.app_context():
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class JoinedSession(Session):
    """A session on the test's own connection. Flask-SQLAlchemy's session picks the engine (a new connection from
    the pool) even when given a connection; this one keeps to the connection it was given."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@contextmanager
def _rolled_back():
    """Run the test on one connection inside a transaction that is rolled back at the end. Every session (the
    test's and each request's) joins it: their commits become savepoints, so they see each other's work as on a
    real database, and nothing stays behind."""
    connection = db.engine.connect()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # pysqlite starts transactions lazily, so the first SAVEPOINT would become the outer transaction and a
        # commit would really commit: let this connection's BEGIN through instead.
        driver = connection.connection.driver_connection
        level, driver.isolation_level = driver.isolation_level, None
    outer = connection.begin()
    if sqlite:
        connection.exec_driver_sql("BEGIN")
    shared = db.session
    db.session = db._make_scoped_session(
        {"bind": connection, "class_": JoinedSession, "join_transaction_mode": "create_savepoint"})
    try:
        yield
    finally:
        db.session.remove()
        db.session = shared
        outer.rollback()
        if sqlite:
            driver.isolation_level = level
        connection.close()


@pytest.fixture(scope="session")
def _one_app(migrated, media_root):
    """The one app of the run, in testing configuration on the run's database, with its settings as built."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": migrated, "STORAGE_LOCAL_PATH": media_root})
    app.test_client_class = RequestIsolatingClient
    yield app, dict(app.config), set(app.extensions)
    with app.app_context():
        db.engine.dispose()


def _needs_committed_data(request) -> bool:
    """Marked `committed`, or `postgres_only` (racing threads on connections of their own), or served to a browser."""
    marked = any(request.node.get_closest_marker(name) for name in ("committed", "postgres_only"))
    return marked or "live_server" in request.fixturenames


@pytest.fixture
def app(_one_app, request):
    """The run's app with the settings it was built with and empty rate-limit counts. The test runs inside a
    transaction that is rolled back afterwards; tests marked `committed` or `postgres_only` (racing threads) and
    browser tests (whose live server reads the database on its own connections) commit for real, and the tables are
    emptied afterwards."""
    app, config, extensions = _one_app
    app.config.clear()
    app.config.update(config)
    for key in set(app.extensions) - extensions:
        del app.extensions[key]  # made on first use (storage, home snapshot): made again from the settings
    with app.app_context():
        limiter.init_app(app)  # fresh counts, and the limiter back on this app's settings if a test built another
        limits.init_app(app)
        if _needs_committed_data(request):
            yield app
            db.session.remove()
            _empty_tables()
            db.session.remove()
        else:
            with _rolled_back():
                yield app


@pytest.fixture
def fresh_app(app):
    """A newly built app on the run's database, for a test that adds routes of its own (Flask refuses new routes on
    the run's app once it has served a request)."""
    fresh = create_app("testing", {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "STORAGE_LOCAL_PATH")})
    fresh.test_client_class = RequestIsolatingClient
    return fresh


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


@pytest.fixture
def fake(app):
    """The app switched to the Stripe provider, talking to a fake Stripe API on a random local port."""
    from tests.fake_stripe import FakeStripe, stripe_config

    with FakeStripe() as server:
        app.config.update(stripe_config(server))
        yield server


@pytest.fixture
def cached(app):
    """The app with an in-process page cache of its own, off again after the test."""
    before = app.extensions.get("pagecache")
    app.extensions["pagecache"] = MemoryStore()
    yield app
    app.extensions["pagecache"] = before
