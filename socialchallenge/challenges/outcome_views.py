"""Closing a challenge with an answer for every idea, and the owner's saved answers: thin views over outcomes."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from socialchallenge.challenges import answers, bp
from socialchallenge.challenges.forms import ActionForm
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import DomainError, NotAllowed, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.pipeline import challenges, outcomes, solutions
from socialchallenge.pipeline.access import can_manage, get_challenge
from socialchallenge.security import safe_next


def _render_close(challenge, errors=None, values=None, status=200):
    found = db.session.scalars(solutions.solutions_of(challenge)).all()
    unanswered = outcomes.unanswered(found)
    return render_template(
        "challenges/close.html", challenge=challenge, unanswered=unanswered, form=ActionForm(),
        answer_errors=errors or {}, answer_values=values if values is not None else answers.drafts(unanswered),
        saved_answers=answers.saved_for(db.session, current_user)), status


@bp.route("/challenges/<int:challenge_id>/close", methods=["GET", "POST"])
@login_required
def close(challenge_id: int):
    """Stop taking solutions; each solution not picked gets its public outcome, with the reason asked for here."""
    challenge = get_challenge(db.session, challenge_id, current_user, challenges.list_options())
    if not (can_manage(db.session, current_user, challenge) or current_user.is_secretariat):
        raise NotAllowed(_("Only the owner of the challenge or the secretariat may edit it."))
    form = ActionForm()
    if request.method == "GET" or not form.validate_on_submit():
        if not challenge.is_open:
            return redirect(url_for("challenges.show", challenge_id=challenge_id))
        return _render_close(challenge, status=200 if request.method == "GET" else 400)
    saved = answers.saved_for(db.session, current_user)
    given = answers.from_form(request.form, db.session.scalars(solutions.solutions_of(challenge)), saved)
    try:
        challenges.close_challenge(db.session, current_user, challenge, given)
        answers.keep_chosen(db.session, current_user, request.form, given)
    except ValidationFailed as exc:
        db.session.rollback()
        challenge = get_challenge(db.session, challenge_id, current_user, challenges.list_options())
        values = {int(k): v for k, v in given.items()}
        return _render_close(challenge, show_errors(form, exc.fields), values, exc.status)
    db.session.commit()
    flash(_("The challenge is closed: it takes no new solutions."), "success")
    return redirect(url_for("challenges.show", challenge_id=challenge_id))


@bp.post("/saved-answers/<int:answer_id>/delete")
@login_required
def delete_saved_answer(answer_id: int):
    """Delete one of your saved answers."""
    if ActionForm().validate_on_submit():
        try:
            outcomes.delete_answer(db.session, current_user, answer_id)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("The saved answer is deleted."), "info")
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))
