"""Evaluations of prototypes and adoption of a final solution, after which the challenge closes."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from socialchallenge.core import events
from socialchallenge.core.text import Problems
from socialchallenge.errors import RuleViolation
from socialchallenge.models import Challenge, ChallengeStatus, Evaluation, EventKind, Solution, Stage, User
from socialchallenge.pipeline import history, outcomes
from socialchallenge.pipeline.access import require_manager
from socialchallenge.pipeline.locks import lock_challenge
from socialchallenge.pipeline.stages import LONG_TEXT_MAX
from socialchallenge.pipeline.validation import invalid


def _selected_solution(session: Session, challenge: Challenge, solution_id: Any) -> Solution:
    solution = None
    if isinstance(solution_id, int) and not isinstance(solution_id, bool):
        solution = session.get(Solution, solution_id)
    if solution is None or solution.challenge_id != challenge.id:
        raise invalid({
            "solution_id": _("Not a solution of this challenge.")})
    return solution


def evaluation_open(session: Session, challenge: Challenge) -> bool:
    """Evaluations open once at least one selected solution has reached the experiment stage."""
    stages = session.scalars(
        select(Solution.stage).where(Solution.challenge_id == challenge.id, Solution.selected.is_(True))
    ).all()
    return any(stage.index >= Stage.experiment.index for stage in stages)


def evaluate(
    session: Session, actor: User, challenge: Challenge, solution_id: Any, score: Any, notes: Any = ""
) -> tuple[Evaluation, bool]:
    """Record (or revise) the owner's score 1–5 and notes on a selected solution; returns it and whether it is new."""
    require_manager(session, actor, challenge)
    solution = _selected_solution(session, challenge, solution_id)
    fields = Problems()
    if not solution.selected:
        fields["solution_id"] = _("Only selected solutions are evaluated.")
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        fields["score"] = _("Give a score from 1 to 5.")
    notes = fields.text("notes", notes, max_length=LONG_TEXT_MAX,
                        too_long=_("Use at most %(n)d characters of text.", n=LONG_TEXT_MAX))
    if fields:
        raise invalid(fields)
    if not evaluation_open(session, challenge):
        raise RuleViolation(_("Evaluations open once a selected solution has reached the experiment stage."),
                            code="evaluation_not_open")
    evaluation = session.scalar(
        select(Evaluation).where(Evaluation.solution_id == solution.id, Evaluation.evaluator_id == actor.id)
    )
    created = evaluation is None
    if created:
        evaluation = Evaluation(challenge_id=challenge.id, solution_id=solution.id, evaluator_id=actor.id)
        session.add(evaluation)
    evaluation.score, evaluation.notes = score, notes.strip()
    history.record(session, solution, actor, EventKind.evaluation)
    session.flush()
    return evaluation, created


def adoption_refusal(session: Session, challenge: Challenge, solution: Solution) -> RuleViolation | None:
    """Why the solution cannot be adopted now, or None: the one rule the page (what it offers) and adopt() read."""
    if challenge.adopted_solution_id is not None:
        return RuleViolation(_("This challenge already has an adopted solution."), code="already_adopted")
    if not solution.selected:
        return RuleViolation(_("Only a selected solution can be adopted."), code="not_selected")
    if solution.stage.index < Stage.experiment.index:
        return RuleViolation(_("Only a solution that reached the experiment stage can be adopted."),
                             code="not_in_experiment")
    evaluated = session.scalar(select(Evaluation.id).where(Evaluation.solution_id == solution.id).limit(1))
    if evaluated is None:
        return RuleViolation(_("Evaluate the prototype before adopting it."), code="not_evaluated")
    return None


def adoptable_solution(session: Session, actor: User, challenge: Challenge, solution_id: Any) -> Solution:
    """The solution the owner side may adopt now (for the confirmation page), else the error saying why not."""
    require_manager(session, actor, challenge)
    solution = _selected_solution(session, challenge, solution_id)
    refusal = adoption_refusal(session, challenge, solution)
    if refusal is not None:
        raise refusal
    return solution


def adopt(session: Session, actor: User, challenge: Challenge, solution_id: Any, answers: Any = None) -> Solution:
    """Adopt one selected solution at the experiment stage or later as the final one; the challenge closes and
    every solution not picked gets its outcome, with the owner's reason (`answers`, or one given before)."""
    require_manager(session, actor, challenge)
    solution = _selected_solution(session, challenge, solution_id)
    solutions = lock_challenge(session, challenge.id)
    refusal = adoption_refusal(session, challenge, solution)
    if refusal is not None:
        raise refusal
    reasons = outcomes.clean_answers(answers, solutions)
    outcomes.require_answers([s for s in outcomes.unanswered(solutions) if s.id != solution.id], reasons)
    # A conditional UPDATE so two concurrent adoptions cannot both succeed.
    result = session.execute(
        update(Challenge)
        .where(Challenge.id == challenge.id, Challenge.adopted_solution_id.is_(None))
        .values(adopted_solution_id=solution.id, status=ChallengeStatus.closed)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise RuleViolation(_("This challenge already has an adopted solution."), code="already_adopted")
    session.refresh(challenge)
    solution.adopted = True
    history.record(session, solution, actor, EventKind.adoption)
    session.flush()
    events.adopted.send(session, challenge=challenge, solution=solution, actor=actor)
    outcomes.keep_answers(solutions, reasons)
    outcomes.publish(session, actor, challenge, solutions, reasons)
    return solution


def evaluations_by(challenge: Challenge, evaluator: User) -> Select:
    """A select of the evaluations one person recorded on a challenge's solutions."""
    return select(Evaluation).where(Evaluation.challenge_id == challenge.id, Evaluation.evaluator_id == evaluator.id)
