"""Community forms. They only parse input; the rules live in the community domain functions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from socialchallenge.community.comments import BODY_MAX
from socialchallenge.community.reports import REASON_MAX
from socialchallenge.models.community import STORY_MAX


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class CommentForm(FlaskForm):
    """Write a comment or a reply."""

    body = TextAreaField(_l("Your comment"), validators=[DataRequired(_l("Write a comment.")), Length(max=BODY_MAX)],
                         description=_l("You can use Markdown: **bold**, *italic*, lists and links."))
    parent_id = HiddenField()


class EditCommentForm(FlaskForm):
    """Change one's comment within the edit window."""

    body = TextAreaField(_l("Your comment"), validators=[DataRequired(_l("Write a comment.")), Length(max=BODY_MAX)])


class ReportForm(FlaskForm):
    """Tell the moderators what is wrong with a comment."""

    reason = TextAreaField(_l("What is wrong with this comment?"),
                           validators=[DataRequired(_l("Say what is wrong.")), Length(max=REASON_MAX)])


class SupportForm(FlaskForm):
    """Say "me too", optionally with how the problem touches you."""

    story = TextAreaField(_l("How does this problem touch you? (optional)"),
                          validators=[Optional(), Length(max=STORY_MAX)],
                          description=_l("At most %(n)d characters. Shown on the challenge page.", n=STORY_MAX))


class SolutionSupportForm(FlaskForm):
    """Say "this would help me" about a solution, optionally with how."""

    story = TextAreaField(_l("How would this help you? (optional)"),
                          validators=[Optional(), Length(max=STORY_MAX)],
                          description=_l("At most %(n)d characters. Shown on the solution page.", n=STORY_MAX))


EMAIL_CHOICES = [
    SelectChoice("immediately", _l("Email me right away")),
    SelectChoice("daily_digest", _l("Email me one summary a day")),
    SelectChoice("off", _l("No email; I'll check on the site")),
]


class SettingsForm(FlaskForm):
    """Name, language and how to be told about news."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter your name.")), Length(max=80)],
                       render_kw={"autocomplete": "name"})
    locale = SelectField(_l("Language"), choices=[SelectChoice("ko", "한국어"), SelectChoice("en", "English")])
    email_choice = RadioField(_l("Notifications by email"), choices=EMAIL_CHOICES,
                              validators=[DataRequired(_l("Choose one."))])


class PasswordForm(FlaskForm):
    """Change the password, confirming the current one."""

    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(_l("Enter your current password."))],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[DataRequired(_l("Use at least %(n)d characters.",
                                                                                 n=10))],
                                 render_kw={"autocomplete": "new-password"}, description=_l("At least 10 characters."))
