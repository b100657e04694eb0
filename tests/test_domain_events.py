"""Domain events (core/events.py): each has a subscriber once the app is built, and the domain's change and what the
subscribers write commit together (a notification and an audit entry come with the change they tell of)."""

from __future__ import annotations

from sqlalchemy import select

from socialchallenge.core.events import every_signal
from socialchallenge.extensions import db
from socialchallenge.models import Notification
from socialchallenge.models.secretariat import AuditEntry
from socialchallenge.pipeline.updates import post_update
from socialchallenge.secretariat.curation import mark_curated
from tests.builders import make_challenge, make_solution, make_user


def test_every_domain_event_has_a_subscriber(app):
    silent = [name for name, signal in every_signal().items() if not signal.receivers]
    assert not silent, f"events nobody listens to (connect them in socialchallenge/subscribers.py): {silent}"


def test_a_domain_change_brings_its_notification_and_a_staff_action_its_audit_entry(app):
    lead, mate = make_user(), make_user()
    solution = make_solution(team=[lead, mate])
    post_update(db.session, lead, solution, "First week", "We met the neighbours.")
    told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "update_posted")).all()
    assert told == [mate.id]
    staff = make_user(role="secretariat")
    challenge = make_challenge()
    mark_curated(db.session, staff, challenge)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "challenge.curated")).one()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (staff.id, "challenges", challenge.id)
