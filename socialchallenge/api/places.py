"""API: the district list and the map's GeoJSON of challenges and resources (issue 16)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError
from socialchallenge.extensions import db
from socialchallenge.places import district_name, district_param, list_districts
from socialchallenge.places.geo import challenge_feature, collection, resource_feature
from socialchallenge.search.filters import parse_filters
from socialchallenge.search.query import challenge_list
from socialchallenge.secretariat import resources

GEOJSON = "application/geo+json"


@bp.get("/districts")
def list_districts_view():
    """Every district: code, name (in the request's language), Korean and English names, centre."""
    return {"items": [{"code": d.code, "name": district_name(d), "name_ko": d.name_ko, "name_en": d.name_en,
                       "centre": {"lat": d.lat, "lon": d.lon}} for d in list_districts(db.session)]}


def _geojson(body: dict):
    from flask import current_app

    return current_app.response_class(current_app.json.dumps(body), mimetype=GEOJSON)


@bp.get("/challenges.geojson")
def challenges_geojson():
    """Visible challenges as a GeoJSON FeatureCollection, filtered and ordered like GET /challenges."""
    q, filters, sort, errors = parse_filters(request.args)
    if errors:
        raise ApiError(400, "malformed", _("Invalid query parameters."), errors)
    return _geojson(collection(db.session, challenge_list(q, filters, sort), challenge_feature))


@bp.get("/resources.geojson")
def resources_geojson():
    """Catalogue resources as a GeoJSON FeatureCollection, filtered like GET /resources (kind, district, area)."""
    district, problem = district_param(db.session, request.args.get("district"))
    if problem:
        raise ApiError(400, "malformed", _("Invalid query parameters."), {"district": problem})
    query = resources.catalogue(request.args.get("kind"), request.args.get("area"), district)
    return _geojson(collection(db.session, query, resource_feature))
