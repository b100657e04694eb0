"""Error handling: friendly pages on the site, the JSON error shape under /api and /webhooks."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from socialchallenge.api.helpers import error_response
from socialchallenge.errors import DomainError
from socialchallenge.extensions import db
from socialchallenge.limits import form_again
from socialchallenge.pipeline.locks import conflict_from

_CODES = {400: "malformed", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 413: "too_large", 422: "validation_failed", 429: "rate_limited"}


# A body over MAX_CONTENT_LENGTH is read and thrown away up to this size before answering 413: a server that
# answers while the browser is still sending makes the browser show "connection reset" instead of the answer.
DRAIN_MAX = 64 * 1024 * 1024


def drain_body() -> None:
    """Read the rest of a refused request body (when its length is known and not absurd) so the answer arrives."""
    length = request.content_length
    stream = request.environ.get("wsgi.input")
    if stream is None or not length or length > DRAIN_MAX:
        return
    remaining = length
    while remaining > 0:
        chunk = stream.read(min(remaining, 256 * 1024))
        if not chunk:
            break
        remaining -= len(chunk)


def http_message(exc: HTTPException) -> str:
    """What an HTTP error says in the reader's language; a description given on purpose is kept as it is."""
    messages = {
        400: _("The request could not be understood."),
        401: _("A valid bearer token is required."),
        403: _("You may not do this."),
        404: _("There is nothing at this address."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state. Reload and try again."),
        415: _("This type of content is not accepted here."),
        429: _("Too many requests. Please wait a minute and try again."),
    }
    status = exc.code or 500
    default = type(exc).description
    if status in messages and (not exc.description or exc.description == default or status == 429):
        return messages[status]
    return exc.description or exc.name


def wants_json() -> bool:
    """API and webhook requests always get JSON."""
    return request.path.startswith(("/api/", "/webhooks/"))


def register(app: Flask) -> None:
    """Install the handlers."""
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        db.session.rollback()
        if wants_json():
            return error_response(exc.status, exc.code, exc.message, exc.fields)
        return render_template("errors/error.html", status=exc.status, message=exc.message), exc.status

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return render_template("errors/error.html", status=400, csrf=True), 400

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge):
        drain_body()
        message = _("The upload is too large: images may be at most 10 MB and PDF documents at most 20 MB.")
        if wants_json():
            return error_response(413, "too_large", message)
        return render_template("errors/error.html", status=413, message=message), 413

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        if wants_json():
            response = error_response(status, _CODES.get(status, "error"), http_message(exc))
            if status == 405 and exc.get_response().headers.get("Allow"):
                response.headers["Allow"] = exc.get_response().headers["Allow"]
            return response
        if status == 429:
            again = form_again()
            if again is not None:
                return again
        return render_template("errors/error.html", status=status), status

    @app.errorhandler(DBAPIError)
    def database_error(exc: DBAPIError):
        # Two requests that collided (a deadlock, a lost serialization race, the one-open-campaign index) are a
        # 409 like any rule; any other database error is ours.
        conflict = conflict_from(exc)
        if conflict is None:
            return unexpected(exc)
        app.logger.warning("conflict on %s %s: %s", request.method, request.path, exc.orig)
        return domain_error(conflict)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        if wants_json():
            return error_response(500, "server_error", _("Something went wrong on our side."))
        return render_template("errors/error.html", status=500), 500
