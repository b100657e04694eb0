"""Challenge pages: list, post, edit, close, and the detail page with selection, evaluation and adoption."""

from flask import Blueprint

bp = Blueprint("challenges", __name__)

from socialchallenge.challenges import outcome_views, questions, template_globals, views  # noqa: E402,F401
