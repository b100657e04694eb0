"""Solutions (stages 2–6): stage fields, budget lines, teams, public history, progress updates, evaluations."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
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
from socialchallenge.models.textindex import Grams
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import User
    from socialchallenge.models.attachments import Attachment
    from socialchallenge.models.campaigns import Campaign
    from socialchallenge.models.challenges import Challenge
    from socialchallenge.models.impact import Indicator, SolutionAnswer


class Stage(str, enum.Enum):
    """The stages a solution moves through, in order."""

    idea = "idea"
    proposal = "proposal"
    crowdfunding = "crowdfunding"
    experiment = "experiment"
    learnings = "learnings"

    @property
    def index(self) -> int:
        """Position in the pipeline (idea = 0), for "at this stage or later" checks."""
        return list(Stage).index(self)

    @property
    def next(self) -> Stage | None:
        """The following stage, or None after learnings."""
        order = list(Stage)
        return order[self.index + 1] if self.index + 1 < len(order) else None


class FundingModel(str, enum.Enum):
    """All-or-nothing collects only when the goal is met; keep-it-all collects whatever is pledged."""

    all_or_nothing = "all_or_nothing"
    keep_it_all = "keep_it_all"


class GoalAchievement(str, enum.Enum):
    """How far the experiment met its goal, as the team judges it in the learnings."""

    not_met = "not_met"
    partly_met = "partly_met"
    met = "met"
    exceeded = "exceeded"


class TeamRole(str, enum.Enum):
    """The lead is the author (or the longest-standing member after the author leaves)."""

    lead = "lead"
    member = "member"


class EventKind(str, enum.Enum):
    """What a public history entry records."""

    created = "created"
    transition = "transition"
    selection = "selection"
    deselection = "deselection"
    adoption = "adoption"
    review_requested = "review_requested"
    review_decision = "review_decision"
    evaluation = "evaluation"
    team_joined = "team_joined"  # before teams by consent: a member added someone (the message names them)
    team_left = "team_left"
    member_joined = "member_joined"  # the actor joined: they accepted an invitation, or the team their request
    outcome = "outcome"  # the public answer to an unpicked solution when its challenge closed (message: the reason)
    carried_over = "carried_over"  # the team carried it to another challenge (message: that challenge's title)


class Outcome(str, enum.Enum):
    """What became of a solution that was not picked when its challenge closed."""

    not_selected = "not_selected"  # it reached the proposal stage (a candidate) but was not picked
    archived = "archived"  # it stayed an idea, so it could not be picked


def _enum(cls, name: str, length: int = 20) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length)


class Solution(db.Model):
    """A team's answer to a challenge; the columns are the stage fields of SPEC §2.1."""

    __tablename__ = "solutions"
    __table_args__ = (
        CheckConstraint("campaign_days BETWEEN 1 AND 60", name="campaign_days_range"),
        CheckConstraint("supports_count >= 0", name="supports_count_positive"),
        # The secretariat statistics read these columns of every solution: from this index alone, not from the
        # wide rows with all the stage texts (issue 17 goal 5; migration 0024).
        # With the furthest stage reached (migration 0027).
        Index("ix_solutions_stats", "id", "challenge_id", "stage", "created_at", "furthest_entered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"), index=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "solution_stage"), default=Stage.idea, index=True)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)
    selected_at: Mapped[datetime | None] = mapped_column(DateTime)
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)
    # An answer for every idea (issue 15): the owner's reason may be written before the challenge closes (with the
    # selection); it is public once `outcome` is set, when the challenge closes with this solution unpicked.
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome, "solution_outcome"))
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    outcome_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A copy carried from an unpicked solution of another challenge (the original lists its copies by this key).
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id"), index=True)
    # Denormalised like Challenge.supports_count, so cards show it without counting per row.
    supports_count: Mapped[int] = mapped_column(Integer, default=0)
    # The furthest stage a transition ever took the solution to (its position in `Stage`; idea = 0 when none): with
    # its stage now, how far it got, so one moved back still counts as having got that far. Kept by a database
    # trigger on solution_events (migration 0027); never written by the app.
    furthest_entered: Mapped[int] = mapped_column(Integer, server_default=text("0"))

    # idea
    title: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # proposal
    experiment_plan: Mapped[str] = mapped_column(Text, default="")
    experiment_goal: Mapped[str] = mapped_column(Text, default="")
    already_tested: Mapped[str] = mapped_column(Text, default="")
    team_description: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    schedule_start: Mapped[date | None] = mapped_column(Date)
    schedule_end: Mapped[date | None] = mapped_column(Date)
    learning_goals: Mapped[str] = mapped_column(Text, default="")
    # crowdfunding (budget lines are rows of their own)
    other_funding: Mapped[str] = mapped_column(Text, default="")
    campaign_days: Mapped[int | None] = mapped_column(Integer)
    funding_model: Mapped[FundingModel | None] = mapped_column(_enum(FundingModel, "funding_model"))
    # experiment
    experiment_method: Mapped[str] = mapped_column(Text, default="")
    # learnings
    goal_achievement: Mapped[GoalAchievement | None] = mapped_column(_enum(GoalAchievement, "goal_achievement"))
    lessons: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    wrap_up: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")

    # Search (models/textindex.py), rewritten on every write by models.search; deferred: pages never load them.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    search_grams: Mapped[list[str]] = mapped_column(Grams, default=list, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    stage_entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # One of its images, shown on its page and cards (use_alter: attachments point back at solutions).
    cover_id: Mapped[int | None] = mapped_column(ForeignKey(
        "attachments.id", use_alter=True, name="fk_solutions_cover_id_attachments"))

    challenge: Mapped[Challenge] = relationship(back_populates="solutions", foreign_keys=[challenge_id])
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        cascade="all, delete-orphan", order_by="BudgetLine.position", passive_deletes=True
    )
    team: Mapped[list[TeamMember]] = relationship(
        back_populates="solution", cascade="all, delete-orphan", order_by="TeamMember.joined_at"
    )
    # The whole history: loaded on purpose (selectinload) by the pages that show it, never by accident.
    events: Mapped[list[SolutionEvent]] = relationship(
        cascade="all, delete-orphan", order_by="SolutionEvent.id", lazy="raise"
    )
    campaigns: Mapped[list[Campaign]] = relationship(back_populates="solution", order_by="Campaign.id")
    cover: Mapped[Attachment | None] = relationship(foreign_keys=[cover_id])
    carried_from: Mapped[Solution | None] = relationship(remote_side=[id], foreign_keys=[carried_from_id])
    # Impact indicators (declared at proposal) and answers to the challenge's own questions: models/impact.py.
    indicators: Mapped[list[Indicator]] = relationship(
        cascade="all, delete-orphan", order_by="Indicator.position", passive_deletes=True)
    answers: Mapped[list[SolutionAnswer]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    @property
    def campaign(self) -> Campaign | None:
        """The latest campaign (earlier ones were cancelled or failed), or None."""
        return self.campaigns[-1] if self.campaigns else None

    @property
    def goal(self) -> int:
        """The funding goal: the sum of the required budget lines."""
        return sum(line.amount for line in self.budget_lines if line.required)

    @property
    def optimum(self) -> int:
        """The funding optimum: the sum of all budget lines."""
        return sum(line.amount for line in self.budget_lines)

    def has_member(self, user) -> bool:
        """Whether the user is on this solution's team."""
        return user is not None and any(m.user_id == user.id for m in self.team)


class BudgetLine(db.Model):
    """One line of a solution's budget; amounts are in the currency's minor unit."""

    __tablename__ = "budget_lines"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(Integer)
    required: Mapped[bool] = mapped_column(Boolean, default=True)


class TeamMember(db.Model):
    """A member of a solution's team."""

    __tablename__ = "team_members"

    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    role: Mapped[TeamRole] = mapped_column(_enum(TeamRole, "team_role", 10), default=TeamRole.member)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    solution: Mapped[Solution] = relationship(back_populates="team")
    user: Mapped[User] = relationship()


class SolutionEvent(db.Model):
    """One entry of a solution's public history: who did what, when, from which stage to which."""

    __tablename__ = "solution_events"
    # Each solution's transitions in order (the statistics' days in each stage, a window over this order).
    __table_args__ = (Index("ix_solution_events_stats", "solution_id", "created_at", "id", "kind", "to_stage"),
                      Index("ix_solution_events_stays", "stay_stage", "stay_days"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    # None when the system acted (a campaign settling).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "solution_event_kind"))
    from_stage: Mapped[Stage | None] = mapped_column(_enum(Stage, "solution_stage"))
    to_stage: Mapped[Stage | None] = mapped_column(_enum(Stage, "solution_stage"))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # For a transition that names the stage entered: the stage it ended (the one the previous such transition
    # entered, else idea) and the days spent in it (since that transition, else since the solution was
    # created). Kept by database triggers as transitions are written (migration 0027), for the statistics'
    # median days in each stage; never written by the app.
    stay_stage: Mapped[Stage | None] = mapped_column(_enum(Stage, "solution_stage"))
    stay_days: Mapped[float | None] = mapped_column(Float)

    actor: Mapped[User | None] = relationship()


class ProgressUpdate(db.Model):
    """An entry of the team's experiment log."""

    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    author: Mapped[User] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(order_by="Attachment.id", passive_deletes=True,
                                                         lazy="raise")


class Evaluation(db.Model):
    """The challenge owner's score (1–5) and notes on a selected solution's prototype."""

    __tablename__ = "evaluations"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        UniqueConstraint("solution_id", "evaluator_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"), index=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"))
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    evaluator: Mapped[User] = relationship()
