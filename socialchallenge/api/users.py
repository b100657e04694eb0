"""API: create an account, exchange credentials for a bearer token, read and change your own settings."""

from flask import current_app, g
from flask_babel import gettext as _

from socialchallenge.accounts import service
from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError, bearer_token, json_body, token_required
from socialchallenge.community import inbox, settings
from socialchallenge.errors import ValidationFailed
from socialchallenge.extensions import db, limiter


def user_json(user) -> dict:
    """The public view of a user."""
    return {"id": user.id, "name": user.name}


@bp.post("/users")
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_UP"])
def create_user():
    """Register a member account."""
    data = json_body({"email", "password", "name"})
    for key in ("email", "password", "name"):
        if not isinstance(data.get(key, ""), str):
            raise ApiError(422, "validation_failed", _("Invalid fields."), {key: _("Must be a string.")})
    user = service.register_user(db.session, data.get("email", ""), data.get("password", ""), data.get("name", ""))
    db.session.commit()
    return user_json(user), 201


@bp.post("/tokens")
@limiter.limit(lambda: current_app.config["RATELIMIT_TOKENS"])
def create_token():
    """Exchange email and password for a bearer token."""
    data = json_body({"email", "password"})
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise ValidationFailed(_("Email and password are required."), {
            k: _("Required.") for k in ("email", "password") if not isinstance(data.get(k), str)
        })
    user = service.authenticate(db.session, email, password)
    if user is None:
        db.session.rollback()
        raise ApiError(401, "invalid_credentials", _("Email or password is wrong."))
    token = service.issue_token(db.session, user)
    db.session.commit()
    return {"token": token}, 201


def _me(user, email_choice: str | None = None) -> dict:
    return {**user_json(user), "email": user.email, "role": user.role.value, "locale": user.locale or "ko",
            "email_choice": email_choice or inbox.email_choice_of(db.session, user).value}


@bp.get("/me")
@token_required
def me():
    """The account of the bearer token, with its settings."""
    return _me(g.api_user)


@bp.patch("/me")
@token_required
def edit_me():
    """Change your name, language (ko, en) or notification email choice (immediately, daily_digest, off)."""
    data = json_body({"name", "locale", "email_choice"})
    user = g.api_user
    choice = data["email_choice"] if "email_choice" in data else inbox.email_choice_of(db.session, user).value
    settings.update_settings(db.session, user, data.get("name", user.name), data.get("locale", user.locale or "ko"),
                             choice)
    db.session.commit()
    return _me(user, choice)


@bp.put("/me/password")
@limiter.limit(lambda: current_app.config["RATELIMIT_SIGN_IN"])
@token_required
def change_password():
    """Change your password: {current_password, new_password}. Signed-in browsers must sign in again, and every
    other API token of yours stops working; this one goes on."""
    data = json_body({"current_password", "new_password"})
    settings.change_password(db.session, g.api_user, data.get("current_password"), data.get("new_password"),
                             keep_token=bearer_token())
    db.session.commit()
    return "", 204
