"""Account forms. They only parse input; the rules live in accounts.service."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class SignUpForm(FlaskForm):
    """Create an account."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter your name.")), Length(max=80)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter a valid email address."))],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Use at least %(n)d characters.", n=10))],
                             render_kw={"autocomplete": "new-password"},
                             description=_l("At least 10 characters."))


class SignInForm(FlaskForm):
    """Sign in with email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address."))],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(FlaskForm):
    """Ask for a password reset link."""

    email = EmailField(_l("Email"), validators=[DataRequired(_l("Enter your email address."))],
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    """Choose a new password."""

    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Use at least %(n)d characters.", n=10))],
                             render_kw={"autocomplete": "new-password"},
                             description=_l("At least 10 characters."))
