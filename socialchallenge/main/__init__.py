"""Site-wide pages: home, language switch, error pages."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from socialchallenge.main import views  # noqa: E402,F401
