"""API: solutions — read, draft-save, advance, carry over; leaving the team, updates, campaign and its review."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from socialchallenge.api import bp
from socialchallenge.api.helpers import bearer_user, json_body, paged, token_required
from socialchallenge.api.serializers import campaign_json, solution_json, update_json, updates_json
from socialchallenge.errors import NotFound
from socialchallenge.extensions import db
from socialchallenge.models import Campaign, ProgressUpdate
from socialchallenge.pipeline import carry_over, solutions, teams, transitions, updates
from socialchallenge.pipeline.access import get_solution
from socialchallenge.secretariat import reviews


def _detail(solution_id: int, viewer):
    return get_solution(db.session, solution_id, viewer, solutions.detail_options())


@bp.get("/solutions/<int:solution_id>")
def get_solution_view(solution_id: int):
    """One solution with its team, campaign and public history."""
    viewer = bearer_user()
    return solution_json(_detail(solution_id, viewer), viewer=viewer)


@bp.patch("/solutions/<int:solution_id>")
@token_required
def edit_solution(solution_id: int):
    """Save any stage fields as a draft (team only); unknown fields are refused."""
    data = json_body()
    solution = _detail(solution_id, g.api_user)
    solutions.update_solution(db.session, g.api_user, solution, data)
    db.session.commit()
    return solution_json(_detail(solution_id, g.api_user), viewer=g.api_user)


@bp.post("/solutions/<int:solution_id>/advance")
@token_required
def advance_solution(solution_id: int):
    """Move on to the next stage; proposal → crowdfunding answers 202 with the campaign waiting for review."""
    solution = _detail(solution_id, g.api_user)
    _, campaign = transitions.advance(db.session, g.api_user, solution)
    db.session.commit()
    body = solution_json(_detail(solution_id, g.api_user), viewer=g.api_user)
    return (body, 202) if campaign is not None else body


@bp.post("/solutions/<int:solution_id>/carry-over")
@token_required
def carry_over_solution(solution_id: int):
    """Carry a solution that was not picked to another open challenge (team only): a new idea that links back."""
    data = json_body({"challenge_id"})
    solution = _detail(solution_id, g.api_user)
    copy = carry_over.carry_over(db.session, g.api_user, solution, data.get("challenge_id"))
    db.session.commit()
    return solution_json(_detail(copy.id, g.api_user)), 201


@bp.post("/campaigns/<int:campaign_id>/review")
@token_required
def review_campaign(campaign_id: int):
    """The secretariat approves a campaign (it goes live; every hearing-sheet item ticked) or requests changes."""
    data = json_body({"decision", "message", "checklist", "notes"})
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(_("There is no such campaign."))
    reviews.decide(db.session, g.api_user, campaign, data.get("decision"), data.get("message", ""),
                   data.get("checklist"), data.get("notes", ""))
    db.session.commit()
    return campaign_json(campaign)


@bp.get("/solutions/<int:solution_id>/campaign")
def get_campaign(solution_id: int):
    """The solution's current campaign."""
    solution = _detail(solution_id, bearer_user())
    return campaign_json(solutions.latest_campaign(solution), with_rewards=True)


@bp.get("/solutions/<int:solution_id>/updates")
def list_updates(solution_id: int):
    """The team's progress updates, newest first."""
    solution = get_solution(db.session, solution_id, bearer_user())
    return paged(updates.updates_of(solution), updates_json)


@bp.post("/solutions/<int:solution_id>/updates")
@token_required
def post_update(solution_id: int):
    """Post a progress update (team only)."""
    data = json_body({"title", "body"})
    solution = _detail(solution_id, g.api_user)
    update = updates.post_update(db.session, g.api_user, solution, data.get("title"), data.get("body"))
    db.session.commit()
    # Read back with its author and files, as the list shows them.
    return update_json(db.session.scalar(updates.updates_of(solution).where(ProgressUpdate.id == update.id))), 201


@bp.delete("/solutions/<int:solution_id>/team/me")
@token_required
def leave_team(solution_id: int):
    """Leave the team (the last member cannot)."""
    solution = _detail(solution_id, g.api_user)
    teams.leave_team(db.session, g.api_user, solution)
    db.session.commit()
    return "", 204
