"""`flask users create`: make an account from the command line (for the first admin, say)."""

import click
from flask.cli import with_appcontext

from socialchallenge.accounts.service import register_user
from socialchallenge.errors import ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.models import Role


@click.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--password", required=True, help="At least 10 characters.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.member.value, show_default=True)
@with_appcontext
def create(email: str, name: str, password: str, role: str) -> None:
    """Create an account with EMAIL."""
    try:
        user = register_user(db.session, email, password, name, Role(role))
    except ValidationFailed as exc:
        db.session.rollback()
        for field, message in exc.fields.items():
            click.echo(f"{field}: {message}", err=True)
        raise SystemExit(1) from exc
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")
