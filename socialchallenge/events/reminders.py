"""The day-before reminder: one mail per seat, queued by `flask jobs run` within a day of the start, never twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from socialchallenge.community.inbox import absolute_url
from socialchallenge.events.registration import event_link
from socialchallenge.events.service import place_text
from socialchallenge.i18n import format_day_and_time
from socialchallenge.mail import queue_mail
from socialchallenge.models import Event, EventRegistration, RegistrationStatus, User

AHEAD = timedelta(days=1)


def reminder_text(user: User, event: Event, place: str) -> tuple[str, str]:
    """(subject, body) of the reminder, in the member's language."""
    with force_locale(user.locale or "ko"):
        when = format_day_and_time(event.starts_at)
        subject = _("Reminder: %(title)s, %(when)s", title=event.title, when=when)
        body = "\n".join([
            _("Hello %(name)s,", name=user.name), "",
            _("You are registered for \"%(title)s\", which begins %(when)s.", title=event.title, when=when),
            *([_("Where: %(place)s", place=place)] if place else []),
            *([_("Online: %(url)s", url=event.online_url)] if event.online_url else []), "",
            _("If you cannot come, please cancel your registration so someone on the waiting list gets your seat: "
              "%(url)s", url=absolute_url(event_link(event.id))),
        ])
    return subject, body


def send_reminders(session: Session, now: datetime) -> int:
    """Queue the reminder for every seat at an event starting within a day; returns how many were queued.

    Each registration is claimed with a conditional UPDATE first, so two workers, or a worker run again, never
    send one twice; a registration that comes within the day (or off the waiting list) is reminded on the next
    round."""
    due = session.scalars(
        select(EventRegistration.id).join(Event, Event.id == EventRegistration.event_id)
        .where(EventRegistration.status == RegistrationStatus.registered, EventRegistration.reminded_at.is_(None),
               Event.cancelled_at.is_(None), Event.starts_at > now, Event.starts_at <= now + AHEAD)
        .order_by(EventRegistration.id)).all()
    queued = 0
    for registration_id in due:
        claimed = session.execute(
            update(EventRegistration)
            .where(EventRegistration.id == registration_id, EventRegistration.reminded_at.is_(None),
                   EventRegistration.status == RegistrationStatus.registered)
            .values(reminded_at=now), execution_options={"synchronize_session": False}).rowcount
        if claimed != 1:
            session.rollback()
            continue
        registration = session.get(EventRegistration, registration_id)
        user, event = registration.user, registration.event
        if user.is_active:
            # A reminder of the member's own registration: sent whatever their choice for notification mail.
            subject, body = reminder_text(user, event, place_text(event, user.locale or "ko"))
            queue_mail(session, user.email, subject, body)
            queued += 1
        session.commit()
    return queued

