"""Template helpers for the community partials that pipeline pages include (comments, supports, follows)."""

from __future__ import annotations

from typing import Any

from flask import g, request
from flask_login import current_user

from socialchallenge.community import comments, supports
from socialchallenge.community.forms import CommentForm, SolutionSupportForm, SupportForm
from socialchallenge.community.views import bp
from socialchallenge.core.paging import page_number
from socialchallenge.extensions import db

STORIES_SHOWN = 10


@bp.app_template_global()
def comment_threads(challenge: Any = None, solution: Any = None) -> comments.ThreadPage:
    """The page of the target's threads that ?comments_page= asks for (anything but a positive number means the
    first): a fixed number of queries however many there are."""
    page = page_number(request.args.get("comments_page"))
    return comments.thread_page(db.session, page, challenge=challenge, solution=solution)


@bp.app_template_global()
def comment_form(parent: Any = None) -> CommentForm:
    """A blank comment form; a reply form gets its own prefix so ids stay unique on the page."""
    if parent is None:
        return CommentForm(formdata=None)
    form = CommentForm(formdata=None, prefix=f"reply{parent.id}")
    form.parent_id.data = str(parent.id)
    return form


@bp.app_template_global()
def support_form(kind: str = "challenges") -> SupportForm | SolutionSupportForm:
    """A blank support form for a challenge or a solution."""
    return (SolutionSupportForm if kind == "solutions" else SupportForm)(formdata=None)


@bp.app_template_global()
def community_state(challenge: Any = None, solution: Any = None) -> dict:
    """The current member's relation to the target: supports it? follows it? (one query, once per page)."""
    if not current_user.is_authenticated:
        return {"supported": False, "following": False}
    target = challenge if challenge is not None else solution
    key = (type(target).__name__, target.id)
    known = g.setdefault("community_state", {})
    if key not in known:
        known[key] = supports.relation(db.session, current_user, target)
    return known[key]


@bp.app_template_global()
def support_stories(target: Any) -> list:
    """The latest supports of a challenge or solution that tell a story, with their members."""
    if not target.supports_count:
        return []  # nobody supports it yet: nothing to read
    return list(db.session.scalars(supports.stories_of(target, STORIES_SHOWN)))


@bp.app_template_global()
def can_edit_comment(comment: Any) -> bool:
    """Whether the current member may still edit the comment."""
    return comments.can_edit(current_user, comment)


@bp.app_template_global()
def can_delete_comment(comment: Any) -> bool:
    """Whether the current member may delete the comment."""
    return comments.can_delete(current_user, comment)
