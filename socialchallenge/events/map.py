"""Events on the map (issue 16 item 2's layer hook): upcoming events at their point or their district's centre."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from socialchallenge.core.plain import iso
from socialchallenge.events import service
from socialchallenge.models import Event
from socialchallenge.places import district_param
from socialchallenge.places.geo import counts_by_district, feature, register_layer


def event_feature(event: Event) -> dict | None:
    """An event on the map: when it starts and ends, and how many places it has."""
    return feature("event", event, url_for("events.show", event_id=event.id, _external=True), event.district,
                   starts_at=iso(event.starts_at), ends_at=iso(event.ends_at), capacity=event.capacity)


def _counts(session: Session, args: MultiDict) -> dict[str, int]:
    """Upcoming public events that are not cancelled, per district (the map's district filter applies; the
    challenge filters do not)."""
    code, _problem = district_param(session, args.get("district"))
    query = service.upcoming(None).where(Event.cancelled_at.is_(None))
    if code:
        query = query.where(Event.district_code == code)
    return counts_by_district(session, query, Event.district_code)


register_layer("events", _l("Events"), "api.events_geojson", "events.index", _counts)
