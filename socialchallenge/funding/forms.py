"""Crowdfunding forms. They only parse input; the rules live in funding.pledges and funding.skills."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional


class PledgeForm(FlaskForm):
    """Choose an amount, optionally a reward, and whether to show your name."""

    amount = IntegerField(_l("Amount"), validators=[InputRequired(_l("Enter a whole amount.")), NumberRange(min=1)],
                          render_kw={"inputmode": "numeric", "min": 1})
    reward = RadioField(_l("Reward"), choices=[], default="", validate_choice=True)
    anonymous = BooleanField(_l("Do not show my name with this pledge"))


class OfferForm(FlaskForm):
    """Offer hours of your time towards a skill need."""

    hours = IntegerField(_l("Hours you can give"),
                         validators=[InputRequired(_l("Enter whole hours.")), NumberRange(min=1, max=10_000)],
                         render_kw={"inputmode": "numeric", "min": 1})
    message = TextAreaField(_l("Message to the team"), validators=[Optional(), Length(max=2000)])


class RewardForm(FlaskForm):
    """A reward the team offers backers (amounts in the currency's minor unit, as pledges are)."""

    title = StringField(_l("Title"), validators=[InputRequired(_l("Give the reward a title.")), Length(max=120)])
    description = TextAreaField(_l("What the backer gets"), validators=[Optional(), Length(max=2000)])
    min_amount = IntegerField(_l("Smallest pledge for this reward"),
                              validators=[InputRequired(_l("Enter a whole amount.")),
                                          NumberRange(min=1, max=100_000_000)],
                              render_kw={"inputmode": "numeric", "min": 1})
    quantity = IntegerField(_l("How many there are"), validators=[Optional(), NumberRange(min=1, max=1_000_000)],
                            description=_l("Leave empty for unlimited."), render_kw={"inputmode": "numeric", "min": 1})

    def values(self) -> dict:
        return {"title": self.title.data or "", "description": self.description.data or "",
                "min_amount": self.min_amount.data, "quantity": self.quantity.data}


class SkillNeedForm(FlaskForm):
    """A skill, and the hours of it, the team asks members for."""

    skill = StringField(_l("Skill"), validators=[InputRequired(_l("Name the skill.")), Length(max=80)])
    hours = IntegerField(_l("Hours needed"),
                         validators=[InputRequired(_l("Enter whole hours.")), NumberRange(min=1, max=10_000)],
                         render_kw={"inputmode": "numeric", "min": 1})
    description = TextAreaField(_l("What the work is"), validators=[Optional(), Length(max=2000)])

    def values(self) -> dict:
        return {"skill": self.skill.data or "", "hours": self.hours.data, "description": self.description.data or ""}


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token."""
