"""Calls for challenges: an organiser's round with dates and terms (prize money, mentoring), its matchfunding pool,
the prizes awarded to picked solutions and the mentoring check-in reminders sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import Organisation, User
    from socialchallenge.models.solutions import Solution

MAX_WINNERS = 3


class Call(db.Model):
    """A call for challenges: who organises it, when it takes challenges, what it offers the picked solutions."""

    __tablename__ = "calls"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("prize_per_winner >= 0", name="prize_not_negative"),
        CheckConstraint(f"winners BETWEEN 0 AND {MAX_WINNERS}", name="winners_range"),
        CheckConstraint("mentoring_months BETWEEN 0 AND 24", name="mentoring_months_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    opens_at: Mapped[datetime] = mapped_column(DateTime)
    closes_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    # Eligible areas (names as challenges give them) and SDG numbers; empty lists mean any.
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    sdgs: Mapped[list[int]] = mapped_column(JSON, default=list)
    currency: Mapped[str] = mapped_column(String(3))
    prize_per_winner: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    winners: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mentoring_months: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organiser: Mapped[Organisation] = relationship()
    pool: Mapped[MatchPool | None] = relationship(back_populates="call", uselist=False)

    def is_open_at(self, now: datetime) -> bool:
        """Whether the call takes challenges at `now`."""
        return self.opens_at <= now < self.closes_at


class MatchPool(db.Model):
    """A funder's matchfunding pool on a call (Goteo): each eligible pledge is matched at `ratio`, at most
    `cap_per_campaign` per campaign and never beyond `amount`. `committed` is the running sum of its ledger entries."""

    __tablename__ = "match_pools"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("ratio BETWEEN 1 AND 5", name="ratio_range"),
        CheckConstraint("cap_per_campaign > 0", name="cap_positive"),
        # The database itself refuses to match beyond the pool, whatever the application does.
        CheckConstraint("committed >= 0 AND committed <= amount", name="within_pool"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), unique=True)
    funder_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    ratio: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    cap_per_campaign: Mapped[int] = mapped_column(BigInteger)
    committed: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set once, when the funder was told what the ended call left of the pool (and how much that was).
    reported_at: Mapped[datetime | None] = mapped_column(DateTime)
    reported_unused: Mapped[int | None] = mapped_column(BigInteger)

    call: Mapped[Call] = relationship(back_populates="pool")
    funder: Mapped[Organisation] = relationship()

    @property
    def left(self) -> int:
        """What the pool can still match."""
        return max(self.amount - self.committed, 0)


class PrizeAward(db.Model):
    """A call's prize money for a picked solution, given once the secretariat confirmed the pick; it opens the
    mentoring period."""

    __tablename__ = "prize_awards"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None when the prize came from a single challenge's own terms (the secretariat gives it).
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    # Unique: a solution's prize is counted once, however often the pick is confirmed.
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id"), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    mentoring_starts: Mapped[date | None] = mapped_column(Date)
    mentoring_ends: Mapped[date | None] = mapped_column(Date)

    call: Mapped[Call | None] = relationship()
    solution: Mapped[Solution] = relationship()
    confirmed_by: Mapped[User | None] = relationship()


class CheckinReminder(db.Model):
    """A reminder sent to a solution's mentors for a missed monthly check-in (one per award and month)."""

    __tablename__ = "checkin_reminders"

    award_id: Mapped[int] = mapped_column(ForeignKey("prize_awards.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
