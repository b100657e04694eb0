"""A member's own settings: name, language, notification email choice and password."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from socialchallenge.accounts.service import NAME_MAX, password_problem, revoke_tokens
from socialchallenge.community import inbox
from socialchallenge.core.text import Problems
from socialchallenge.errors import ValidationFailed
from socialchallenge.models import EmailChoice, User
from socialchallenge.security import hash_password, verify_password


def update_settings(session: Session, user: User, name: Any, locale: Any, email_choice: Any) -> User:
    """Save name, language and email choice, or raise ValidationFailed listing every problem."""
    problems = Problems()
    name = problems.text("name", name if isinstance(name, str) else "", required=_("Enter your name."),
                         max_length=NAME_MAX, single_line=True)
    if not isinstance(locale, str) or locale not in current_app.config["LANGUAGES"]:
        problems["locale"] = _("Choose a language.")
    if not isinstance(email_choice, str) or email_choice not in {c.value for c in EmailChoice}:
        problems["email_choice"] = _("Choose one.")
    problems.raise_if_any()
    user.name, user.locale = name, locale
    inbox.set_email_choice(session, user, email_choice)
    return user


def change_password(session: Session, user: User, current: Any, new: Any, keep_token: str | None = None) -> User:
    """Set a new password after checking the current one; other sessions and API tokens of the user end (but the
    token making the request, `keep_token`)."""
    if not isinstance(current, str) or not verify_password(user.password_hash, current):
        raise ValidationFailed(_("Please correct the marked fields."),
                               {"current_password": _("This is not your current password.")})
    if problem := password_problem(new):
        raise ValidationFailed(_("Please correct the marked fields."), {"new_password": problem})
    user.password_hash = hash_password(new)
    user.renew_session_nonce()
    revoke_tokens(session, user, keep=keep_token)
    return user
