"""The page where a challenge's owner side or the secretariat sets the challenge's own questions (at most 10)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from socialchallenge.challenges import bp
from socialchallenge.errors import NotAllowed, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.pipeline import challenges, questions
from socialchallenge.pipeline.access import get_challenge
from socialchallenge.pipeline.stages import MAX_QUESTIONS, STAGE_BY_NAME

KIND_LABELS = {"short_text": _l("Short text"), "long_text": _l("Long text"), "choice": _l("A choice")}


class QuestionRowForm(Form):
    """One question: its wording, how it is answered, whether it must be, who reads it and when it is asked."""

    question_id = HiddenField()  # not "id": a FormField has an id of its own
    prompt = StringField(_l("Question"))
    kind = SelectField(_l("Answered with"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()],
                       validate_choice=False)
    choices = TextAreaField(_l("Choices, one per line (for a choice)"))
    stage = SelectField(_l("Asked at"), validate_choice=False, choices=[
        SelectChoice(name, STAGE_BY_NAME[name].label)
        for name in ("idea", "proposal", "crowdfunding", "experiment", "learnings")])
    required = BooleanField(_l("An answer is required"))
    private = BooleanField(_l("Private: only the answering team, the owner side and the secretariat read the answers"))


class QuestionsForm(FlaskForm):
    """Up to 10 question rows; empty rows are left out."""

    rows = FieldList(FormField(QuestionRowForm), min_entries=MAX_QUESTIONS, max_entries=MAX_QUESTIONS)


def _initial(challenge) -> dict:
    return {"rows": [{"question_id": str(q.id), "prompt": q.prompt, "kind": q.kind.value,
                      "choices": "\n".join(q.choices), "stage": q.stage.value, "required": q.required,
                      "private": not q.public}
                     for q in challenge.questions]}


def _submitted(form: QuestionsForm) -> list[dict]:
    return [{"id": int(row.question_id.data) if (row.question_id.data or "").isdigit() else None,
             "prompt": row.prompt.data or "",
             "kind": row.kind.data, "choices": row.choices.data or "", "stage": row.stage.data,
             "required": bool(row.required.data), "public": not row.private.data}
            for row in form.rows if (row.prompt.data or "").strip() or (row.choices.data or "").strip()]


@bp.route("/challenges/<int:challenge_id>/questions", methods=["GET", "POST"])
@login_required
def questions_page(challenge_id: int):
    """Set the questions every solution answers, each at its stage (the owner side or the secretariat)."""
    challenge = get_challenge(db.session, challenge_id, current_user, challenges.list_options())
    if not questions.can_set_questions(db.session, current_user, challenge):
        raise NotAllowed(_("Only the owner of the challenge or the secretariat may set its questions."))
    if request.method == "GET":
        form = QuestionsForm(data=_initial(challenge))
        return render_template("challenges/questions.html", challenge=challenge, form=form, problems={})
    form = QuestionsForm()
    if not form.validate_on_submit():
        return render_template("challenges/questions.html", challenge=challenge, form=form, problems={},
                               error=_("The form expired. Please submit it again.")), 400
    try:
        questions.set_questions(db.session, current_user, challenge, _submitted(form))
    except ValidationFailed as exc:
        db.session.rollback()
        challenge = get_challenge(db.session, challenge_id, current_user, challenges.list_options())
        return render_template("challenges/questions.html", challenge=challenge, form=form, problems=exc.fields,
                               error=exc.message), 422
    db.session.commit()
    flash(_("The questions are saved."), "success")
    return redirect(url_for("challenges.questions_page", challenge_id=challenge_id))
