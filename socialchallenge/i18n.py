"""Languages: Korean first, English second; chosen by the switcher, the account, or Accept-Language."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user


def select_locale() -> str:
    """The language for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and workers: the site's first language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Expose the current language to templates."""

    @app.context_processor
    def inject_language() -> dict:
        return {"current_lang": str(get_locale()), "languages": app.config["LANGUAGES"]}
