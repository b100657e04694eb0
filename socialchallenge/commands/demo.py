"""`flask demo seed`: demo accounts and content, safe to run again (nothing is duplicated)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from socialchallenge.calls.demo import seed_call
from socialchallenge.challenges.demo import seed_pipeline
from socialchallenge.challenges.outcome_demo import seed_outcomes
from socialchallenge.demo_clock import STAMPED, at, days_ago, latest_ids  # noqa: F401  (at, days_ago: older imports)
from socialchallenge.events.demo import seed_events
from socialchallenge.extensions import db
from socialchallenge.funding.demo import seed_crowdfunding
from socialchallenge.impact.demo import seed_impact
from socialchallenge.models import Notification, Organisation, OrganisationKind, OrganisationMember, Role, User
from socialchallenge.places.demo import seed_places
from socialchallenge.secretariat.demo import seed_resources
from socialchallenge.security import hash_password
from socialchallenge.solutions.demo import seed_team_asks
from socialchallenge.timeutil import utcnow

DEMO_PASSWORD = "demo-password"

DEMO_USERS = [
    ("admin@demo.socialchallenge.kr", "운영자 Admin", Role.admin),
    ("staff@demo.socialchallenge.kr", "사무국 김지원", Role.secretariat),
    ("citizen@demo.socialchallenge.kr", "시민 이하늘", Role.member),
    ("solver@demo.socialchallenge.kr", "해결사 박민수", Role.member),
    ("solver2@demo.socialchallenge.kr", "Jamie Solver", Role.member),
    ("backer@demo.socialchallenge.kr", "후원자 최유나", Role.member),
    ("neighbour@demo.socialchallenge.kr", "이웃 정다은", Role.member),
]

# The demo's chapters, run in this order after the accounts exist: challenges and their solutions first, then what
# refers to them. Each seeder must itself be idempotent. A feature adds its seeder here, in its place in the story.
SEEDERS: list[Callable[[Session, dict[str, User]], None]] = [
    seed_pipeline,
    seed_crowdfunding,
    seed_call,
    seed_resources,
    seed_outcomes,
    seed_team_asks,
    seed_impact,
    seed_events,
    seed_places,
]
_REGISTERED: list[tuple[int, Callable[[Session, dict[str, User]], None]]] = []


def seeder(fn=None, *, order: int = 50):
    """Deprecated: add the seeder to SEEDERS instead. Still runs what registers itself, after SEEDERS, by `order`."""
    def register(fn):
        _REGISTERED.append((order, fn))
        return fn
    return register(fn) if fn is not None else register


def ensure_user(session: Session, email: str, name: str, role: Role, password_hash: Callable[[], str] | None = None
                ) -> User:
    """The demo user with this email, created if missing."""
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        digest = password_hash() if password_hash else hash_password(DEMO_PASSWORD)
        user = User(email=email, name=name, role=role, password_hash=digest)
        session.add(user)
        session.flush()
    return user


def seed_accounts(session: Session) -> dict[str, User]:
    """Demo users and one verified organisation, keyed by the email's local part."""
    hashed: list[str] = []

    def shared_hash() -> str:  # one argon2 hash (salted) for the shared demo password: seconds saved per account
        if not hashed:
            hashed.append(hash_password(DEMO_PASSWORD))
        return hashed[0]

    people = {email.split("@")[0]: ensure_user(session, email, name, role, shared_hash)
              for email, name, role in DEMO_USERS}
    org = session.scalar(select(Organisation).where(Organisation.name == "서울시 마포구청"))
    if org is None:
        org = Organisation(name="서울시 마포구청", kind=OrganisationKind.public_body, verified=True,
                           description="마포구 주민 생활 문제를 함께 푸는 구청입니다. Mapo District Office.")
        session.add(org)
        session.flush()
        session.add(OrganisationMember(organisation_id=org.id, user_id=people["citizen"].id, is_admin=True))
    return people


def news_in_order(session: Session, after_id: int) -> None:
    """Number the notifications the seeders wrote in the order they happened: each seeder tells its part of the story
    from the start, and the notifications page lists by number, newest first."""
    table = Notification.__table__
    session.flush()
    rows = session.execute(select(table).where(table.c.id > after_id)
                           .order_by(table.c.created_at, table.c.id)).mappings().all()
    if not rows:
        return
    for item in [o for o in session.identity_map.values() if isinstance(o, Notification)]:
        session.expunge(item)  # their numbers change below
    session.execute(table.delete().where(table.c.id > after_id))
    session.execute(table.insert(), [{k: v for k, v in row.items() if k != "id"} for row in rows])


def read_old_news(session: Session, people: dict[str, User]) -> None:
    """Demo members have read their news of more than three weeks ago; what is newer waits for them."""
    now = utcnow()
    session.execute(update(Notification).where(
        Notification.user_id.in_([u.id for u in people.values()]), Notification.read_at.is_(None),
        Notification.created_at < now - timedelta(days=21)).values(read_at=now - timedelta(days=20)))


@click.group()
def demo() -> None:
    """Demo data for trying the platform locally."""


@demo.command("seed")
@with_appcontext
def seed() -> None:
    """Create demo accounts and content; running it again changes nothing."""
    people = seed_accounts(db.session)
    news_before = latest_ids(db.session, [Notification.__table__])[0] or 0
    for fn in [*SEEDERS, *(fn for _order, fn in sorted(_REGISTERED, key=lambda item: item[0]))]:
        fn(db.session, people)
    news_in_order(db.session, news_before)
    read_old_news(db.session, people)
    db.session.commit()
    click.echo(f"Demo data ready. Sign in as any of these with password {DEMO_PASSWORD!r}:")
    for email, name, role in DEMO_USERS:
        click.echo(f"  {email:36} {role.value:12} {name}")
