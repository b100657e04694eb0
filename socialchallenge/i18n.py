"""Languages: Korean first, English second; chosen by the switcher, the account, or Accept-Language."""

from __future__ import annotations

from babel.numbers import get_currency_precision
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_currency, get_locale
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


def money(amount: int | None, currency: str | None = None) -> str:
    """An amount in the currency's minor unit, formatted for the reader's language by Babel.

    The currency defaults to the site's `CURRENCY`; KRW has no minor digits, so 300000 shows as ₩300,000.
    """
    code = (currency or current_app.config["CURRENCY"]).upper()
    return format_currency((amount or 0) / 10 ** get_currency_precision(code), code)


def init_app(app: Flask) -> None:
    """Expose the current language and the money filter to templates."""
    app.add_template_filter(money, "money")

    @app.context_processor
    def inject_language() -> dict:
        return {"current_lang": str(get_locale()), "languages": app.config["LANGUAGES"]}
