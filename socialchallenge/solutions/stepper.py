"""What the solution page shows about the pipeline: the six steps, what the next one still needs, fields by stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socialchallenge.models import Solution, Stage
from socialchallenge.pipeline.stages import (
    FIELD_STAGE,
    SOLUTION_FIELDS,
    STAGES,
    FieldSpec,
    StageSpec,
    current_value,
    is_blank,
    missing_for,
    question_specs,
    stage_index,
)
from socialchallenge.pipeline.transition_table import team_move


@dataclass(frozen=True)
class Step:
    """One stage of the stepper and where the solution stands against it."""

    name: str
    label: Any
    state: str  # "done", "current" or "todo"


@dataclass(frozen=True)
class Missing:
    """A field the next stage still needs, with the stage whose edit page holds it."""

    name: str
    label: Any
    stage: str
    message: str


def steps(solution: Solution) -> list[Step]:
    """The six stages, challenge to learnings, marked done, current or to do."""
    here = stage_index(solution.stage)
    return [Step(s.name, s.label, "done" if i < here else "current" if i == here else "todo")
            for i, s in enumerate(STAGES)]


def missing_fields(fields: dict[str, str], solution: Solution | None = None) -> list[Missing]:
    """A domain {field: message} map as Missing entries, in table order (the challenge's own questions after the
    fields of their stage)."""
    specs = {**SOLUTION_FIELDS, **({s.name: s for s in question_specs(solution.challenge)} if solution else {})}
    stage_of = {name: spec.checked_from or FIELD_STAGE[name] for name, spec in specs.items()}
    order = sorted(specs, key=lambda name: stage_index(stage_of[name]))
    return [Missing(name, specs[name].label, stage_of[name], message)
            for name, message in sorted(fields.items(), key=lambda item: order.index(item[0])
                                        if item[0] in order else len(order))
            if name in specs]


def next_needs(solution: Solution) -> list[Missing]:
    """The fields the next stage still needs (from the stage table's missing_for)."""
    target = solution.stage.next
    return missing_fields(missing_for(solution, target), solution) if target else []


def sections(solution: Solution) -> list[tuple[StageSpec, list[tuple[FieldSpec, Any]]]]:
    """The solution's filled-in fields grouped by stage (later stages show what the team already drafted)."""
    result = []
    for stage in STAGES:
        if stage.subject != "solution":
            continue
        filled = [(spec, value) for spec in stage.fields
                  if not is_blank(value := current_value(solution, spec.name))]
        if filled:
            result.append((stage, filled))
    return result

SOLUTION_STAGES: tuple[StageSpec, ...] = tuple(s for s in STAGES if s.subject == "solution")


def advance_target(solution: Solution) -> Stage | None:
    """The stage the team can ask to move to, from the transition table (None at crowdfunding and learnings)."""
    move = team_move(solution.stage)
    return move.target if move is not None else None
