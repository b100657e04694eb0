"""One pager: the page number read from a query string (absurd ones clamped) and what the pager macro shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

API_MAX_PER_PAGE = 100  # the API's ?per_page= at the most
API_MAX_PAGE = 1_000_000  # the API's ?page= at the most: an offset past this would overflow the database's integer
MAX_PAGE = 10_000  # further pages are clamped here: an offset that large is never a real reader's page


def page_number(raw: Any) -> int:
    """A ?page= value as a page number: garbage means the first page, a number past MAX_PAGE means MAX_PAGE."""
    raw = raw.strip() if isinstance(raw, str) else ""
    if not (raw.isascii() and raw.isdigit()):
        return 1
    # Compare digit counts first: int() of a 5,000-digit string is refused by Python (a 500).
    if len(raw.lstrip("0")) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return min(max(int(raw), 1), MAX_PAGE)


@dataclass
class Page:
    """One page of a list: its items and the numbers the pager shows (the same names as Flask-SQLAlchemy's)."""

    page: int
    per_page: int
    total: int
    items: list = field(default_factory=list)

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether there is a page before this one."""
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        """The previous page's number (the last page when this one is past the end)."""
        return min(self.page - 1, self.pages) if self.has_prev else None

    @property
    def has_next(self) -> bool:
        """Whether there is a page after this one."""
        return self.page < self.pages

    @property
    def next_num(self) -> int | None:
        """The next page's number."""
        return self.page + 1 if self.has_next else None


def requested_page() -> int:
    """The current request's ?page= as a page number (see `page_number`)."""
    from flask import request

    return page_number(request.args.get("page"))
