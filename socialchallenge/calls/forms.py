"""Call forms. They only parse input; the rules live in calls.service and calls.prizes."""

from flask_babel import lazy_gettext as _l
from flask_babel import to_utc
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional

from socialchallenge.pipeline.stage_forms import sdg_choices

NUMERIC = {"inputmode": "numeric", "min": 0}
# What the domain calls a field → the form's field of that name.
ALIASES = {"match.funder_id": "funder_id", "match.pool": "pool", "match.ratio": "ratio",
           "match.cap_per_campaign": "cap_per_campaign", "match": "funder_id"}


class CallForm(FlaskForm):
    """Open a call: what it asks for, who organises it, when it takes challenges, its terms and optional pool."""

    title = StringField(_l("Title of the call"), validators=[InputRequired(_l("Enter a title."))])
    description = TextAreaField(_l("What the call asks for"), validators=[InputRequired(_l("Describe the call."))])
    organiser_id = SelectField(_l("Organiser"), coerce=int, choices=[])
    # In the site's time zone, as every page shows times (and the event form takes them); stored in UTC.
    opens_at = DateTimeLocalField(_l("Opens"), format="%Y-%m-%dT%H:%M",
                                  validators=[InputRequired(_l("Give a date and time (YYYY-MM-DDTHH:MM)."))])
    closes_at = DateTimeLocalField(_l("Closes"), format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired(_l("Give a date and time (YYYY-MM-DDTHH:MM)."))])
    areas = StringField(_l("Eligible areas"), description=_l(
        "Optional. Districts (named in either language) or places, separated by commas; empty means any."))
    sdgs = SelectMultipleField(_l("Eligible goals (SDGs)"), coerce=int,
                               choices=[SelectChoice(int(c.value), c.label) for c in sdg_choices()],
                               description=_l("Optional. None chosen means any."))
    prize_per_winner = IntegerField(_l("Prize money per picked solution"), validators=[Optional()], default=0,
                                    render_kw=NUMERIC, description=_l("0 for no prize."))
    winners = SelectField(_l("Number of winners"), coerce=int, default=0,
                          choices=[SelectChoice(n, str(n)) for n in range(4)])
    mentoring_months = IntegerField(_l("Mentoring period in months"), validators=[Optional()], default=0,
                                    render_kw=NUMERIC)
    funder_id = SelectField(_l("Matchfunding funder"), coerce=int, choices=[],
                            description=_l("Optional: a verified organisation that matches citizens' pledges."))
    pool = IntegerField(_l("Matchfunding pool"), validators=[Optional()], render_kw=NUMERIC)
    ratio = SelectField(_l("Match ratio"), coerce=int, default=1,
                        choices=[SelectChoice(n, f"{n}:1") for n in range(1, 6)],
                        description=_l("How much the funder adds for every 1 pledged."))
    cap_per_campaign = IntegerField(_l("Most matched per campaign"), validators=[Optional()], render_kw=NUMERIC)

    def values(self) -> dict:
        """The form's values in the shape calls.service.create_call takes."""
        match = None
        if self.funder_id.data:
            match = {"funder_id": self.funder_id.data, "pool": self.pool.data, "ratio": self.ratio.data,
                     "cap_per_campaign": self.cap_per_campaign.data}
        return {"title": self.title.data, "description": self.description.data,
                "organiser_id": self.organiser_id.data, "opens_at": to_utc(self.opens_at.data),
                "closes_at": to_utc(self.closes_at.data), "areas": self.areas.data or "", "sdgs": self.sdgs.data or [],
                "prize_per_winner": self.prize_per_winner.data or 0, "winners": self.winners.data or 0,
                "mentoring_months": self.mentoring_months.data or 0, "match": match}


class SubmitChallengeForm(FlaskForm):
    """Submit one of your open challenges into the call."""

    challenge_id = SelectField(_l("Your challenge"), coerce=int, choices=[])
