"""Organisation pages: list, create, members and admins."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

from socialchallenge.organisations import views  # noqa: E402,F401
