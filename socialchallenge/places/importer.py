"""Replace the district list from a CSV file (`flask areas import FILE`), for a city other than Seoul.

The file has a header row `code,name_ko,name_en,lat,lon` (UTF-8, a byte-order mark allowed) and one district per
row, in the order lists show them. Districts in the file are added or updated; districts not in it are removed,
and whatever pointed at them (challenges, resources, events...) loses its district and is matched again by its
place in words against the new list; what matches none waits in the secretariat's queue. All or nothing: one bad
row and nothing changes.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from socialchallenge.extensions import db
from socialchallenge.models.places import District
from socialchallenge.places import CODE_RE
from socialchallenge.places.matching import Matcher

COLUMNS = ("code", "name_ko", "name_en", "lat", "lon")
NAME_MAX = 60
MAX_ROWS = 1000


class ImportFailed(ValueError):
    """The file cannot be imported; `problems` lists each one with its line number."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    """What an import changed."""

    added: int = 0
    updated: int = 0
    removed: list[str] = field(default_factory=list)
    unassigned: int = 0  # items that lost their district
    rematched: int = 0  # ... and found one in the new list by their place in words


def _number(value: str, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def parse(text: str) -> list[dict]:
    """The districts of a CSV text, checked; ImportFailed lists every problem with its line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != list(COLUMNS):
        raise ImportFailed([f"line 1: the header must be {','.join(COLUMNS)}"])
    rows, problems, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_ROWS:
            raise ImportFailed([f"more than {MAX_ROWS} districts"])
        if None in raw or any(v is None for v in raw.values()):
            problems.append(f"line {line}: expected {len(COLUMNS)} columns")
            continue
        row = {k.strip(): v.strip() for k, v in raw.items()}
        code, lat, lon = row["code"], _number(row["lat"], -90, 90), _number(row["lon"], -180, 180)
        if not CODE_RE.fullmatch(code):
            problems.append(f"line {line}: code must be 1-20 letters, digits, - or _")
        elif code in seen:
            problems.append(f"line {line}: code {code} appears twice")
        seen.add(code)
        for name in ("name_ko", "name_en"):
            if not row[name] or len(row[name]) > NAME_MAX:
                problems.append(f"line {line}: {name} must be 1-{NAME_MAX} characters")
        if lat is None or lon is None:
            problems.append(f"line {line}: lat must be a number from -90 to 90 and lon from -180 to 180")
        rows.append({"code": code, "name_ko": row["name_ko"], "name_en": row["name_en"], "lat": lat, "lon": lon,
                     "position": len(rows)})
    if not rows and not problems:
        problems.append("the file lists no district")
    if problems:
        raise ImportFailed(problems)
    return rows


def _referring_columns():
    """Every column in the schema that points at a district (challenges, resources and later features')."""
    return [fk.parent for table in db.metadata.sorted_tables for fk in table.foreign_keys
            if fk.column.table.name == District.__tablename__]


def replace_districts(session: Session, rows: list[dict]) -> ImportResult:
    """Make the district list exactly `rows` (from `parse`); the caller commits."""
    result = ImportResult()
    existing = {d.code: d for d in session.scalars(select(District))}
    wanted = {row["code"] for row in rows}
    result.removed = sorted(set(existing) - wanted)
    for row in rows:
        district = existing.get(row["code"])
        if district is None:
            session.add(District(**row))
            result.added += 1
        else:
            for name, value in row.items():
                setattr(district, name, value)
            result.updated += 1
    session.flush()
    if result.removed:
        for column in _referring_columns():
            result.unassigned += session.execute(update(column.table).where(column.in_(result.removed))
                                                 .values({column.name: None})).rowcount or 0
        for code in result.removed:
            session.delete(existing[code])
        session.flush()
        result.rematched = _rematch(session, rows)
    return result


def _rematch(session: Session, rows: list[dict]) -> int:
    """Match every item without a district whose table has a free-text `area` again; returns how many matched."""
    matcher = Matcher([(r["code"], r["name_ko"], r["name_en"]) for r in rows])
    matched = 0
    for column in _referring_columns():
        table = column.table
        if "area" not in table.c or "id" not in table.c:
            continue
        for item_id, area in session.execute(select(table.c.id, table.c.area).where(column.is_(None))).all():
            code = matcher.match(area)
            if code:
                session.execute(update(table).where(table.c.id == item_id).values({column.name: code}))
                matched += 1
    return matched
