"""Places (issue 16): the city's districts, how each is named in the reader's language, and map points.

Challenges, resources and events carry a nullable `district_code` (a foreign key to `districts.code`) and an
optional point (`lat`, `lon`). Other features read districts through this module only:

    from socialchallenge import places
    places.list_districts(db.session)           # every district, in the list's order
    places.get_district(db.session, "11440")    # one, or None
    places.district_json(challenge.district)    # {"code", "name"} or None, the API shape
    places.point_json(challenge)                # {"lat", "lon"} or None
    place = places.clean_place(db.session, values)  # pops `district` and `point` from API or form values
    places.apply_place(db.session, item, place)     # sets them; no district given → matched from `area`
"""

from __future__ import annotations

import math
import re
from typing import Any

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialchallenge.errors import NotFound, ValidationFailed
from socialchallenge.models.places import District

CODE_MAX = 20
CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,20}")  # what a district code may hold (the CSV import checks it too)


# The list's order (the CSV's, by default the administrative codes').
_IN_ORDER = (District.position, District.code)


def list_districts(session: Session) -> list[District]:
    """Every district, in the list's order."""
    return list(session.scalars(select(District).order_by(*_IN_ORDER)))


def get_district(session: Session, code: str | None) -> District | None:
    """The district with this code, or None (also for an empty or overlong code)."""
    code = (code or "").strip()
    if not CODE_RE.fullmatch(code):
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
    return district.name_en if _english(lang) else district.name_ko


def _english(lang: str | None) -> bool:
    """Whether names are shown in English: `lang`, else the page's language (Korean outside a request)."""
    if lang is None:
        lang = str(get_locale()) if has_request_context() else "ko"
    return lang.startswith("en")


def place_in_words(item: Any) -> str:
    """Where an item is, in words: its finer place, else its district's name ('' for neither)."""
    return getattr(item, "area", None) or district_name(getattr(item, "district", None))


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


_NAMES = select(District.code, District.name_ko, District.name_en).order_by(*_IN_ORDER)


def district_choices(session: Session, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs for a select, in the list's order: read as rows (every list and search page's filter
    menu asks for them; loading 25 District objects cost a millisecond of each)."""
    english = _english(lang)
    return [(code, name_en if english else name_ko) for code, name_ko, name_en in session.connection().execute(_NAMES)]


def _coordinate(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value) if low <= value <= high else None


def clean_place(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Take `district` (a code, or null) and `point` ({lat, lon}, or null) out of `values`, checked.

    Returns the columns to set (`district_code`, `lat`, `lon`) for the keys that were given; ValidationFailed
    names each bad one."""
    place: dict[str, Any] = {}
    problems: dict[str, str] = {}
    if "district" in values:
        code = values.pop("district")
        if code is None or code == "":
            place["district_code"] = None
        elif not isinstance(code, str) or get_district(session, code) is None:
            problems["district"] = _("Choose a district from the list.")
        else:
            place["district_code"] = code.strip()
    if "point" in values:
        point = values.pop("point")
        if point is None or point == "":
            place["lat"] = place["lon"] = None
        else:
            lat = _coordinate(point.get("lat"), -90, 90) if isinstance(point, dict) else None
            lon = _coordinate(point.get("lon"), -180, 180) if isinstance(point, dict) else None
            if lat is None or lon is None or set(point) - {"lat", "lon"}:
                problems["point"] = _("Give a point as latitude (-90 to 90) and longitude (-180 to 180).")
            else:
                place["lat"], place["lon"] = lat, lon
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    return place


def apply_place(session: Session, item: Any, place: dict[str, Any]) -> None:
    """Set an item's district and point from `clean_place`; with no district given, match its place in words."""
    from socialchallenge.places.matching import Matcher

    for name, value in place.items():
        setattr(item, name, value)
    if "district_code" not in place and item.district_code is None and getattr(item, "area", None):
        item.district_code = Matcher(list_districts(session)).match(item.area)


def district_param(session: Session, value: str | None) -> tuple[str | None, str | None]:
    """A `district=CODE` query argument read: (code, None), (None, None) when absent, (None, message) when bad."""
    code = (value or "").strip()
    if not code:
        return None, None
    if get_district(session, code) is None:
        return None, _("Use a district code from the list (GET /api/v1/districts).")
    return code, None
