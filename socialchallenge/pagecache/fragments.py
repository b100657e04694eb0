"""Fragments of pages shared by every reader, signed in or not (issue 17 goal 2): a part of a page that shows
nothing personal is kept in the page store and served again, to members too, while nothing it shows has changed.

A fragment is keyed by its name, the host, path, normalised query string and language (as a whole page is), and
depends on "global", "lists" when it lists, and the name of every row the ORM loaded while it was made; it is
stored only if nothing was bumped meanwhile, and served only while every one of those versions is unchanged and
before any `valid_until` moment met while making it. The caller promises the fragment reads nothing of the reader
(no current_user, no CSRF token, no flash); the rest of the page (header, forms) is made for each request.

On a page the page cache is storing at the same time, the fragment's dependencies become the page's too."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime

from flask import g
from markupsafe import Markup

from socialchallenge.pagecache import cache_key, current_store, versions
from socialchallenge.pagecache.store import GEN, RedisStore
from socialchallenge.timeutil import utcnow

log = logging.getLogger(__name__)


def _key(name: str) -> str:
    return hashlib.sha256(f"fragment:{name}\n{cache_key()}".encode()).hexdigest()


def _stored(found, key: str) -> tuple[dict, str] | None:
    """The current stored fragment (its meta and HTML), or None."""
    for shared in (False, True) if isinstance(found, RedisStore) else (False,):
        entry = found.get(key, shared=shared)
        if entry is None:
            return None
        head, _, body = entry.partition(b"\n")
        meta = json.loads(head)
        if "until" in meta and utcnow() >= datetime.fromisoformat(meta["until"]):
            return None
        names = list(meta["deps"])
        if found.versions(names) == [meta["deps"][n] for n in names]:
            return meta, body.decode()
    return None


def _add_to_page(names, until: datetime | None) -> None:
    """What a fragment depends on, the page around it (if the page cache is making it) depends on too."""
    page = g.get("pagecache_deps")
    if page is not None:
        page.update(names)
        if until is not None:
            current = g.get("pagecache_until")
            g.pagecache_until = until if current is None else min(current, until)


def fragment(name: str, make: Callable[[], str], lists: bool = False) -> Markup:
    """The fragment `name` of this request's page: stored HTML while current, else `make()` (stored after)."""
    found = current_store()
    if found is None:
        return Markup(make())
    key = None
    try:
        key = _key(name)
        stored = _stored(found, key)
        if stored is not None:
            meta, html = stored
            _add_to_page(meta["deps"], datetime.fromisoformat(meta["until"]) if "until" in meta else None)
            return Markup(html)
        gen = found.versions([GEN])[0]
    except Exception:
        log.warning("page cache: the store does not answer; making the fragment", exc_info=True)
        return Markup(make())
    # Collect the rows loaded and the moments met while making it, apart from the page's own.
    outer_deps, outer_until = g.get("pagecache_deps"), g.get("pagecache_until")
    g.pagecache_deps = deps = {versions.GLOBAL} | ({versions.LISTS} if lists else set())
    g.pagecache_until = None
    try:
        html = str(make())
        until = g.get("pagecache_until")
    finally:
        g.pagecache_deps, g.pagecache_until = outer_deps, outer_until
    _add_to_page(deps, until)
    try:
        names = sorted(deps)
        current = found.versions([GEN, *names])
        if current[0] == gen:  # else something changed while it was made: it may mix old and new
            meta = {"deps": dict(zip(names, current[1:], strict=True))}
            if until is not None:
                meta["until"] = until.isoformat()
            found.set(key, json.dumps(meta, separators=(",", ":")).encode() + b"\n" + html.encode())
    except Exception:
        log.warning("page cache: could not store the fragment", exc_info=True)
    return Markup(html)
