"""Who listens to which domain event (core.events): the one list, connected by the app factory at start."""

from __future__ import annotations

from socialchallenge import audit
from socialchallenge.community import notifications
from socialchallenge.core import events

# (event, subscriber): each subscriber takes the session and the event's keyword arguments.
SUBSCRIBERS = [
    # Notifications (and the mail they bring) for what happened in the pipeline, funding, community, secretariat.
    (events.solution_submitted, notifications.solution_submitted),
    (events.solution_advanced, notifications.solution_advanced),
    (events.update_posted, notifications.update_posted),
    (events.selection_changed, notifications.selection_changed),
    (events.adopted, notifications.adopted),
    (events.solution_answered, notifications.outcome_given),
    (events.team_invited, notifications.team_invited),
    (events.team_invited_by_mail, notifications.team_invited_by_mail),
    (events.invitation_answered, notifications.invitation_answered),
    (events.join_requested, notifications.join_requested),
    (events.join_request_answered, notifications.join_request_answered),
    (events.review_decided, notifications.review_decided),
    (events.pledge_received, notifications.pledge_received),
    (events.campaign_settled, notifications.campaign_settled),
    (events.skill_offered, notifications.skill_offered),
    (events.skill_offer_answered, notifications.skill_offer_answered),
    (events.comment_posted, notifications.comment_posted),
    (events.resource_request_decided, notifications.resource_request_decided),
    # The audit log: one entry for each staff action.
    (events.staff_acted, audit.record),
]


def connect_all() -> None:
    """Connect every subscriber to its event (connecting twice changes nothing)."""
    for signal, subscriber in SUBSCRIBERS:
        signal.connect(subscriber)
