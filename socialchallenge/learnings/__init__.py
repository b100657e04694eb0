"""The learnings library: every solution that reached learnings, filterable and searchable."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from socialchallenge.extensions import db
from socialchallenge.search.filters import parse_filters
from socialchallenge.search.forms import SearchForm
from socialchallenge.search.query import search
from socialchallenge.search.views import PER_PAGE, page_arg, pager

bp = Blueprint("learnings", __name__)


@bp.get("/learnings")
def index():
    """What experiments tried and learned: search and filter by area, topic, SDG and goal achievement."""
    form = SearchForm(request.args)
    q, filters, sort, errors = parse_filters(request.args, stage="learnings")
    page = page_arg()
    result = search(db.session, q, filters, sort, page, PER_PAGE)
    return render_template("learnings/index.html", form=form, result=result, errors=errors,
                           pager=pager(page, result.total))
