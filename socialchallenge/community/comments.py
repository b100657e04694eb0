"""Comments with one level of replies on challenges and solutions: post, edit within 15 minutes, delete own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from socialchallenge.core import events
from socialchallenge.core.paging import Page
from socialchallenge.core.text import clean_text
from socialchallenge.errors import NotAllowed, NotFound, RuleViolation, ValidationFailed
from socialchallenge.models import Challenge, Solution, User
from socialchallenge.models.community import Comment
from socialchallenge.sanitize import render_markdown
from socialchallenge.timeutil import utcnow

BODY_MAX = 5000
EDIT_WINDOW = timedelta(minutes=15)
THREADS_PER_PAGE = 20


def clean_body(body: Any) -> str:
    """The comment text trimmed, or ValidationFailed when it is missing, not text or too long."""
    return clean_text("body", body if isinstance(body, str) else None, required=_("Write a comment."),
                      max_length=BODY_MAX)


def get_comment(session: Session, comment_id: int) -> Comment:
    """A comment by id, else NotFound."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(_("There is no such comment."))
    return comment


def _parent(session: Session, parent_id: Any, challenge: Challenge | None, solution: Solution | None) -> Comment | None:
    if parent_id is None:
        return None
    if not isinstance(parent_id, int) or isinstance(parent_id, bool):
        raise ValidationFailed(_("Please correct the marked fields."), {"parent_id": _("Must be a comment id.")})
    parent = session.get(Comment, parent_id)
    same_target = parent is not None and (
        parent.challenge_id == (challenge.id if challenge else None)
        and parent.solution_id == (solution.id if solution else None)
    )
    if not same_target:
        raise ValidationFailed(_("Please correct the marked fields."),
                               {"parent_id": _("No such comment in this thread.")})
    if parent.deleted:
        raise RuleViolation(_("You cannot reply to a deleted comment."), code="comment_deleted")
    # One level of replies: answering a reply joins its parent's thread.
    return session.get(Comment, parent.parent_id) if parent.parent_id else parent


def post_comment(session: Session, actor: User, body: Any, challenge: Challenge | None = None,
                 solution: Solution | None = None, parent_id: Any = None) -> Comment:
    """Comment on a challenge or a solution (or reply to a comment there); tells the people concerned."""
    if (challenge is None) == (solution is None):
        raise ValueError("comment on exactly one of a challenge or a solution")
    body = clean_body(body)
    parent = _parent(session, parent_id, challenge, solution)
    comment = Comment(challenge_id=challenge.id if challenge else None, solution_id=solution.id if solution else None,
                      parent_id=parent.id if parent else None, author_id=actor.id, body=body,
                      body_html=render_markdown(body), created_at=utcnow())
    comment.author = actor
    session.add(comment)
    session.flush()
    events.comment_posted.send(session, comment=comment, actor=actor, challenge=challenge, solution=solution,
                               parent=parent)
    return comment


def can_edit(user: Any, comment: Comment, now: datetime | None = None) -> bool:
    """Whether the user may still edit the comment: its author, within the edit window, while it is shown."""
    return (getattr(user, "id", None) == comment.author_id and comment.visible
            and (now or utcnow()) - comment.created_at <= EDIT_WINDOW)


def edit_comment(session: Session, actor: User, comment: Comment, body: Any, now: datetime | None = None) -> Comment:
    """Change one's own comment within 15 minutes of posting it."""
    if actor.id != comment.author_id:
        raise NotAllowed(_("Only the author may edit a comment."))
    if not comment.visible:
        raise RuleViolation(_("This comment can no longer be edited."), code="comment_not_editable")
    now = now or utcnow()
    if now - comment.created_at > EDIT_WINDOW:
        raise RuleViolation(_("Comments can be edited for %(n)d minutes after posting.",
                              n=int(EDIT_WINDOW.total_seconds() // 60)), code="edit_window_closed")
    comment.body = clean_body(body)
    comment.body_html = render_markdown(comment.body)
    comment.edited_at = now
    return comment


def can_delete(user: Any, comment: Comment) -> bool:
    """Authors delete their own comments; the secretariat any."""
    if getattr(user, "id", None) is None or comment.deleted:
        return False
    return user.id == comment.author_id or getattr(user, "is_secretariat", False)


def delete_comment(session: Session, actor: User, comment: Comment) -> Comment:
    """Delete a comment: the text goes, a "comment deleted" placeholder keeps the replies in place."""
    if comment.deleted:
        return comment
    if not can_delete(actor, comment):
        raise NotAllowed(_("Only the author may delete a comment."))
    comment.deleted = True
    comment.body = ""
    comment.body_html = ""
    comment.edited_at = utcnow()
    return comment


def comments_of(challenge: Challenge | None = None, solution: Solution | None = None) -> Select:
    """Every comment of the target with its author, oldest first: one query however many there are."""
    target = Comment.challenge_id == challenge.id if challenge is not None else Comment.solution_id == solution.id
    return select(Comment).where(target).options(joinedload(Comment.author)).order_by(Comment.id)


@dataclass
class Thread:
    """A top-level comment and its replies, for templates."""

    comment: Comment
    replies: list[Comment] = field(default_factory=list)


@dataclass
class ThreadPage(Page):
    """One page of a target's threads (oldest first, `items`), for the comment section and the one pager."""

    @property
    def first(self) -> int:
        """The number of the page's first thread in the whole discussion (1 on the first page)."""
        return (self.page - 1) * self.per_page + 1


def _target_of(challenge_id: int | None, solution_id: int | None):
    if challenge_id is not None:
        return Comment.challenge_id == challenge_id
    return Comment.solution_id == solution_id


def thread_page(session: Session, page: int = 1, challenge: Challenge | None = None,
                solution: Solution | None = None, per_page: int = THREADS_PER_PAGE) -> ThreadPage:
    """A page of the target's threads, each with all its replies, in three queries however long the discussion.
    Oldest first, so a comment stays on the same page as others are added; a page past the end shows the last."""
    target = _target_of(challenge.id if challenge is not None else None, solution.id if solution is not None else None)
    total = session.scalar(select(func.count()).select_from(Comment).where(target, Comment.parent_id.is_(None))) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    tops = list(session.scalars(
        select(Comment).where(target, Comment.parent_id.is_(None)).options(joinedload(Comment.author))
        .order_by(Comment.id).limit(per_page).offset((page - 1) * per_page)).unique())
    by_id = {c.id: Thread(c) for c in tops}
    if by_id:
        for reply in session.scalars(select(Comment).where(Comment.parent_id.in_(list(by_id)))
                                     .options(joinedload(Comment.author)).order_by(Comment.id)).unique():
            by_id[reply.parent_id].replies.append(reply)
    return ThreadPage(page=page, per_page=per_page, total=total, items=list(by_id.values()))


def page_of(session: Session, comment: Comment, per_page: int = THREADS_PER_PAGE) -> int:
    """The page of its target's threads that shows the comment (a reply is on its thread's page)."""
    top_id = comment.parent_id or comment.id
    before = session.scalar(select(func.count()).select_from(Comment).where(
        _target_of(comment.challenge_id, comment.solution_id), Comment.parent_id.is_(None), Comment.id < top_id))
    return (before or 0) // per_page + 1


def public_comments_by(user: User) -> Select:
    """A member's shown comments, newest first, with what they were about (the profile page)."""
    return (
        select(Comment)
        .where(Comment.author_id == user.id, Comment.deleted.is_(False), Comment.hidden.is_(False))
        .options(joinedload(Comment.challenge), joinedload(Comment.solution))
        .order_by(Comment.id.desc())
    )
