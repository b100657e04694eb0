"""API: search over challenges, solutions and learnings, and the OpenAPI document of the whole API."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import gettext as _

from socialchallenge.api import bp
from socialchallenge.api.helpers import ApiError, paging
from socialchallenge.core.plain import plain as _plain
from socialchallenge.extensions import db
from socialchallenge.openapi.document import cached_document
from socialchallenge.places import district_json
from socialchallenge.search import Hit, parse_filters, search


def hit_json(hit: Hit) -> dict:
    """One search result in a shape shared by challenges and solutions."""
    item = hit.item
    challenge = item if hit.kind == "challenge" else item.challenge
    solution = item if hit.kind == "solution" else None
    return {
        "kind": hit.kind,
        "id": item.id,
        "title": item.title,
        "summary": solution.summary if solution else challenge.problem[:300],
        "stage": solution.stage.value if solution else "challenge",
        "challenge_id": challenge.id,
        "challenge_title": challenge.title,
        "status": challenge.status.value,
        "district": district_json(challenge.district),
        "area": challenge.area,
        "tags": challenge.tag_names,
        "sdgs": challenge.sdgs,
        "goal_achievement": _plain(solution.goal_achievement) if solution else None,
        "created_at": _plain(item.created_at),
        "url": url_for("solutions.show", solution_id=item.id, _external=True) if solution
        else url_for("challenges.show", challenge_id=item.id, _external=True),
    }


@bp.get("/search")
def search_view():
    """Search challenges, solutions and learnings: q, stage, status, area, tag, sdg, goal_achievement, sort."""
    q, filters, sort, errors = parse_filters(request.args)
    if errors:
        raise ApiError(400, "malformed", _("Invalid query parameters."), errors)
    page, per_page = paging()
    result = search(db.session, q, filters, sort, page, per_page)
    return {"items": [hit_json(h) for h in result.items], "page": page, "per_page": per_page,
            "total": result.total, "total_is_estimate": result.total_is_estimate}


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3 document describing every endpoint of this API."""
    return current_app.response_class(cached_document()[1], mimetype="application/json")
