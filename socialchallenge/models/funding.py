"""Crowdfunding money and skills: pledges, the append-only ledger, rewards, skill needs and offers, Stripe events."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import User
    from socialchallenge.models.campaigns import Campaign


def _enum(cls, name: str, length: int = 20) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length)


class PledgeStatus(str, enum.Enum):
    """pending → authorized (card saved) or collected → refunded; released if not charged; failed if a charge was."""

    pending = "pending"
    authorized = "authorized"
    collected = "collected"
    refunded = "refunded"
    released = "released"
    failed = "failed"


class LedgerKind(str, enum.Enum):
    """What a ledger entry moves: pledged and collected add, released and refunded take back."""

    pledged = "pledged"
    collected = "collected"
    released = "released"
    refunded = "refunded"
    # Money from a call (issue 15): a pool's match of a pledge and its return to the pool; a prize.
    matched = "matched"
    unmatched = "unmatched"
    prize = "prize"


class SkillOfferStatus(str, enum.Enum):
    """A member's offer of hours, until the team accepts or declines it."""

    offered = "offered"
    accepted = "accepted"
    declined = "declined"


class Reward(db.Model):
    """A thank-you for backers who give at least `min_amount`; `quantity` None means unlimited."""

    __tablename__ = "rewards"
    __table_args__ = (
        CheckConstraint("min_amount > 0", name="min_amount_positive"),
        CheckConstraint("claimed >= 0", name="claimed_not_negative"),
        # The database itself refuses to oversell, whatever the application does.
        CheckConstraint("quantity IS NULL OR claimed <= quantity", name="not_oversold"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    min_amount: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int | None] = mapped_column(Integer)
    claimed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def left(self) -> int | None:
        """How many are left, or None when unlimited."""
        return None if self.quantity is None else max(self.quantity - self.claimed, 0)


ONE_UNPAID_PLEDGE = "uq_pledges_one_unpaid"
UNPAID = "status = 'pending'"


class Pledge(db.Model):
    """A backer's promise of money to a campaign, and where its payment stands."""

    __tablename__ = "pledges"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        # One unpaid pledge per member and campaign, so nobody holds every unit of a limited reward without paying:
        # the database decides between two pledges made at once (the second waits for the first, then fails).
        Index(ONE_UNPAID_PLEDGE, "campaign_id", "backer_id", unique=True,
              postgresql_where=text(UNPAID), sqlite_where=text(UNPAID)),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    # None for money the secretariat records from outside (a grant); `note` then says who gave it.
    backer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    reward_id: Mapped[int | None] = mapped_column(ForeignKey("rewards.id"))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[PledgeStatus] = mapped_column(_enum(PledgeStatus, "pledge_status"), default=PledgeStatus.pending,
                                                 index=True)
    provider: Mapped[str] = mapped_column(String(20))
    checkout_session_id: Mapped[str | None] = mapped_column(String(255), index=True)
    customer_id: Mapped[str | None] = mapped_column(String(255))
    setup_intent_id: Mapped[str | None] = mapped_column(String(255))
    payment_method_id: Mapped[str | None] = mapped_column(String(255))
    payment_intent_id: Mapped[str | None] = mapped_column(String(255), index=True)
    charge_error: Mapped[str] = mapped_column(String(100), default="")
    # Set while a worker charges the card, so two workers do not both try (the idempotency key is the backstop).
    charging_since: Mapped[datetime | None] = mapped_column(DateTime)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime)
    retry_until: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    campaign: Mapped[Campaign] = relationship()
    backer: Mapped[User | None] = relationship()
    reward: Mapped[Reward | None] = relationship()


class PledgeMonth(db.Model):
    """What the secretariat statistics count of a campaign's pledges in one month (of `pledges.created_at`): the
    money and the number of pledges authorized or collected. Kept by database triggers on `pledges` in the
    same transaction as every insert, change of status, amount or date, and delete (migration 0027), so the
    statistics add up a few rows per campaign instead of every pledge. A row may fall to 0 pledges (skipped)."""

    __tablename__ = "pledge_months"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # 'YYYY-MM'
    # The campaign's challenge (its solution's), so the statistics join one table, not three.
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    pledges: Mapped[int] = mapped_column(Integer, default=0)


class LedgerEntry(db.Model):
    """One movement of money on a campaign; never updated or deleted. Campaign totals are its running sums."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    # The pledge moved, or the pledge a match is for; None for a prize.
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id"), index=True)
    pool_id: Mapped[int | None] = mapped_column(ForeignKey("match_pools.id"), index=True)
    award_id: Mapped[int | None] = mapped_column(ForeignKey("prize_awards.id"), index=True)
    kind: Mapped[LedgerKind] = mapped_column(_enum(LedgerKind, "ledger_kind"))
    amount: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class SkillNeed(db.Model):
    """A skill the team asks for, with the hours it needs."""

    __tablename__ = "skill_needs"
    __table_args__ = (CheckConstraint("hours > 0", name="hours_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    skill: Mapped[str] = mapped_column(String(80))
    hours: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    offers: Mapped[list[SkillOffer]] = relationship(back_populates="need", cascade="all, delete-orphan",
                                                    order_by="SkillOffer.id")


class SkillOffer(db.Model):
    """A member's offer of hours towards a skill need."""

    __tablename__ = "skill_offers"
    __table_args__ = (
        CheckConstraint("hours > 0", name="hours_positive"),
        UniqueConstraint("need_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("skill_needs.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    hours: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[SkillOfferStatus] = mapped_column(_enum(SkillOfferStatus, "skill_offer_status"),
                                                     default=SkillOfferStatus.offered)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    need: Mapped[SkillNeed] = relationship(back_populates="offers")
    member: Mapped[User] = relationship()


class ProcessedEvent(db.Model):
    """A Stripe event already handled; the primary key makes a second delivery fail to insert."""

    __tablename__ = "processed_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
