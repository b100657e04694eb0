"""Impact indicators: the public impact page, the team's measured values and the demo's figures."""

from flask import Blueprint

bp = Blueprint("impact", __name__)

from socialchallenge.impact import demo, views  # noqa: E402,F401  (routes register on import; demo adds its seeder)
