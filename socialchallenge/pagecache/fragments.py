"""Fragments of pages shared by every reader, signed in or not (issue 17 goal 2): a part of a page that shows
nothing personal is kept in the page store and served again, to members too, while nothing it shows has changed.

A fragment is keyed by its name, the host, path, normalised query string and language (as a whole page is), and
depends on "global", and on "lists" when it lists (every write that bumps a row bumps "lists"), else on the name
of every row the ORM loaded while it was made or held when it was done; it is
stored only if nothing was bumped meanwhile, and served only while every one of those versions is unchanged and
before any `valid_until` moment met while making it. The caller promises the fragment reads nothing of the reader
(no current_user, no CSRF token, no flash) beyond what its name says (a name may carry a kind of reader, for
example "visitor" or "member who supports it"); the rest of the page (header, forms) is made for each request.

With `csrf=True` the fragment may hold forms: it is made with csrf_tokens.placeholder() wherever a token goes, and
each reader gets it with their own token in place (csrf_tokens.fill); a fragment that came out with a real token in
it is not stored.

On a page the page cache is storing at the same time, the fragment's dependencies become the page's too."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime

from flask import g
from markupsafe import Markup

from socialchallenge import csrf_tokens
from socialchallenge.extensions import db
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


def _made_shared(make: Callable[[], str]) -> str:
    """make() with the CSRF placeholder wherever a token goes."""
    outer = g.get("csrf_placeholder")
    g.csrf_placeholder = True
    try:
        return str(make())
    finally:
        g.csrf_placeholder = outer


def fragment(name: str, make: Callable[[], str], lists: bool = False, csrf: bool = False) -> Markup:
    """The fragment `name` of this request's page: stored HTML while current, else `make()` (stored after). With
    `csrf`, the fragment's forms carry the reader's token (made with a placeholder, filled in when served)."""
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
            return Markup(csrf_tokens.fill(html) if csrf else html)
        gen = found.versions([GEN])[0]
    except Exception:
        log.warning("page cache: the store does not answer; making the fragment", exc_info=True)
        return Markup(make())
    # Collect the rows loaded and the moments met while making it, apart from the page's own.
    outer_deps, outer_until = g.get("pagecache_deps"), g.get("pagecache_until")
    g.pagecache_deps = deps = {versions.GLOBAL} | ({versions.LISTS} if lists else set())
    g.pagecache_until = None
    try:
        html = _made_shared(make) if csrf else str(make())
        until = g.get("pagecache_until")
        # Rows the session held before and make() may have shown without loading them again (the reader's own
        # user among the support stories): depended on too, unless "lists" already covers every write.
        if not lists:
            deps.update(filter(None, map(versions.identity, list(db.session.identity_map.values()))))
    finally:
        g.pagecache_deps, g.pagecache_until = outer_deps, outer_until
    _add_to_page(deps, until)
    real = g.get("csrf_token")  # the reader's token, if this request made one already
    if real and real in html:  # something printed it without asking csrf_token(): never share it
        log.error("page cache: fragment %s holds a reader's CSRF token; not stored", name)
        return Markup(csrf_tokens.fill(html) if csrf else html)
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
    return Markup(csrf_tokens.fill(html) if csrf else html)
