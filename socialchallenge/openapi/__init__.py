"""The API's description: the OpenAPI document and a readable page rendered from it."""

from __future__ import annotations

from flask import Blueprint, render_template

from socialchallenge.openapi import readable
from socialchallenge.openapi.document import cached_document

bp = Blueprint("apidocs", __name__)


@bp.get("/api")
def index():
    """The API reference, rendered on the server from the OpenAPI document."""
    doc = cached_document()[0]
    return render_template("apidocs/index.html", doc=doc, groups=readable.by_tag(doc["paths"]), r=readable)
