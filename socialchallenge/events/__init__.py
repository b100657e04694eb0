"""Events and roundtables (issue 16 item 3): scheduling, registration with a waiting list, reminders, minutes and
iCalendar feeds."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from socialchallenge.events import demo, reminders, views  # noqa: E402,F401  (routes, the reminder job and the seeder register on import)
