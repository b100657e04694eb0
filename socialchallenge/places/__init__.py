"""Places (issue 16): the city's districts, how each is named in the reader's language, and map points.

Challenges, resources and events carry a nullable `district_code` (a foreign key to `districts.code`) and an
optional point (`lat`, `lon`). Other features read districts through this module only:

    from socialchallenge import places
    places.list_districts(db.session)           # every district, in the list's order
    places.get_district(db.session, "11440")    # one, or None
    places.district_json(challenge.district)    # {"code", "name"} or None, the API shape
    places.point_json(challenge)                # {"lat", "lon"} or None
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.errors import NotFound
from socialchallenge.models.places import District

CODE_MAX = 20


def list_districts(session: Session) -> list[District]:
    """Every district, in the list's order (the CSV's, by default the administrative codes')."""
    return list(session.scalars(select(District).order_by(District.position, District.code)))


def get_district(session: Session, code: str | None) -> District | None:
    """The district with this code, or None (also for an empty or overlong code)."""
    code = (code or "").strip()
    if not code or len(code) > CODE_MAX:
        return None
    return session.get(District, code)


def require_district(session: Session, code: str) -> District:
    """The district with this code, or NotFound."""
    district = get_district(session, code)
    if district is None:
        raise NotFound(_("There is no such district."))
    return district


def district_name(district: District | None, lang: str | None = None) -> str:
    """The district's name in the reader's language (Korean unless the page is in English); '' for none."""
    if district is None:
        return ""
    if lang is None:
        lang = str(get_locale()) if has_request_context() else "ko"
    return district.name_en if lang.startswith("en") else district.name_ko


def district_json(district: District | None, lang: str | None = None) -> dict[str, str] | None:
    """The API shape of a district: {code, name}, or None."""
    if district is None:
        return None
    return {"code": district.code, "name": district_name(district, lang)}


def point_json(item: Any) -> dict[str, float] | None:
    """The API shape of an item's map point: {lat, lon}, or None when it has none."""
    if item.lat is None or item.lon is None:
        return None
    return {"lat": item.lat, "lon": item.lon}


def district_choices(session: Session, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs for a select, in the list's order."""
    return [(d.code, district_name(d, lang)) for d in list_districts(session)]
