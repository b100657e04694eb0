"""Rate limits: counted per member for comments and pledges (one bucket each for the web form and the API), per
address for team invitations (web and API together), and a loud log line when the limit storage fails and the
limits fall back to each process's memory."""

from __future__ import annotations

import logging
import re

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from socialchallenge.extensions import limiter


def member_key() -> str:
    """Count per signed-in member (API token or session), else per address."""
    if request.path.startswith("/api/"):
        from socialchallenge.api.helpers import bearer_user

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


def init_app(app: Flask) -> None:
    """Raise the alarm when the limit storage fails (one filter on Flask-Limiter's logger per process)."""
    limiter_log = logging.getLogger("flask-limiter")
    for old in [f for f in limiter_log.filters if isinstance(f, StorageOutageAlarm)]:
        limiter_log.removeFilter(old)
    limiter_log.addFilter(StorageOutageAlarm(app.config.get("RATELIMIT_STORAGE_URI") or "memory://"))
