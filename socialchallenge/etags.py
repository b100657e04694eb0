"""Weak ETags on every GET answer (pages and the API) and 304 Not Modified when If-None-Match matches.

The tag is a hash of the body as sent, so it changes exactly when what the reader would see changes; a page
served from the page cache carries the hash stored with it. Files sent as they are (direct passthrough) and
streams keep their own handling."""

from __future__ import annotations

import hashlib

from flask import Flask, Response, request


def add_etag(response: Response) -> Response:
    """Tag a complete 200 answer to a GET or HEAD and answer 304 when the client already has it."""
    if request.method not in {"GET", "HEAD"} or response.status_code != 200:
        return response
    if response.direct_passthrough or response.is_streamed:
        return response
    if "ETag" not in response.headers:
        response.set_etag(hashlib.sha1(response.get_data()).hexdigest(), weak=True)
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Tag answers after every other after_request hook has shaped them (registered first, so it runs last)."""
    app.after_request_funcs.setdefault(None, []).insert(0, add_etag)
