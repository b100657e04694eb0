"""Migrations: `flask db upgrade` on an empty database builds exactly what the models declare."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Migrate

from socialchallenge.extensions import db
from socialchallenge.models.search import include_object_for


def test_models_and_migrations_agree(app):
    # The run's database was built by the migrations alone (conftest); compare it with the models.
    with db.engine.connect() as conn:
        # include_object: SQLite's FTS5 search tables and PostgreSQL-only trigram indexes are not model tables.
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": False,
                                                         "include_object": include_object_for(conn.dialect.name)})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models and migrations differ ({db.engine.dialect.name}): {differences}"


def test_migrations_have_a_single_head(app):
    config = app.extensions["migrate"].migrate.get_config() if hasattr(app.extensions["migrate"], "migrate") else None
    if config is None:
        config = Migrate().get_config(directory=app.extensions["migrate"].directory)
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"


def test_database_is_at_the_head_revision(app):
    config = Migrate().get_config(directory=app.extensions["migrate"].directory)
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_campaigns_leave_room_for_in_place_updates_of_their_totals(app):
    # Every pledge updates its campaign: on PostgreSQL the pages keep room for the new row (fillfactor, migration
    # 0030), so the update stays on its page and leaves the indexes alone.
    if db.engine.dialect.name != "postgresql":
        pytest.skip("fillfactor is PostgreSQL's (TEST_DATABASE_URL)")
    from sqlalchemy import text

    from socialchallenge.models.campaigns import CAMPAIGNS_FILLFACTOR

    with db.engine.connect() as conn:
        options = conn.scalar(text("SELECT reloptions FROM pg_class WHERE relname = 'campaigns'"))
    assert CAMPAIGNS_FILLFACTOR < 100 and f"fillfactor={CAMPAIGNS_FILLFACTOR}" in (options or [])
