"""The public history of a solution: one entry per transition, selection, adoption and review decision."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from socialchallenge.models import EventKind, Solution, SolutionEvent, Stage, User


def record(
    session: Session,
    solution: Solution,
    actor: User | None,
    kind: EventKind,
    from_stage: Stage | None = None,
    to_stage: Stage | None = None,
    message: str = "",
) -> SolutionEvent:
    """Append an entry to the solution's history (actor None means the system acted)."""
    event = SolutionEvent(
        actor_id=actor.id if actor is not None else None,
        kind=kind,
        from_stage=from_stage,
        to_stage=to_stage,
        message=message or "",
    )
    event.actor = actor
    state = inspect(solution)
    if state.key is None or "events" not in state.unloaded:
        solution.events.append(event)  # a new solution, or its history is loaded: keep the list in step
    else:
        event.solution_id = solution.id  # without loading the whole history (Solution.events is lazy="raise")
    session.add(event)
    return event
