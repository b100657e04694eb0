"""The secretariat console: curation, campaign reviews, mentoring, rubric, moderation, resources, statistics,
exports and the audit log. Domain functions live in the modules; the pages in views*.py."""

from flask import Blueprint

bp = Blueprint("secretariat", __name__, url_prefix="/secretariat")
# Public pages of this feature: the resource catalogue and a solution's private mentoring log.
public_bp = Blueprint("resources", __name__)

from socialchallenge.secretariat import (  # noqa: E402,F401  (routes register on import)
    public_views,
    views,
    views_people,
    views_reports,
)
