"""Event forms. They only parse input; the rules live in events.service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import to_utc
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from socialchallenge.events.service import ADDRESS_MAX, NOTE_MAX, TITLE_MAX, TOPIC_MAX, URL_MAX
from socialchallenge.places.forms import parse_point

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]  # what datetime-local inputs send


class EventForm(FlaskForm):
    """Schedule an event: what, when, where (a district and address, or online) and how many places."""

    title = StringField(_l("Title"), render_kw={"maxlength": TITLE_MAX})
    organiser = SelectField(_l("Organised by"), choices=[], validate_choice=False)
    challenge_id = SelectField(_l("Challenge"), choices=[], validate_choice=False,
                               description=_l("The challenge it is about, or none for a roundtable on a topic."))
    call_id = SelectField(_l("Call"), choices=[], validate_choice=False,
                          description=_l("The call for challenges it is held for, if any."))
    topic = StringField(_l("Topic"), render_kw={"maxlength": TOPIC_MAX},
                        description=_l("What a roundtable is about, when it is not about one challenge."))
    description = TextAreaField(_l("Description"), render_kw={"rows": 6},
                                description=_l("Markdown: the programme, who it is for, what to bring."))
    starts_at = DateTimeLocalField(_l("Starts"), format=LOCAL_FORMATS, validators=[Optional()],
                                   description=_l("Local time."))
    ends_at = DateTimeLocalField(_l("Ends"), format=LOCAL_FORMATS, validators=[Optional()],
                                 description=_l("Local time."))
    district = SelectField(_l("District"), choices=[], validate_choice=False)
    address = StringField(_l("Address"), render_kw={"maxlength": ADDRESS_MAX})
    point = StringField(_l("Map point"), description=_l("Optional. Latitude and longitude, e.g. 37.5563, 126.9087"))
    online_url = StringField(_l("Online link"), render_kw={"maxlength": URL_MAX, "inputmode": "url"},
                             description=_l("For an online event or one also streamed: https://…"))
    capacity = IntegerField(_l("Places"), validators=[Optional()], render_kw={"min": 1, "inputmode": "numeric"})

    def as_data(self) -> dict[str, Any]:
        """The fields as the domain takes them (times in UTC; the organiser split into organisation or team)."""
        organiser = (self.organiser.data if self.organiser is not None else "") or ""
        kind, _sep, raw_id = organiser.partition(":")
        chosen = int(raw_id) if raw_id.isdigit() else None
        challenge = self.challenge_id.data or ""
        call = self.call_id.data or ""
        return {
            "title": self.title.data, "description": self.description.data, "topic": self.topic.data,
            "starts_at": self._utc(self.starts_at.data, "starts_at"),
            "ends_at": self._utc(self.ends_at.data, "ends_at"),
            "organisation_id": chosen if kind == "organisation" else None,
            "solution_id": chosen if kind == "solution" else None,
            "challenge_id": int(challenge) if challenge.isdigit() else None,
            "call_id": int(call) if call.isdigit() else None,
            "district": self.district.data or None, "address": self.address.data, "online_url": self.online_url.data,
            "point": parse_point(raw_point) if (raw_point := (self.point.data or "").strip()) else None,
            "capacity": self.capacity.data if self.capacity.data is not None else self._raw(self.capacity),
        }

    def _utc(self, value: datetime | None, name: str) -> Any:
        if value is not None:
            return to_utc(value)
        # Blank: the domain asks for it. Unreadable: the domain says so (never read as UTC by mistake).
        return "unreadable" if self._raw(self[name]) else None

    @staticmethod
    def _raw(field) -> Any:
        raw = (field.raw_data or [""])[0] if field.raw_data else ""
        return raw or None


class MinutesForm(FlaskForm):
    """The minutes of an event that has ended."""

    minutes = TextAreaField(_l("Minutes"), render_kw={"rows": 14},
                            description=_l("Markdown: who came, what was discussed, what was decided and what "
                                           "happens next."))


class CancelEventForm(FlaskForm):
    """Call an event off, saying why (shown on its page)."""

    note = TextAreaField(_l("Why (optional)"), render_kw={"rows": 3, "maxlength": NOTE_MAX},
                         description=_l("Shown on the event's page and in the calendar feeds."))
