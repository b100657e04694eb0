"""The evaluation rubric: secretariat users score a solution 1–5 on each criterion, with notes; the challenge's
owner sees the scores when picking and adopting."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.core import events
from socialchallenge.core.text import TextProblem, text
from socialchallenge.errors import ValidationFailed
from socialchallenge.models import Solution, User
from socialchallenge.models.secretariat import RUBRIC_CRITERIA, RubricScore
from socialchallenge.secretariat.access import require_staff

LABELS = {
    "sdg_fit": _l("SDG fit"),
    "inclusion": _l("Inclusion"),
    "openness": _l("Openness"),
    "vulnerable_priority": _l("Priority for vulnerable groups"),
    "collaboration": _l("Collaboration"),
    "feasibility": _l("Feasibility"),
    "interconnectedness": _l("Interconnectedness"),
}
NOTES_MAX = 5000


def scores_of(session: Session, solution: Solution) -> list[RubricScore]:
    """Every staff member's rubric scores of the solution."""
    return list(session.scalars(select(RubricScore).where(RubricScore.solution_id == solution.id)
                                .options(joinedload(RubricScore.evaluator)).order_by(RubricScore.id)))


def score(session: Session, actor: User, solution: Solution, values: dict[str, Any], notes: Any = "") -> RubricScore:
    """Save (or revise) the actor's rubric scores of a solution: each criterion a whole number 1–5."""
    require_staff(actor)
    fields: dict[str, str] = {}
    cleaned: dict[str, int] = {}
    for name in RUBRIC_CRITERIA:
        value = values.get(name)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            fields[name] = _("Choose a score from 1 to 5.")
        else:
            cleaned[name] = value
    unknown = sorted(set(values) - set(RUBRIC_CRITERIA))
    for name in unknown:
        fields[name] = _("Unknown field.")
    try:
        notes = text(notes, max_length=NOTES_MAX)
    except TextProblem as problem:
        fields["notes"] = problem.message
    if fields:
        raise ValidationFailed(_("Please correct the marked fields."), fields)
    row = session.scalar(select(RubricScore).where(RubricScore.solution_id == solution.id,
                                                   RubricScore.evaluator_id == actor.id))
    before = None if row is None else {**{n: getattr(row, n) for n in RUBRIC_CRITERIA}, "notes": row.notes}
    if row is None:
        row = RubricScore(solution_id=solution.id, evaluator_id=actor.id)
        session.add(row)
    for name, value in cleaned.items():
        setattr(row, name, value)
    row.notes = (notes or "").strip()
    session.flush()
    events.staff_acted.send(session, actor=actor, action="rubric.score", target=solution, before=before,
                            after={**cleaned, "notes": row.notes})
    return row


def averages(session: Session, solution_ids: list[int]) -> dict[int, dict[str, Any]]:
    """solution id → {criterion: average, "total": average sum, "count": evaluators}, in one query."""
    if not solution_ids:
        return {}
    columns = [func.avg(getattr(RubricScore, n)).label(n) for n in RUBRIC_CRITERIA]
    rows = session.execute(select(RubricScore.solution_id, func.count().label("count"), *columns)
                           .where(RubricScore.solution_id.in_(solution_ids)).group_by(RubricScore.solution_id))
    found = {}
    for row in rows:
        # AVG skips scores given before interconnectedness was added; a criterion nobody scored yet stays None.
        values = {n: None if getattr(row, n) is None else round(float(getattr(row, n)), 1) for n in RUBRIC_CRITERIA}
        total = round(sum(v for v in values.values() if v is not None), 1)
        found[row.solution_id] = {**values, "total": total, "count": row.count}
    return found
