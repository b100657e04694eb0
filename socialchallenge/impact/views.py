"""Impact pages: the public impact page, and the team's form for a measured value (with optional evidence)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.widgets import DateInput

from socialchallenge.attachments import service as attachments
from socialchallenge.challenges.stage_forms import SDG_NAMES
from socialchallenge.core.form_errors import show_errors
from socialchallenge.errors import NotFound, RuleViolation, ValidationFailed
from socialchallenge.extensions import db
from socialchallenge.impact import bp
from socialchallenge.impact.figures import KIND_LABELS, PERIODS, figures, parse_filters
from socialchallenge.pipeline import indicators, solutions
from socialchallenge.pipeline.access import get_solution, require_team_member
from socialchallenge.pipeline.indicators import LINK_MAX, NOTE_MAX

PERIOD_LABELS = {"month": _l("Month"), "quarter": _l("Quarter"), "year": _l("Year")}


class ValueForm(FlaskForm):
    """A measured value of one indicator: when, how much, a note, and evidence (a file or a link)."""

    indicator = SelectField(_l("Indicator"), validate_choice=False)
    date = StringField(_l("Measured on"), widget=DateInput(), description=_l("A date such as 2026-05-31."))
    value = StringField(_l("Value"), render_kw={"inputmode": "numeric"},
                        description=_l("What was counted since the last value; the values add up to the actual."))
    note = TextAreaField(_l("Note"), description=_l("At most %(n)d characters.", n=NOTE_MAX))
    link = StringField(_l("Evidence: a link"), description=_l("A web address, e.g. a photo album or a sign-up sheet."),
                       render_kw={"maxlength": LINK_MAX, "inputmode": "url"})
    evidence = FileField(_l("Evidence: a file"), description=_l("A photo (JPEG, PNG, WebP) or a PDF."))
    evidence_alt = StringField(_l("What the file shows"),
                               description=_l("Needed for a photo, for people who cannot see it."))


def value_form(solution) -> ValueForm:
    """The measured-value form with the solution's indicators to choose from (filled from the request on a post)."""
    form = ValueForm()
    form.indicator.choices = [(str(i.id), f"{i.name} ({i.unit})") for i in solution.indicators]
    return form


@bp.get("/impact")
def index():
    """What experiments achieved: measured values summed by kind, district, SDG and period, with charts."""
    filters, errors = parse_filters(request.args)
    result = figures(db.session, filters)
    return render_template("impact/index.html", result=result, filters=filters, errors=errors,
                           kind_labels=KIND_LABELS, periods=PERIODS, period_labels=PERIOD_LABELS,
                           sdg_names=SDG_NAMES)


@bp.post("/solutions/<int:solution_id>/indicators/values")
@login_required
def post_value(solution_id: int):
    """Record a measured value for one of the solution's indicators (team only, during the experiment)."""
    solution = get_solution(db.session, solution_id, current_user, solutions.detail_options())
    require_team_member(current_user, solution)
    form = value_form(solution)
    if not form.validate_on_submit():
        flash(_("The form expired. Please submit it again."), "error")
        return redirect(url_for("solutions.show", solution_id=solution_id, _anchor="indicators"))
    try:
        indicator = indicators.get_indicator(solution, int(form.indicator.data or 0))
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
        from socialchallenge.solutions.views import render_show

        message = getattr(exc, "message", None) or _("Choose one of the indicators.")
        return render_show(solution_id, value_form=form, value_error=message, value_others=others,
                           status=getattr(exc, "status", 422))
    db.session.commit()
    flash(_("The measured value is saved."), "success")
    return redirect(url_for("solutions.show", solution_id=solution_id, _anchor="indicators"))
