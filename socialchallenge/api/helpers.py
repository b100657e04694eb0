"""API plumbing: the error shape, bearer-token auth, JSON bodies and paging."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from socialchallenge.auth.tokens import bearer_token, bearer_user  # noqa: F401  (the API's views import them here)
from socialchallenge.core.paging import API_MAX_PAGE, API_MAX_PER_PAGE
from socialchallenge.errors import DomainError
from socialchallenge.extensions import db

MAX_PER_PAGE, MAX_PAGE = API_MAX_PER_PAGE, API_MAX_PAGE
INT_MAX = 2_147_483_647  # the largest value an INTEGER column holds on PostgreSQL


def _unstorable(value: Any, path: str = "") -> dict[str, str]:
    # A number no column can hold, or a NUL character (PostgreSQL refuses it in text), would reach the
    # database and fail there as a 500; refuse them up front.
    if isinstance(value, int) and not isinstance(value, bool) and not -INT_MAX <= value <= INT_MAX:
        return {path or "body": _("Number out of range.")}
    if isinstance(value, str) and "\x00" in value:
        return {path or "body": _("Text may not contain NUL characters.")}
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in _unstorable(item, path or key).items()}
    if isinstance(value, list):
        return {k: v for item in value for k, v in _unstorable(item, path).items()}
    return {}


class ApiError(DomainError):
    """An error raised inside an API view with an explicit status."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None):
        super().__init__(message, fields, code)
        self.status = status


def error_response(status: int, code: str, message: str, fields: dict[str, str] | None = None):
    """The API's one error shape."""
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def json_body(allowed: set[str] | None = None) -> dict[str, Any]:
    """The request's JSON object; 400 when it is not one, 422 for fields not in `allowed`."""
    try:  # the app's JSON provider also refuses absurd nesting and lone surrogates (socialchallenge.guards)
        data = current_app.json.loads(request.get_data(cache=True)) if request.is_json else None
    except ValueError as exc:
        raise ApiError(400, "malformed", _("The body must be a JSON object (%(detail)s).", detail=exc)) from None
    if not isinstance(data, dict):
        raise ApiError(400, "malformed", _("The body must be a JSON object."))
    unstorable = _unstorable(data)
    if unstorable:
        raise ApiError(422, "validation_failed", _("Invalid fields."), unstorable)
    if allowed is not None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ApiError(422, "validation_failed", _("Unknown fields."), {k: _("Unknown field.") for k in unknown})
    return data


def token_required(view):
    """Answer 401 unless the request carries a valid bearer token; the user is in g.api_user."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if bearer_user() is None:
            raise ApiError(401, "unauthorized", _("A valid bearer token is required."))
        return view(*args, **kwargs)

    wrapped.needs_bearer_token = True  # what the OpenAPI document reads to mark the operation as needing a token
    return wrapped


def paging() -> tuple[int, int]:
    """(page, per_page) from the query string; 400 when they are not positive integers in range."""
    fields = {}
    values = {}
    for name, default, top in (("page", 1, MAX_PAGE), ("per_page", 20, MAX_PER_PAGE)):
        raw = request.args.get(name, str(default))
        try:
            value = int(raw)
        except ValueError:
            fields[name] = _("Must be a whole number.")
            continue
        if value < 1 or (top is not None and value > top):
            fields[name] = _("Must be between 1 and %(top)d.", top=top) if top else _("Must be 1 or more.")
        values[name] = value
    if fields:
        raise ApiError(400, "malformed", _("Invalid paging parameters."), fields)
    return values["page"], values["per_page"]


def paged(query: Select, serialize) -> dict[str, Any]:
    """Run a select for one page and wrap it in the list shape, with the total count."""
    page, per_page = paging()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": serialize(rows), "page": page, "per_page": per_page, "total": total}
