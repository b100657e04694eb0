"""Impact indicators: the public impact page, the team's measured values and the demo's figures."""

from flask import Blueprint

bp = Blueprint("impact", __name__)

from socialchallenge.impact import views  # noqa: E402,F401  (routes register on import)
