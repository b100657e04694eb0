"""Open-data pages: the list of downloads and the streamed CSV files."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, stream_with_context

from socialchallenge.extensions import db
from socialchallenge.opendata.csvsafe import csv_lines
from socialchallenge.opendata.exports import EXPORTS

bp = Blueprint("opendata", __name__, url_prefix="/open-data")


@bp.get("")
def index():
    """What can be downloaded, and what each file holds."""
    return render_template("opendata/index.html", exports={name: cols for name, (cols, _) in EXPORTS.items()})


@bp.get("/<name>.csv")
def download(name: str):
    """One CSV file, streamed row by row."""
    if name not in EXPORTS:
        abort(404)
    columns, rows = EXPORTS[name]

    def generate():
        yield "\ufeff"  # a byte-order mark, so spreadsheets read the Korean text as UTF-8
        yield from csv_lines(columns, rows(db.session))

    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="socialchallenge-{name}.csv"'})
