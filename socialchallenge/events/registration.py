"""Registration: seats in the order members sign up, a waiting list beyond the capacity that moves up on cancel.

Every change locks the event's row first (SELECT ... FOR UPDATE on PostgreSQL, as pipeline.locks does) and then
counts, so twenty members signing up for the last seat at once queue up and exactly one gets it; the unique
(event, member) pair stops a double click from registering twice. On SQLite (one writer at a time) the lock is a
no-op."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialchallenge.community.inbox import notify
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation
from socialchallenge.models import Event, EventRegistration, RegistrationStatus
from socialchallenge.pipeline.access import is_authenticated
from socialchallenge.timeutil import utcnow


def event_link(event_id: int) -> str:
    """The site path of an event's page."""
    return f"/events/{event_id}"


def lock_event(session: Session, event_id: int) -> Event:
    """Lock the event's row and read it again, so the counts taken after this are the latest committed ones."""
    event = session.execute(select(Event).where(Event.id == event_id).with_for_update()
                            .execution_options(populate_existing=True)).scalar_one_or_none()
    if event is None:
        raise NotFound(_("There is no such event."))
    return event


def count(session: Session, event_id: int, status: RegistrationStatus) -> int:
    """How many registrations of this status the event has."""
    return session.scalar(select(func.count()).select_from(EventRegistration).where(
        EventRegistration.event_id == event_id, EventRegistration.status == status)) or 0


def registration_of(session: Session, event_id: int, user: Any) -> EventRegistration | None:
    """The user's registration for the event, or None."""
    if not is_authenticated(user):
        return None
    return session.scalar(select(EventRegistration).where(EventRegistration.event_id == event_id,
                                                          EventRegistration.user_id == user.id))


def position(session: Session, registration: EventRegistration) -> int | None:
    """A waiting member's place in line (1 is next), or None for a seat."""
    if registration.status != RegistrationStatus.waitlisted:
        return None
    return session.scalar(select(func.count()).select_from(EventRegistration).where(
        EventRegistration.event_id == registration.event_id,
        EventRegistration.status == RegistrationStatus.waitlisted, EventRegistration.id <= registration.id))


@dataclass(frozen=True)
class Standing:
    """Where a member stands: registered, or waiting at `position`; `seats_left` for everyone."""

    status: RegistrationStatus | None
    position: int | None
    registered: int
    waitlisted: int
    seats_left: int


def standing(session: Session, event: Event, user: Any) -> Standing:
    """The counts of the event and the user's place in them."""
    registered = count(session, event.id, RegistrationStatus.registered)
    waitlisted = count(session, event.id, RegistrationStatus.waitlisted)
    mine = registration_of(session, event.id, user)
    return Standing(mine.status if mine else None, position(session, mine) if mine else None, registered,
                    waitlisted, max(event.capacity - registered, 0))


def register(session: Session, user: Any, event_id: int, now: datetime | None = None) -> EventRegistration:
    """Sign the member up: a seat while there is one, else a place on the waiting list.

    RuleViolation (409) when already registered or waiting, or when the event has begun."""
    if not is_authenticated(user):
        raise NotAllowed(_("Sign in to register."))
    event = lock_event(session, event_id)
    if event.is_cancelled:
        raise RuleViolation(_("The event is cancelled: it takes no registration."), code="event_cancelled")
    if event.starts_at <= (now or utcnow()):
        raise RuleViolation(_("Registration has closed: the event has begun."), code="event_started")
    if registration_of(session, event.id, user) is not None:
        raise RuleViolation(_("You are already registered for this event."), code="already_registered")
    full = count(session, event.id, RegistrationStatus.registered) >= event.capacity
    registration = EventRegistration(event_id=event.id, user_id=user.id,
                                     status=RegistrationStatus.waitlisted if full else RegistrationStatus.registered)
    session.add(registration)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Only a double submit of the same member gets here (the lock serialises everyone else).
        raise RuleViolation(_("You are already registered for this event."), code="already_registered") from None
    return registration


def cancel(session: Session, user: Any, event_id: int, now: datetime | None = None) -> list[EventRegistration]:
    """Give up a seat or a place in line; a freed seat goes to the first waiting member, who is told.

    Returns the registrations promoted (none or one)."""
    if not is_authenticated(user):
        raise NotAllowed(_("Sign in to cancel a registration."))
    event = lock_event(session, event_id)
    mine = registration_of(session, event.id, user)
    if mine is None:
        raise NotFound(_("You are not registered for this event."))
    if event.starts_at <= (now or utcnow()):
        raise RuleViolation(_("The event has begun; a registration can no longer be cancelled."),
                            code="event_started")
    session.delete(mine)
    session.flush()
    return fill_seats(session, event, now)


def fill_seats(session: Session, event: Event, now: datetime | None = None) -> list[EventRegistration]:
    """Give free seats to waiting members in the order they signed up, and tell each; the event must be locked."""
    now = now or utcnow()
    if event.is_cancelled:
        return []  # nobody is moved up to a seat at an event that will not take place
    free = event.capacity - count(session, event.id, RegistrationStatus.registered)
    if free <= 0:
        return []
    promoted = list(session.scalars(select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.status == RegistrationStatus.waitlisted)
        .order_by(EventRegistration.id).limit(free)))
    for registration in promoted:
        registration.status = RegistrationStatus.registered
        registration.promoted_at = now
        notify(session, [registration.user_id], "event_seat_freed", None, event_link(event.id), event=event.title)
    session.flush()
    return promoted
