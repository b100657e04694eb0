"""Builders for test data: short calls instead of long setup."""

from __future__ import annotations

import itertools

from socialchallenge.extensions import db
from socialchallenge.models import Organisation, OrganisationKind, OrganisationMember, Role, User
from socialchallenge.security import hash_password

PASSWORD = "correct horse battery"
_HASH = None
_seq = itertools.count(1)


def _password_hash() -> str:
    # Hashing with argon2 is deliberately slow; builders share one hash of the default password.
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


def make_user(name: str | None = None, role: Role | str = Role.member, email: str | None = None, **extra) -> User:
    """A saved user whose password is PASSWORD."""
    n = next(_seq)
    user = User(
        email=email or f"user{n}@example.org",
        name=name or f"User {n}",
        role=Role(role),
        password_hash=_password_hash(),
        **extra,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_organisation(
    name: str | None = None,
    admins: list[User] = (),
    members: list[User] = (),
    kind: OrganisationKind = OrganisationKind.community_group,
    verified: bool = False,
) -> Organisation:
    """A saved organisation with the given admins and members."""
    org = Organisation(name=name or f"Organisation {next(_seq)}", kind=kind, verified=verified)
    db.session.add(org)
    db.session.flush()
    for user in admins:
        db.session.add(OrganisationMember(organisation_id=org.id, user_id=user.id, is_admin=True))
    for user in members:
        db.session.add(OrganisationMember(organisation_id=org.id, user_id=user.id, is_admin=False))
    db.session.commit()
    return org
