"""Secretariat forms. They only parse input; the rules live in the secretariat domain modules."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import DateInput

from socialchallenge.core.ranges import MIN_SOLUTIONS_DEFAULT, MIN_SOLUTIONS_MAX, MIN_SOLUTIONS_MIN
from socialchallenge.models.secretariat import RUBRIC_CRITERIA
from socialchallenge.pipeline.stage_forms import MultiCheckboxField
from socialchallenge.places.forms import PlaceFields
from socialchallenge.secretariat.resources import KIND_LABELS
from socialchallenge.secretariat.reviews import CHECKLIST
from socialchallenge.secretariat.rubric import LABELS as RUBRIC_LABELS


def as_int(raw: Any) -> Any:
    """A whole number from a text input, or the raw text (the domain says what is wrong with it)."""
    raw = (raw or "").strip() if isinstance(raw, str) else raw
    return int(raw) if isinstance(raw, str) and raw.isdigit() else raw


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token."""


class TagsForm(FlaskForm):
    """Add and remove topics, comma separated."""

    add = StringField(_l("Add topics"), description=_l("Comma separated, e.g. mobility, elderly"))
    remove = StringField(_l("Remove topics"), description=_l("Comma separated"))


class MinSolutionsForm(FlaskForm):
    """How many solutions at proposal or later open the selection."""

    min_solutions = StringField(_l("Solutions needed before selection opens"), render_kw={"inputmode": "numeric"},
                                description=_l("Between %(low)d and %(high)d (default %(default)d).",
                                              low=MIN_SOLUTIONS_MIN, high=MIN_SOLUTIONS_MAX,
                                              default=MIN_SOLUTIONS_DEFAULT))


class PrizeTermsForm(FlaskForm):
    """Prize money and mentoring of a challenge in no call (issue 15 item 2)."""

    prize_per_winner = StringField(_l("Prize money per picked solution"), render_kw={"inputmode": "numeric"},
                                   description=_l("In won; 0 for none. The secretariat gives it."))
    winners = StringField(_l("Number of winners"), render_kw={"inputmode": "numeric"},
                          description=_l("From 0 to 3."))
    mentoring_months = StringField(_l("Months of mentoring"), render_kw={"inputmode": "numeric"},
                                   description=_l("From 0 to 24."))


class MergeForm(FlaskForm):
    """Merge this challenge, a duplicate, into another."""

    into_id = StringField(_l("Number of the original challenge"), render_kw={"inputmode": "numeric"},
                          description=_l("Supports and followers move there; "
                                         "this challenge is hidden and points to it."))


class ReasonForm(FlaskForm):
    """An action that needs a reason (hide, restore, suspend)."""

    reason = TextAreaField(_l("Reason"))


class VerifyForm(FlaskForm):
    """Mark an organisation verified or not."""

    verified = HiddenField()


class ReviewForm(FlaskForm):
    """The hearing sheet and the decision on a campaign."""

    checklist = MultiCheckboxField(_l("Hearing sheet"), choices=[SelectChoice(k, v) for k, v in CHECKLIST.items()],
                                   description=_l("Tick what you confirmed with the team."))
    notes = TextAreaField(_l("Notes from the hearing (for the secretariat)"))
    decision = RadioField(_l("Decision"), choices=[SelectChoice("approve", _l("Approve: the campaign goes live")),
                                                   SelectChoice("request_changes", _l("Request changes"))],
                           validate_choice=False)
    message = TextAreaField(_l("Message to the team"), description=_l("Required when you request changes."))


class MentorForm(FlaskForm):
    """Assign a secretariat user as a mentor."""

    mentor_id = SelectField(_l("Mentor"), choices=[], validate_choice=False)


class MentoringNoteForm(FlaskForm):
    """An entry of the mentoring log."""

    met_on = StringField(_l("Date of the meeting"), widget=DateInput())
    notes = TextAreaField(_l("Notes"))
    next_steps = TextAreaField(_l("Agreed next steps"))


_SCORES = [SelectChoice(str(n), str(n)) for n in range(1, 6)]


class RubricForm(FlaskForm):
    """Scores 1–5 on each rubric criterion, with notes."""

    notes = TextAreaField(_l("Notes"))

    def values(self) -> dict[str, Any]:
        """The scores as the domain takes them."""
        return {name: as_int(self[name].data) for name in RUBRIC_CRITERIA}


for _name in RUBRIC_CRITERIA:
    setattr(RubricForm, _name, RadioField(RUBRIC_LABELS[_name], choices=_SCORES, validate_choice=False))


class ResourceForm(FlaskForm, PlaceFields):
    """A new entry of the resource catalogue."""

    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()], validate_choice=False)
    title = StringField(_l("Title"))
    description = TextAreaField(_l("Description"))
    area = StringField(_l("Place in words"), description=_l("The neighbourhood, street or building."))
    organisation_id = SelectField(_l("Offered by"), choices=[], validate_choice=False)


class ResourceRequestForm(FlaskForm):
    """A team asks for a resource."""

    solution_id = SelectField(_l("For your solution"), choices=[], validate_choice=False)
    message = TextAreaField(_l("What would you use it for, and when?"))


class DecisionForm(FlaskForm):
    """Grant or decline a resource request."""

    decision = HiddenField()
    message = TextAreaField(_l("Message to the team"), description=_l("Required when you decline."))


class MemberSearchForm(FlaskForm):
    """Find members by name or email."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or email"))
