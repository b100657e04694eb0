"""CSRF tokens made when a page shows one, not when a form object is built.

WTForms asks for a form's token as soon as the form is constructed, and Flask-WTF keeps it in the session: a
visitor who merely reads a page whose view builds a form they never see (the challenge page builds its owner's
forms) would get a session cookie, which makes the page personal and uncacheable. Here the token is a lazy value
that calls generate_csrf only when it is rendered; the check of a submitted token is unchanged, except that it
fails while a form refused by a rate limit is shown again (see limits.form_again).

A shared fragment of a page (pagecache.fragments, made once for every reader) is made with a placeholder in
place of the token: `placeholder()`, derived from SECRET_KEY so no one can write it into a comment, is put
wherever a token would be while `g.csrf_placeholder` is set, and `fill()` puts the reader's own token in its
place when the fragment is served; the stored fragment never holds a real token."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, g
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF, generate_csrf
from wtforms.validators import ValidationError


class LazyToken:
    """Becomes the session's CSRF token when rendered (str or HTML)."""

    def __init__(self, secret_key: str, token_key: str) -> None:
        self.secret_key, self.token_key = secret_key, token_key

    def __str__(self) -> str:
        if g.get("csrf_placeholder"):
            return placeholder()
        return generate_csrf(secret_key=self.secret_key, token_key=self.token_key)

    __html__ = __str__


class LazyCSRF(_FlaskFormCSRF):
    """Flask-WTF's form CSRF with a token made on first render."""

    def generate_csrf_token(self, csrf_token_field):
        return LazyToken(self.meta.csrf_secret, self.meta.csrf_field_name)

    def validate_csrf_token(self, form, field):
        # A form refused by a rate limit and shown again (limits.form_again) must not act: it fails here.
        if g.get("form_retry_message"):
            raise ValidationError(g.form_retry_message)
        super().validate_csrf_token(form, field)


def placeholder() -> str:
    """What a shared fragment holds where the reader's token goes: secret (from SECRET_KEY), the same in every
    process of the app, never sent to a browser."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return "csrf-placeholder-" + hmac.new(key, b"shared fragment csrf placeholder", hashlib.sha256).hexdigest()


def page_token() -> str:
    """The template's csrf_token(): the session's token, or the placeholder while a shared fragment is made."""
    if g.get("csrf_placeholder"):
        return placeholder()
    return generate_csrf()


def fill(html: str) -> str:
    """A shared fragment's HTML with the reader's own token where the placeholder is (the session gets a token
    only if the fragment has a form)."""
    mark = placeholder()
    return html.replace(mark, generate_csrf()) if mark in html else html


def init_app(app) -> None:
    """Every FlaskForm of the app uses the lazy token; templates' csrf_token() knows shared fragments."""
    FlaskForm.Meta.csrf_class = LazyCSRF
    app.jinja_env.globals["csrf_token"] = page_token
