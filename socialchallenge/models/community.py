"""Community: supports on challenges and solutions, saved answers, follows, comments, reports on comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.models.accounts import User
from socialchallenge.models.challenges import Challenge
from socialchallenge.models.solutions import Solution
from socialchallenge.timeutil import utcnow

STORY_MAX = 500


class Support(db.Model):
    """A member's "me too" on a challenge, with an optional short story of how the problem touches them."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("challenge_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    story: Mapped[str] = mapped_column(String(STORY_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()
    challenge: Mapped[Challenge] = relationship()


class SolutionSupport(db.Model):
    """A member's "this would help me" on a solution, with an optional short story; shown to the owner when picking."""

    __tablename__ = "solution_supports"
    __table_args__ = (UniqueConstraint("solution_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    story: Mapped[str] = mapped_column(String(STORY_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()
    solution: Mapped[Solution] = relationship()


class SavedAnswer(db.Model):
    """A reason a challenge owner saved to reuse when answering unpicked solutions (picked from, then edited)."""

    __tablename__ = "saved_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Follow(db.Model):
    """A member following a challenge or a solution (exactly one of the two) to hear about its news."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "challenge_id"),
        UniqueConstraint("user_id", "solution_id"),
        CheckConstraint("(challenge_id IS NULL) <> (solution_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Comment(db.Model):
    """A comment on a challenge or a solution, or a reply to one; Markdown source and its sanitized HTML."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("(challenge_id IS NULL) <> (solution_id IS NULL)", name="one_target"),
        CheckConstraint("open_reports >= 0", name="open_reports_positive"),
        # A thread is read in order per target.
        Index("ix_comments_challenge_id_id", "challenge_id", "id"),
        Index("ix_comments_solution_id_id", "solution_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    # Sanitized once at save time, so pages never run the sanitizer per view.
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Hidden by moderation: automatically at REPORTS_TO_HIDE open reports, until a moderator decides.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    open_reports: Mapped[int] = mapped_column(Integer, default=0)
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime)

    author: Mapped[User] = relationship()
    challenge: Mapped[Challenge | None] = relationship()
    solution: Mapped[Solution | None] = relationship()

    @property
    def visible(self) -> bool:
        """Whether the text is shown to the public (not deleted, not hidden)."""
        return not self.deleted and not self.hidden


class Report(db.Model):
    """A member's report that a comment breaks the rules; one per member per comment."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("comment_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    comment: Mapped[Comment] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
