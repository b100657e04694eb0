"""Test fixtures: one migrated database per run (SQLite, or PostgreSQL via TEST_DATABASE_URL),
emptied after each test; CSRF and rate limits stay on, as in production."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from socialchallenge import create_app
from socialchallenge.extensions import db, limiter

pytest_plugins = ["tests.browser_harness"]


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


class RequestIsolatingClient(FlaskClient):
    """Runs each request in its own app context, as a real server does.

    The fixture keeps an app context open for builders and assertions; without this, every
    request would share its `g` (language, API user) and its database session."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()  # the test's own session then sees what the request saved
        return response


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


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered page."""
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def submit(client, path: str, data: dict | None = None, page: str | None = None, **kwargs):
    """Post a form as a browser would: load the page (or `page`) first, send its CSRF token back."""
    html = client.get(page or path).get_data(as_text=True)
    payload = {"csrf_token": csrf_from(html), **(data or {})}
    return client.post(path, data=payload, **kwargs)


class AuthActions:
    """Sign in and out through the real forms."""

    def __init__(self, client):
        self.client = client

    def sign_in(self, email: str, password: str = "correct horse battery"):
        """Sign in through the form."""
        return submit(self.client, "/auth/sign-in", {"email": email, "password": password})

    def sign_out(self):
        """Sign out through the header form."""
        return submit(self.client, "/auth/sign-out", page="/")

    def login(self, user, password: str = "correct horse battery"):
        """Sign in as a user made by a builder (which uses the default password)."""
        response = self.sign_in(user.email, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


@pytest.fixture
def auth(client):
    """Sign-in helper bound to the test client."""
    return AuthActions(client)


@pytest.fixture
def api(client):
    """JSON helper: api.post(path, json, token=...)."""
    return ApiClient(client)


class ApiClient:
    """Calls the JSON API with an optional bearer token."""

    def __init__(self, client):
        self.client = client

    def _headers(self, token):
        return {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, token=None, **kw):
        return self.client.get(path, headers=self._headers(token), **kw)

    def post(self, path, json=None, token=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(token), **kw)

    def put(self, path, json=None, token=None, **kw):
        return self.client.put(path, json=json, headers=self._headers(token), **kw)

    def patch(self, path, json=None, token=None, **kw):
        return self.client.patch(path, json=json, headers=self._headers(token), **kw)

    def delete(self, path, token=None, **kw):
        return self.client.delete(path, headers=self._headers(token), **kw)

    def token_for(self, user, password: str = "correct horse battery") -> str:
        """A bearer token for a builder-made user."""
        response = self.post("/api/v1/tokens", {"email": user.email, "password": password})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["token"]


ROOT = Path(__file__).resolve().parent.parent
