"""The JSON API under /api/v1: bearer tokens, one error shape, paged lists."""

from flask import Blueprint

from socialchallenge.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# The API authenticates with bearer tokens, never with the session cookie, so CSRF cannot apply.
csrf.exempt(bp)

# Routes register on import.
from socialchallenge.api import (  # noqa: E402,F401
    attachments,  # images and documents, cover images
    calls,  # calls for challenges (issue 15)
    challenges,
    community,  # supports, comments, notifications
    discovery,  # search and the OpenAPI document
    events,  # events and roundtables, registration and the waiting list
    funding,  # pledges, rewards, skills
    impact,  # impact indicators and figures, a challenge's own questions
    organisations,
    places,  # districts and the map's GeoJSON
    secretariat,  # console actions, resources, mentoring log
    solutions,
    teams,  # invitations and requests to join
    users,
)
