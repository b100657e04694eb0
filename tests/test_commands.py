"""Commands: `flask users create` and `flask demo seed`."""

from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.models import Organisation, Role, User


def test_users_create_makes_an_account_with_a_role(runner):
    result = runner.invoke(args=["users", "create", "Staff@Example.org", "--name", "Staff", "--password",
                                 "long enough password", "--role", "secretariat"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.email == "staff@example.org" and user.role == Role.secretariat


def test_users_create_reports_invalid_input(runner):
    result = runner.invoke(args=["users", "create", "bad", "--name", "X", "--password", "short"])
    assert result.exit_code == 1
    assert "email" in result.output and "password" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_demo_seed_is_idempotent(runner):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    counts = (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(Organisation.id))))
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert (db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(Organisation.id)))) == counts
    assert counts[0] >= 3
