"""Moderation: the queue of reported comments, hiding or restoring them with a reason (which resolves the open
reports), and suspending members (which ends their sessions)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.accounts.service import revoke_tokens
from socialchallenge.community import reports
from socialchallenge.core import events
from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation
from socialchallenge.models import User
from socialchallenge.models.community import Comment, Report
from socialchallenge.secretariat.access import require_staff

REASON_MAX = 500


def queue() -> Select:
    """Comments with open reports, most reported first."""
    return (
        select(Comment).where(Comment.open_reports > 0, Comment.deleted.is_(False))
        .options(joinedload(Comment.author), joinedload(Comment.challenge), joinedload(Comment.solution))
        .order_by(Comment.open_reports.desc(), Comment.id)
    )


def open_reports_of(session: Session, comment_ids: list[int]) -> dict[int, list[Report]]:
    """comment id → its open reports with their reporters, in one query."""
    found: dict[int, list[Report]] = {i: [] for i in comment_ids}
    if comment_ids:
        for report in session.scalars(select(Report).where(Report.comment_id.in_(comment_ids),
                                                           Report.resolved.is_(False))
                                      .options(joinedload(Report.reporter)).order_by(Report.id)):
            found[report.comment_id].append(report)
    return found


def get_comment(session: Session, comment_id: Any) -> Comment:
    """A comment by id, else NotFound."""
    comment = session.get(Comment, comment_id) if isinstance(comment_id, int) else None
    if comment is None:
        raise NotFound(_("There is no such comment."))
    return comment


def clean_reason(reason: Any) -> str:
    """A moderator's reason, trimmed; required."""
    return clean_text("reason", reason, required=_("Give a reason."), max_length=REASON_MAX)


def _moderate(session: Session, actor: User, comment: Comment, reason: Any, keep: bool) -> Comment:
    require_staff(actor)
    reason = clean_reason(reason)
    before = {"hidden": comment.hidden, "open_reports": comment.open_reports}
    reports.decide(session, actor, comment, keep=keep)
    session.flush()
    events.staff_acted.send(session, actor=actor, action="comment.restore" if keep else "comment.hide", target=comment,
                            before=before, after={"hidden": comment.hidden, "open_reports": 0, "reason": reason})
    return comment


def hide_comment(session: Session, actor: User, comment: Comment, reason: Any) -> Comment:
    """Hide a comment from the public, with a reason; its open reports are resolved."""
    return _moderate(session, actor, comment, reason, keep=False)


def restore_comment(session: Session, actor: User, comment: Comment, reason: Any) -> Comment:
    """Show a comment again, with a reason; its open reports are resolved."""
    return _moderate(session, actor, comment, reason, keep=True)


def find_members(q: str | None = None) -> Select:
    """Members by name or email (suspended ones first), for the suspension page."""
    query = select(User).order_by(User.suspended.desc(), User.id)
    if q and q.strip():
        pattern = "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\")))
    return query


def get_member(session: Session, user_id: Any) -> User:
    """A user by id, else NotFound."""
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise NotFound(_("There is no such user."))
    return user


def set_suspended(session: Session, actor: User, member: User, suspended: bool, reason: Any) -> User:
    """Suspend a member (their sessions end and their API tokens are revoked) or lift the suspension.

    Lifting it revives neither: the member signs in again and asks for a new token."""
    require_staff(actor)
    reason = clean_reason(reason)
    if member.id == actor.id:
        raise RuleViolation(_("You cannot suspend yourself."), code="self")
    if member.is_secretariat and not actor.is_admin:
        raise NotAllowed(_("Only an admin may suspend staff."))
    before = {"suspended": member.suspended}
    member.suspended = suspended
    if suspended:
        member.renew_session_nonce()
        revoke_tokens(session, member)
    session.flush()
    events.staff_acted.send(session, actor=actor, action="user.suspend" if suspended else "user.unsuspend",
                            target=member, before=before, after={"suspended": suspended, "reason": reason})
    return member


def counts(session: Session) -> dict[str, int]:
    """How many comments wait for a decision (for the console's front page)."""
    return {"reported": session.scalar(select(func.count()).select_from(Comment)
                                       .where(Comment.open_reports > 0, Comment.deleted.is_(False))) or 0}
