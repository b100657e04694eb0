"""Challenges (stage 1 of the pipeline): the problem, its topics, SDGs, selection threshold and status."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.core.ranges import MIN_SOLUTIONS_DEFAULT, MIN_SOLUTIONS_MAX, MIN_SOLUTIONS_MIN, SDG_MAX, SDG_MIN
from socialchallenge.extensions import db
from socialchallenge.models.textindex import Grams
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import Organisation, User
    from socialchallenge.models.attachments import Attachment
    from socialchallenge.models.calls import Call
    from socialchallenge.models.impact import ChallengeQuestion
    from socialchallenge.models.places import District
    from socialchallenge.models.solutions import Solution


class ChallengeStatus(str, enum.Enum):
    """`open` takes solutions; `closed` by the owner, the secretariat or on adoption."""

    open = "open"
    closed = "closed"


challenge_tags = Table(
    "challenge_tags",
    db.metadata,
    Column("challenge_id", ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    """A topic shared by challenges; names are stored trimmed and lower-cased so filters match."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)


class ChallengeSdg(db.Model):
    """One UN Sustainable Development Goal (1–17) a challenge relates to; a row each so SDG filters use an index."""

    __tablename__ = "challenge_sdgs"
    __table_args__ = (CheckConstraint(f"sdg BETWEEN {SDG_MIN} AND {SDG_MAX}", name="sdg_range"),)

    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True)
    sdg: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class Challenge(db.Model):
    """A local problem posted by a member, optionally on behalf of an organisation."""

    __tablename__ = "challenges"
    __table_args__ = (
        CheckConstraint(f"min_solutions BETWEEN {MIN_SOLUTIONS_MIN} AND {MIN_SOLUTIONS_MAX}",
                        name="min_solutions_range"),
        CheckConstraint("supports_count >= 0", name="supports_count_positive"),
        CheckConstraint("prize_per_winner >= 0 AND prize_winners BETWEEN 0 AND 3 AND mentoring_months BETWEEN 0 AND 24",
                        name="prize_terms_range"),
        CheckConstraint("solutions_count >= 0", name="solutions_count_positive"),
        # Lists and counts of visible challenges (by status, newest first) read this index alone: the challenge
        # list's total went from a scan of the table (82 ms at 100,000 challenges) to an index-only scan (17 ms).
        Index("ix_challenges_visible_status", "hidden", "status", "created_at"),
        # The secretariat statistics group every challenge by these columns and join solutions to them: read
        # from this index alone (index-only scan), not from the wide rows (issue 17 goal 5; migration 0024).
        Index("ix_challenges_stats", "id", "area", "district_code", "created_at", "merged_into_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    problem: Mapped[str] = mapped_column(Text)
    affected: Mapped[str] = mapped_column(Text)
    # The finer place in words (a neighbourhood, a street); the district is picked from the standard list.
    area: Mapped[str] = mapped_column(String(120), index=True)
    # Issue 16: the district (nullable: old free-text areas that matched none wait in the secretariat's queue)
    # and an optional map point.
    district_code: Mapped[str | None] = mapped_column(
        ForeignKey("districts.code"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    status: Mapped[ChallengeStatus] = mapped_column(
        Enum(ChallengeStatus, name="challenge_status", native_enum=False, length=10),
        default=ChallengeStatus.open,
        index=True,
    )
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    min_solutions: Mapped[int] = mapped_column(Integer, default=MIN_SOLUTIONS_DEFAULT)
    # Prize and mentoring terms of a challenge in no call (a call's terms win); the secretariat sets them.
    prize_per_winner: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    prize_winners: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mentoring_months: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    solution_deadline: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # use_alter: challenges and solutions point at each other, so this key is added after both tables exist.
    adopted_solution_id: Mapped[int | None] = mapped_column(
        ForeignKey("solutions.id", use_alter=True, name="fk_challenges_adopted_solution_id_solutions")
    )
    # Denormalised counters so lists sort and show them without counting per row.
    supports_count: Mapped[int] = mapped_column(Integer, default=0)
    solutions_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Search (models/textindex.py), rewritten on every write by models.search; deferred: pages never load them.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    search_grams: Mapped[list[str]] = mapped_column(Grams, default=list, deferred=True)
    # Secretariat curation (issue 6): when it was last curated, and the original a duplicate was merged into.
    curated_at: Mapped[datetime | None] = mapped_column(DateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id"))
    # One of its images, shown on its page and cards (use_alter: attachments point back at challenges).
    cover_id: Mapped[int | None] = mapped_column(ForeignKey(
        "attachments.id", use_alter=True, name="fk_challenges_cover_id_attachments"))
    # The call it was submitted into (issue 15), if any; a challenge outside any call works as before.
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    cover: Mapped[Attachment | None] = relationship(foreign_keys=[cover_id])
    organisation: Mapped[Organisation | None] = relationship()
    district: Mapped[District | None] = relationship()
    call: Mapped[Call | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=challenge_tags, order_by=Tag.name)
    sdg_rows: Mapped[list[ChallengeSdg]] = relationship(
        cascade="all, delete-orphan", order_by=ChallengeSdg.sdg, passive_deletes=True
    )
    # Every solution (hundreds on a busy challenge): loaded on purpose by the pages that show them, never by
    # accident (lazy="raise": touching it unloaded is an error, not a hidden query per challenge on a list).
    solutions: Mapped[list[Solution]] = relationship(
        back_populates="challenge", foreign_keys="Solution.challenge_id", order_by="Solution.id", lazy="raise"
    )
    # Read-only view of the picked solutions, loadable in one query for a whole page of challenges.
    selected_solutions: Mapped[list[Solution]] = relationship(
        primaryjoin="and_(Solution.challenge_id == Challenge.id, Solution.selected.is_(True))",
        viewonly=True,
        order_by="Solution.id",
        lazy="raise",
    )
    # Its own questions (at most 10), asked of every solution at a chosen stage: models/impact.py.
    questions: Mapped[list[ChallengeQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="ChallengeQuestion.position", passive_deletes=True)

    @property
    def sdgs(self) -> list[int]:
        """The SDG numbers, ascending."""
        return [row.sdg for row in self.sdg_rows]

    @property
    def tag_names(self) -> list[str]:
        """The topic names, alphabetical."""
        return [tag.name for tag in self.tags]

    @property
    def picked_count(self) -> int:
        """How many solutions the owner picked (a card shows it)."""
        return len(self.selected_solutions)

    @property
    def is_open(self) -> bool:
        """Whether the challenge takes new solutions (deadline aside)."""
        return self.status == ChallengeStatus.open
