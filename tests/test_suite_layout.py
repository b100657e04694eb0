"""The suite itself: test modules share helpers through tests/helpers.py, builders.py and friends, never by importing
another test module or conftest (which pytest loads itself); each test starts on empty tables."""

from __future__ import annotations

import ast

from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.models import User
from tests.helpers import REFERENCE_TABLES, ROOT

TESTS = ROOT / "tests"


def _imported_modules(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_test_modules_do_not_import_each_other():
    offenders = []
    for path in sorted(TESTS.glob("*.py")):
        for module in sorted(_imported_modules(path)):
            name = module.rpartition(".")[2]
            if module.startswith("tests.") and (name.startswith("test_") or name == "conftest"):
                offenders.append(f"{path.name} imports {module}")
    assert not offenders, "move what is shared into tests/helpers.py or tests/builders.py:\n" + "\n".join(offenders)


# --- Each test starts on empty tables, whatever the test before it saved (the fixture rolls its transaction back) ---

def test_a_request_commits_a_member(api):
    member = {"email": "kept@example.org", "name": "Kept", "password": "correct horse battery"}
    response = api.post("/api/v1/users", member)
    assert response.status_code == 201, response.get_json()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_the_next_test_starts_on_empty_tables(app):
    left = {table.name: n for table in db.metadata.sorted_tables
            if (n := db.session.scalar(select(func.count()).select_from(table))) and table.name not in REFERENCE_TABLES}
    assert left == {}


def test_reference_tables_keep_what_the_migrations_seeded(app):
    # Seoul's 25 districts, seeded by migration 0015, survive the emptying of the other tables.
    assert db.session.scalar(select(func.count()).select_from(db.metadata.tables["districts"])) == 25
