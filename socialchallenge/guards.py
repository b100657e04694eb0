"""Request-level guards: input no view can store is refused before any view runs, as a clear 400 (never a 500).

- A NUL character in any query-string or form value (or name): PostgreSQL refuses it in text, so it would fail deep
  inside a query; it is refused here once, for the site and the API alike.
- JSON nested deeper than MAX_JSON_DEPTH (Python's parser overflows its stack near 1,000 levels) or holding a lone
  surrogate such as "\\ud800" (no database can store it as UTF-8): the JSON is refused as malformed.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _

from socialchallenge.errors import DomainError

MAX_JSON_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class Malformed(DomainError):
    """The request itself is malformed (API: 400 `malformed`; the site: the error page with the message)."""

    status = 400
    code = "malformed"


def refuse_nul_characters() -> None:
    """Before every request: a NUL in a query-string or form value or name is a 400 naming the field."""
    sources = [request.args]
    if request.method in _BODY_METHODS and request.mimetype in ("application/x-www-form-urlencoded",
                                                                 "multipart/form-data"):
        sources.append(request.form)
    fields = {
        name.replace("\x00", "") or "?": _("Remove the NUL character: no field accepts it.")
        for source in sources for name, value in source.items(multi=True) if "\x00" in name or "\x00" in value
    }
    if fields:
        raise Malformed(_("The request contains a NUL character, which no field accepts."), fields)


def check_json(data: Any) -> None:
    """ValueError when parsed JSON is nested deeper than MAX_JSON_DEPTH or holds a lone surrogate (keys too)."""
    stack = [(data, 1)]
    while stack:  # no recursion: the check must not overflow where the parser did not
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise ValueError("text holds a lone surrogate (\\ud800-\\udfff), which is not a character")
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing absurd nesting and lone surrogates as malformed (ValueError, which Flask turns
    into 400 Bad Request) instead of letting them become a RecursionError or a database error (500)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse JSON, then check it (see check_json)."""
        try:
            data = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep") from None
        check_json(data)
        return data


def init_app(app: Flask) -> None:
    """Install the JSON provider and the NUL check (first, so no other check reads the value before it)."""
    app.json = GuardedJSONProvider(app)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_nul_characters)
