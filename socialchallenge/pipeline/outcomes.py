"""An answer for every idea: when a challenge closes, each solution not picked gets a public outcome and the reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from socialchallenge.core import events
from socialchallenge.core.text import Problems
from socialchallenge.errors import NotFound, ValidationFailed
from socialchallenge.models import Challenge, EventKind, Outcome, SavedAnswer, Solution, User
from socialchallenge.pipeline import history
from socialchallenge.timeutil import utcnow

REASON_MAX = 2000
SAVED_ANSWERS_MAX = 50  # per owner: a short list to pick from, not an archive


def is_unpicked(solution: Solution) -> bool:
    """Whether the solution was neither picked nor adopted, so it is answered when the challenge closes."""
    return not solution.selected and not solution.adopted


def outcome_for(solution: Solution) -> Outcome:
    """not_selected for a candidate (proposal stage or later) left unpicked; archived for one that stayed an idea."""
    from socialchallenge.pipeline.selection import is_candidate

    return Outcome.not_selected if is_candidate(solution) else Outcome.archived


def answer_field(solution_id: int) -> str:
    """The name of the field that holds the reason for one solution (API `answers.<id>`)."""
    return f"answers.{solution_id}"


def clean_answers(answers: Any, solutions: Iterable[Solution], picked: set[int] | None = None) -> dict[int, str]:
    """The owner's reasons by solution id, or ValidationFailed naming each bad one (empty text is an error: a reason
    given must say something). Only solutions of this challenge that are not picked (or not in `picked`, the
    selection being saved) may be answered."""
    if answers is None:
        return {}
    if not isinstance(answers, dict):
        raise ValidationFailed(_("Please correct the marked fields."), {
            "answers": _("Must be an object from solution ids to reasons.")})
    by_id = {s.id: s for s in solutions}
    problems, cleaned = Problems(), {}
    for key, value in answers.items():
        solution_id = int(key) if isinstance(key, str) and key.isdigit() else None
        solution = by_id.get(solution_id)
        if solution is None:
            problems[f"answers.{key}"] = _("Not a solution of this challenge.")
        elif solution.adopted or (solution.id in picked if picked is not None else solution.selected):
            problems[answer_field(solution.id)] = _("“%(title)s” is picked: it needs no answer.", title=solution.title)
        else:
            reason = problems.text(answer_field(solution.id), value, max_length=REASON_MAX, required=_(
                "Give the reason for “%(title)s”: its team and supporters read it.", title=solution.title))
            if reason:
                cleaned[solution.id] = reason
    problems.raise_if_any()
    return cleaned


def keep_answers(solutions: Iterable[Solution], answers: dict[int, str]) -> None:
    """Write the owner's reasons ahead of closing; they stay private until the outcome is published."""
    for solution in solutions:
        if solution.id in answers:
            solution.outcome_reason = answers[solution.id]


def missing_answers(solutions: Iterable[Solution], answers: dict[int, str]) -> dict[str, str]:
    """The fields of the solutions (about to be answered) that have no reason yet, each with its message."""
    return {answer_field(s.id): _("Give the reason for “%(title)s”: its team and supporters read it.", title=s.title)
            for s in solutions if not answers.get(s.id) and not s.outcome_reason}


def require_answers(solutions: Iterable[Solution], answers: dict[int, str]) -> None:
    """ValidationFailed naming every solution about to be answered that still has no reason."""
    missing = missing_answers(solutions, answers)
    if missing:
        raise ValidationFailed(_("Every solution that was not picked gets an answer: give a reason for each."),
                               missing)


def publish(session: Session, actor: User | None, challenge: Challenge, solutions: Iterable[Solution],
            answers: dict[int, str]) -> list[Solution]:
    """Give each unpicked solution without an outcome its outcome and reason, in its history; tell its team,
    supporters and followers. The caller checked require_answers. Returns the solutions answered."""
    now, answered = utcnow(), []
    for solution in solutions:
        if not is_unpicked(solution) or solution.outcome is not None:
            continue
        solution.outcome_reason = answers.get(solution.id) or solution.outcome_reason
        solution.outcome, solution.outcome_at = outcome_for(solution), now
        history.record(session, solution, actor, EventKind.outcome, message=solution.outcome_reason)
        answered.append(solution)
    session.flush()
    for solution in answered:
        events.solution_answered.send(session, challenge=challenge, solution=solution, actor=actor)
    return answered


def withdraw(solutions: Iterable[Solution]) -> None:
    """Take the outcomes back (a reopened challenge, or a solution picked after all); the reasons stay as drafts."""
    for solution in solutions:
        solution.outcome, solution.outcome_at = None, None


def unanswered(solutions: Iterable[Solution]) -> list[Solution]:
    """The solutions the owner still has to answer when the challenge closes (unpicked, no outcome yet)."""
    return [s for s in solutions if is_unpicked(s) and s.outcome is None]


# --- saved answers: reasons an owner reuses ---

def saved_answers(owner: User) -> Select:
    """The owner's saved answers, newest first."""
    return select(SavedAnswer).where(SavedAnswer.owner_id == owner.id).order_by(SavedAnswer.id.desc())


def save_answer(session: Session, owner: User, text: Any) -> SavedAnswer:
    """Keep a reason to reuse; the same text twice is kept once, and the list is capped."""
    problems = Problems()
    text = problems.text("saved_answer", text, max_length=REASON_MAX, required=_("Write the answer to save."))
    problems.raise_if_any()
    existing = session.scalar(select(SavedAnswer).where(SavedAnswer.owner_id == owner.id, SavedAnswer.text == text))
    if existing is not None:
        return existing
    count = len(session.scalars(select(SavedAnswer.id).where(SavedAnswer.owner_id == owner.id)).all())
    if count >= SAVED_ANSWERS_MAX:
        raise ValidationFailed(_("Please correct the marked fields."), {"saved_answer": _(
            "You keep %(n)d saved answers already: delete one first.", n=SAVED_ANSWERS_MAX)})
    answer = SavedAnswer(owner_id=owner.id, text=text)
    session.add(answer)
    session.flush()
    return answer


def delete_answer(session: Session, owner: User, answer_id: int) -> None:
    """Delete one of the owner's saved answers (NotFound for anyone else's)."""
    answer = session.get(SavedAnswer, answer_id)
    if answer is None or answer.owner_id != owner.id:
        raise NotFound(_("There is no such saved answer."))
    session.delete(answer)
    session.flush()
