"""Form fields for a place: the district picked from the list and an optional map point typed as "lat, lon"."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from socialchallenge.places import district_choices


class PlaceFields:
    """Mixed into a FlaskForm: `district` and `point`; the domain's clean_place checks what they hold."""

    district = SelectField(_l("District"), choices=[], validate_choice=False,
                           description=_l("Left empty, it is read from the place in words where that names one "
                                          "district; otherwise the secretariat assigns it."))
    point = StringField(_l("Map point"), description=_l("Optional. Latitude and longitude, e.g. 37.5563, 126.9087"))

    def set_district_choices(self, session: Session) -> None:
        """Fill the district menu (in the page's language), with an empty first choice."""
        self.district.choices = [SelectChoice("", _("Choose…"))] + [
            SelectChoice(code, name) for code, name in district_choices(session)]

    def place_values(self, editing: bool = False) -> dict[str, Any]:
        """`district` and `point` as the domain takes them; empty ones are left out (or cleared, when editing)."""
        values: dict[str, Any] = {}
        if self.district.data:
            values["district"] = self.district.data
        raw = (self.point.data or "").strip()
        if raw:
            values["point"] = parse_point(raw)
        elif editing:
            values["point"] = None
        return values

    @staticmethod
    def place_data(item: Any) -> dict[str, str]:
        """An item's saved place as the form shows it."""
        point = f"{item.lat:.6g}, {item.lon:.6g}" if item.lat is not None and item.lon is not None else ""
        return {"district": item.district_code or "", "point": point}


def parse_point(text: str) -> Any:
    """ "37.5563, 126.9087" as {lat, lon}; anything else as it came, for the domain to refuse."""
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    if len(parts) != 2:
        return text
    try:
        return {"lat": float(parts[0]), "lon": float(parts[1])}
    except ValueError:
        return text
