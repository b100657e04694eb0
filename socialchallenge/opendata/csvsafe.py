"""CSV for spreadsheets: formula-looking cells escaped, rows streamed, downloads marked as UTF-8. The one place every
export uses."""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from flask import Response, stream_with_context
from sqlalchemy.orm import Session

BATCH = 500

# Excel reads a CSV file without a byte-order mark in the computer's legacy code page, which garbles Korean.
BOM = "\ufeff"

# A spreadsheet runs a cell starting with these as a formula (CSV injection); a leading apostrophe shows it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a cell: None as empty, formula-looking text escaped with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain_value(value: Any) -> Any:
    """A model value as a spreadsheet reads it: enums by value, times in ISO 8601 UTC, lists joined."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def stream(session: Session, query) -> Iterator[Any]:
    """The query's objects read in batches, so a large export never holds every row in memory."""
    # yield_per reads in batches (a server-side cursor on PostgreSQL) and runs the selectin loads per batch.
    yield from session.scalars(query.execution_options(yield_per=BATCH))


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The CSV text line by line (header first, every cell made safe), without holding all rows in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    # The header alone when there are no rows, else whatever the last row left.
    if buffer.getvalue():
        yield buffer.getvalue()


def csv_download(lines: Iterable[str], filename: str) -> Response:
    """A streamed CSV download that spreadsheets open as UTF-8: a byte-order mark, then the lines."""

    def body() -> Iterator[str]:
        yield BOM
        yield from lines

    return Response(stream_with_context(body()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
