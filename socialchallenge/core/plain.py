"""Values as the JSON API writes them: enums as their value, UTC times as ISO 8601 with a Z, dates as ISO 8601."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any


def plain(value: Any) -> Any:
    """The value as the API writes it (anything else unchanged)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def iso(value: datetime | None) -> str | None:
    """A UTC time as ISO 8601 with its Z; None stays None."""
    return value.isoformat() + "Z" if value is not None else None
