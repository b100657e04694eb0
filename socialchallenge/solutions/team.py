"""Team and progress-update pages of a solution: thin views over pipeline.teams and pipeline.updates."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from socialchallenge.challenges.forms import ActionForm
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import DomainError, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.limits import invitation_limit
from socialchallenge.pipeline import teams, updates
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.solutions import bp
from socialchallenge.solutions.forms import InviteForm, JoinForm, UpdateForm
from socialchallenge.solutions.views import load


def _render_team(solution_id: int, form=None, join_form=None, status: int = 200, error: str | None = None):
    solution = load(solution_id)
    member = solution.has_member(current_user)
    context = {"solution": solution, "member": member, "error": error, "action_form": ActionForm(),
               "form": form or InviteForm(formdata=None), "join_form": join_form or JoinForm(formdata=None)}
    if member:
        context["invitations"] = db.session.scalars(teams.team_invitations(solution, current_user)).all()
        context["join_requests"] = db.session.scalars(teams.team_join_requests(solution, current_user)).all()
    else:
        context["my_invitation"], context["my_request"] = teams.my_open_asks(db.session, current_user, solution)
    return render_template("solutions/team.html", **context), status


def _act(solution_id: int, action: Callable[[], object], done: str, form=None, join_form=None, to: str | None = None):
    """Run one team action from a button or form: a flash and on to `to` (the team page), or the page with the
    error."""
    if not ActionForm().validate_on_submit():
        return _render_team(solution_id, form, join_form, 400, _("The form expired. Please submit it again."))
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        if isinstance(exc, ValidationFailed) and (form or join_form):
            show_errors(form or join_form, exc.fields)
        return _render_team(solution_id, form, join_form, exc.status, exc.message)
    db.session.commit()
    flash(done, "success")
    return redirect(to or url_for("solutions.team", solution_id=solution_id))


@bp.route("/solutions/<int:solution_id>/team", methods=["GET", "POST"])
@invitation_limit
@login_required
def team(solution_id: int):
    """The team: its members; for members, requests to join, open invitations and a form to invite someone by
    email; for everyone else, their invitation or a way to ask to join."""
    form = InviteForm()
    if not form.is_submitted():
        return _render_team(solution_id)
    if not form.validate():
        return _render_team(solution_id, form, status=422)
    solution = load(solution_id)
    return _act(solution_id, lambda: teams.invite(db.session, current_user, solution, form.email.data),
                _("Unless %(email)s is on the team already, they are invited. They join once they accept.",
                  email=(form.email.data or "").strip()), form=form)


@bp.post("/solutions/<int:solution_id>/team/invitations/<int:invitation_id>/withdraw")
@login_required
def withdraw_invitation(solution_id: int, invitation_id: int):
    """Take back an open invitation (team only)."""
    invitation = teams.get_invitation(db.session, invitation_id)
    if invitation.solution_id != solution_id:
        abort(404)
    return _act(solution_id, lambda: teams.withdraw_invitation(db.session, current_user, invitation),
                _("The invitation to %(email)s is withdrawn.", email=invitation.email))


@bp.post("/solutions/<int:solution_id>/team/join")
@login_required
def ask_to_join(solution_id: int):
    """Ask the team to let you join, with an optional note; the team answers."""
    solution = load(solution_id)
    join_form = JoinForm()
    return _act(solution_id, lambda: teams.ask_to_join(db.session, current_user, solution, join_form.message.data),
                _("You asked to join the team. You will hear the team's answer in your notifications."),
                join_form=join_form)


@bp.post("/solutions/<int:solution_id>/team/join-requests/<int:join_request_id>/withdraw")
@login_required
def withdraw_join_request(solution_id: int, join_request_id: int):
    """Take back your request to join."""
    join_request = teams.get_join_request(db.session, join_request_id)
    if join_request.solution_id != solution_id:
        abort(404)
    return _act(solution_id, lambda: teams.withdraw_join_request(db.session, current_user, join_request),
                _("Your request to join is withdrawn."))


@bp.post("/solutions/<int:solution_id>/team/join-requests/<int:join_request_id>/<any(accept, decline):decision>")
@login_required
def answer_join_request(solution_id: int, join_request_id: int, decision: str):
    """Accept (they join the team) or decline a request to join (team only)."""
    join_request = teams.get_join_request(db.session, join_request_id)
    if join_request.solution_id != solution_id:
        abort(404)
    accept = decision == "accept"
    name = join_request.user.name
    return _act(solution_id, lambda: teams.answer_join_request(db.session, current_user, join_request, accept),
                _("%(name)s is now on the team.", name=name) if accept
                else _("You declined the request of %(name)s.", name=name))


@bp.post("/solutions/<int:solution_id>/team/leave")
@login_required
def leave(solution_id: int):
    """Leave the team; the last member cannot."""
    solution = load(solution_id)
    return _act(solution_id, lambda: teams.leave_team(db.session, current_user, solution), _("You left the team."),
                to=url_for("solutions.show", solution_id=solution_id))


@bp.route("/solutions/<int:solution_id>/updates/new", methods=["GET", "POST"])
@login_required
def new_update(solution_id: int):
    """Post a progress update to the experiment log (team only)."""
    solution = load(solution_id)
    require_team_member(current_user, solution)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            updates.post_update(db.session, current_user, solution, form.title.data, form.body.data)
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
            solution = load(solution_id)
        else:
            db.session.commit()
            flash(_("Your update is posted."), "success")
            return redirect(url_for("solutions.show", solution_id=solution_id, _anchor="updates"))
    return render_template("solutions/update_form.html", solution=solution, form=form), (422 if form.errors else 200)
