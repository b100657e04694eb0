"""The team's form for a measured value of an impact indicator, with optional evidence (a file or a link)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.widgets import DateInput

from socialchallenge.pipeline.indicators import LINK_MAX, NOTE_MAX


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
