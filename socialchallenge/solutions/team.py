"""Team and progress-update pages of a solution: thin views over pipeline.solutions and pipeline.updates."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from socialchallenge.challenges.forms import ActionForm
from socialchallenge.challenges.stage_forms import show_errors
from socialchallenge.errors import RuleViolation, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.pipeline import solutions, updates
from socialchallenge.pipeline.access import require_team_member
from socialchallenge.solutions import bp
from socialchallenge.solutions.forms import InviteForm, UpdateForm
from socialchallenge.solutions.views import load


def _render_team(solution, form, status: int = 200, error: str | None = None):
    return render_template("solutions/team.html", solution=solution, form=form, error=error,
                           leave_form=ActionForm(), member=solution.has_member(current_user)), status


@bp.route("/solutions/<int:solution_id>/team", methods=["GET", "POST"])
@login_required
def team(solution_id: int):
    """The team: its members, and (for members) a form to add someone by email."""
    solution = load(solution_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            member = solutions.invite_member(db.session, current_user, solution, email=form.email.data)
        except (ValidationFailed, RuleViolation) as exc:
            db.session.rollback()
            show_errors(form, exc.fields or {"email": exc.message})
            return _render_team(load(solution_id), form, exc.status, exc.message)
        name = member.user.name
        db.session.commit()
        flash(_("%(name)s is now on the team.", name=name), "success")
        return redirect(url_for("solutions.team", solution_id=solution_id))
    return _render_team(solution, form, 422 if form.errors else 200)


@bp.post("/solutions/<int:solution_id>/team/leave")
@login_required
def leave(solution_id: int):
    """Leave the team; the last member cannot."""
    solution = load(solution_id)
    form = ActionForm()
    if not form.validate_on_submit():
        return _render_team(solution, InviteForm(formdata=None), 400, _("The form expired. Please submit it again."))
    try:
        solutions.leave_team(db.session, current_user, solution)
    except RuleViolation as exc:
        db.session.rollback()
        return _render_team(load(solution_id), InviteForm(formdata=None), exc.status, exc.message)
    db.session.commit()
    flash(_("You left the team."), "success")
    return redirect(url_for("solutions.show", solution_id=solution_id))


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
