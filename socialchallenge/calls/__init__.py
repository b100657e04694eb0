"""Calls for challenges (issue 15): pages, feed and CSV; the rules live in calls.service, calls.prizes and
funding.matching."""

from flask import Blueprint

bp = Blueprint("calls", __name__, url_prefix="/calls")

from socialchallenge.calls import views  # noqa: E402,F401
