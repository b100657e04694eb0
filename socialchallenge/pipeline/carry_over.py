"""Carrying an unpicked solution to another open challenge: a copy that links back to where it came from."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.errors import RuleViolation
from socialchallenge.models import Challenge, EventKind, Solution, User
from socialchallenge.pipeline import history, solutions
from socialchallenge.pipeline.access import can_see_challenge, require_team_member
from socialchallenge.pipeline.validation import invalid

# The idea and the proposal's texts come along as drafts; dates, budget and campaign belong to the old challenge.
COPIED_FIELDS = ("description", "experiment_plan", "experiment_goal", "already_tested", "team_description",
                 "resources", "learning_goals")


def copies_of(session: Session, solution: Solution) -> list[Solution]:
    """The copies the team carried to other challenges, with their challenges (only an answered solution has any
    to show: the page and the API skip the query for the others)."""
    if solution.outcome is None:
        return []
    return list(session.scalars(select(Solution).where(Solution.carried_from_id == solution.id)
                                .options(joinedload(Solution.challenge)).order_by(Solution.id)))


def carry_refusal(solution: Solution) -> RuleViolation | None:
    """Why the solution cannot be carried over, or None: only an answered, unpicked one can."""
    if solution.outcome is None:
        return RuleViolation(_("Only a solution that was not picked when its challenge closed can be carried over."),
                             code="not_unpicked")
    return None


def carry_over(session: Session, actor: User, solution: Solution, challenge_id: Any) -> Solution:
    """Copy an unpicked solution (team only) to another open challenge as a new idea the actor leads; the copy and
    the original link to each other, and the original's history says where it went."""
    require_team_member(actor, solution)
    refusal = carry_refusal(solution)
    if refusal is not None:
        raise refusal
    target = None
    if isinstance(challenge_id, int) and not isinstance(challenge_id, bool):
        target = session.get(Challenge, challenge_id)
    if target is None or not can_see_challenge(session, actor, target):
        raise invalid({"challenge_id": _("There is no such challenge.")})
    if target.id == solution.challenge_id:
        raise invalid({"challenge_id": _("Choose another challenge than the one it answered.")})
    already = session.scalar(select(Solution.id).where(Solution.carried_from_id == solution.id,
                                                       Solution.challenge_id == target.id))
    if already is not None:
        raise RuleViolation(_("This solution was already carried to that challenge."), code="already_carried")
    copy = solutions.submit_idea(session, actor, target, {"title": solution.title, "summary": solution.summary})
    for name in COPIED_FIELDS:
        setattr(copy, name, getattr(solution, name))
    copy.carried_from_id = solution.id
    history.record(session, solution, actor, EventKind.carried_over, message=target.title)
    session.flush()
    return copy
