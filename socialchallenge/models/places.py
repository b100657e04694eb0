"""Districts (issue 16): the standard list of areas that challenges, resources and events pick from."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from socialchallenge.extensions import db


class District(db.Model):
    """One district of the city (Seoul's 25 autonomous districts by default), with its centre for the map."""

    __tablename__ = "districts"
    __table_args__ = (
        CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
    )

    # A stable code (Seoul: the 5-digit administrative code, 11440 for Mapo-gu), used in URLs and the API.
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_ko: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    # Order in lists and menus (the CSV's order); ties by code.
    position: Mapped[int] = mapped_column(Integer, default=0)
