"""The mail outbox: every message is saved here first and delivered later by `flask jobs run`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from socialchallenge.extensions import db
from socialchallenge.timeutil import utcnow


class OutboxMail(db.Model):
    """One message waiting for (or done with) delivery."""

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Index so the worker finds due mail without scanning everything ever sent.
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    # The first failed try of the current run of failures: retries stop MAIL_RETRY_DAYS after it.
    failing_since: Mapped[datetime | None] = mapped_column(DateTime)
    failed: Mapped[bool] = mapped_column(default=False)
    # When it was given up; indexed for the secretariat's list of failed mail, newest first.
    failed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
