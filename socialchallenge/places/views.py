"""The map page: challenges and resources (and the layers other features register) by district and point."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for

from socialchallenge.extensions import db
from socialchallenge.places import list_districts
from socialchallenge.places.geo import LAYERS, district_markers
from socialchallenge.search.forms import ChallengeFilterForm

bp = Blueprint("places", __name__)
# Query arguments the map passes on to every layer and to the list pages (the rest belong to the map itself).
FILTER_ARGS = ("q", "status", "district", "area", "tag", "sdg", "kind")


@bp.get("/map")
def map_page():
    """A map of what the filters match, with a table of counts per district linking to the lists."""
    filters = ChallengeFilterForm(request.args)
    chosen = [name for name in request.args.getlist("layer") if name in LAYERS] or list(LAYERS)
    args = {k: v for k in FILTER_ARGS if (v := request.args.get(k, "").strip())}
    query = urlencode(args)
    layers = [LAYERS[name] for name in chosen]
    counts = {layer.name: layer.counts(db.session, request.args) for layer in layers}
    districts = list_districts(db.session)
    rows = [(d, numbers) for d in districts
            if any(numbers := [counts[layer.name].get(d.code, 0) for layer in layers])]
    # Not `config`: that name is Flask's settings in every template (base.html reads them, e.g. the sandbox banner).
    map_config = {
        "layers": [{"name": layer.name, "label": str(layer.label),
                    "url": url_for(layer.geojson_endpoint) + (f"?{query}" if query else ""),
                    "list": url_for(layer.list_endpoint)} for layer in layers],
        "districts": district_markers(db.session),
        "tiles": current_app.config.get("MAP_TILE_URL") or "",
        "attribution": current_app.config.get("MAP_TILE_ATTRIBUTION") or "",
        "query": query,
    }
    return render_template("places/map.html", filters=filters, map_config=map_config, all_layers=list(LAYERS.values()),
                           chosen=chosen, layers=layers, rows=rows, args=args,
                           totals=[sum(counts[layer.name].values()) for layer in layers])
