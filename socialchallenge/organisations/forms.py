"""Organisation forms; rules live in accounts.organisations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired

KIND_LABELS = {
    "public_body": _l("Public body"),
    "company": _l("Company"),
    "non_profit": _l("Non-profit"),
    "university": _l("University"),
    "community_group": _l("Community group"),
}


class OrganisationForm(FlaskForm):
    """Create an organisation."""

    name = StringField(_l("Name of the organisation"), validators=[DataRequired(_l("Enter a name."))])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(value, label) for value, label in KIND_LABELS.items()])
    description = TextAreaField(_l("About the organisation"), description=_l("Optional. At most 2,000 characters."))


class MemberForm(FlaskForm):
    """Add a member by email."""

    email = EmailField(_l("Member's email"), validators=[DataRequired(_l("Enter your email address."))])
    is_admin = BooleanField(_l("Can manage the organisation and post on its behalf"))
