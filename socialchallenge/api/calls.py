"""API: calls for challenges, as on the call pages (calls.service decides)."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from socialchallenge.api import bp
from socialchallenge.api.helpers import json_body, paged, token_required
from socialchallenge.api.secretariat import staff_required
from socialchallenge.calls import prizes, service
from socialchallenge.calls.summary import call_json, challenge_ids_by_call
from socialchallenge.errors import ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.funding.summary import campaign_json
from socialchallenge.models import Campaign
from socialchallenge.models.calls import Call, MatchPool
from socialchallenge.pipeline.access import get_challenge, get_solution

CALL_FIELDS = {"title", "description", "organiser_id", "opens_at", "closes_at", "areas", "sdgs", "prize_per_winner",
               "winners", "mentoring_months", "match"}
LOAD = (selectinload(Call.organiser), selectinload(Call.pool).selectinload(MatchPool.funder))


def _one(call: Call) -> dict:
    return call_json(call, challenge_ids_by_call(db.session, [call.id])[call.id])


def _many(calls: list[Call]) -> list[dict]:
    ids = challenge_ids_by_call(db.session, [c.id for c in calls])
    return [call_json(c, ids[c.id]) for c in calls]


@bp.get("/calls")
def list_calls():
    """Every call, the latest to close first."""
    return paged(select(Call).options(*LOAD).order_by(Call.closes_at.desc(), Call.id.desc()), _many)


@bp.get("/calls/<int:call_id>")
def get_call(call_id: int):
    """A call with its terms, its pool and its challenges' ids."""
    return _one(service.get_call(db.session, call_id))


@bp.post("/calls")
@token_required
def create_call():
    """Open a call (the secretariat, or an admin of the verified organiser)."""
    call = service.create_call(db.session, g.api_user, json_body(CALL_FIELDS))
    db.session.commit()
    return _one(service.get_call(db.session, call.id)), 201


@bp.post("/calls/<int:call_id>/challenges")
@token_required
def add_call_challenge(call_id: int):
    """The challenge's owner submits it into the call while the call is open (409 call_closed otherwise)."""
    data = json_body({"challenge_id"})
    call = service.get_call(db.session, call_id)
    challenge_id = data.get("challenge_id")
    if not isinstance(challenge_id, int) or isinstance(challenge_id, bool):
        raise ValidationFailed(_("Invalid fields."), {"challenge_id": _("Must be a challenge id.")})
    challenge = get_challenge(db.session, challenge_id, g.api_user)
    service.submit_challenge(db.session, g.api_user, call, challenge)
    db.session.commit()
    return _one(service.get_call(db.session, call.id)), 201


@bp.post("/solutions/<int:solution_id>/prize")
@staff_required
def confirm_prize(solution_id: int):
    """The secretariat confirms the owner's pick: 201 with the prize award and the campaign's new prize and raised;
    409 with the rule's code (no_prize, not_selected, already_awarded, winners_reached, campaign_not_live)."""
    solution = get_solution(db.session, solution_id, g.api_user)
    award = prizes.confirm_pick(db.session, g.api_user, solution)
    db.session.commit()
    campaign = db.session.get(Campaign, award.campaign_id)
    return {"award": prizes.award_json(award), "campaign": campaign_json(campaign)}, 201
