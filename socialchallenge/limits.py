"""Rate limits counted per member: comments and pledges, one bucket each for the web form and the API."""

from __future__ import annotations

from flask import current_app, request
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
