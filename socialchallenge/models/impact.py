"""Impact indicators of a solution with their measured values, and a challenge's own questions with the answers."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.models.solutions import Stage
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import User
    from socialchallenge.models.attachments import Attachment


class IndicatorKind(str, enum.Enum):
    """Sharing Seoul's sharing-value measures, and "other"."""

    resources_shared = "resources_shared"
    participants = "participants"
    activity_results = "activity_results"
    connection = "connection"  # connection and co-production
    other = "other"


class QuestionKind(str, enum.Enum):
    """How a challenge's question is answered."""

    short_text = "short_text"
    long_text = "long_text"
    choice = "choice"


def _enum(cls, name: str, length: int = 20) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length)


class Indicator(db.Model):
    """One impact indicator a team declares at proposal: what it counts, from where (baseline) to where (target)."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(40))
    kind: Mapped[IndicatorKind] = mapped_column(_enum(IndicatorKind, "indicator_kind"))
    baseline: Mapped[int] = mapped_column(Integer, default=0)
    target: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="(IndicatorValue.measured_on, "
        "IndicatorValue.id)", passive_deletes=True)

    @property
    def actual(self) -> int:
        """What has been measured so far: each value counts what happened since the one before, so they add up."""
        return sum(v.value for v in self.values)

    @property
    def percent(self) -> int:
        """The actual as a share of the target, in whole percent (0 when the target is 0)."""
        return round(100 * self.actual / self.target) if self.target else 0


class IndicatorValue(db.Model):
    """A value the team measured during the experiment, with its date and optional evidence (a file or a link)."""

    __tablename__ = "indicator_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date] = mapped_column(Date, index=True)
    value: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    # A file of the solution (uploaded through the attachments service) that backs the figure up.
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="SET NULL"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
    evidence: Mapped[Attachment | None] = relationship()
    author: Mapped[User] = relationship()


class ChallengeQuestion(db.Model):
    """A question the challenge's owner or the secretariat asks every solution, at a chosen stage."""

    __tablename__ = "challenge_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    prompt: Mapped[str] = mapped_column(String(200))
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind, "question_kind"))
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    # False: the answers are for the challenge's owner side, the secretariat and the answering team only.
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "solution_stage"), default=Stage.idea)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SolutionAnswer(db.Model):
    """A solution's answer to one of its challenge's questions."""

    __tablename__ = "solution_answers"

    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("challenge_questions.id", ondelete="CASCADE"),
                                             primary_key=True, index=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    question: Mapped[ChallengeQuestion] = relationship()
