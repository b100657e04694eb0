"""Carrying an unpicked solution to another open challenge: choose the challenge, then the team's copy is made."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from socialchallenge.challenges.forms import ActionForm
from socialchallenge.errors import RuleViolation, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.models import Challenge, ChallengeStatus, Solution
from socialchallenge.pipeline import carry_over as carrying
from socialchallenge.pipeline.access import get_solution, require_team_member
from socialchallenge.search.filters import Filters
from socialchallenge.search.query import challenge_list
from socialchallenge.solutions import bp
from socialchallenge.solutions.views import load

SHOWN = 20


def _render(solution, error: str | None = None, status: int = 200):
    q = " ".join(request.values.get("q", "").split())[:200]
    query = challenge_list(q or None, Filters(status=ChallengeStatus.open), "relevance" if q else "newest",
                           db.session).where(Challenge.id != solution.challenge_id).limit(SHOWN)
    carried = set(db.session.scalars(select(Solution.challenge_id).where(Solution.carried_from_id == solution.id)))
    return render_template("solutions/carry_over.html", solution=solution, q=q, form=ActionForm(),
                           challenges=db.session.scalars(query).all(), carried=carried, error=error), status


@bp.get("/solutions/<int:solution_id>/carry-over")
@login_required
def carry_over_page(solution_id: int):
    """Choose another open challenge to carry a solution that was not picked to (team only)."""
    solution = load(solution_id)
    require_team_member(current_user, solution)
    refusal = carrying.carry_refusal(solution)
    if refusal is not None:
        return _render(solution, refusal.message, refusal.status)
    return _render(solution)


@bp.post("/solutions/<int:solution_id>/carry-over")
@login_required
def carry_over(solution_id: int):
    """Carry the solution to the chosen challenge: a new idea that links back; the team goes on from there."""
    solution = get_solution(db.session, solution_id, current_user)
    require_team_member(current_user, solution)
    if not ActionForm().validate_on_submit():
        return _render(load(solution_id), _("The form expired. Please submit it again."), 400)
    raw = request.form.get("challenge_id", "")
    try:
        copy = carrying.carry_over(db.session, current_user, solution, int(raw) if raw.isdigit() else raw)
    except (ValidationFailed, RuleViolation) as exc:
        db.session.rollback()
        message = exc.fields.get("challenge_id", exc.message) if exc.fields else exc.message
        return _render(load(solution_id), message, exc.status)
    db.session.commit()
    flash(_("“%(title)s” is carried over as a new idea. Grow it into a proposal for this challenge.",
            title=copy.title), "success")
    return redirect(url_for("solutions.show", solution_id=copy.id))
