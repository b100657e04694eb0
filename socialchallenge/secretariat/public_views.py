"""Public pages of the secretariat feature: the resource catalogue (requests by teams), a solution's private
mentoring log, the way from a merged duplicate to its original, and the rubric summary for challenge owners."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from socialchallenge.calls import prizes
from socialchallenge.core.paging import requested_page
from socialchallenge.errors import DomainError, NotAllowed
from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Solution, TeamMember
from socialchallenge.pipeline.access import get_solution, is_authenticated
from socialchallenge.places import district_choices, district_param
from socialchallenge.secretariat import mentoring, public_bp, resources, rubric
from socialchallenge.secretariat.forms import MentoringNoteForm, ResourceRequestForm, as_int
from socialchallenge.secretariat.views import PER_PAGE, fail

bp = public_bp


@bp.before_app_request
def merged_challenge_redirect():
    """A merged duplicate's page leads to the original challenge."""
    if request.endpoint != "challenges.show":
        return None
    challenge_id = (request.view_args or {}).get("challenge_id")
    merged_into = db.session.scalar(select(Challenge.merged_into_id).where(Challenge.id == challenge_id))
    if merged_into is None:
        return None
    flash(_("That challenge was a duplicate of this one and has been merged into it."), "info")
    return redirect(url_for("challenges.show", challenge_id=merged_into), 301)


@bp.app_template_global()
def rubric_labels() -> dict:
    """The rubric criteria and their translated names."""
    return rubric.LABELS


@bp.get("/resources")
def catalogue():
    """Resources offered to projects, by kind, district and place in words."""
    kind = request.args.get("kind") or None
    area = request.args.get("area", "").strip() or None
    district, _problem = district_param(db.session, request.args.get("district"))  # a bad code is left out
    pagination = db.paginate(resources.catalogue(kind, area, district),
                             page=requested_page(), per_page=PER_PAGE, max_per_page=PER_PAGE,
                             error_out=False)
    return render_template("resources/index.html", pagination=pagination, kinds=resources.KIND_LABELS,
                           areas=resources.areas(db.session), kind=kind, area=area or "",
                           district=district or "", districts=district_choices(db.session))


def _my_solutions() -> list[Solution]:
    if not is_authenticated(current_user):
        return []
    return list(db.session.scalars(select(Solution).join(TeamMember, TeamMember.solution_id == Solution.id)
                                   .where(TeamMember.user_id == current_user.id).order_by(Solution.title)))


def _render_resource(resource_id: int, form: ResourceRequestForm | None = None, status: int = 200):
    resource = resources.get_resource(db.session, resource_id)
    mine = _my_solutions()
    form = form or ResourceRequestForm(formdata=None)
    form.solution_id.choices = [SelectChoice(str(s.id), s.title) for s in mine]
    return render_template("resources/show.html", resource=resource, form=form, mine=mine,
                           kinds=resources.KIND_LABELS), status


@bp.get("/resources/<int:resource_id>")
def show(resource_id: int):
    """A resource, and a request form for team members."""
    return _render_resource(resource_id)


@bp.post("/resources/<int:resource_id>/requests")
@login_required
def request_resource(resource_id: int):
    """A team member asks for the resource for their solution."""
    form = ResourceRequestForm()
    if not form.validate_on_submit():
        return _render_resource(resource_id, form, 400)
    resource = resources.get_resource(db.session, resource_id)
    try:
        row = resources.request_resource(db.session, current_user, resource, as_int(form.solution_id.data),
                                         form.message.data)
    except DomainError as exc:
        if isinstance(exc, NotAllowed):
            raise
        return _render_resource(resource_id, form, fail(form, exc))
    db.session.commit()
    flash(_("Your request is sent. The secretariat will answer you."), "success")
    return redirect(url_for("resources.mentoring_or_requests", solution_id=row.solution_id))


def _render_log(solution_id: int, form: MentoringNoteForm | None = None, status: int = 200):
    solution = get_solution(db.session, solution_id, current_user)
    notes = mentoring.log_of(db.session, current_user, solution)
    return render_template(
        "resources/mentoring_log.html", solution=solution, notes=notes,
        mentors=mentoring.mentors_of(db.session, solution),
        can_write=mentoring.can_write_log(db.session, current_user, solution),
        form=form or MentoringNoteForm(formdata=None),
        requests=resources.requests_of_solution(db.session, solution), statuses=resources.STATUS_LABELS,
        period=prizes.mentoring_period(db.session, solution),
    ), status


@bp.get("/solutions/<int:solution_id>/mentoring")
@login_required
def mentoring_or_requests(solution_id: int):
    """The private mentoring log and the team's resource requests (team, mentors and secretariat only)."""
    return _render_log(solution_id)


@bp.post("/solutions/<int:solution_id>/mentoring")
@login_required
def add_note(solution_id: int):
    """A mentor writes an entry in the log."""
    form = MentoringNoteForm()
    if not form.validate_on_submit():
        return _render_log(solution_id, form, 400)
    solution = get_solution(db.session, solution_id, current_user)
    try:
        mentoring.add_note(db.session, current_user, solution, form.met_on.data, form.notes.data,
                           form.next_steps.data)
    except DomainError as exc:
        if isinstance(exc, NotAllowed):
            raise
        return _render_log(solution_id, form, fail(form, exc))
    db.session.commit()
    flash(_("The entry is saved in the mentoring log."), "success")
    return redirect(url_for("resources.mentoring_or_requests", solution_id=solution_id))
