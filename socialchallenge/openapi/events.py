"""OpenAPI schemas and operations of events and roundtables (issue 16 item 3)."""

from __future__ import annotations

from socialchallenge.events.service import (
    ADDRESS_MAX,
    CAPACITY_MAX,
    DESCRIPTION_MAX,
    MINUTES_MAX,
    NOTE_MAX,
    TITLE_MAX,
    TOPIC_MAX,
    URL_MAX,
)
from socialchallenge.openapi.schemas import DATETIME, ID, PERSON, list_of, nullable, obj, ref

TEXT = {"type": "string"}
DISTRICT = obj({"code": TEXT, "name": TEXT})
POINT = obj({"lat": {"type": "number", "minimum": -90, "maximum": 90},
             "lon": {"type": "number", "minimum": -180, "maximum": 180}}, extra=False)
STATUS = {"type": "string", "enum": ["registered", "waitlisted"]}
EVENT = obj({
    "id": ID, "title": TEXT, "description": TEXT, "starts_at": DATETIME, "ends_at": DATETIME,
    "status": {"type": "string", "enum": ["scheduled", "cancelled"],
               "description": "A cancelled event takes no registration; it stays listed, marked cancelled."},
    "cancelled_at": nullable(DATETIME), "cancellation_note": nullable(TEXT),
    "challenge": nullable(obj({"id": ID, "title": TEXT})), "call": nullable(obj({"id": ID, "title": TEXT})),
    "topic": TEXT, "organiser": PERSON,
    "organisation": nullable(obj({"id": ID, "name": TEXT})), "solution_id": nullable(ID),
    "district": nullable(DISTRICT), "address": TEXT, "online_url": nullable(TEXT), "point": nullable(POINT),
    "capacity": {"type": "integer", "minimum": 1}, "registered": {"type": "integer", "minimum": 0},
    "waitlisted": {"type": "integer", "minimum": 0}, "seats_left": {"type": "integer", "minimum": 0},
    "registration": nullable(obj({"status": STATUS, "position": nullable({"type": "integer", "minimum": 1})})),
    "minutes": TEXT, "minutes_html": TEXT, "minutes_posted_at": nullable(DATETIME),
    "url": {"type": "string", "format": "uri"}, "ics_url": {"type": "string", "format": "uri"},
    "created_at": DATETIME,
})
EVENT_CREATE = obj({
    "title": {"type": "string", "minLength": 1, "maxLength": TITLE_MAX},
    "description": {"type": "string", "maxLength": DESCRIPTION_MAX},
    "starts_at": {**DATETIME, "description": "In the future; with an offset (a time without one is UTC)."},
    "ends_at": {**DATETIME, "description": "After the start, at most 14 days later."},
    "challenge_id": nullable({**ID, "description": "The challenge it is about (a team's: its solution's)."}),
    "call_id": nullable({**ID, "description": "The call for challenges it is held for."}),
    "topic": {"type": "string", "maxLength": TOPIC_MAX, "description": "Required without a challenge or a call."},
    "organisation_id": nullable({**ID, "description": "Organise it for a verified organisation you administer."}),
    "solution_id": nullable({**ID, "description": "Organise it for a solution whose team you are on."}),
    "district": nullable({"type": "string", "maxLength": 20, "description": "A district's code."}),
    "address": {"type": "string", "maxLength": ADDRESS_MAX, "description": "Required with a district."},
    "online_url": {"type": "string", "maxLength": URL_MAX, "description": "An https:// link; required without a "
                                                                          "district."},
    "point": nullable(POINT),
    "capacity": {"type": "integer", "minimum": 1, "maximum": CAPACITY_MAX},
}, ["title", "starts_at", "ends_at", "capacity"], extra=False)
# PATCH: any of the fields to change (not the organiser); the rest stay as they are.
EVENT_UPDATE = obj({k: v for k, v in EVENT_CREATE["properties"].items() if k not in ("organisation_id", "solution_id")},
                   [], extra=False)
EVENT_CANCEL = obj({"note": {"type": "string", "maxLength": NOTE_MAX,
                             "description": "Why, shown on the event's page."}}, [], extra=False)
REGISTERED = obj({"status": STATUS, "waitlisted": {"type": "boolean"},
                  "position": nullable({"type": "integer", "minimum": 1})})


def _ops():
    from socialchallenge.openapi.operations import Op, q

    QUERY = (  # noqa: N806 - shared by the list and the map's GeoJSON
        q("when", {"type": "string", "enum": ["upcoming", "past"]}, "upcoming (default) or past."),
        q("district", {"type": "string", "maxLength": 20}, "A district code (GET /api/v1/districts)."),
        q("challenge_id", {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}),
        q("call_id", {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}),
    )
    return {
        "api.list_events": Op(ok={200: list_of(EVENT)}, paged=True, query=QUERY),
        "api.events_geojson": Op(ok={200: ref("FeatureCollection")}, query=QUERY, answer_media="application/geo+json"),
        "api.get_event": Op(ok={200: EVENT}),
        "api.create_event": Op(EVENT_CREATE, {201: EVENT}),
        "api.update_event": Op(EVENT_UPDATE, {200: EVENT}, errors=(409,)),
        "api.cancel_event": Op(EVENT_CANCEL, {200: EVENT}, errors=(409,), body_required=False),
        "api.register_for_event": Op(ok={201: REGISTERED, 202: REGISTERED}, errors=(409,)),
        "api.cancel_event_registration": Op(ok={204: None}),
        "api.post_event_minutes": Op(obj({"minutes": {"type": "string", "minLength": 1, "maxLength": MINUTES_MAX}},
                                         extra=False), {200: EVENT}, errors=(409,)),
    }


EVENT_OPERATIONS = _ops()
