"""Time helpers: the database stores naive UTC datetimes, the same on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def utcnow() -> datetime:
    """The current time as a naive UTC datetime (what every DateTime column holds)."""
    return datetime.now(UTC).replace(tzinfo=None)


def site_today(now: datetime | None = None) -> date:
    """The date on the site's calendar (BABEL_DEFAULT_TIMEZONE, Asia/Seoul) at a naive UTC instant, by default now.
    From midnight to 09:00 in Seoul it is a day ahead of the UTC date: "today" for people means this one."""
    zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", "UTC") if has_app_context() else "UTC"
    return (now or utcnow()).replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).date()


def parse_iso(value: str) -> datetime:
    """Parse an ISO-8601 timestamp into naive UTC; a value without offset is taken as UTC."""
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
