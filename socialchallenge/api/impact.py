"""API: a solution's impact indicators and measured values, the impact figures, and a challenge's own questions."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _

from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError, bearer_user, json_body, token_required
from socialchallenge.api.serializers import indicator_json, value_json
from socialchallenge.extensions import db
from socialchallenge.impact.figures import as_json, figures, parse_filters
from socialchallenge.pipeline import challenges, indicators, questions, solutions
from socialchallenge.pipeline.access import get_challenge, get_solution


def _solution(solution_id: int, viewer):
    return get_solution(db.session, solution_id, viewer, solutions.detail_options())


def _indicators(solution) -> dict:
    return {"items": [indicator_json(i) for i in solution.indicators]}


@bp.get("/solutions/<int:solution_id>/indicators")
def get_indicators(solution_id: int):
    """The solution's impact indicators: baseline, target, actual (the sum of the measured values) and the values."""
    return _indicators(_solution(solution_id, bearer_user()))


@bp.put("/solutions/<int:solution_id>/indicators")
@token_required
def put_indicators(solution_id: int):
    """Declare the indicators (team only): the whole list, 1 to 5; rows with an id keep their measured values."""
    data = json_body({"indicators"})
    solution = _solution(solution_id, g.api_user)
    indicators.set_indicators(db.session, g.api_user, solution, data.get("indicators"))
    db.session.commit()
    return _indicators(_solution(solution_id, g.api_user))


@bp.post("/solutions/<int:solution_id>/indicators/<int:indicator_id>/values")
@token_required
def post_indicator_value(solution_id: int, indicator_id: int):
    """Record a measured value during the experiment (team only): date, value, note, and evidence as a link or
    the id of a file uploaded to the solution."""
    data = json_body()
    solution = _solution(solution_id, g.api_user)
    indicator = indicators.get_indicator(solution, indicator_id)
    value = indicators.post_value(db.session, g.api_user, solution, indicator, data)
    db.session.commit()
    return value_json(value), 201


@bp.get("/impact")
def get_impact():
    """Measured values of experiments summed by kind, district, SDG and period (filters: kind, district, sdg,
    from, to, period)."""
    filters, errors = parse_filters(request.args)
    if errors:
        raise ApiError(400, "malformed", _("Invalid query parameters."), errors)
    return as_json(figures(db.session, filters))


@bp.get("/challenges/<int:challenge_id>/questions")
def get_questions(challenge_id: int):
    """The challenge's own questions, each answered in a solution's `answers` under its id."""
    challenge = get_challenge(db.session, challenge_id, bearer_user(), challenges.list_options())
    return {"items": [questions.question_json(q) for q in challenge.questions]}


@bp.put("/challenges/<int:challenge_id>/questions")
@token_required
def put_questions(challenge_id: int):
    """Set the challenge's questions (its owner side or the secretariat): the whole list, at most 10; questions with
    an id keep their answers."""
    data = json_body({"questions"})
    challenge = get_challenge(db.session, challenge_id, g.api_user, challenges.list_options())
    questions.set_questions(db.session, g.api_user, challenge, data.get("questions"))
    db.session.commit()
    challenge = get_challenge(db.session, challenge_id, g.api_user, challenges.list_options())
    return {"items": [questions.question_json(q) for q in challenge.questions]}
