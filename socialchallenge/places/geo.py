"""The map's data: GeoJSON of challenges and resources (filtered like their lists), counts per district, and the
list of map layers that other features add theirs to (events: `register_layer("events", ...)`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from socialchallenge.models import Challenge
from socialchallenge.models.places import District
from socialchallenge.models.secretariat import Resource
from socialchallenge.places import district_json, district_name, district_param, list_districts
from socialchallenge.search.filters import parse_filters
from socialchallenge.search.query import challenge_list
from socialchallenge.secretariat.resources import catalogue

# A map shows at most this many items of a layer (the newest, or the list's order); the collection says how many
# matched in all, and the list pages show every one.
MAP_MAX = 1000


@dataclass(frozen=True)
class Layer:
    """One kind of item on the map: its name (a query argument), label, GeoJSON endpoint, its list page and how
    many of the items the page's filters match are in each district (for the table beside the map)."""

    name: str
    label: Any
    geojson_endpoint: str
    list_endpoint: str
    counts: Callable[[Session, MultiDict], dict[str, int]]


# The hook for other features: each layer here is fetched by static/js/map.js with the page's filters, drawn on the
# map and counted per district. Add one with register_layer (its endpoint answers a FeatureCollection of
# feature() items, taking the same query arguments as its list page).
LAYERS: dict[str, Layer] = {}


def register_layer(name: str, label: Any, geojson_endpoint: str, list_endpoint: str,
                   counts: Callable[[Session, MultiDict], dict[str, int]]) -> None:
    """Put a layer on the map (kept in the order registered)."""
    LAYERS[name] = Layer(name, label, geojson_endpoint, list_endpoint, counts)


def _challenge_counts(session: Session, args: MultiDict) -> dict[str, int]:
    q, filters, sort, _errors = parse_filters(args)
    return counts_by_district(session, challenge_list(q, filters, sort), Challenge.district_code)


def _resource_counts(session: Session, args: MultiDict) -> dict[str, int]:
    district, _problem = district_param(session, args.get("district"))
    return counts_by_district(session, catalogue(args.get("kind"), args.get("area"), district),
                              Resource.district_code)


register_layer("challenges", _l("Challenges"), "api.challenges_geojson", "challenges.index", _challenge_counts)
register_layer("resources", _l("Resources"), "api.resources_geojson", "resources.catalogue", _resource_counts)


def feature(kind: str, item: Any, url: str, district: District | None, **properties: Any) -> dict | None:
    """One item as a GeoJSON Point feature: at its own point, else at its district's centre; None with neither."""
    if item.lat is not None and item.lon is not None:
        lon, lat, located = item.lon, item.lat, "point"
    elif district is not None:
        lon, lat, located = district.lon, district.lat, "district"
    else:
        return None
    return {"type": "Feature", "id": f"{kind}-{item.id}",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"kind": kind, "id": item.id, "title": item.title, "url": url,
                           "district": district_json(district), "area": getattr(item, "area", None),
                           "located": located, **properties}}


def collection(session: Session, query: Select, to_feature: Callable[[Any], dict | None]) -> dict:
    """A FeatureCollection of a list's select (at most MAP_MAX rows), with `total` matched and `unplaced` left out."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    features, unplaced = [], 0
    for item in session.scalars(query.limit(MAP_MAX)):
        found = to_feature(item)
        if found is None:
            unplaced += 1
        else:
            features.append(found)
    return {"type": "FeatureCollection", "features": features, "total": total,
            "truncated": total > MAP_MAX, "unplaced": unplaced}


def challenge_feature(challenge: Challenge) -> dict | None:
    """A challenge on the map."""
    return feature("challenge", challenge, url_for("challenges.show", challenge_id=challenge.id, _external=True),
                   challenge.district, status=challenge.status.value)


def resource_feature(resource: Any) -> dict | None:
    """A resource of the catalogue on the map."""
    return feature("resource", resource, url_for("resources.show", resource_id=resource.id, _external=True),
                   resource.district, resource_kind=resource.kind.value)


def counts_by_district(session: Session, query: Select, column: Any) -> dict[str, int]:
    """How many items of a list's select are in each district (code → count; unplaced ones are not counted)."""
    rows = query.order_by(None).subquery()
    return {code: n for code, n in session.execute(
        select(rows.c[column.key], func.count()).where(rows.c[column.key].is_not(None))
        .group_by(rows.c[column.key]))}


def district_markers(session: Session) -> list[dict]:
    """Every district with its name and centre, for the map's markers."""
    return [{"code": d.code, "name": district_name(d), "lat": d.lat, "lon": d.lon} for d in list_districts(session)]
