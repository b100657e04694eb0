"""`flask demo seed`: demo accounts and content, safe to run again (nothing is duplicated)."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.extensions import db
from socialchallenge.models import Organisation, OrganisationKind, OrganisationMember, Role, User
from socialchallenge.security import hash_password

DEMO_PASSWORD = "demo-password"

DEMO_USERS = [
    ("admin@demo.socialchallenge.kr", "운영자 Admin", Role.admin),
    ("staff@demo.socialchallenge.kr", "사무국 김지원", Role.secretariat),
    ("citizen@demo.socialchallenge.kr", "시민 이하늘", Role.member),
    ("solver@demo.socialchallenge.kr", "해결사 박민수", Role.member),
    ("solver2@demo.socialchallenge.kr", "Jamie Solver", Role.member),
    ("backer@demo.socialchallenge.kr", "후원자 최유나", Role.member),
]

# Later features add their own demo content here; each seeder must itself be idempotent.
SEEDERS: list[Callable[[Session, dict[str, User]], None]] = []


def seeder(fn):
    """Register a demo seeder, run in order after the accounts exist."""
    SEEDERS.append(fn)
    return fn


def ensure_user(session: Session, email: str, name: str, role: Role) -> User:
    """The demo user with this email, created if missing."""
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, role=role, password_hash=hash_password(DEMO_PASSWORD))
        session.add(user)
        session.flush()
    return user


def seed_accounts(session: Session) -> dict[str, User]:
    """Demo users and one verified organisation, keyed by the email's local part."""
    people = {email.split("@")[0]: ensure_user(session, email, name, role) for email, name, role in DEMO_USERS}
    org = session.scalar(select(Organisation).where(Organisation.name == "서울시 마포구청"))
    if org is None:
        org = Organisation(name="서울시 마포구청", kind=OrganisationKind.public_body, verified=True,
                           description="마포구 주민 생활 문제를 함께 푸는 구청입니다. Mapo District Office.")
        session.add(org)
        session.flush()
        session.add(OrganisationMember(organisation_id=org.id, user_id=people["citizen"].id, is_admin=True))
    return people


@click.group()
def demo() -> None:
    """Demo data for trying the platform locally."""


@demo.command("seed")
@with_appcontext
def seed() -> None:
    """Create demo accounts and content; running it again changes nothing."""
    people = seed_accounts(db.session)
    for fn in SEEDERS:
        fn(db.session, people)
    db.session.commit()
    click.echo(f"Demo data ready. Sign in as any of these with password {DEMO_PASSWORD!r}:")
    for email, name, role in DEMO_USERS:
        click.echo(f"  {email:36} {role.value:12} {name}")
