"""The search page: challenges, solutions and learnings in one list."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from socialchallenge.core.paging import Page, requested_page
from socialchallenge.extensions import db
from socialchallenge.pagecache.fragments import fragment
from socialchallenge.search.filters import parse_filters
from socialchallenge.search.forms import SearchForm
from socialchallenge.search.query import search

bp = Blueprint("search", __name__)
PER_PAGE = 20


@bp.get("/search")
def index():
    """Search challenges, solutions and learnings, with filters and an order."""

    def content() -> str:
        # The same for every reader: members get it from the shared store too (issue 17 goal 2).
        form = SearchForm(request.args)
        q, filters, sort, errors = parse_filters(request.args)
        page = requested_page()
        result = search(db.session, q, filters, sort, page, PER_PAGE)
        return render_template("search/_index_content.html", form=form, q=q, result=result, errors=errors,
                               pagination=Page(page, PER_PAGE, result.total), searched=bool(request.args))

    return render_template("search/index.html", content=fragment("search.index", content, lists=True))
