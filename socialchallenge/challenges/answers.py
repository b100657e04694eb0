"""The owner's answers in web forms: one reason per unpicked solution, optionally started from a saved answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from socialchallenge.models import SavedAnswer, Solution, User
from socialchallenge.pipeline import outcomes


def saved_for(session: Session, owner: User) -> list[SavedAnswer]:
    """The owner's saved answers, newest first, to pick from."""
    return list(session.scalars(outcomes.saved_answers(owner)))


def from_form(form: Mapping, solutions: Iterable[Solution], saved: list[SavedAnswer]) -> dict[str, str]:
    """The reasons written for these solutions, as the domain takes them ({"<id>": text}); a blank reason with a
    saved answer chosen takes that answer (the page fills it in when scripts run; without them this does)."""
    by_id = {str(a.id): a.text for a in saved}
    answers = {}
    for solution in solutions:
        text = (form.get(f"answers.{solution.id}") or "").strip()
        if not text:
            text = by_id.get(form.get(f"saved.{solution.id}") or "", "")
        if text:
            answers[str(solution.id)] = text
    return answers


def keep_chosen(session: Session, owner: User, form: Mapping, answers: Mapping[str, str]) -> None:
    """Save the reasons the owner ticked "save to reuse" for (after the action succeeded)."""
    for solution_id, text in answers.items():
        if form.get(f"keep.{solution_id}"):
            outcomes.save_answer(session, owner, text)


def drafts(solutions: Iterable[Solution]) -> dict[int, str]:
    """The reasons already written for these solutions, to show in the fields again."""
    return {s.id: s.outcome_reason for s in solutions if s.outcome_reason}
