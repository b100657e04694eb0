"""The JSON API under /api/v1: bearer tokens, one error shape, paged lists."""

from flask import Blueprint

from socialchallenge.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# The API authenticates with bearer tokens, never with the session cookie, so CSRF cannot apply.
csrf.exempt(bp)

from socialchallenge.api import community as community_routes  # noqa: E402,F401  (supports, comments, notifications)
from socialchallenge.api import challenges, solutions, users  # noqa: E402,F401  (routes register on import)
from socialchallenge.api import funding  # noqa: E402,F401  (crowdfunding: pledges, rewards, skills)
from socialchallenge.api import discovery as discovery_routes  # noqa: E402,F401  (search and the OpenAPI document)
from socialchallenge.api import secretariat  # noqa: E402,F401  (secretariat console, resources, mentoring log)
