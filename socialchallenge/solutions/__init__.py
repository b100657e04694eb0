"""Solution pages: submit an idea, the stepper and stage edit pages, advancing, the team and progress updates."""

from flask import Blueprint

bp = Blueprint("solutions", __name__)

from socialchallenge.solutions import carry_over, invitations, team, views  # noqa: E402,F401
