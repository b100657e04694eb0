"""Domain events: what the domain announces once a change is in the session, for others to act on.

Each is a blinker signal sent with the session as sender and keyword arguments, after the change it tells of has
been made (and before the caller commits, so what subscribers write commits or rolls back with it). The domain
never calls notifications or the audit log itself: it sends one of these. Subscribers are connected explicitly by
the app factory (`register_subscribers`), never on import; a signal nobody listens to is sent to no one."""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

# --- the pipeline: solutions, teams, selection, adoption -------------------------------------------------------
solution_submitted = _events.signal("solution-submitted")  # solution, actor
solution_advanced = _events.signal("solution-advanced")  # solution, actor (None: the system)
update_posted = _events.signal("update-posted")  # solution, title, actor
selection_changed = _events.signal("selection-changed")  # challenge, added, removed, actor
adopted = _events.signal("adopted")  # challenge, solution, actor
solution_answered = _events.signal("solution-answered")  # challenge, solution, actor: an unpicked one's outcome
team_invited = _events.signal("team-invited")  # solution, invitee, actor
team_invited_by_mail = _events.signal("team-invited-by-mail")  # solution, address, actor, days
invitation_answered = _events.signal("invitation-answered")  # solution, actor, accepted
join_requested = _events.signal("join-requested")  # solution, actor
join_request_answered = _events.signal("join-request-answered")  # solution, member_id, accepted, actor

# --- funding ---------------------------------------------------------------------------------------------------
review_decided = _events.signal("review-decided")  # solution, approved, actor, message
pledge_received = _events.signal("pledge-received")  # solution, actor, anonymous
campaign_settled = _events.signal("campaign-settled")  # solution, succeeded, backer_ids
skill_offered = _events.signal("skill-offered")  # solution, actor, skill, hours
skill_offer_answered = _events.signal("skill-offer-answered")  # solution, member_id, accepted, skill, hours, actor

# --- community and the secretariat -----------------------------------------------------------------------------
comment_posted = _events.signal("comment-posted")  # comment, actor, challenge, solution, parent
resource_request_decided = _events.signal("resource-request-decided")  # request, actor, message
staff_acted = _events.signal("staff-acted")  # actor, action, target, before, after: one audit-log entry


def every_signal() -> dict[str, object]:
    """Each domain event by name (what the app factory and the tests look through)."""
    return dict(_events)
