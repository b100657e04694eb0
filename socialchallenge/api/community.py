"""API: supports, follows, comments and reports on challenges and solutions; the member's own notifications."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _

from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError, bearer_user, json_body, paged, token_required
from socialchallenge.community import comments, follows, inbox, reports, supports
from socialchallenge.core.plain import iso
from socialchallenge.extensions import db
from socialchallenge.limits import comment_limit
from socialchallenge.models import Comment, Notification
from socialchallenge.pipeline.access import get_challenge, get_solution


def comment_json(comment: Comment) -> dict:
    """A comment: Markdown `body` and sanitized `body_html`, both empty once deleted or while hidden."""
    shown = comment.visible
    return {
        "id": comment.id,
        "challenge_id": comment.challenge_id,
        "solution_id": comment.solution_id,
        "parent_id": comment.parent_id,
        "author": {"id": comment.author.id, "name": comment.author.name},
        "body": comment.body if shown else "",
        "body_html": comment.body_html if shown else "",
        "deleted": comment.deleted,
        "hidden": comment.hidden and not comment.deleted,
        "created_at": iso(comment.created_at),
        "edited_at": iso(comment.edited_at),
    }


def notification_json(item: Notification) -> dict:
    """A notification worded in the request's language."""
    return {"id": item.id, "kind": item.kind, "text": inbox.text_of(item), "link": item.link,
            "created_at": iso(item.created_at), "read": item.read_at is not None}


def _target(kind: str, target_id: int) -> dict:
    if kind == "challenges":
        return {"challenge": get_challenge(db.session, target_id, bearer_user())}
    return {"solution": get_solution(db.session, target_id, bearer_user())}


# --- supports ---
# A challenge and a solution are supported alike: each route below names its own endpoint and docstring (the
# OpenAPI reference reads them) and hands over to these three.

def _one_target(kind: str, target_id: int):
    return next(iter(_target(kind, target_id).values()))


def _add_support(kind: str, target_id: int):
    data = json_body({"story"})
    target = _one_target(kind, target_id)
    support = supports.add_support(db.session, g.api_user, target, data.get("story"))
    db.session.commit()
    key = "challenge_id" if kind == "challenges" else "solution_id"
    return {key: target.id, "story": support.story, "supports_count": target.supports_count}, 201


def _remove_support(kind: str, target_id: int):
    supports.remove_support(db.session, g.api_user, _one_target(kind, target_id))
    db.session.commit()
    return "", 204


def _supports_page(kind: str, target_id: int):
    return paged(supports.supports_of(_one_target(kind, target_id)), lambda rows: [
        {"user": {"id": s.user.id, "name": s.user.name}, "story": s.story, "created_at": iso(s.created_at)}
        for s in rows
    ])


@bp.post("/challenges/<int:challenge_id>/supports")
@token_required
def support_challenge(challenge_id: int):
    """Support ("me too") a challenge once, with an optional short story; a second time answers 409."""
    return _add_support("challenges", challenge_id)


@bp.delete("/challenges/<int:challenge_id>/supports")
@token_required
def withdraw_support(challenge_id: int):
    """Withdraw one's support."""
    return _remove_support("challenges", challenge_id)


@bp.get("/challenges/<int:challenge_id>/supports")
def list_supports(challenge_id: int):
    """The challenge's supporters and their stories, newest first."""
    return _supports_page("challenges", challenge_id)


@bp.post("/solutions/<int:solution_id>/supports")
@token_required
def support_solution(solution_id: int):
    """Support a solution ("this would help me") once, with an optional short story; a second time answers 409."""
    return _add_support("solutions", solution_id)


@bp.delete("/solutions/<int:solution_id>/supports")
@token_required
def withdraw_solution_support(solution_id: int):
    """Withdraw one's support of a solution."""
    return _remove_support("solutions", solution_id)


@bp.get("/solutions/<int:solution_id>/supports")
def list_solution_supports(solution_id: int):
    """The solution's supporters and their stories, newest first."""
    return _supports_page("solutions", solution_id)


# --- follows ---

@bp.post("/<any(challenges, solutions):kind>/<int:target_id>/follows")
@token_required
def follow_target(kind: str, target_id: int):
    """Follow a challenge or a solution (201; 200 when already following)."""
    _, created = follows.follow(db.session, g.api_user, **_target(kind, target_id))
    db.session.commit()
    return {"following": True}, 201 if created else 200


@bp.delete("/<any(challenges, solutions):kind>/<int:target_id>/follows")
@token_required
def unfollow_target(kind: str, target_id: int):
    """Stop following (204, also when one was not following)."""
    follows.unfollow(db.session, g.api_user, **_target(kind, target_id))
    db.session.commit()
    return "", 204


# --- comments ---

@bp.get("/<any(challenges, solutions):kind>/<int:target_id>/comments")
def list_comments(kind: str, target_id: int):
    """The comments of a challenge or a solution, oldest first; replies carry `parent_id`."""
    query = comments.comments_of(**_target(kind, target_id))
    return paged(query, lambda rows: [comment_json(c) for c in rows])


@bp.post("/<any(challenges, solutions):kind>/<int:target_id>/comments")
@comment_limit
@token_required
def post_comment(kind: str, target_id: int):
    """Comment (Markdown `body`), or reply with `parent_id`."""
    data = json_body({"body", "parent_id"})
    comment = comments.post_comment(db.session, g.api_user, data.get("body"), parent_id=data.get("parent_id"),
                                    **_target(kind, target_id))
    db.session.commit()
    return comment_json(comment), 201


def _comment(comment_id: int) -> Comment:
    comment = comments.get_comment(db.session, comment_id)
    # A comment is visible where its challenge or solution is.
    if comment.challenge_id is not None:
        get_challenge(db.session, comment.challenge_id, bearer_user())
    else:
        get_solution(db.session, comment.solution_id, bearer_user())
    return comment


@bp.patch("/comments/<int:comment_id>")
@token_required
def edit_comment(comment_id: int):
    """Change one's own comment within 15 minutes of posting (409 after)."""
    data = json_body({"body"})
    comment = comments.edit_comment(db.session, g.api_user, _comment(comment_id), data.get("body"))
    db.session.commit()
    return comment_json(comment)


@bp.delete("/comments/<int:comment_id>")
@token_required
def delete_comment(comment_id: int):
    """Delete one's own comment; it stays in the thread as "comment deleted"."""
    comments.delete_comment(db.session, g.api_user, _comment(comment_id))
    db.session.commit()
    return "", 204


@bp.post("/comments/<int:comment_id>/reports")
@token_required
def report_comment(comment_id: int):
    """Report a comment to the moderators, once per member."""
    data = json_body({"reason"})
    report = reports.report_comment(db.session, g.api_user, _comment(comment_id), data.get("reason"))
    db.session.commit()
    return {"id": report.id, "comment_id": report.comment_id, "reason": report.reason,
            "created_at": iso(report.created_at)}, 201


# --- notifications ---

@bp.get("/notifications")
@token_required
def list_notifications():
    """The member's own notifications, newest first."""
    return paged(inbox.notifications_of(g.api_user), lambda rows: [notification_json(n) for n in rows])


@bp.post("/notifications/read")
@token_required
def read_notifications():
    """Mark notifications read: the given `ids`, or all without a body."""
    data = json_body({"ids"}) if request.get_data(cache=True) else {}
    ids = data.get("ids")
    if ids is not None and (not isinstance(ids, list) or not all(type(i) is int for i in ids)):
        raise ApiError(422, "validation_failed", _("Invalid fields."),
                       {"ids": _("Must be a list of notification ids.")})
    marked = inbox.mark_read(db.session, g.api_user, ids)
    db.session.commit()
    return {"marked": marked, "unread": inbox.unread_count(db.session, g.api_user)}
