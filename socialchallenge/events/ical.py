"""iCalendar (RFC 5545) for events: escaped text, lines folded at 75 octets, CRLF line ends, UTC times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from socialchallenge.models import Event

PRODID = "-//SocialChallenge//Events//EN"
LINE_OCTETS = 75


def escape(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return "\\n".join(value.splitlines())


def utc(moment: datetime) -> str:
    """A naive UTC datetime in the form DATE-TIME takes for UTC (§3.3.5): 20270314T100000Z."""
    return moment.strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """The content line folded (§3.1): at most 75 octets a line, never inside a UTF-8 character, each further
    line starting with one space; lines end with CRLF."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1  # the leading space of a continuation line counts
    parts.append(data[start:])
    return "\r\n ".join(p.decode("utf-8") for p in parts) + "\r\n"


def _vevent(event: Event, host: str, base_url: str, stamp: datetime, location: str) -> list[str]:
    description = event.description
    if event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if event.is_cancelled and event.cancellation_note:
        description = f"{event.cancellation_note}\n\n{description}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.id}@{host}",
        f"DTSTAMP:{utc(stamp)}",
        f"SEQUENCE:{event.sequence or 0}",
        f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if event.lat is not None and event.lon is not None:
        lines.append(f"GEO:{event.lat:.6f};{event.lon:.6f}")
    lines += [f"URL:{base_url}/events/{event.id}", "END:VEVENT"]
    return lines


def calendar(events: Iterable[tuple[Event, str]], host: str, base_url: str, stamp: datetime, name: str) -> str:
    """A VCALENDAR with one VEVENT per (event, location in words)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}"]
    for event, location in events:
        lines += _vevent(event, host, base_url, stamp, location)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
