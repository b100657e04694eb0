"""Events and roundtables (issue 16 item 3): scheduling, registration with a waiting list, reminders, minutes and
iCalendar feeds."""

from flask import Blueprint

bp = Blueprint("events", __name__)

# Routes, the reminder job, the demo seeder and the map layer register on import.
from socialchallenge.events import demo, map, reminders, views  # noqa: E402,F401
