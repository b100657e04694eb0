"""Secretariat console pages: mentors, the rubric, moderation of reported comments and member suspension."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from socialchallenge.core.paging import requested_page
from socialchallenge.errors import DomainError
from socialchallenge.extensions import db
from socialchallenge.models import Role, Solution, Stage, User
from socialchallenge.pipeline.access import get_solution
from socialchallenge.secretariat import bp, mentoring, moderation, rubric
from socialchallenge.secretariat.forms import ActionForm, MemberSearchForm, MentorForm, ReasonForm, RubricForm, as_int
from socialchallenge.secretariat.views import PER_PAGE, fail


def _solution(solution_id: int) -> Solution:
    return get_solution(db.session, solution_id, current_user)


@bp.get("/mentoring")
def mentoring_index():
    """Selected solutions and their mentors."""
    pagination = db.paginate(mentoring.selected_solutions(),
                             page=requested_page(), per_page=PER_PAGE, max_per_page=PER_PAGE,
                             error_out=False)
    mentors = mentoring.mentor_map(db.session, [s.id for s in pagination.items])
    return render_template("secretariat/mentoring.html", pagination=pagination, mentors=mentors)


def _render_mentors(solution_id: int, form: MentorForm | None = None, status: int = 200):
    solution = _solution(solution_id)
    form = form or MentorForm(formdata=None)
    staff = db.session.scalars(select(User).where(User.role.in_([Role.secretariat, Role.admin]),
                                                  User.suspended.is_(False)).order_by(User.name)).all()
    form.mentor_id.choices = [SelectChoice(str(u.id), u.name) for u in staff]
    return render_template("secretariat/mentors.html", solution=solution, form=form,
                           assignments=mentoring.mentors_of(db.session, solution), action_form=ActionForm()), status


@bp.get("/mentoring/<int:solution_id>")
def mentors(solution_id: int):
    """Assign and unassign a solution's mentors."""
    return _render_mentors(solution_id)


@bp.post("/mentoring/<int:solution_id>")
def assign_mentor(solution_id: int):
    """Assign a mentor."""
    form = MentorForm()
    if not form.validate_on_submit():
        return _render_mentors(solution_id, form, 400)
    try:
        mentoring.assign(db.session, current_user, _solution(solution_id), as_int(form.mentor_id.data))
    except DomainError as exc:
        return _render_mentors(solution_id, form, fail(form, exc))
    db.session.commit()
    flash(_("The mentor is assigned."), "success")
    return redirect(url_for("secretariat.mentors", solution_id=solution_id))


@bp.post("/mentoring/<int:solution_id>/<int:mentor_id>/remove")
def unassign_mentor(solution_id: int, mentor_id: int):
    """Take a mentor off the solution."""
    if not ActionForm().validate_on_submit():
        return _render_mentors(solution_id, status=400)
    mentoring.unassign(db.session, current_user, _solution(solution_id), mentor_id)
    db.session.commit()
    flash(_("The mentor is no longer assigned."), "success")
    return redirect(url_for("secretariat.mentors", solution_id=solution_id))


@bp.get("/rubric")
def rubric_index():
    """Solutions at the proposal stage or later, with their average rubric scores."""
    query = (select(Solution).where(Solution.stage != Stage.idea).order_by(Solution.id.desc()))
    pagination = db.paginate(query, page=requested_page(), per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return render_template("secretariat/rubric_index.html", pagination=pagination,
                           averages=rubric.averages(db.session, [s.id for s in pagination.items]),
                           labels=rubric.LABELS)


def _render_rubric(solution_id: int, form: RubricForm | None = None, status: int = 200):
    solution = _solution(solution_id)
    scores = rubric.scores_of(db.session, solution)
    if form is None:
        mine = next((s for s in scores if s.evaluator_id == current_user.id), None)
        data = {name: str(getattr(mine, name)) for name in rubric.LABELS} if mine else {}
        form = RubricForm(formdata=None, data={**data, "notes": mine.notes if mine else ""})
    return render_template("secretariat/rubric.html", solution=solution, form=form, scores=scores,
                           labels=rubric.LABELS), status


@bp.get("/rubric/<int:solution_id>")
def rubric_form(solution_id: int):
    """Score a solution against the rubric."""
    return _render_rubric(solution_id)


@bp.post("/rubric/<int:solution_id>")
def score(solution_id: int):
    """Save the rubric scores."""
    form = RubricForm()
    if not form.validate_on_submit():
        return _render_rubric(solution_id, form, 400)
    try:
        rubric.score(db.session, current_user, _solution(solution_id), form.values(), form.notes.data)
    except DomainError as exc:
        return _render_rubric(solution_id, form, fail(form, exc))
    db.session.commit()
    flash(_("The rubric scores are saved."), "success")
    return redirect(url_for("secretariat.rubric_form", solution_id=solution_id))


def _render_moderation(forms: dict | None = None, status: int = 200):
    pagination = db.paginate(moderation.queue(),
                             page=requested_page(), per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    ids = [c.id for c in pagination.items]
    forms = forms or {}
    return render_template(
        "secretariat/moderation.html", pagination=pagination, reports=moderation.open_reports_of(db.session, ids),
        forms={i: forms.get(i) or ReasonForm(formdata=None, prefix=f"c{i}") for i in ids},
    ), status


@bp.get("/moderation")
def moderation_queue():
    """Reported comments waiting for a decision."""
    return _render_moderation()


@bp.post("/moderation/comments/<int:comment_id>/<any(hide, restore):action>")
def moderate(comment_id: int, action: str):
    """Hide or restore a reported comment, with a reason; its open reports are resolved."""
    form = ReasonForm(prefix=f"c{comment_id}")
    if not form.validate_on_submit():
        return _render_moderation({comment_id: form}, 400)
    comment = moderation.get_comment(db.session, comment_id)
    act = moderation.hide_comment if action == "hide" else moderation.restore_comment
    try:
        act(db.session, current_user, comment, form.reason.data)
    except DomainError as exc:
        return _render_moderation({comment_id: form}, fail(form, exc))
    db.session.commit()
    flash(_("The comment is hidden.") if action == "hide" else _("The comment is shown again."), "success")
    return redirect(url_for("secretariat.moderation_queue"))


# The member list names roles in the reader's language, never by their stored code.
ROLE_LABELS = {Role.member: _l("Member"), Role.secretariat: _l("Secretariat"), Role.admin: _l("Admin")}


def _render_members(forms: dict | None = None, status: int = 200):
    search = MemberSearchForm(request.args)
    pagination = db.paginate(moderation.find_members(search.q.data),
                             page=requested_page(), per_page=PER_PAGE, max_per_page=PER_PAGE,
                             error_out=False)
    forms = forms or {}
    return render_template(
        "secretariat/members.html", pagination=pagination, search=search, role_labels=ROLE_LABELS,
        forms={u.id: forms.get(u.id) or ReasonForm(formdata=None, prefix=f"u{u.id}") for u in pagination.items},
    ), status


@bp.get("/members")
def members():
    """Find members and suspend or reinstate them."""
    return _render_members()


@bp.post("/members/<int:user_id>/<any(suspend, unsuspend):action>")
def suspend(user_id: int, action: str):
    """Suspend a member (their sessions end) or lift the suspension, with a reason."""
    form = ReasonForm(prefix=f"u{user_id}")
    if not form.validate_on_submit():
        return _render_members({user_id: form}, 400)
    member = moderation.get_member(db.session, user_id)
    try:
        moderation.set_suspended(db.session, current_user, member, action == "suspend", form.reason.data)
    except DomainError as exc:
        return _render_members({user_id: form}, fail(form, exc))
    db.session.commit()
    flash(_("%(name)s is suspended.", name=member.name) if action == "suspend"
          else _("%(name)s may sign in again.", name=member.name), "success")
    return redirect(url_for("secretariat.members"))
