"""Events and roundtables: a meeting in a district or online, its registrations and waiting list, its minutes."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialchallenge.extensions import db
from socialchallenge.timeutil import utcnow

if TYPE_CHECKING:
    from socialchallenge.models.accounts import Organisation, User
    from socialchallenge.models.calls import Call
    from socialchallenge.models.challenges import Challenge
    from socialchallenge.models.places import District
    from socialchallenge.models.solutions import Solution


class RegistrationStatus(str, enum.Enum):
    """A seat (registered) or a place in the queue for one (waitlisted)."""

    registered = "registered"
    waitlisted = "waitlisted"


class Event(db.Model):
    """An event or roundtable about a challenge, a call or a topic, organised by the secretariat, an organisation or
    a team.

    It takes place at an address in a district, online, or both; `capacity` seats are given in order of
    registration, and the rest wait in line (see events.registration)."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        # The upcoming list and the reminder job read events by start.
        Index("ix_events_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    # What it is about: a challenge, or a topic in words (a roundtable on a theme).
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="SET NULL"), index=True)
    topic: Mapped[str] = mapped_column(String(120), default="")
    # Or a call for challenges it is held for (an information session, a pitch night).
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id", ondelete="SET NULL"), index=True)
    # Who organises it: the creator, on behalf of a verified organisation or a solution's team, or the secretariat.
    organiser_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    solution_id: Mapped[int | None] = mapped_column(ForeignKey("solutions.id", ondelete="SET NULL"))
    # Where: a district and an address in it, an online link, or both (at least one of them).
    district_code: Mapped[str | None] = mapped_column(
        ForeignKey("districts.code", ondelete="SET NULL", onupdate="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[int] = mapped_column(Integer)
    # Markdown, posted by the organiser after the event.
    minutes: Mapped[str] = mapped_column(Text, default="")
    minutes_posted_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Called off by the organiser side: kept, shown as cancelled, open to no registration; the note says why.
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancellation_note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # Goes up with every change of the details or the cancellation: iCalendar's SEQUENCE, so calendars update.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    organiser: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    challenge: Mapped[Challenge | None] = relationship()
    call: Mapped[Call | None] = relationship()
    solution: Mapped[Solution | None] = relationship()
    district: Mapped[District | None] = relationship()

    @property
    def is_online(self) -> bool:
        """Whether it can be joined online."""
        return bool(self.online_url)

    @property
    def is_cancelled(self) -> bool:
        """Whether the organiser side has called it off."""
        return self.cancelled_at is not None

    def is_past(self, now: datetime) -> bool:
        """Whether it has ended at `now`."""
        return self.ends_at <= now


class EventRegistration(db.Model):
    """A member's seat at an event, or their place on its waiting list (the order of `id`)."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_event_registrations_event_user"),
        Index("ix_event_registrations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        Enum(RegistrationStatus, name="registration_status", native_enum=False, length=12))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime)  # when a seat came free for a waiting member
    # Set when the day-before reminder is queued: claimed with a conditional UPDATE, so it goes out once.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship()
