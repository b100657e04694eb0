"""Rate limits: counted per member for comments and pledges (one bucket each for the web form and the API), per
address for team invitations (web and API together), a loud log line when the limit storage fails and the
limits fall back to each process's memory, and a refused web form shown again with what was typed."""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

from flask import Flask, Response, current_app, g, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from socialchallenge.auth.tokens import bearer_user
from socialchallenge.extensions import limiter


def member_key() -> str:
    """Count per signed-in member (API token or session), else per address."""
    if request.path.startswith("/api/"):
        user = bearer_user()
    else:
        user = current_user
    if user is not None and getattr(user, "is_authenticated", False):
        return f"member:{user.id}"
    return get_remote_address()


def comment_limit(view):
    """Apply RATELIMIT_COMMENTS to the view's POSTs, in one bucket for the web and the API."""
    return limiter.shared_limit(lambda: current_app.config["RATELIMIT_COMMENTS"], scope="comments",
                                key_func=member_key, methods=["POST"])(view)


def pledge_limit(view):
    """Apply RATELIMIT_PLEDGES to the view's POSTs, in one bucket for the web and the API."""
    return limiter.shared_limit(lambda: current_app.config["RATELIMIT_PLEDGES"], scope="pledges",
                                key_func=member_key, methods=["POST"])(view)


def invitation_limit(view):
    """Apply RATELIMIT_SIGN_IN to team invitations by email, per client address, in one bucket for the web form and
    the API: however the answer is worded, many quick tries must not probe which addresses have accounts."""
    return limiter.shared_limit(lambda: current_app.config["RATELIMIT_SIGN_IN"], scope="team_invitations",
                                methods=["POST"])(view)


log = logging.getLogger(__name__)


def seconds_to_wait() -> int:
    """How long until the limit this request broke lets the client in again."""
    breached = limiter.current_limit
    return max(1, int(breached.reset_at - time.time())) if breached is not None else 60


def form_again() -> Response | None:
    """A web form refused by a rate limit, shown again with what was typed and when to try again.

    The view runs once more with the limit lifted for this call and every form refusing to validate (the CSRF
    field fails with the message, see csrf_tokens), so it renders its form from the posted data, as after any
    invalid input, and acts on nothing. Password fields are never rendered back (WTForms' PasswordField). None
    when there is no such form: the plain 429 page is shown instead."""
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method != "POST" or view is None or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    wait = seconds_to_wait()
    g.form_retry_message = _("Too many attempts. Please wait %(wait)s and try again; what you typed is still here.",
                             wait=format_timedelta(timedelta(seconds=wait), threshold=1))
    try:
        response = current_app.make_response(view(**(request.view_args or {})))
    except Exception:  # a view that cannot show its form again (gone, forbidden…): the plain 429 page
        log.info("no form to show again after a rate limit on %s", request.endpoint, exc_info=True)
        return None
    if not 200 <= response.status_code < 300 and response.status_code != 422:
        return None
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


class StorageOutageAlarm(logging.Filter):
    """Turns Flask-Limiter's one warning on falling back to memory into an error naming the storage.

    The fallback keeps sign-in and the rest working, but each process then counts on its own, so an attacker
    gets workers x the limit: operators must hear of it."""

    def __init__(self, storage_uri: str):
        super().__init__()
        self.storage = re.sub(r"//[^@/]*@", "//", storage_uri)  # no password in the log

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Rate limit storage unreachable"):
            log.error("rate limit storage %s is unreachable: limits are now counted in memory, per process, "
                      "until it answers again", self.storage)
        elif message.startswith("Rate limit storage recovered"):
            log.warning("rate limit storage %s answers again: limits are shared again", self.storage)
        return True


def _showing_form_again() -> bool:
    """Lift the limits while a refused form is shown again (it acts on nothing)."""
    return bool(g.get("form_retry_message"))


limiter.request_filter(_showing_form_again)


def init_app(app: Flask) -> None:
    """Raise the alarm when the limit storage fails (one filter on Flask-Limiter's logger per process)."""
    limiter_log = logging.getLogger("flask-limiter")
    for old in [f for f in limiter_log.filters if isinstance(f, StorageOutageAlarm)]:
        limiter_log.removeFilter(old)
    limiter_log.addFilter(StorageOutageAlarm(app.config.get("RATELIMIT_STORAGE_URI") or "memory://"))
