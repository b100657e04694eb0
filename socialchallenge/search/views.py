"""The search page: challenges, solutions and learnings in one list."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from socialchallenge.extensions import db
from socialchallenge.search.filters import parse_filters
from socialchallenge.search.forms import SearchForm
from socialchallenge.search.query import search

bp = Blueprint("search", __name__)
PER_PAGE = 20


def page_arg() -> int:
    """The ?page= number; anything that is not a positive number means the first page."""
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) < 10_000 else 1


def pager(page: int, total: int, per_page: int = PER_PAGE) -> dict:
    """What the pager template needs."""
    pages = max(1, -(-total // per_page))
    return {"page": page, "pages": pages, "prev": page - 1 if page > 1 else None,
            "next": page + 1 if page < pages else None}


@bp.get("/search")
def index():
    """Search challenges, solutions and learnings, with filters and an order."""
    form = SearchForm(request.args)
    q, filters, sort, errors = parse_filters(request.args)
    page = page_arg()
    result = search(db.session, q, filters, sort, page, PER_PAGE)
    return render_template("search/index.html", form=form, q=q, result=result, errors=errors,
                           pager=pager(page, result.total), searched=bool(request.args))
