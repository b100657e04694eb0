"""Teams by consent: invitations a person accepts or declines, and requests to join that the team answers."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, Enum, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import User
    from socialchallenge.models.solutions import Solution

# Only one open ask per person and team; the database refuses a second even when two requests race.
_PENDING = text("status = 'pending'")


class TeamAskStatus(str, enum.Enum):
    """An invitation or a request to join: open until it is answered or withdrawn (or its time runs out)."""

    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"


def _status() -> Enum:
    return Enum(TeamAskStatus, name="team_ask_status", native_enum=False, length=10)


class _Ask:
    """What an invitation and a request to join share: when it was made, until when it holds, how it ended."""

    @property
    def expired(self) -> bool:
        """An open ask past its time; it can no longer be answered."""
        return self.status == TeamAskStatus.pending and self.expires_at <= utcnow()

    @property
    def state(self) -> str:
        """pending, accepted, declined, withdrawn or expired."""
        return "expired" if self.expired else self.status.value

    @property
    def is_open(self) -> bool:
        """Pending and not yet expired."""
        return self.status == TeamAskStatus.pending and not self.expired


class TeamInvitation(_Ask, db.Model):
    """The team asks the holder of an email address to join; kept by address, so the team never learns from it
    whether the address has an account, and someone who signs up later with it still finds it."""

    __tablename__ = "team_invitations"
    __table_args__ = (
        Index("uq_team_invitations_pending", "solution_id", "email", unique=True,
              sqlite_where=_PENDING, postgresql_where=_PENDING),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[TeamAskStatus] = mapped_column(_status(), default=TeamAskStatus.pending)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Who accepted or declined (the invitee) or withdrew it (a team member).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    solution: Mapped[Solution] = relationship()
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class JoinRequest(_Ask, db.Model):
    """A member asks to join a team; any member of the team accepts or declines."""

    __tablename__ = "join_requests"
    __table_args__ = (
        Index("uq_join_requests_pending", "solution_id", "user_id", unique=True,
              sqlite_where=_PENDING, postgresql_where=_PENDING),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TeamAskStatus] = mapped_column(_status(), default=TeamAskStatus.pending)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Who accepted or declined it (a team member) or withdrew it (the member who asked).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    solution: Mapped[Solution] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
