"""Helpers shared by the test modules: forms with their CSRF token, page text, counting SQL statements.

Test modules import these (and the builders), never each other."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy import event

from socialchallenge.extensions import db

ROOT = Path(__file__).resolve().parent.parent
# Reference data the migrations seed (issue 16: Seoul's 25 districts); kept when the tables are emptied.
REFERENCE_TABLES = frozenset({"districts"})
EN = {"Accept-Language": "en"}

SAVEPOINT = re.compile(r"(RELEASE |ROLLBACK TO )?SAVEPOINT sa_savepoint_\d+$")
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


def text(response) -> str:
    """The page's text with the entities Jinja escapes in quotes and ampersands turned back."""
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")


def says_am_or_pm(html: str) -> bool:
    """Whether the page's words (its tags and their attributes left out: a CSRF token or a nonce may hold the
    letters "PM") write a time with Babel's short Korean period, "AM" or "PM"."""
    return re.search(r"\b[AP]M\b", re.sub(r"<[^>]*>", " ", html)) is not None


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect the SQL statements sent while the block runs: `with count_queries() as sql: ...; len(sql)`."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not SAVEPOINT.match(statement):  # the test's transaction: a request's BEGIN and COMMIT, which count nothing
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def queries_for(client, path: str, **kwargs) -> int:
    """How many SQL statements one GET of the page runs; the page must answer 200."""
    with count_queries() as statements:
        response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


class RequestIsolatingClient(FlaskClient):
    """Runs each request in its own app context, as a real server does.

    The fixture keeps an app context open for builders and assertions; without this, every
    request would share its `g` (language, API user) and its database session."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()  # the test's own session then sees what the request saved
        return response


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


class ApiClient:
    """Calls the JSON API with an optional bearer token."""

    def __init__(self, client):
        self.client = client

    def _headers(self, token, kw):
        return {**({"Authorization": f"Bearer {token}"} if token else {}), **kw.pop("headers", {})}

    def get(self, path, token=None, **kw):
        return self.client.get(path, headers=self._headers(token, kw), **kw)

    def post(self, path, json=None, token=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(token, kw), **kw)

    def put(self, path, json=None, token=None, **kw):
        return self.client.put(path, json=json, headers=self._headers(token, kw), **kw)

    def patch(self, path, json=None, token=None, **kw):
        return self.client.patch(path, json=json, headers=self._headers(token, kw), **kw)

    def delete(self, path, token=None, **kw):
        return self.client.delete(path, headers=self._headers(token, kw), **kw)

    def token_for(self, user, password: str = "correct horse battery") -> str:
        """A bearer token for a builder-made user."""
        response = self.post("/api/v1/tokens", {"email": user.email, "password": password})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["token"]


def fire(racer, requests: list[tuple[str, str, dict | None, str]]) -> list[tuple[int, str]]:
    """Send each (method, path, json, token) from its own thread and client of the racing app (the `racer`
    fixture), all released together; returns (status, error code or "") per request, in the order given."""
    barrier = threading.Barrier(len(requests))
    answers: list[tuple[int, str] | None] = [None] * len(requests)

    def worker(index, method, path, body, token):
        client = racer.test_client()
        barrier.wait(timeout=30)
        response = client.open(path, method=method, json=body, headers={"Authorization": f"Bearer {token}"})
        payload = response.get_json(silent=True) or {}
        answers[index] = (response.status_code, (payload.get("error") or {}).get("code", ""))

    threads = [threading.Thread(target=worker, args=(i, *request)) for i, request in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    assert None not in answers, "a request never answered"
    return answers


# --- iCalendar (the events' .ics files) ---

def content_lines(raw: bytes) -> list[str]:
    """The content lines of an iCalendar stream, checked as RFC 5545 wants them on the wire: every physical line
    ends with CRLF (no bare LF or CR), is at most 75 octets, and a folded line's continuation starts with a space."""
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, line
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")  # never cut inside a character
    unfolded: list[bytes] = []
    for line in physical:
        if line.startswith(b" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return [line.decode("utf-8") for line in unfolded]


def vevents(lines: list[str]) -> list[dict[str, str]]:
    """Each VEVENT as {property name: value}."""
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def _filler(column: sa.Column):
    kind = column.type.python_type if hasattr(column.type, "python_type") else str
    return {int: 0, bool: False, datetime: datetime(2026, 1, 1), float: 0.0}.get(kind, "x")


def insert_row(conn, table: sa.Table, **values) -> int:
    """Insert a row with every NOT NULL column filled (values override), whatever columns later revisions add."""
    row = {c.name: _filler(c) for c in table.columns
           if not c.nullable and not c.primary_key and c.server_default is None}
    row.update(values)
    return conn.execute(table.insert().values(**row)).inserted_primary_key[0]


MIGRATION_CHALLENGE = {"min_solutions": 4, "status": "open"}  # what a challenge row needs beyond insert_row's fillers


def tables_at(engine, *names: str) -> list[sa.Table]:
    """These tables as the database has them now (a migration test stopped at an older revision)."""
    meta = sa.MetaData()
    meta.reflect(engine, only=list(names))
    return [meta.tables[name] for name in names]
