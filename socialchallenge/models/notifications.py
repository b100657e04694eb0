"""Notifications: in-app items for a user, and each user's choice of email (immediately, daily digest, off)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.models.accounts import User
from socialchallenge.timeutil import utcnow


class EmailChoice(str, enum.Enum):
    """How a user wants notifications by email."""

    immediately = "immediately"
    daily_digest = "daily_digest"
    off = "off"


class NotificationSettings(db.Model):
    """A user's email choice and digest bookkeeping; no row means the defaults."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email_choice: Mapped[EmailChoice] = mapped_column(
        Enum(EmailChoice, name="email_choice", native_enum=False, length=20), default=EmailChoice.immediately
    )
    # The site-local date of the last digest; claimed with a conditional UPDATE so two workers never both send.
    last_digest_on: Mapped[date | None] = mapped_column(Date)


class Notification(db.Model):
    """One thing a user is told about. The text is rendered from `kind` and `params` in the reader's language."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The bell counts unread items per user; the digest finds pending mail.
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_mail_pending", "mail_pending"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300), default="/")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    # True while the item waits for the user's daily digest.
    mail_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
