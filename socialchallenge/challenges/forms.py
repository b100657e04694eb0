"""Challenge forms. They only parse input; the rules live in pipeline.challenges, selection and adoption."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import HiddenField, SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import DateInput

from socialchallenge.challenges.stage_forms import STAGE_FORMS, MultiCheckboxField, sdg_choices
from socialchallenge.places.forms import PlaceFields
from socialchallenge.search.filters import SORTS

SORT_LABELS = {"relevance": _l("Best match"), "newest": _l("Newest"), "most_supported": _l("Most supported"),
               "closing_soon": _l("Closing soon")}


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


def district_filter_choices() -> list[SelectChoice]:
    """The district filter's menu: any district, then each one in the page's language."""
    from socialchallenge.extensions import db
    from socialchallenge.places import district_choices

    return [SelectChoice("", _l("Any district"))] + [SelectChoice(c, n) for c, n in district_choices(db.session)]


class ChallengeFilterForm(FlaskForm):
    """Filters, search and order of the challenge list (a GET form: no CSRF token); search.filters reads them."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"))
    status = SelectField(_l("Status"), choices=[SelectChoice("", _l("Any status")), SelectChoice("open", _l("Open")),
                                                 SelectChoice("closed", _l("Closed"))], validate_choice=False)
    district = SelectField(_l("District"), choices=lambda: district_filter_choices(), validate_choice=False)
    area = StringField(_l("Area"))
    tag = StringField(_l("Topic"))
    sdg = SelectField(_l("SDG"), choices=[SelectChoice("", _l("Any SDG")), *sdg_choices()], validate_choice=False)
    sort = SelectField(_l("Order"), choices=[SelectChoice(s, SORT_LABELS[s]) for s in SORTS], validate_choice=False)


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
