"""Progress updates: the team's experiment log, needed before the learnings."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from socialchallenge.core import events
from socialchallenge.core.text import Problems
from socialchallenge.models import ProgressUpdate, Solution, User
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.pipeline.stages import LONG_TEXT_MAX

TITLE_MAX = 120


def post_update(session: Session, actor: User, solution: Solution, title: Any, body: Any) -> ProgressUpdate:
    """Add an entry to the experiment log (team only)."""
    require_team_member(actor, solution)
    problems = Problems()
    title_message = _("Give a title of 1 to %(n)d characters.", n=TITLE_MAX)
    title = problems.text("title", title if isinstance(title, str) else None, required=title_message,
                          max_length=TITLE_MAX, too_long=title_message, single_line=True)
    body_message = _("Write the update (at most %(n)d characters).", n=LONG_TEXT_MAX)
    body = problems.text("body", body if isinstance(body, str) else None, required=body_message,
                         max_length=LONG_TEXT_MAX, too_long=body_message)
    problems.raise_if_any()
    update = ProgressUpdate(solution_id=solution.id, author_id=actor.id, title=title, body=body)
    update.author = actor
    session.add(update)
    session.flush()
    events.update_posted.send(session, solution=solution, title=title, actor=actor)
    return update


def updates_of(solution: Solution) -> Select:
    """A select of a solution's progress updates, newest first."""
    return (
        select(ProgressUpdate)
        .where(ProgressUpdate.solution_id == solution.id)
        .options(joinedload(ProgressUpdate.author), selectinload(ProgressUpdate.attachments))
        .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
    )
