"""Event registration under concurrency (PostgreSQL only: the event's row lock between real connections). Twenty
members sign up for a few seats at once, several rounds: never more seats than the capacity, the rest wait in line
in order, nobody gets a server error; cancellations at once hand each freed seat to exactly one waiting member."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import EventRegistration, Notification, RegistrationStatus
from tests.builders import make_event, make_registration, make_token, make_user
from tests.helpers import fire

pytestmark = pytest.mark.postgres_only
ROUNDS, AT_ONCE, CAPACITY = 3, 20, 5


def registrations(event_id: int) -> list[EventRegistration]:
    db.session.expire_all()
    return list(db.session.scalars(select(EventRegistration).where(EventRegistration.event_id == event_id)
                                   .order_by(EventRegistration.id)))


def test_twenty_simultaneous_registrations_never_fill_more_than_the_capacity(app, racer):
    for _ in range(ROUNDS):
        event = make_event(capacity=CAPACITY)
        members = [make_user() for _ in range(AT_ONCE)]
        answers = fire(racer, [("POST", f"/api/v1/events/{event.id}/registration", None, make_token(m))
                               for m in members])
        assert sorted(answers) == [(201, "")] * CAPACITY + [(202, "")] * (AT_ONCE - CAPACITY), answers
        rows = registrations(event.id)
        assert len(rows) == AT_ONCE
        assert sum(r.status == RegistrationStatus.registered for r in rows) == CAPACITY
        # The waiting list is in the order members got in: every seat was given before anyone waited.
        statuses = [r.status for r in rows]
        assert statuses == [RegistrationStatus.registered] * CAPACITY + [RegistrationStatus.waitlisted] * (
            AT_ONCE - CAPACITY)


def test_the_same_member_registering_twenty_times_at_once_gets_one_registration(app, racer):
    event = make_event(capacity=CAPACITY)
    member = make_user()
    token = make_token(member)
    answers = fire(racer, [("POST", f"/api/v1/events/{event.id}/registration", None, token)] * AT_ONCE)
    assert sorted(answers) == [(201, "")] + [(409, "already_registered")] * (AT_ONCE - 1), answers
    assert len(registrations(event.id)) == 1


def test_seats_freed_at_once_go_each_to_one_waiting_member_in_order(app, racer):
    for _ in range(ROUNDS):
        event = make_event(capacity=CAPACITY)
        seated = [make_user() for _ in range(CAPACITY)]
        for member in seated:
            make_registration(event, member)
        waiting = [make_registration(event, status="waitlisted") for _ in range(8)]
        newcomers = [make_user() for _ in range(AT_ONCE - CAPACITY)]
        requests = [("DELETE", f"/api/v1/events/{event.id}/registration", None, make_token(m)) for m in seated]
        requests += [("POST", f"/api/v1/events/{event.id}/registration", None, make_token(m)) for m in newcomers]
        answers = fire(racer, requests)
        assert answers[:CAPACITY] == [(204, "")] * CAPACITY, answers
        # The newcomers join the line behind those already waiting, whatever the order of the race.
        assert set(answers[CAPACITY:]) == {(202, "")}, answers
        rows = registrations(event.id)
        seats = [r for r in rows if r.status == RegistrationStatus.registered]
        assert [r.user_id for r in seats] == [w.user_id for w in waiting[:CAPACITY]]
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "event_seat_freed",
                                                                      Notification.link == f"/events/{event.id}"))
        assert sorted(told) == sorted(w.user_id for w in waiting[:CAPACITY])
