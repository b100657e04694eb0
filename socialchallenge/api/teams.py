"""API: teams by consent — invitations the invitee answers, requests to join the team answers (pipeline.teams)."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from socialchallenge.api import bp
from socialchallenge.api.helpers import json_body, paged, token_required
from socialchallenge.core.plain import iso
from socialchallenge.extensions import db
from socialchallenge.limits import invitation_limit
from socialchallenge.models import JoinRequest, TeamInvitation
from socialchallenge.pipeline import teams
from socialchallenge.pipeline.access import get_solution


def _solution_ref(ask) -> dict:
    return {"id": ask.solution_id, "title": ask.solution.title}


def invitation_json(invitation: TeamInvitation) -> dict:
    """An invitation: to which team, for which address, from whom, and its state."""
    return {"id": invitation.id, "solution": _solution_ref(invitation), "email": invitation.email,
            "invited_by": {"id": invitation.invited_by.id, "name": invitation.invited_by.name},
            "status": invitation.state, "created_at": iso(invitation.created_at),
            "expires_at": iso(invitation.expires_at)}


def join_request_json(join_request: JoinRequest) -> dict:
    """A request to join: which team, who asked, their note, and its state."""
    return {"id": join_request.id, "solution": _solution_ref(join_request),
            "member": {"id": join_request.user.id, "name": join_request.user.name},
            "message": join_request.message, "status": join_request.state,
            "created_at": iso(join_request.created_at), "expires_at": iso(join_request.expires_at)}


def _invitations(rows) -> list[dict]:
    return [invitation_json(i) for i in rows]


def _join_requests(rows) -> list[dict]:
    return [join_request_json(r) for r in rows]


# --- invitations -------------------------------------------------------------------------------------------------

@bp.post("/solutions/<int:solution_id>/invitations")
@invitation_limit
@token_required
def invite_to_team(solution_id: int):
    """Invite someone to the team by email: {email} (team only). The answer is 202 and the same whether or not
    the address has an account; a member is told in the app, anyone else is mailed a link to sign up. Nobody
    joins before accepting."""
    data = json_body({"email"})
    solution = get_solution(db.session, solution_id, g.api_user)
    address = teams.invite(db.session, g.api_user, solution, data.get("email"))
    db.session.commit()
    return {"email": address, "expires_in_days": teams.ASK_DAYS,
            "message": _("Unless %(email)s is on the team already, they are invited. They join once they accept.",
                         email=address)}, 202


@bp.get("/solutions/<int:solution_id>/invitations")
@token_required
def list_team_invitations(solution_id: int):
    """The team's open invitations, oldest first (team only)."""
    solution = get_solution(db.session, solution_id, g.api_user)
    return paged(teams.team_invitations(solution, g.api_user), _invitations)


@bp.get("/invitations")
@token_required
def list_my_invitations():
    """The open invitations addressed to you, newest first."""
    return paged(teams.invitations_to(g.api_user), _invitations)


@bp.delete("/invitations/<int:invitation_id>")
@token_required
def withdraw_invitation(invitation_id: int):
    """Take back an open invitation (team only)."""
    teams.withdraw_invitation(db.session, g.api_user, teams.get_invitation(db.session, invitation_id))
    db.session.commit()
    return "", 204


def _answer_invitation(invitation_id: int, accept: bool):
    invitation = teams.get_invitation(db.session, invitation_id)
    teams.answer_invitation(db.session, g.api_user, invitation, accept)
    db.session.commit()
    return invitation_json(invitation)


@bp.post("/invitations/<int:invitation_id>/accept")
@token_required
def accept_invitation(invitation_id: int):
    """Accept an invitation addressed to you: you join the team, and the team hears it."""
    return _answer_invitation(invitation_id, True)


@bp.post("/invitations/<int:invitation_id>/decline")
@token_required
def decline_invitation(invitation_id: int):
    """Decline an invitation addressed to you; the team hears it."""
    return _answer_invitation(invitation_id, False)


# --- requests to join --------------------------------------------------------------------------------------------

@bp.post("/solutions/<int:solution_id>/join-requests")
@token_required
def ask_to_join(solution_id: int):
    """Ask to join the team: {message?}; the team hears it and accepts or declines."""
    data = json_body({"message"})
    solution = get_solution(db.session, solution_id, g.api_user)
    join_request = teams.ask_to_join(db.session, g.api_user, solution, data.get("message", ""))
    db.session.commit()
    return join_request_json(join_request), 201


@bp.get("/solutions/<int:solution_id>/join-requests")
@token_required
def list_team_join_requests(solution_id: int):
    """The open requests to join the team, oldest first (team only)."""
    solution = get_solution(db.session, solution_id, g.api_user)
    return paged(teams.team_join_requests(solution, g.api_user), _join_requests)


@bp.get("/join-requests")
@token_required
def list_my_join_requests():
    """Your open requests to join teams, newest first."""
    return paged(teams.join_requests_by(g.api_user), _join_requests)


@bp.delete("/join-requests/<int:join_request_id>")
@token_required
def withdraw_join_request(join_request_id: int):
    """Take back your request to join."""
    teams.withdraw_join_request(db.session, g.api_user, teams.get_join_request(db.session, join_request_id))
    db.session.commit()
    return "", 204


def _answer_join_request(join_request_id: int, accept: bool):
    join_request = teams.get_join_request(db.session, join_request_id)
    teams.answer_join_request(db.session, g.api_user, join_request, accept)
    db.session.commit()
    return join_request_json(join_request)


@bp.post("/join-requests/<int:join_request_id>/accept")
@token_required
def accept_join_request(join_request_id: int):
    """Accept a request to join (team only): the member joins the team and hears it."""
    return _answer_join_request(join_request_id, True)


@bp.post("/join-requests/<int:join_request_id>/decline")
@token_required
def decline_join_request(join_request_id: int):
    """Decline a request to join (team only); the member hears it."""
    return _answer_join_request(join_request_id, False)
