"""Progress updates: the team's experiment log, needed before the learnings."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from socialchallenge.community import notifications
from socialchallenge.models import ProgressUpdate, Solution, User
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.pipeline.stages import LONG_TEXT_MAX
from socialchallenge.pipeline.validation import invalid

TITLE_MAX = 120


def post_update(session: Session, actor: User, solution: Solution, title: Any, body: Any) -> ProgressUpdate:
    """Add an entry to the experiment log (team only)."""
    require_team_member(actor, solution)
    title = title.strip() if isinstance(title, str) else None
    body = body.strip() if isinstance(body, str) else None
    fields = {}
    if not title or len(title) > TITLE_MAX:
        fields["title"] = _("Give a title of 1 to %(n)d characters.", n=TITLE_MAX)
    if not body or len(body) > LONG_TEXT_MAX:
        fields["body"] = _("Write the update (at most %(n)d characters).", n=LONG_TEXT_MAX)
    if fields:
        raise invalid(fields)
    update = ProgressUpdate(solution_id=solution.id, author_id=actor.id, title=title, body=body)
    update.author = actor
    session.add(update)
    session.flush()
    notifications.update_posted(session, solution, title, actor)
    return update


def updates_of(solution: Solution) -> Select:
    """A select of a solution's progress updates, newest first."""
    return (
        select(ProgressUpdate)
        .where(ProgressUpdate.solution_id == solution.id)
        .options(joinedload(ProgressUpdate.author), selectinload(ProgressUpdate.attachments))
        .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
    )
