"""A shared cache of the pages visitors read (home, challenge list, challenge, solution, campaign, learnings,
search) and of the API's challenge list and challenge (their JSON as sent), keyed by host, path, normalised query
string and language.

Only anonymous GETs are served from it or stored: no cookie but the language choice, no Authorization header;
a stored response was a 200 that set no cookie and left the session untouched. A signed-in member always gets
a fresh page. There is no expiry to wait for: each entry records the version of every key it depends on (see
versions.py) and is served only while all of them are unchanged, so a change shows on the next request through
every app server sharing the store. The X-Cache header says hit, miss or bypass.

Versions cannot see the clock: a page whose text changes at a known moment (an event moving from "upcoming" to
"past" when it ends) calls `valid_until(moment)` while it is made, and is served from the store only before then."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale

from socialchallenge.i18n import LANG_COOKIE
from socialchallenge.pagecache import versions
from socialchallenge.pagecache.store import GEN, RedisStore, make_store
from socialchallenge.timeutil import utcnow

log = logging.getLogger(__name__)

# Endpoint → whether the page lists things (depends on "lists").
CACHED_ENDPOINTS = {
    "main.home": True,
    "challenges.index": True,
    "challenges.show": False,
    "solutions.show": False,
    "funding.campaign": False,
    "learnings.index": True,
    "search.index": True,
    # The API's most read answers (issue 17 goal 3): anonymous JSON is the same for every reader.
    "api.list_challenges": True,
    "api.get_challenge_view": False,
}
KEPT_HEADERS = ("Content-Type", "Content-Language")


def current_store():
    """This app's page store, or None when the page cache is off."""
    return current_app.extensions.get("pagecache")


def version_of(key: str) -> int | None:
    """The current version of one key (None when the cache is off or its store does not answer)."""
    found = current_store()
    if found is None:
        return None
    try:
        return found.versions([key])[0]
    except Exception:
        log.warning("page cache: the store does not answer", exc_info=True)
        return None


def valid_until(moment: datetime | None) -> None:
    """The page being made shows something that changes at `moment` (naive UTC): the stored copy is served only
    before it. The earliest of several moments wins; None (nothing due) changes nothing."""
    if moment is None or g.get("pagecache_deps") is None:
        return
    until = g.get("pagecache_until")
    g.pagecache_until = moment if until is None else min(until, moment)


def _eligible() -> bool:
    if request.method not in {"GET", "HEAD"} or request.endpoint not in CACHED_ENDPOINTS:
        return False
    if request.authorization is not None or any(name != LANG_COOKIE for name in request.cookies):
        return False
    return True


def cache_key() -> str:
    """Host, path, the query string sorted with blank values left out, and the language."""
    pairs = sorted((k, v) for k, values in request.args.lists() for v in values if v.strip())
    raw = "\n".join([request.host, request.path, urlencode(pairs), str(get_locale())])
    return hashlib.sha256(raw.encode()).hexdigest()


def _serve() -> Response | None:
    if not _eligible():
        return None
    found = current_store()
    if found is None:
        return None
    g.pagecache_state = "bypass"
    try:
        key = cache_key()
        # This process's copy first, then the shared one if that copy is outdated (Redis only).
        for shared in (False, True) if isinstance(found, RedisStore) else (False,):
            entry = found.get(key, shared=shared)
            if entry is None:
                break
            head, _, body = entry.partition(b"\n")
            meta = json.loads(head)
            names = list(meta["deps"])
            if "until" in meta and utcnow() >= datetime.fromisoformat(meta["until"]):
                break  # what it shows has changed with the clock: make it again
            if found.versions(names) == [meta["deps"][n] for n in names]:
                g.pagecache_state = "hit"
                response = Response(body, status=200, headers=meta["headers"])
                response.set_etag(meta["etag"], weak=True)
                return response
        g.pagecache_key = key
        g.pagecache_gen = found.versions([GEN])[0]
        g.pagecache_deps = {versions.GLOBAL} | ({versions.LISTS} if CACHED_ENDPOINTS[request.endpoint] else set())
        g.pagecache_state = "miss"
    except Exception:
        log.warning("page cache: the store does not answer; serving uncached", exc_info=True)
    return None


def _personal(response: Response) -> bool:
    return (response.status_code != 200 or "Set-Cookie" in response.headers or session.modified
            or response.direct_passthrough or "no-store" in (response.headers.get("Cache-Control") or "")
            or "private" in (response.headers.get("Cache-Control") or ""))


def _keep(response: Response) -> Response:
    state = g.get("pagecache_state")
    if state is None:
        return response
    response.headers["X-Cache"] = state
    response.vary.update(("Accept-Language", "Cookie"))
    key, deps, until = g.get("pagecache_key"), g.pop("pagecache_deps", None), g.pop("pagecache_until", None)
    if state != "miss" or key is None or deps is None or _personal(response):
        return response
    try:
        found = current_store()
        names = sorted(deps)
        current = found.versions([GEN, *names])
        if current[0] != g.pagecache_gen:
            return response  # something changed while the page was made: it may mix old and new
        body = response.get_data()
        etag = hashlib.sha1(body).hexdigest()
        meta = {"deps": dict(zip(names, current[1:], strict=True)), "etag": etag,
                "headers": [(h, response.headers[h]) for h in KEPT_HEADERS if h in response.headers]}
        if until is not None:
            meta["until"] = until.isoformat()
        found.set(key, json.dumps(meta, separators=(",", ":")).encode() + b"\n" + body)
    except Exception:
        log.warning("page cache: could not store the page", exc_info=True)
    return response


def init_app(app: Flask) -> None:
    """Choose the store from the settings and hook the requests and the session events."""
    from socialchallenge.extensions import db

    app.extensions["pagecache"] = make_store(app.config)
    versions.listen(db.Model)
    app.before_request(_serve)
    app.after_request(_keep)
