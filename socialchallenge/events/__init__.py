"""Events and roundtables (issue 16 item 3): scheduling, registration with a waiting list, reminders, minutes and
iCalendar feeds."""

from flask import Blueprint

bp = Blueprint("events", __name__)

# Routes and the map layer register on import (the reminder job and the demo chapter are in commands/).
from socialchallenge.events import map, views  # noqa: E402,F401
