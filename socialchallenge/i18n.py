"""Languages: Korean first, English second; chosen by the switcher, the account, or Accept-Language.

The switcher's choice lives in its own small cookie, not in the session: a visitor who has not signed in then
carries no session at all, so public pages hold nothing personal (no CSRF token) and can be cached per language."""

from __future__ import annotations

import flask_babel
from babel.dates import get_date_format, get_datetime_format, get_time_format, tokenize_pattern, untokenize_pattern
from babel.numbers import get_currency_name, get_currency_precision
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import format_currency, get_locale
from flask_login import current_user

LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
NAMED_FORMATS = ("short", "medium", "long", "full")


def chosen_language() -> str | None:
    """The language picked with the switcher on this browser, if any."""
    chosen = request.cookies.get(LANG_COOKIE)
    return chosen if chosen in current_app.config["LANGUAGES"] else None


def remember_language(response: Response, lang: str) -> Response:
    """Keep the chosen language on this browser for a year."""
    response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_MAX_AGE, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def select_locale() -> str:
    """The language for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and workers: the site's first language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/api/"):
        return api_language(languages)
    chosen = chosen_language()
    if chosen:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def api_language(languages) -> str:
    """An API request's language: its Accept-Language, else the language of the token's member, else Korean."""
    if request.accept_languages:
        best = request.accept_languages.best_match(languages)
        if best:
            return best
    # Who a token speaks for is the API's business (auth/tokens.py); the app factory hands the lookup in.
    lookup = current_app.extensions.get("bearer_user")
    user = lookup() if lookup is not None and request.headers.get("Authorization") else None
    if user is not None and user.locale in languages:
        return user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def money(amount: int | None, currency: str | None = None) -> str:
    """An amount in the currency's minor unit, formatted for the reader's language by Babel.

    The currency defaults to the site's `CURRENCY`; KRW has no minor digits, so 300000 shows as ₩300,000.
    """
    code = (currency or current_app.config["CURRENCY"]).upper()
    return format_currency((amount or 0) / 10 ** get_currency_precision(code), code)


def currency_name(currency: str | None = None) -> str:
    """The site's currency (or the given one) named in the reader's language: "South Korean won", "대한민국 원"."""
    code = (currency or current_app.config["CURRENCY"]).upper()
    return get_currency_name(code, locale=str(get_locale() or "ko"))


def _clock_pattern(kind: str, format: str) -> str:
    """The Babel pattern for a time or a date and time; Korean gets 오전/오후 for its half of the day.

    Babel's Korean (CLDR) patterns write the period short, and the short Korean period is "AM"/"PM"
    ("26. 12. 5. AM 9:00"); a Korean reader expects the full word, "오전 9:00". Other languages keep Babel's own."""
    locale = get_locale()
    if locale is None or locale.language != "ko":
        return format
    pattern = format
    if format in NAMED_FORMATS:
        pattern = _date_and_time(locale, format, format) if kind == "datetime" else \
            get_time_format(format, locale).pattern
    return untokenize_pattern([("field", ("a", 4)) if token == "field" and value[0] == "a" else (token, value)
                               for token, value in tokenize_pattern(pattern)])


def _date_and_time(locale, date: str, time: str) -> str:
    """Babel's pattern for a date of one named width and a time of another, joined as the date's width joins them."""
    return get_datetime_format(date, locale).replace("{0}", get_time_format(time, locale).pattern) \
        .replace("{1}", get_date_format(date, locale).pattern)


def format_datetime(value=None, format: str = "medium") -> str:
    """A date and time in the reader's language and the site's time zone (Korean: "26. 12. 5. 오전 9:00")."""
    return flask_babel.format_datetime(value, _clock_pattern("datetime", format))


def format_day_and_time(value=None) -> str:
    """The day spelled out and the time to the minute, for mail ("2027년 3월 2일 화요일 오후 3:00", "Tuesday,
    March 2, 2027, 3:00 PM"): Babel's "full" would add the seconds and the time zone's name."""
    return format_datetime(value, _date_and_time(get_locale(), "full", "short"))


def format_time(value=None, format: str = "medium") -> str:
    """A time of day in the reader's language and the site's time zone (Korean: "오후 3:30")."""
    return flask_babel.format_time(value, _clock_pattern("time", format))


def translations():
    """The translations of the language in use, looked up once for each language a request uses.

    Flask-Babel's own look-up takes the domain, the context and the locale's name again for every string (a search
    page has about 70 of them). The locale object itself is the key: force_locale and refresh replace it."""
    if not g:
        return flask_babel.get_translations()
    locale = get_locale()
    kept = g.get("_kept_translations")
    if kept is None or kept[0] is not locale:
        kept = g._kept_translations = (locale, flask_babel.get_translations())
    return kept[1]


def init_app(app: Flask) -> None:
    """Expose the current language, the money filter and the time filters to templates; templates' strings are
    translated through `translations`."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.add_template_filter(money, "money")
    # In place of Flask-Babel's own filters of the same names, so every page says 오전/오후 in Korean.
    app.add_template_filter(format_datetime, "datetimeformat")
    app.add_template_filter(format_time, "timeformat")
    app.add_template_global(currency_name, "currency_name")

    @app.context_processor
    def inject_language() -> dict:
        return {"current_lang": str(get_locale()), "languages": app.config["LANGUAGES"]}
