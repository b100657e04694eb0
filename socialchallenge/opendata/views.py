"""Open-data pages: the list of downloads and the streamed CSV files."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from socialchallenge.extensions import db
from socialchallenge.opendata.csvsafe import csv_download, csv_lines
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
    return csv_download(csv_lines(columns, rows(db.session)), f"socialchallenge-{name}.csv")
