"""API: challenges — search, post, read, edit; their solutions, selection, evaluations and adoption."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError, bearer_user, json_body, paged, token_required
from socialchallenge.api.serializers import challenge_json, challenges_json, solution_json, solutions_json
from socialchallenge.extensions import db
from socialchallenge.models import Challenge
from socialchallenge.pipeline import adoption, challenges, selection, solutions
from socialchallenge.pipeline.access import get_challenge, get_solution
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS, fields_of
from socialchallenge.search.filters import parse_filters
from socialchallenge.search.query import challenge_list

CHALLENGE_EXTRAS = {"solution_deadline", "organisation_id", "district", "point"}
CHALLENGE_EDIT_EXTRAS = {"solution_deadline", "status", "min_solutions", "hidden", "hidden_reason", "answers",
                         "district", "point", "prize_per_winner", "winners", "mentoring_months"}


def _detail(challenge_id: int) -> Challenge:
    options = [*challenges.list_options(), selectinload(Challenge.solutions)]
    return get_challenge(db.session, challenge_id, bearer_user(), options)


@bp.get("/challenges")
def list_challenges():
    """Search visible challenges: q, status, district, area, tag, sdg; sort newest | most_supported | closing_soon.

    Each item is a summary (an excerpt of the problem); the full texts are in GET /api/v1/challenges/{id}."""
    q, filters, sort, errors = parse_filters(request.args)
    if errors:
        raise ApiError(400, "malformed", _("Invalid query parameters."), errors)
    return paged(challenge_list(q, filters, sort, options=challenges.summary_options()), challenges_json)


@bp.post("/challenges")
@token_required
def create_challenge():
    """Post a challenge (optionally for an organisation you administer)."""
    data = json_body(set(CHALLENGE_FIELDS) | CHALLENGE_EXTRAS)
    challenge = challenges.create_challenge(db.session, g.api_user, data)
    db.session.commit()
    return challenge_json(_detail(challenge.id), with_selection=True), 201


@bp.get("/challenges/<int:challenge_id>")
def get_challenge_view(challenge_id: int):
    """One challenge, with where its selection stands."""
    return challenge_json(_detail(challenge_id), with_selection=True)


@bp.patch("/challenges/<int:challenge_id>")
@token_required
def edit_challenge(challenge_id: int):
    """Edit or close a challenge (owner side or secretariat); the secretariat also hides it or sets min_solutions.
    Closing needs a reason for each solution not picked (`answers`: {"<solution_id>": "reason"}) unless one was
    given with the selection."""
    data = json_body(set(CHALLENGE_FIELDS) | CHALLENGE_EDIT_EXTRAS)
    challenge = get_challenge(db.session, challenge_id, g.api_user)
    challenges.update_challenge(db.session, g.api_user, challenge, data)
    db.session.commit()
    return challenge_json(_detail(challenge_id), with_selection=True)


@bp.get("/challenges/<int:challenge_id>/solutions")
def list_solutions(challenge_id: int):
    """A challenge's solutions, furthest stage first.

    Each item is a summary (the idea's summary, team and campaign); the stage texts, budget and history are in
    GET /api/v1/solutions/{id}."""
    challenge = get_challenge(db.session, challenge_id, bearer_user())
    return paged(solutions.solutions_of(challenge), solutions_json)


@bp.post("/challenges/<int:challenge_id>/solutions")
@token_required
def submit_solution(challenge_id: int):
    """Answer a challenge with an idea; you lead its team."""
    data = json_body({f.name for f in fields_of("idea")} | {"answers"})
    challenge = get_challenge(db.session, challenge_id, g.api_user)
    solution = solutions.submit_idea(db.session, g.api_user, challenge, data)
    db.session.commit()
    # Read back with everything the answer shows (its history is never loaded by accident).
    return solution_json(get_solution(db.session, solution.id, g.api_user, solutions.detail_options()),
                         viewer=g.api_user), 201


@bp.put("/challenges/<int:challenge_id>/selection")
@token_required
def put_selection(challenge_id: int):
    """Replace the set of selected solutions (owner only; at most 3, once enough are at proposal), with optional
    reasons for those not picked (`answers`: {"<solution_id>": "reason"}, public once the challenge closes)."""
    data = json_body({"solution_ids", "answers"})
    challenge = get_challenge(db.session, challenge_id, g.api_user)
    ids = selection.set_selection(db.session, g.api_user, challenge, data.get("solution_ids"), data.get("answers"))
    db.session.commit()
    return {"selected_solution_ids": ids}


@bp.post("/challenges/<int:challenge_id>/evaluations")
@token_required
def post_evaluation(challenge_id: int):
    """Score (1–5) and note a selected solution's prototype; again to revise."""
    data = json_body({"solution_id", "score", "notes"})
    challenge = get_challenge(db.session, challenge_id, g.api_user)
    evaluation, created = adoption.evaluate(db.session, g.api_user, challenge, data.get("solution_id"),
                                            data.get("score"), data.get("notes", ""))
    db.session.commit()
    body = {"id": evaluation.id, "solution_id": evaluation.solution_id, "score": evaluation.score,
            "notes": evaluation.notes}
    return body, 201 if created else 200


@bp.post("/challenges/<int:challenge_id>/adoption")
@token_required
def post_adoption(challenge_id: int):
    """Adopt one selected solution as the challenge's final one; the challenge closes and each solution not picked
    gets its outcome, with a reason from `answers` ({"<solution_id>": "reason"}) or given with the selection."""
    data = json_body({"solution_id", "answers"})
    challenge = get_challenge(db.session, challenge_id, g.api_user)
    adoption.adopt(db.session, g.api_user, challenge, data.get("solution_id"), data.get("answers"))
    db.session.commit()
    return challenge_json(_detail(challenge_id), with_selection=True)
