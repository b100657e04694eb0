"""Challenge pages: thin views over pipeline.challenges, selection and adoption."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from socialchallenge import pagecache
from socialchallenge.attachments.service import attachments_of, images_and_documents
from socialchallenge.challenges import answers, bp
from socialchallenge.challenges.forms import (
    ActionForm,
    AdoptForm,
    ChallengeForm,
    EvaluationForm,
    SelectionForm,
)
from socialchallenge.community import page_parts
from socialchallenge.core.form_errors import show_errors
from socialchallenge.core.paging import requested_page
from socialchallenge.errors import NotAllowed, RuleViolation, ValidationFailed
from socialchallenge.events import service as events
from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Evaluation, Stage
from socialchallenge.pagecache.fragments import fragment
from socialchallenge.pipeline import adoption, challenges, outcomes, selection, solutions
from socialchallenge.pipeline.access import administered_organisations, can_manage, get_challenge
from socialchallenge.pipeline.stage_forms import initial_data, submitted_values
from socialchallenge.search.filters import parse_filters
from socialchallenge.search.forms import ChallengeFilterForm
from socialchallenge.search.query import challenge_list
from socialchallenge.secretariat import rubric

PER_PAGE = 20


def _load(challenge_id: int):
    return get_challenge(db.session, challenge_id, current_user, challenges.list_options())


@bp.get("/challenges")
def index():
    """Browse challenges with filters (status, area, topic, SDG), search, order and paging."""

    def content() -> str:
        # The same for every reader: members get it from the shared store too (issue 17 goal 2).
        filters = ChallengeFilterForm(request.args)
        q, chosen, sort, _errors = parse_filters(request.args)  # a value that makes no sense is left out
        pagination = db.paginate(challenge_list(q, chosen, sort), page=requested_page(), per_page=PER_PAGE,
                                 max_per_page=PER_PAGE, error_out=False)
        return render_template("challenges/_index_content.html", filters=filters, pagination=pagination)

    return render_template("challenges/index.html", content=fragment("challenges.index", content, lists=True))


def _owner_choices(form: ChallengeForm) -> None:
    orgs = administered_organisations(db.session, current_user)
    form.organisation_id.choices = [SelectChoice("", current_user.name)] + [SelectChoice(str(o.id), o.name)
                                                                            for o in orgs]


def _form_values(form: ChallengeForm, editing: bool = False) -> dict:
    return {**submitted_values(form), "solution_deadline": form.deadline_value(), **form.place_values(editing)}


@bp.route("/challenges/new", methods=["GET", "POST"])
@login_required
def new():
    """Post a challenge, as yourself or for an organisation you administer."""
    form = ChallengeForm()
    _owner_choices(form)
    form.set_district_choices(db.session)
    if form.validate_on_submit():
        try:
            challenge = challenges.create_challenge(
                db.session, current_user, {**_form_values(form), "organisation_id": form.organisation_value()})
        except (ValidationFailed, NotAllowed) as exc:
            db.session.rollback()
            show_errors(form, exc.fields or {"organisation_id": exc.message})
        else:
            db.session.commit()
            flash(_("Your challenge is posted."), "success")
            return redirect(url_for("challenges.show", challenge_id=challenge.id))
    return render_template("challenges/form.html", form=form, challenge=None), (422 if form.errors else 200)


@bp.route("/challenges/<int:challenge_id>/edit", methods=["GET", "POST"])
@login_required
def edit(challenge_id: int):
    """Edit a challenge (its owner side or the secretariat)."""
    challenge = _load(challenge_id)
    if not (can_manage(db.session, current_user, challenge) or current_user.is_secretariat):
        raise NotAllowed(_("Only the owner of the challenge or the secretariat may edit it."))
    if request.method == "GET":
        form = ChallengeForm(data={**initial_data(challenge, ChallengeForm.specs),
                                   "solution_deadline": ChallengeForm.deadline_day(challenge.solution_deadline),
                                   **ChallengeForm.place_data(challenge)})
    else:
        form = ChallengeForm()
    del form.organisation_id
    form.set_district_choices(db.session)
    if form.validate_on_submit():
        try:
            challenges.update_challenge(db.session, current_user, challenge, _form_values(form, editing=True))
        except ValidationFailed as exc:
            db.session.rollback()
            show_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(_("The challenge is saved."), "success")
            return redirect(url_for("challenges.show", challenge_id=challenge_id))
    return render_template("challenges/form.html", form=form, challenge=challenge), (422 if form.errors else 200)


def _render_show(challenge_id: int, status: int = 200, error: str | None = None, forms: dict | None = None):
    """The challenge page: problem, state, solutions by stage and, for the owner, the selection and adoption."""
    if error is None and not forms and request.method in {"GET", "HEAD"}:
        shared = _shared_show(challenge_id)
        if shared is not None:
            return shared, status
    challenge = _load(challenge_id)
    context = _show_context(challenge, page_parts.for_challenge(challenge), current_user)
    manager = context["manager"] = can_manage(db.session, current_user, challenge)
    context["error"] = error
    forms = forms or {}
    found = context["found"]
    if manager:
        candidates = [s for s in found if selection.is_candidate(s)]
        pick = forms.get("selection") or SelectionForm(data={"solution_ids": [str(s.id) for s in found if s.selected]})
        # Supports ("this would help me") beside each candidate, so the owner sees them while picking.
        pick.solution_ids.choices = [SelectChoice(str(s.id), _("%(title)s (%(n)s)", title=s.title, n=ngettext(
            "%(num)d supporter", "%(num)d supporters", s.supports_count))) for s in candidates]
        picked = [s for s in found if s.selected]
        evaluations = {e.solution_id: e for e in db.session.scalars(adoption.evaluations_by(challenge, current_user))}
        evaluation_open = adoption.evaluation_open(db.session, challenge)
        context.update(
            candidates=candidates, selection_form=pick, picked=picked, evaluation_open=evaluation_open,
            # The secretariat's average rubric scores where the owner side picks and adopts.
            rubric={"selection": rubric.averages(db.session, [s.id for s in candidates]),
                    "evaluation": rubric.averages(db.session, [s.id for s in picked]) if evaluation_open else {}},
            evaluation_forms={s.id: forms.get(("evaluation", s.id)) or EvaluationForm(
                prefix=f"eval-{s.id}", data=_evaluation_data(evaluations.get(s.id))) for s in picked},
            adoptable={s.id for s in picked if adoption.adoption_refusal(db.session, challenge, s) is None},
            answer_values=forms.get("answer_values") or answers.drafts(candidates),
            answer_errors=forms.get("answer_errors") or {}, saved_answers=answers.saved_for(db.session, current_user),
        )
    return render_template("challenges/show.html", **context), status


def _show_context(challenge, community: dict, viewer) -> dict:
    """What the page's content shows of the challenge for the viewer (None: as any reader without a relation to
    it sees it), the community part given."""
    found = db.session.scalars(solutions.solutions_of(challenge)).all()
    images, documents = images_and_documents(db.session.scalars(attachments_of(challenge)).all())
    challenge_events = events.of_challenge(db.session, viewer, challenge)
    pagecache.valid_until(events.next_change(challenge_events))  # an event ending moves it to the past ones
    return {"challenge": challenge, "found": found,
            "groups": [(stage, [s for s in found if s.stage == stage]) for stage in Stage],
            "state": selection.selection_state(challenge, found), "manager": False, "error": None,
            "action_form": ActionForm(), "images": images, "documents": documents, "community": community,
            "challenge_events": challenge_events}


def _shared_show(challenge_id: int):
    """The page for a reader with no relation to the challenge (a visitor, or a member who is not its owner side
    nor the secretariat and wrote no comment on it), its content a shared fragment (issue 17 goal 2): on a hit the
    view reads only the challenge row and the reader's relation to it. None for anyone else, and without a page
    store."""
    if pagecache.current_store() is None:  # nothing to share it through: the page as it always was made
        return None
    challenge = get_challenge(db.session, challenge_id, current_user, [joinedload(Challenge.cover)])
    if challenge.hidden:
        return None
    shared = page_parts.shared_reader(challenge, challenge)
    if shared is None:
        return None
    reader, state = shared

    def content() -> str:
        shown = get_challenge(db.session, challenge_id, None, challenges.list_options())
        context = _show_context(shown, page_parts.for_challenge(shown, state), None)
        return render_template("challenges/_show_content.html", **context)

    return render_template("challenges/show.html", challenge=challenge,
                           content=fragment(f"challenges.show:{reader}", content, csrf=True))


def _evaluation_data(evaluation: Evaluation | None) -> dict:
    return {"score": str(evaluation.score), "notes": evaluation.notes} if evaluation else {}


@bp.get("/challenges/<int:challenge_id>")
def show(challenge_id: int):
    """A challenge and its solutions grouped by stage."""
    return _render_show(challenge_id)


@bp.post("/challenges/<int:challenge_id>/selection")
@login_required
def select_solutions(challenge_id: int):
    """The owner picks up to three solutions at the proposal stage or later."""
    challenge = _load(challenge_id)
    form = SelectionForm()
    if not form.validate_on_submit():
        return _render_show(challenge_id, 400, _("The form expired. Please submit it again."))
    saved = answers.saved_for(db.session, current_user)
    candidates = [s for s in db.session.scalars(solutions.solutions_of(challenge)) if selection.is_candidate(s)]
    picked = {str(i) for i in form.ids()}
    # Reasons are optional here (kept until the challenge closes); a ticked solution needs none.
    given = {k: v for k, v in answers.from_form(request.form, candidates, saved).items() if k not in picked}
    try:
        selection.set_selection(db.session, current_user, challenge, form.ids(), given)
        answers.keep_chosen(db.session, current_user, request.form, given)
    except (ValidationFailed, RuleViolation) as exc:
        db.session.rollback()
        # The pick's problem (or the rule refused, with no field) under the checkboxes; the reasons' under each one.
        answer_errors = show_errors(form, exc.fields or {"solution_ids": exc.message})
        values = {int(k): v for k, v in given.items()}
        return _render_show(challenge_id, exc.status, exc.message, {
            "selection": form, "answer_errors": answer_errors, "answer_values": values})
    db.session.commit()
    flash(_("The selection is saved."), "success")
    return redirect(url_for("challenges.show", challenge_id=challenge_id, _anchor="selection"))


@bp.post("/challenges/<int:challenge_id>/evaluations/<int:solution_id>")
@login_required
def evaluate(challenge_id: int, solution_id: int):
    """The owner scores a selected solution's prototype (1–5) with notes."""
    challenge = _load(challenge_id)
    form = EvaluationForm(prefix=f"eval-{solution_id}")
    if not form.validate_on_submit():
        return _render_show(challenge_id, 400, _("The form expired. Please submit it again."))
    try:
        adoption.evaluate(db.session, current_user, challenge, solution_id, form.score_value(), form.notes.data)
    except (ValidationFailed, RuleViolation) as exc:
        db.session.rollback()
        show_errors(form, exc.fields)
        return _render_show(challenge_id, exc.status, exc.message, {("evaluation", solution_id): form})
    db.session.commit()
    flash(_("The evaluation is saved."), "success")
    return redirect(url_for("challenges.show", challenge_id=challenge_id, _anchor="evaluation"))


@bp.get("/challenges/<int:challenge_id>/adoption")
@login_required
def confirm_adoption(challenge_id: int):
    """Adoption cannot be undone: the owner side confirms it on a page that says what it means."""
    challenge = _load(challenge_id)
    raw = request.args.get("solution_id", "")
    try:
        solution = adoption.adoptable_solution(db.session, current_user, challenge, int(raw) if raw.isdigit() else raw)
    except (ValidationFailed, RuleViolation) as exc:
        return _render_show(challenge_id, exc.status, exc.message)
    return _render_adopt_confirm(challenge, solution, AdoptForm(data={"solution_id": str(solution.id)}))


def _render_adopt_confirm(challenge, solution, form, errors=None, values=None, status=200):
    """The confirmation page, asking a reason for each solution still unanswered (adoption closes the challenge)."""
    found = db.session.scalars(solutions.solutions_of(challenge)).all()
    unanswered = [s for s in outcomes.unanswered(found) if s.id != solution.id]
    return render_template("challenges/adopt_confirm.html", challenge=challenge, solution=solution, form=form,
                           unanswered=unanswered, answer_errors=errors or {},
                           answer_values=values if values is not None else answers.drafts(unanswered),
                           saved_answers=answers.saved_for(db.session, current_user)), status


@bp.post("/challenges/<int:challenge_id>/adoption")
@login_required
def adopt(challenge_id: int):
    """The owner adopts one evaluated solution as the final one, once confirmed; the challenge closes."""
    challenge = _load(challenge_id)
    form = AdoptForm()
    if not form.validate_on_submit():
        return _render_show(challenge_id, 400, _("The form expired. Please submit it again."))
    raw = form.solution_id.data or ""
    solution_id = int(raw) if raw.isdigit() else raw
    try:
        if request.form.get("confirm") != "yes":
            # Not confirmed (an old page, a script): who may, and whether it could be adopted, is checked as for
            # the adoption itself; then the page says what adopting means instead of doing it.
            adoption.adoptable_solution(db.session, current_user, challenge, solution_id)
            return redirect(url_for("challenges.confirm_adoption", challenge_id=challenge_id, solution_id=raw), 303)
        saved = answers.saved_for(db.session, current_user)
        given = answers.from_form(request.form, db.session.scalars(solutions.solutions_of(challenge)), saved)
        adoption.adopt(db.session, current_user, challenge, solution_id, given)
        answers.keep_chosen(db.session, current_user, request.form, given)
    except ValidationFailed as exc:
        db.session.rollback()
        answer_errors = show_errors(form, exc.fields)
        if not answer_errors:
            return _render_show(challenge_id, exc.status, exc.message)
        challenge = _load(challenge_id)
        solution = adoption.adoptable_solution(db.session, current_user, challenge, solution_id)
        return _render_adopt_confirm(challenge, solution, form, answer_errors,
                                     {int(k): v for k, v in given.items()}, exc.status)
    except RuleViolation as exc:
        db.session.rollback()
        return _render_show(challenge_id, exc.status, exc.message)
    db.session.commit()
    flash(_("The solution is adopted and the challenge is closed. Thank you!"), "success")
    return redirect(url_for("challenges.show", challenge_id=challenge_id))
