"""Secretariat: hearing sheets, mentors and their log, rubric scores, the resource catalogue and the audit log."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.models.accounts import Organisation, User
from socialchallenge.models.campaigns import Campaign
from socialchallenge.models.places import District
from socialchallenge.models.solutions import Solution
from socialchallenge.timeutil import utcnow

RUBRIC_CRITERIA = ("sdg_fit", "inclusion", "openness", "vulnerable_priority", "collaboration", "feasibility",
                   "interconnectedness")


def _enum(cls, name: str, length: int = 20) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length)


class ResourceKind(str, enum.Enum):
    """What a catalogue resource is."""

    space = "space"
    equipment = "equipment"
    data_set = "data_set"
    fund = "fund"
    expertise = "expertise"


class RequestStatus(str, enum.Enum):
    """A team's request for a resource, until the secretariat grants or declines it."""

    requested = "requested"
    granted = "granted"
    declined = "declined"


class HearingSheet(db.Model):
    """The secretariat's checklist for a campaign review, saved with the decision and its message."""

    __tablename__ = "hearing_sheets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text, default="")
    # {check key: true/false}; the keys and their wording live in secretariat/reviews.py CHECKLIST.
    checks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    campaign: Mapped[Campaign] = relationship()
    reviewer: Mapped[User] = relationship()


class MentorAssignment(db.Model):
    """A secretariat user mentoring a solution's team."""

    __tablename__ = "mentor_assignments"

    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])


class MentoringNote(db.Model):
    """An entry of a solution's private mentoring log: when the team met, what was said, what was agreed."""

    __tablename__ = "mentoring_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    met_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text)
    next_steps: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    author: Mapped[User] = relationship()


class RubricScore(db.Model):
    """A secretariat user's evaluation of a solution against the rubric (each criterion 1–5)."""

    __tablename__ = "rubric_scores"
    __table_args__ = (
        UniqueConstraint("solution_id", "evaluator_id"),
        *(CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_range") for name in RUBRIC_CRITERIA),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sdg_fit: Mapped[int] = mapped_column(Integer)
    inclusion: Mapped[int] = mapped_column(Integer)
    openness: Mapped[int] = mapped_column(Integer)
    vulnerable_priority: Mapped[int] = mapped_column(Integer)
    collaboration: Mapped[int] = mapped_column(Integer)
    feasibility: Mapped[int] = mapped_column(Integer)
    # Sharing Seoul's fifth value (issue 16); scores given before it was added have none.
    interconnectedness: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    evaluator: Mapped[User] = relationship()
    solution: Mapped[Solution] = relationship()

    @property
    def total(self) -> int:
        """The sum of the criteria scored (7–35; older scores lack interconnectedness)."""
        return sum(getattr(self, name) or 0 for name in RUBRIC_CRITERIA)


class Resource(db.Model):
    """A space, piece of equipment, data set, fund or expertise that an organisation offers to projects."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[ResourceKind] = mapped_column(_enum(ResourceKind, "resource_kind"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String(120), index=True)
    # Issue 16: the district from the standard list (nullable until assigned) and an optional map point.
    district_code: Mapped[str | None] = mapped_column(
        ForeignKey("districts.code"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    district: Mapped[District | None] = relationship()


class ResourceRequest(db.Model):
    """A team's request to use a resource for its solution, brokered by the secretariat."""

    __tablename__ = "resource_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), index=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(_enum(RequestStatus, "resource_request_status"),
                                                  default=RequestStatus.requested, index=True)
    decision_message: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    resource: Mapped[Resource] = relationship()
    solution: Mapped[Solution] = relationship()
    requester: Mapped[User] = relationship(foreign_keys=[requester_id])


class AuditEntry(db.Model):
    """One staff action: who did what to which item, when, and the item before and after (read-only)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()
