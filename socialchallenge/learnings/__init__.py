"""The learnings library: every solution that reached learnings, filterable and searchable."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from socialchallenge.core.paging import Page, requested_page
from socialchallenge.extensions import db
from socialchallenge.pagecache.fragments import fragment
from socialchallenge.search.filters import parse_filters
from socialchallenge.search.forms import SearchForm
from socialchallenge.search.query import search
from socialchallenge.search.views import PER_PAGE

bp = Blueprint("learnings", __name__)


@bp.get("/learnings")
def index():
    """What experiments tried and learned: search and filter by area, topic, SDG and goal achievement."""

    def content() -> str:
        # The same for every reader: members get it from the shared store too (issue 17 goal 2).
        form = SearchForm(request.args)
        q, filters, sort, errors = parse_filters(request.args, stage="learnings")
        page = requested_page()
        result = search(db.session, q, filters, sort, page, PER_PAGE)
        return render_template("learnings/_index_content.html", form=form, result=result, errors=errors,
                               pagination=Page(page, PER_PAGE, result.total))

    return render_template("learnings/index.html", content=fragment("learnings.index", content, lists=True))
