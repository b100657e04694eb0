"""Crowdfunding forms. They only parse input; the rules live in funding.pledges and funding.skills."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, TextAreaField
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


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token."""
