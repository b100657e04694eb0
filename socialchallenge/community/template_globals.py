"""Template helpers for the community partials that need no query: blank forms and what the member may do to a
comment. What the partials show is read by the page's view (community/page_parts.py)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from socialchallenge.community import comments
from socialchallenge.community.forms import CommentForm, SolutionSupportForm, SupportForm
from socialchallenge.community.views import bp


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
def can_edit_comment(comment: Any) -> bool:
    """Whether the current member may still edit the comment."""
    return comments.can_edit(current_user, comment)


@bp.app_template_global()
def can_delete_comment(comment: Any) -> bool:
    """Whether the current member may delete the comment."""
    return comments.can_delete(current_user, comment)
