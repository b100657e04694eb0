"""Campaigns: the crowdfunding round of a solution, starting with the secretariat's review."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Enum, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.models.solutions import FundingModel
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import User
    from socialchallenge.models.solutions import Solution


class CampaignStatus(str, enum.Enum):
    """review → live → succeeded | failed; cancelled when review asks for changes or the selection is withdrawn."""

    review = "review"
    live = "live"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


OPEN_STATUSES = "status IN ('review', 'live')"


CAMPAIGNS_FILLFACTOR = 85


class Campaign(db.Model):
    """A solution's crowdfunding round. Goal and optimum are copied from the budget when review is asked."""

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("goal >= 0", name="goal_positive"),
        CheckConstraint("optimum >= goal", name="optimum_at_least_goal"),
        CheckConstraint("campaign_days BETWEEN 1 AND 60", name="campaign_days_range"),
        # At most one campaign in review or live per solution: the backstop behind the pipeline's row locks.
        Index("uq_campaigns_one_open_per_solution", "solution_id", unique=True,
              postgresql_where=text(OPEN_STATUSES), sqlite_where=text(OPEN_STATUSES)),
        # Every pledge updates its campaign's totals. Room left on each page lets PostgreSQL rewrite the row in place
        # (a HOT update: no new entry in the table's five indexes); full pages sent 80% of the updates elsewhere.
        # Migration 0030 sets it on existing databases.
        {"postgresql_with": {"fillfactor": CAMPAIGNS_FILLFACTOR}},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id"), index=True)
    status: Mapped[CampaignStatus] = mapped_column(
        Enum(CampaignStatus, name="campaign_status", native_enum=False, length=20),
        default=CampaignStatus.review,
        index=True,
    )
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_message: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    launched_at: Mapped[datetime | None] = mapped_column(DateTime)
    deadline: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    goal: Mapped[int] = mapped_column(Integer)
    optimum: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    funding_model: Mapped[FundingModel] = mapped_column(
        Enum(FundingModel, name="funding_model", native_enum=False, length=20)
    )
    campaign_days: Mapped[int] = mapped_column(Integer)
    # --- Crowdfunding totals (issue 5, socialchallenge/funding): running sums of the ledger, changed only by
    # atomic UPDATEs in the same transaction as the ledger entry, so `flask campaigns reconcile` always agrees.
    pledged: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    collected: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    backers: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Money from a call (issue 15): matched from its matchfunding pool, and the prize; never citizens' money.
    matched: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    prize: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # Money the secretariat recorded from outside the site (grants, transfers): not citizens' pledges, no backers.
    contributed: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    settled_at: Mapped[datetime | None] = mapped_column(DateTime)
    # --- end crowdfunding totals

    solution: Mapped[Solution] = relationship(back_populates="campaigns")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def raised(self) -> int:
        """What counts towards the goal: citizens' pledges, matched money, prize money and other contributions."""
        return (self.pledged or 0) + (self.matched or 0) + (self.prize or 0) + (self.contributed or 0)

    @property
    def is_live_or_done(self) -> bool:
        """Whether the campaign went live (a selection can no longer be withdrawn)."""
        return self.status in (CampaignStatus.live, CampaignStatus.succeeded)
