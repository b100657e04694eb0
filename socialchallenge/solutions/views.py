"""Solution pages: thin views over pipeline.solutions and pipeline.transitions (and pipeline.indicators)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from socialchallenge import pagecache
from socialchallenge.attachments import service as attachments
from socialchallenge.attachments.service import attachments_of, images_and_documents
from socialchallenge.community import page_parts
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import NotFound, RuleViolation, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.funding import summary
from socialchallenge.impact.forms import value_form
from socialchallenge.models import Challenge, Solution, Stage
from socialchallenge.pagecache.fragments import fragment
from socialchallenge.pipeline import (
    carry_over,
    challenges,
    indicators,
    solutions,
    transition_table,
    transitions,
    updates,
)
from socialchallenge.pipeline.access import get_challenge, get_solution, require_team_member
from socialchallenge.pipeline.questions import visible_answers
from socialchallenge.pipeline.stage_forms import (
    STAGE_FORMS,
    add_blank_rows,
    initial_data,
    stage_form_class,
    submitted_values,
)
from socialchallenge.pipeline.stages import STAGE_BY_NAME, missing_with
from socialchallenge.solutions import bp, stepper


def load(solution_id: int):
    """The solution with everything its pages show, in a fixed number of queries."""
    return get_solution(db.session, solution_id, current_user, solutions.detail_options())


@bp.route("/challenges/<int:challenge_id>/solutions/new", methods=["GET", "POST"])
@login_required
def new(challenge_id: int):
    """Answer an open challenge with an idea; you become the first member of its team."""
    challenge = get_challenge(db.session, challenge_id, current_user, challenges.list_options())
    form = stage_form_class(challenge, Stage.idea.value)()
    error = None
    if form.validate_on_submit():
        try:
            solution = solutions.submit_idea(db.session, current_user, challenge, submitted_values(form))
        except (ValidationFailed, RuleViolation) as exc:
            db.session.rollback()
            challenge = get_challenge(db.session, challenge_id, current_user, challenges.list_options())
            show_errors(form, exc.fields)
            error, status = exc.message, exc.status
        else:
            db.session.commit()
            flash(_("Your idea is posted. Next, grow it into a proposal."), "success")
            return redirect(url_for("solutions.show", solution_id=solution.id))
    else:
        status = 422 if form.errors else 200
    return render_template("solutions/new.html", form=form, challenge=challenge, error=error), status


@bp.get("/solutions/<int:solution_id>")
def show(solution_id: int):
    """The solution: stepper, fields by stage, team, public history and progress updates."""
    return render_show(solution_id)


def render_show(solution_id: int, status: int = 200, **extra):
    """The solution page; `extra` carries a refused measured-value form back with its errors."""
    if not extra and request.method in {"GET", "HEAD"}:
        shared = _shared_show(solution_id)
        if shared is not None:
            return shared, status
    solution = load(solution_id)
    member = current_user.is_authenticated and solution.has_member(current_user)
    if member and solution.stage == Stage.experiment and solution.indicators and "value_form" not in extra:
        extra["value_form"] = value_form(solution)
    context = _show_context(solution, page_parts.for_solution(solution), current_user)
    return render_template("solutions/show.html", **context, member=member, **extra), status


def _show_context(solution, community: dict, viewer) -> dict:
    """What the page's content shows of the solution for the viewer (None: as any reader without a relation to
    it sees it), the community part given; `member` (on the team) aside."""
    images, documents = images_and_documents(db.session.scalars(attachments_of(solution)).all())
    return dict(
        solution=solution, challenge=solution.challenge,
        steps=stepper.steps(solution), needs=stepper.next_needs(solution),
        target=stepper.advance_target(solution), sections=stepper.sections(solution),
        blockers=transition_table.blockers(db.session, solution),
        updates=db.session.scalars(updates.updates_of(solution)).all(),
        pending=transition_table.pending_review(solution),
        stages=stepper.SOLUTION_STAGES, images=images, documents=documents,
        copies=carry_over.copies_of(db.session, solution),
        answers=visible_answers(db.session, viewer, solution),
        box=summary.box(db.session, solution), community=community,
    )


def _shared_show(solution_id: int):
    """The page for a reader with no relation to the solution (a visitor, or a member who is not on its team, not
    its challenge's owner side nor the secretariat and wrote no comment on it), its content a shared fragment
    (issue 17 goal 2): on a hit the view reads only the solution and challenge rows and the reader's relation to
    them. None for anyone else, and without a page store."""
    if pagecache.current_store() is None:  # nothing to share it through: the page as it always was made
        return None
    solution = get_solution(db.session, solution_id, current_user, [
        joinedload(Solution.cover), joinedload(Solution.challenge).joinedload(Challenge.cover)])
    challenge = solution.challenge
    if challenge.hidden:
        return None
    shared = page_parts.shared_reader(solution, challenge)
    if shared is None:
        return None
    reader, state = shared

    def content() -> str:
        shown = get_solution(db.session, solution_id, None, solutions.detail_options())
        context = _show_context(shown, page_parts.for_solution(shown, state), None)
        return render_template("solutions/_show_content.html", **context, member=False)

    return render_template("solutions/show.html", solution=solution, challenge=challenge,
                           content=fragment(f"solutions.show:{reader}", content, csrf=True))


def _render_edit(solution, stage: str, form, status: int = 200, error: str | None = None, others=None):
    add_blank_rows(form)
    target = stepper.advance_target(solution)
    return render_template(
        "solutions/edit.html", solution=solution, stage=STAGE_BY_NAME[stage], form=form, error=error,
        others=stepper.missing_fields(others or {}, solution), steps=stepper.steps(solution),
        can_advance=target is not None and target.value == stage
        and not transition_table.blockers(db.session, solution),
        pending=transition_table.pending_review(solution), stages=stepper.SOLUTION_STAGES,
    ), status


def _stage_or_404(stage: str) -> str:
    if stage not in STAGE_FORMS or STAGE_BY_NAME[stage].subject != "solution":
        abort(404)
    return stage


@bp.route("/solutions/<int:solution_id>/edit/<stage>", methods=["GET", "POST"])
@login_required
def edit(solution_id: int, stage: str):
    """Edit one stage's fields (team only): save a draft at any time, or save and move on."""
    stage = _stage_or_404(stage)
    solution = load(solution_id)
    require_team_member(current_user, solution)
    form_class = stage_form_class(solution.challenge, stage)
    if request.method == "GET":
        return _render_edit(solution, stage, form_class(data=initial_data(solution, form_class.specs)))
    form = form_class()
    if not form.validate_on_submit():
        return _render_edit(solution, stage, form, 400, _("The form expired. Please submit it again."))
    try:
        solutions.update_solution(db.session, current_user, solution, submitted_values(form))
    except ValidationFailed as exc:
        db.session.rollback()
        fields = dict(exc.fields)
        target = stepper.advance_target(solution) if request.form.get("action") == "advance" else None
        if target is not None:  # moving on: also say which required fields are still blank, all at once
            posted = submitted_values(form)
            fields.update({k: v for k, v in missing_with(solution, target, posted).items() if k not in fields})
        others = show_errors(form, fields)
        return _render_edit(load(solution_id), stage, form, exc.status, exc.message, others)
    db.session.commit()
    if request.form.get("action") != "advance":
        flash(_("Draft saved."), "success")
        return redirect(url_for("solutions.edit", solution_id=solution_id, stage=stage))
    # The draft is committed first so that a refused move never loses what was typed.
    return _advance(solution_id, stage, form)


def _advance(solution_id: int, stage: str | None = None, form=None):
    solution = load(solution_id)
    target = stepper.advance_target(solution)
    stage = stage or (target.value if target else solution.stage.value)
    form_class = stage_form_class(solution.challenge, stage)
    form = form or form_class(formdata=None, data=initial_data(solution, form_class.specs))
    try:
        campaign = transitions.advance(db.session, current_user, solution)[1]
    except (ValidationFailed, RuleViolation) as exc:
        db.session.rollback()
        others = show_errors(form, exc.fields)
        return _render_edit(load(solution_id), stage, form, exc.status, exc.message, others)
    db.session.commit()
    if campaign is not None:
        flash(_("Your campaign is waiting for the secretariat's review."), "success")
    else:
        flash(_("Moved on to the next stage."), "success")
    return redirect(url_for("solutions.show", solution_id=solution_id))


@bp.post("/solutions/<int:solution_id>/advance")
@login_required
def advance(solution_id: int):
    """Move on to the next stage, or show exactly which fields are still missing."""
    require_team_member(current_user, load(solution_id))
    return _advance(solution_id)


@bp.post("/solutions/<int:solution_id>/indicators/values")
@login_required
def post_indicator_value(solution_id: int):
    """Record a measured value for one of the solution's indicators (team only, during the experiment)."""
    solution = get_solution(db.session, solution_id, current_user, solutions.detail_options())
    require_team_member(current_user, solution)
    form = value_form(solution)
    if not form.validate_on_submit():
        flash(_("The form expired. Please submit it again."), "error")
        return redirect(url_for("solutions.show", solution_id=solution_id, _anchor="indicators"))
    try:
        try:
            indicator = indicators.get_indicator(solution, int(form.indicator.data or 0))
        except (NotFound, ValueError):  # none chosen, or not one of this solution's: a mistake on the form
            raise ValidationFailed(_("Please correct the marked fields."),
                                   {"indicator": _("Choose one of the indicators.")}) from None
        evidence = None
        upload = form.evidence.data
        if upload and upload.filename:
            evidence = attachments.upload(db.session, current_user, solution,
                                          attachments.read_upload(upload.stream), upload.filename,
                                          form.evidence_alt.data or "")
        indicators.post_value(db.session, current_user, solution, indicator, {
            "date": form.date.data, "value": form.value.data, "note": form.note.data, "link": form.link.data,
        }, evidence=evidence)
    except (ValidationFailed, RuleViolation, NotFound, ValueError) as exc:
        db.session.rollback()
        fields = getattr(exc, "fields", None) or {}
        others = show_errors(form, fields, {"file": "evidence", "alt_text": "evidence_alt"})
        message = getattr(exc, "message", None) or _("Choose one of the indicators.")
        return render_show(solution_id, value_form=form, value_error=message, value_others=others,
                           status=getattr(exc, "status", 422))
    db.session.commit()
    flash(_("The measured value is saved."), "success")
    return redirect(url_for("solutions.show", solution_id=solution_id, _anchor="indicators"))
