"""Challenge forms. They only parse input; the rules live in pipeline.challenges, selection and adoption."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import DateInput

from socialchallenge.pipeline.stage_forms import STAGE_FORMS, MultiCheckboxField
from socialchallenge.places.forms import PlaceFields
from socialchallenge.search.forms import SORT_LABELS, ChallengeFilterForm  # noqa: F401  (older imports)


class ChallengeForm(STAGE_FORMS["challenge"], PlaceFields):
    """Post or edit a challenge: the stage table's challenge fields, a deadline and who posts it."""

    solution_deadline = StringField(_l("Deadline for solutions"), widget=DateInput(),
                                    description=_l("Optional. Solutions are taken until the end of this day."))
    organisation_id = SelectField(_l("Post as"), choices=[], validate_choice=False)

    def deadline_value(self) -> Any:
        """The deadline as the domain takes it: the end of the chosen day in the site's time zone, or None."""
        raw = (self.solution_deadline.data or "").strip()
        if not raw:
            return None
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            return raw  # the domain says what is wrong with it
        return to_utc(datetime.combine(day, time(23, 59, 59)))

    def organisation_value(self) -> Any:
        """The chosen organisation's id, or None to post as yourself."""
        raw = self.organisation_id.data or ""
        return int(raw) if raw.isdigit() else None

    @staticmethod
    def deadline_day(deadline: datetime | None) -> str:
        """A stored deadline as the day shown in the date input."""
        return to_user_timezone(deadline).date().isoformat() if deadline else ""


class SelectionForm(FlaskForm):
    """The owner's pick of up to three solutions."""

    solution_ids = MultiCheckboxField(_l("Selected solutions"), choices=[], validate_choice=False)

    def ids(self) -> list:
        """The ticked ids as numbers (anything else goes to the domain as it came)."""
        return [int(v) if v.isdigit() else v for v in (self.solution_ids.data or [])]


class EvaluationForm(FlaskForm):
    """The owner's score and notes on a selected solution's prototype."""

    score = SelectField(_l("Score"), choices=[SelectChoice("", _l("Choose…"))] + [
        SelectChoice(str(n), str(n)) for n in range(1, 6)],
                        validate_choice=False, description=_l("1 (weak) to 5 (excellent)"))
    notes = TextAreaField(_l("Notes"))

    def score_value(self) -> Any:
        """The score as a number, or what was sent."""
        raw = self.score.data or ""
        return int(raw) if raw.isdigit() else raw


class AdoptForm(FlaskForm):
    """Adopt one selected solution as the challenge's final solution."""

    solution_id = HiddenField()


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (close a challenge, leave a team)."""
