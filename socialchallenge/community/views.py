"""Community pages and buttons: supports, follows, comments and reports; thin views over the domain functions."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from socialchallenge.community import comments, follows, reports, supports
from socialchallenge.community.forms import (
    ActionForm,
    CommentForm,
    EditCommentForm,
    ReportForm,
    SolutionSupportForm,
    SupportForm,
)
from socialchallenge.community.notifications import challenge_link, comment_link, solution_link
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import DomainError, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.limits import comment_limit
from socialchallenge.models.community import Comment
from socialchallenge.pipeline.access import get_challenge, get_solution

bp = Blueprint("community", __name__)

KINDS = "<any(challenges, solutions):kind>"
_REPLY_PREFIX = re.compile(r"^reply\d+$")


def _target(kind: str, target_id: int) -> dict:
    """{"challenge": ...} or {"solution": ...}, visible to the current user (else 404)."""
    if kind == "challenges":
        return {"challenge": get_challenge(db.session, target_id, current_user)}
    return {"solution": get_solution(db.session, target_id, current_user)}


def _page_of(kind: str, target_id: int, anchor: str = "") -> str:
    path = challenge_link(target_id) if kind == "challenges" else solution_link(target_id)
    return path + (f"#{anchor}" if anchor else "")


def _page_of_comment(comment: Comment) -> str:
    """The page of threads that shows the comment, at the comment."""
    return comment_link(db.session, comment)


def _visible_comment(comment_id: int) -> Comment:
    comment = comments.get_comment(db.session, comment_id)
    if comment.challenge_id is not None:
        get_challenge(db.session, comment.challenge_id, current_user)
    else:
        get_solution(db.session, comment.solution_id, current_user)
    return comment


# --- supports and follows ---

def _support(kind: str, target_id: int):
    target = _target(kind, target_id)
    thing = next(iter(target.values()))
    form = SolutionSupportForm() if kind == "solutions" else SupportForm()
    if form.validate_on_submit():
        try:
            supports.add_support(db.session, current_user, thing, form.story.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(_page_of(kind, target_id, "supports"))
        else:
            db.session.commit()
            flash(_("Thank you: you support this challenge and will hear about its news.") if kind == "challenges"
                  else _("Thank you: you support this solution and will hear about its news."), "success")
            return redirect(_page_of(kind, target_id, "supports"))
    status = 422 if form.errors else 200
    return render_template("community/support.html", form=form, **target), status


def _withdraw_support(kind: str, target_id: int):
    thing = next(iter(_target(kind, target_id).values()))
    if ActionForm().validate_on_submit():
        try:
            supports.remove_support(db.session, current_user, thing)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("You no longer support this challenge.") if kind == "challenges"
                  else _("You no longer support this solution."), "info")
    return redirect(_page_of(kind, target_id, "supports"))


@bp.route("/challenges/<int:challenge_id>/support", methods=["GET", "POST"])
@login_required
def support(challenge_id: int):
    """Say "me too" for a challenge, optionally with a short story."""
    return _support("challenges", challenge_id)


@bp.post("/challenges/<int:challenge_id>/support/withdraw")
@login_required
def withdraw_support(challenge_id: int):
    """Take one's support back."""
    return _withdraw_support("challenges", challenge_id)


@bp.route("/solutions/<int:solution_id>/support", methods=["GET", "POST"])
@login_required
def support_solution(solution_id: int):
    """Say "this would help me" for a solution, optionally with a short story."""
    return _support("solutions", solution_id)


@bp.post("/solutions/<int:solution_id>/support/withdraw")
@login_required
def withdraw_solution_support(solution_id: int):
    """Take one's support of a solution back."""
    return _withdraw_support("solutions", solution_id)


@bp.post(f"/{KINDS}/<int:target_id>/follow")
@login_required
def follow(kind: str, target_id: int):
    """Follow a challenge or a solution."""
    target = _target(kind, target_id)
    if ActionForm().validate_on_submit():
        follows.follow(db.session, current_user, **target)
        db.session.commit()
        flash(_("You follow this now and will be told about its news."), "success")
    return redirect(_page_of(kind, target_id))


@bp.post(f"/{KINDS}/<int:target_id>/unfollow")
@login_required
def unfollow(kind: str, target_id: int):
    """Stop following a challenge or a solution."""
    target = _target(kind, target_id)
    if ActionForm().validate_on_submit():
        follows.unfollow(db.session, current_user, **target)
        db.session.commit()
        flash(_("You no longer follow this."), "info")
    return redirect(_page_of(kind, target_id))


# --- comments ---

@bp.route(f"/{KINDS}/<int:target_id>/comments", methods=["GET", "POST"])
@login_required
@comment_limit
def post_comment(kind: str, target_id: int):
    """Post a comment or a reply; on a problem, show the form again with the text kept."""
    target = _target(kind, target_id)
    prefix = request.form.get("form_prefix", "")
    form = CommentForm(prefix=prefix if _REPLY_PREFIX.match(prefix) else "")
    if form.validate_on_submit():
        parent_id = int(form.parent_id.data) if (form.parent_id.data or "").isdigit() else None
        try:
            comment = comments.post_comment(db.session, current_user, form.body.data, parent_id=parent_id, **target)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields, aliases={"parent_id": "body"})  # the reply's target: said under the text
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(_page_of(kind, target_id, "comments"))
        else:
            db.session.commit()
            return redirect(_page_of_comment(comment))
    status = 422 if form.errors else 200
    return render_template("community/comment_form.html", form=form, kind=kind, target_id=target_id,
                           back=_page_of(kind, target_id, "comments"), **target), status


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id: int):
    """Change one's comment within 15 minutes of posting it."""
    comment = _visible_comment(comment_id)
    if comment.author_id != current_user.id:  # answer 403 before looking at the form (access matrix, issue 8)
        abort(403)
    form = EditCommentForm(data={"body": comment.body})
    if form.validate_on_submit():
        try:
            comments.edit_comment(db.session, current_user, comment, form.body.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(_page_of_comment(comment))
        else:
            db.session.commit()
            flash(_("Your comment is updated."), "success")
            return redirect(_page_of_comment(comment))
    elif request.method == "GET" and not comments.can_edit(current_user, comment):
        flash(_("This comment can no longer be edited."), "error")
        return redirect(_page_of_comment(comment))
    status = 422 if form.errors else 200
    return render_template("community/edit_comment.html", form=form, comment=comment,
                           back=_page_of_comment(comment)), status


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete_comment(comment_id: int):
    """Delete one's comment; a placeholder keeps the replies in place."""
    comment = _visible_comment(comment_id)
    if not comment.deleted and not comments.can_delete(current_user, comment):  # 403, as the API (issue 8)
        abort(403)
    if ActionForm().validate_on_submit():
        try:
            comments.delete_comment(db.session, current_user, comment)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Your comment is deleted."), "info")
    return redirect(_page_of_comment(comment))


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@login_required
def report_comment(comment_id: int):
    """Report a comment to the moderators."""
    comment = _visible_comment(comment_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.report_comment(db.session, current_user, comment, form.reason.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(_page_of_comment(comment))
        else:
            db.session.commit()
            flash(_("Thank you. The moderators will look at this comment."), "success")
            return redirect(_page_of_comment(comment))
    status = 422 if form.errors else 200
    return render_template("community/report.html", form=form, comment=comment,
                           back=_page_of_comment(comment)), status


from socialchallenge.community import member_views, template_globals  # noqa: E402,F401  (routes register on import)
