"""Reports on comments: one per member per comment; three open reports hide the comment until a moderator decides."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotAllowed, RuleViolation
from socialchallenge.models import User
from socialchallenge.models.community import Comment, Report
from socialchallenge.timeutil import utcnow

REPORTS_TO_HIDE = 3
REASON_MAX = 500


def clean_reason(reason: Any) -> str:
    """The reason trimmed, or ValidationFailed."""
    return clean_text("reason", reason if isinstance(reason, str) else None, required=_("Say what is wrong."),
                      max_length=REASON_MAX)


def has_reported(session: Session, user: Any, comment: Comment) -> bool:
    """Whether the user already reported the comment."""
    if getattr(user, "id", None) is None:
        return False
    return session.scalar(
        select(Report.id).where(Report.comment_id == comment.id, Report.reporter_id == user.id)
    ) is not None


def report_comment(session: Session, actor: User, comment: Comment, reason: Any) -> Report:
    """Report a comment; at REPORTS_TO_HIDE open reports it is hidden until a moderator decides."""
    reason = clean_reason(reason)
    if comment.deleted:
        raise RuleViolation(_("This comment was deleted."), code="comment_deleted")
    if comment.author_id == actor.id:
        raise RuleViolation(_("You cannot report your own comment."), code="own_comment")
    if has_reported(session, actor, comment):
        raise RuleViolation(_("You already reported this comment."), code="already_reported")
    report = Report(comment_id=comment.id, reporter_id=actor.id, reason=reason)
    try:
        with session.begin_nested():
            session.add(report)
            session.flush()
    except IntegrityError as exc:
        raise RuleViolation(_("You already reported this comment."), code="already_reported") from exc
    # Count and hide in one statement, so simultaneous reports cannot both miss the threshold.
    session.execute(
        update(Comment).where(Comment.id == comment.id).values(
            open_reports=Comment.open_reports + 1,
            hidden=case((Comment.open_reports + 1 >= REPORTS_TO_HIDE, True), else_=Comment.hidden),
        ),
        execution_options={"synchronize_session": False},
    )
    session.refresh(comment, ["open_reports", "hidden"])
    return report


def decide(session: Session, moderator: User, comment: Comment, keep: bool) -> Comment:
    """A moderator's decision on a reported comment: show it again or keep it hidden; open reports close."""
    if not moderator.is_secretariat:
        raise NotAllowed(_("Only the secretariat may moderate comments."))
    now = utcnow()
    session.execute(
        update(Report).where(Report.comment_id == comment.id, Report.resolved.is_(False))
        .values(resolved=True, resolved_at=now, resolved_by_id=moderator.id),
        execution_options={"synchronize_session": False},
    )
    comment.open_reports = 0
    comment.hidden = not keep
    comment.moderated_at = now
    return comment
