"""API: events and roundtables, registration with a waiting list, minutes (events.service and .registration decide)."""

from __future__ import annotations

from flask import current_app, g, request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select

from socialchallenge import places
from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError, bearer_user, json_body, paged, token_required
from socialchallenge.api.serializers import person
from socialchallenge.core.plain import iso
from socialchallenge.events import registration, service
from socialchallenge.events.map import event_feature
from socialchallenge.extensions import db
from socialchallenge.models import Event, RegistrationStatus
from socialchallenge.places.geo import collection
from socialchallenge.sanitize import render_markdown

WHEN = ("upcoming", "past")


def event_json(event: Event, viewer=None) -> dict:
    """An event: what, when, where, who organises it, its seats and waiting list, the viewer's registration."""
    standing = registration.standing(db.session, event, viewer)
    return {
        "id": event.id, "title": event.title, "description": event.description,
        "starts_at": iso(event.starts_at), "ends_at": iso(event.ends_at),
        "status": "cancelled" if event.is_cancelled else "scheduled", "cancelled_at": iso(event.cancelled_at),
        "cancellation_note": event.cancellation_note or None,
        "challenge": {"id": event.challenge.id, "title": event.challenge.title} if event.challenge else None,
        "call": {"id": event.call.id, "title": event.call.title} if event.call else None,
        "topic": event.topic, "organiser": person(event.organiser),
        "organisation": {"id": event.organisation.id, "name": event.organisation.name} if event.organisation else None,
        "solution_id": event.solution_id,
        "district": places.district_json(event.district), "address": event.address,
        "online_url": event.online_url or None, "point": places.point_json(event),
        "capacity": event.capacity, "registered": standing.registered, "waitlisted": standing.waitlisted,
        "seats_left": standing.seats_left,
        "registration": {"status": standing.status.value, "position": standing.position} if standing.status else None,
        "minutes": event.minutes, "minutes_html": render_markdown(event.minutes) if event.minutes else "",
        "minutes_posted_at": iso(event.minutes_posted_at),
        "url": url_for("events.show", event_id=event.id, _external=True),
        "ics_url": url_for("events.event_ics", event_id=event.id, _external=True),
        "created_at": iso(event.created_at),
    }


def _filtered() -> Select:
    when = request.args.get("when", "upcoming")
    if when not in WHEN:
        raise ApiError(400, "malformed", _("Invalid query parameters."), {"when": _("Use upcoming or past.")})
    viewer = bearer_user()
    query = service.upcoming(viewer) if when == "upcoming" else service.past(viewer)
    code, problem = places.district_param(db.session, request.args.get("district"))
    if problem:
        raise ApiError(400, "malformed", _("Invalid query parameters."), {"district": problem})
    if code:
        query = query.where(Event.district_code == code)
    challenge = request.args.get("challenge_id")
    if challenge is not None:
        if not (challenge.isascii() and challenge.isdigit()) or len(challenge) > 10:
            raise ApiError(400, "malformed", _("Invalid query parameters."),
                           {"challenge_id": _("Must be a whole number.")})
        query = query.where(Event.challenge_id == int(challenge))
    call = request.args.get("call_id")
    if call is not None:
        if not (call.isascii() and call.isdigit()) or len(call) > 10:
            raise ApiError(400, "malformed", _("Invalid query parameters."), {"call_id": _("Must be a whole number.")})
        query = query.where(Event.call_id == int(call))
    return query.options(*service.list_options())


@bp.get("/events")
def list_events():
    """Events: upcoming (soonest first) or past (newest first), filtered by district, challenge or call."""
    viewer = bearer_user()
    return paged(_filtered(), lambda rows: [event_json(e, viewer) for e in rows])


@bp.get("/events.geojson")
def events_geojson():
    """Events as a GeoJSON FeatureCollection (at their point, else their district's centre), filtered like GET
    /events (when, district, challenge_id, call_id); a cancelled event is not on the map."""
    body = collection(db.session, _filtered().where(Event.cancelled_at.is_(None)), event_feature)
    return current_app.response_class(current_app.json.dumps(body), mimetype="application/geo+json")


@bp.get("/events/<int:event_id>")
def get_event(event_id: int):
    """One event, with your registration (status and waiting-list position) when you send a token."""
    return event_json(service.get_event(db.session, event_id, bearer_user()), bearer_user())


@bp.post("/events")
@token_required
def create_event():
    """Schedule an event: the secretariat, an admin of a verified organisation (organisation_id) or a team
    (solution_id)."""
    data = json_body(service.FIELDS)
    event = service.create_event(db.session, g.api_user, data)
    db.session.commit()
    return event_json(service.get_event(db.session, event.id, g.api_user), g.api_user), 201


@bp.patch("/events/<int:event_id>")
@token_required
def update_event(event_id: int):
    """Change an event's details (the fields given; not its organiser), the organiser side only, until it begins.
    Members with a seat or on the waiting list are told of a new time or place. Places below the seats already
    taken: 422 (nobody loses a seat)."""
    data = json_body(service.EDITABLE)
    event = service.get_event(db.session, event_id, g.api_user)
    service.update_event(db.session, g.api_user, event, data)
    db.session.commit()
    return event_json(service.get_event(db.session, event_id, g.api_user), g.api_user)


@bp.post("/events/<int:event_id>/cancellation")
@token_required
def cancel_event(event_id: int):
    """Cancel the event ({note?}: why, shown on its page), the organiser side only, until it begins; everyone with a
    seat or on the waiting list is told. 409 when already cancelled."""
    data = json_body({"note"}) if request.get_data(cache=True) else {}
    event = service.get_event(db.session, event_id, g.api_user)
    service.cancel_event(db.session, g.api_user, event, data.get("note", ""))
    db.session.commit()
    return event_json(service.get_event(db.session, event_id, g.api_user), g.api_user)


@bp.post("/events/<int:event_id>/registration")
@token_required
def register_for_event(event_id: int):
    """Register: 201 with a seat, 202 with `waitlisted: true` when the event is full; 409 when already registered."""
    service.get_event(db.session, event_id, g.api_user)
    mine = registration.register(db.session, g.api_user, event_id)
    db.session.commit()
    waitlisted = mine.status == RegistrationStatus.waitlisted
    body = {"status": mine.status.value, "waitlisted": waitlisted,
            "position": registration.position(db.session, mine) if waitlisted else None}
    return body, 202 if waitlisted else 201


@bp.delete("/events/<int:event_id>/registration")
@token_required
def cancel_event_registration(event_id: int):
    """Cancel your registration (a seat or a place in line); the first waiting member gets a freed seat."""
    service.get_event(db.session, event_id, g.api_user)
    registration.cancel(db.session, g.api_user, event_id)
    db.session.commit()
    return "", 204


@bp.put("/events/<int:event_id>/minutes")
@token_required
def post_event_minutes(event_id: int):
    """Post or correct the minutes ({minutes}, Markdown) once the event has ended; the organiser side only."""
    data = json_body({"minutes"})
    event = service.get_event(db.session, event_id, g.api_user)
    service.post_minutes(db.session, g.api_user, event, data.get("minutes"))
    db.session.commit()
    return event_json(service.get_event(db.session, event_id, g.api_user), g.api_user)

