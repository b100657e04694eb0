"""Migration 0028: one unpaid pledge per member and campaign becomes a unique index; a database that still holds a
member's two unpaid pledges to one campaign stops the upgrade, named, and nothing is cancelled for it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from flask_migrate import Migrate, upgrade

from socialchallenge import create_app
from tests.helpers import MIGRATION_CHALLENGE as CHALLENGE
from tests.helpers import insert_row, tables_at


def test_the_upgrade_names_a_members_two_unpaid_pledges_and_then_the_index_refuses_a_third(tmp_path):
    url = f"sqlite:///{tmp_path / 'pledges.sqlite'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "STORAGE_LOCAL_PATH": str(tmp_path / "media")})
    engine = sa.create_engine(url)
    with app.app_context():
        upgrade(revision="0027_stats_totals")
        users, challenges, solutions, campaigns, pledges = tables_at(
            engine, "users", "challenges", "solutions", "campaigns", "pledges")
        with engine.begin() as conn:
            backer = insert_row(conn, users, email="backer@example.org", name="Backer")
            challenge = insert_row(conn, challenges, owner_id=backer, title="Old", **CHALLENGE)
            solution = insert_row(conn, solutions, challenge_id=challenge, title="Shade")
            campaign = insert_row(conn, campaigns, solution_id=solution, status="live", goal=100, optimum=100,
                               campaign_days=30)
            unpaid = [insert_row(conn, pledges, campaign_id=campaign, backer_id=backer, amount=1000, status="pending",
                              provider="stripe") for _ in range(2)]
            # Paid pledges and the secretariat's contributions (no backer) are not held to the rule.
            for status, who in (("collected", backer), ("collected", backer), ("pending", None), ("pending", None)):
                insert_row(conn, pledges, campaign_id=campaign, backer_id=who, amount=1000, status=status,
                        provider="manual")

        # Alembic's own command, as `flask db upgrade` runs it (Flask-Migrate's wrapper logs the error and exits).
        config = Migrate().get_config(directory=app.extensions["migrate"].directory)
        with pytest.raises(RuntimeError) as stopped:
            command.upgrade(config, "0028_one_unpaid_pledge")
        assert f"Members with more than one pledge waiting for payment on one campaign (1): campaign {campaign} " \
               f"member {backer} (2 pledges)" in str(stopped.value)
        with engine.connect() as conn:  # nothing was changed to get past it
            assert conn.scalar(sa.select(sa.func.count()).select_from(pledges).where(
                pledges.c.status == "pending", pledges.c.backer_id == backer)) == 2

        with engine.begin() as conn:  # the checkout lapsed
            conn.execute(pledges.update().where(pledges.c.id == unpaid[0]).values(status="released"))
        upgrade(revision="0028_one_unpaid_pledge")
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            insert_row(conn, pledges, campaign_id=campaign, backer_id=backer, amount=500, status="pending",
                    provider="stripe")
        with engine.begin() as conn:  # a paid one is never held up
            insert_row(conn, pledges, campaign_id=campaign, backer_id=backer, amount=500, status="collected",
                    provider="sandbox")
    engine.dispose()
