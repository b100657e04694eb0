"""A member's own team invitations and requests to join: thin views over pipeline.teams."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from socialchallenge.challenges.forms import ActionForm
from socialchallenge.errors import DomainError
from socialchallenge.extensions import db
from socialchallenge.pipeline import teams
from socialchallenge.solutions import bp


def _render(status: int = 200, error: str | None = None):
    return render_template("solutions/invitations.html", error=error,
                           invitations=db.session.scalars(teams.invitations_to(current_user)).all(),
                           join_requests=db.session.scalars(teams.join_requests_by(current_user)).all()), status


@bp.get("/invitations")
@login_required
def invitations():
    """The invitations addressed to you, to accept or decline, and your open requests to join teams."""
    return _render()


@bp.post("/invitations/<int:invitation_id>/<any(accept, decline):decision>")
@login_required
def answer_invitation(invitation_id: int, decision: str):
    """Accept an invitation (you join the team) or decline it."""
    if not ActionForm().validate_on_submit():
        return _render(400, _("The form expired. Please submit it again."))
    invitation = teams.get_invitation(db.session, invitation_id)
    accept = decision == "accept"
    try:
        teams.answer_invitation(db.session, current_user, invitation, accept)
    except DomainError as exc:
        db.session.rollback()
        return _render(exc.status, exc.message)
    title, solution_id = invitation.solution.title, invitation.solution_id
    db.session.commit()
    if accept:
        flash(_('You joined the team of "%(solution)s".', solution=title), "success")
        return redirect(url_for("solutions.team", solution_id=solution_id))
    flash(_('You declined the invitation to the team of "%(solution)s".', solution=title), "info")
    return redirect(url_for("solutions.invitations"))
