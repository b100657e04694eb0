"""Accounts: users with roles, organisations and their members, API tokens, password resets."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from socialchallenge.core.text import comparison_key
from socialchallenge.extensions import db
from socialchallenge.timeutil import utcnow


class Role(str, enum.Enum):
    """What a user may do on the platform; each role includes the ones before it."""

    member = "member"
    secretariat = "secretariat"
    admin = "admin"


class OrganisationKind(str, enum.Enum):
    """The kinds of organisation that post challenges and offer resources."""

    public_body = "public_body"
    company = "company"
    non_profit = "non_profit"
    university = "university"
    community_group = "community_group"


def _new_session_nonce() -> str:
    return secrets.token_hex(8)


class User(UserMixin, db.Model):
    """A registered person. Email is stored lower-cased and unique."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", native_enum=False, length=20), default=Role.member
    )
    locale: Mapped[str | None] = mapped_column(String(5))
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    # Changing the nonce signs out every session of this user (password reset, suspension).
    session_nonce: Mapped[str] = mapped_column(String(16), default=_new_session_nonce)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    memberships: Mapped[list[OrganisationMember]] = relationship(back_populates="user")

    def get_id(self) -> str:
        """Flask-Login's identity: id plus nonce, so a new nonce ends old sessions."""
        return f"{self.id}:{self.session_nonce}"

    def renew_session_nonce(self) -> None:
        """Invalidate every existing session of this user."""
        self.session_nonce = _new_session_nonce()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return not self.suspended

    @property
    def is_secretariat(self) -> bool:
        """Secretariat staff and admins."""
        return self.role in (Role.secretariat, Role.admin)

    @property
    def is_admin(self) -> bool:
        """Operators."""
        return self.role == Role.admin


class Organisation(db.Model):
    """A public body, company, non-profit, university or community group."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The name as look-alikes share it (core.text.comparison_key): unique, so "Ｍａｎｇｗｏｎ" or a name padded with
    # zero-width spaces cannot pose as an existing organisation, even when two are created at once.
    name_key: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        Enum(OrganisationKind, name="organisation_kind", native_enum=False, length=20)
    )
    description: Mapped[str] = mapped_column(String(2000), default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    members: Mapped[list[OrganisationMember]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan",
        order_by="(OrganisationMember.joined_at, OrganisationMember.user_id)",  # in the order they joined
    )

    @validates("name")
    def _keep_name_key(self, _key: str, name: str) -> str:
        self.name_key = comparison_key(name)
        return name


class OrganisationMember(db.Model):
    """A user's membership of an organisation; admins may post and manage on its behalf."""

    __tablename__ = "organisation_members"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    user: Mapped[User] = relationship(back_populates="memberships")


class ApiToken(db.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()


class PasswordReset(db.Model):
    """A single-use, expiring password reset link. Only the token's digest is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
