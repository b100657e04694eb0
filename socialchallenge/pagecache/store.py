"""Where the page cache keeps its pages and version counters: Redis shared by every app server, or this
process's memory (the embedded default: one process).

"gen" goes up by one with every bump, and a bump sets each of its keys ("challenges:12", "lists", ...) to that new
value: a key's version only ever goes up, and no two bumps of any keys give the same value, so a page rendered
while something changed is not stored (see pagecache), and an entry that recorded a version matches only until
the next bump. Entries expire after PAGE_CACHE_MAX_AGE to give the memory back (and to bound how old time-derived
text such as "days left" can be); their versions decide whether they are current. A version key lives twice as
long after its last bump, so the store does not grow with every row ever written; once gone it reads 0, and its
next bump gives it a value it never had (a counter per key, started again at 1, could match an entry that
recorded 1 before). "gen" itself never expires; if the store loses it (Redis restarted empty), it starts again
from the clock in microseconds, past every value handed out before."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

log = logging.getLogger(__name__)

GEN = "gen"


class MemoryStore:
    """Pages and versions in this process's memory, the least recently used page dropped past max_entries."""

    name = "memory"

    def __init__(self, max_entries: int = 2000, max_age: int = 3600) -> None:
        self.max_entries, self.max_age = max_entries, max_age
        self.pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.counters: dict[str, tuple[int, float]] = {}  # key → (version, expires at)
        self.lock = threading.Lock()

    def get(self, key: str, shared: bool = False) -> bytes | None:
        """The stored page, or None."""
        with self.lock:
            found = self.pages.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return found[1]

    def set(self, key: str, value: bytes) -> None:
        """Store a page."""
        with self.lock:
            self.pages[key] = (time.monotonic() + self.max_age, value)
            self.pages.move_to_end(key)
            while len(self.pages) > self.max_entries:
                self.pages.popitem(last=False)

    def versions(self, keys: list[str]) -> list[int]:
        """The current version of each key (0 when never bumped)."""
        now = time.monotonic()
        with self.lock:
            return [value if until > now else 0 for value, until in (self.counters.get(k, (0, 0.0)) for k in keys)]

    def bump(self, keys: Iterable[str]) -> None:
        """Move the generation on by one and set each key to it."""
        now = time.monotonic()
        with self.lock:
            if len(self.counters) > 4 * self.max_entries + 10_000:
                self.counters = {k: v for k, v in self.counters.items() if v[1] > now or k == GEN}
            value = self.counters.get(GEN, (0, 0.0))[0] + 1
            self.counters[GEN] = (value, float("inf"))
            for key in keys:
                self.counters[key] = (value, now + 2 * self.max_age)

    def clear(self) -> None:
        """Forget every page and version (tests)."""
        with self.lock:
            self.pages.clear()
            self.counters.clear()


# The generation (KEYS[1], never expiring; started from the clock in microseconds when missing) moved on by one, and
# each other key set to it for ARGV[1] seconds: one command (a pledge bumps four keys).
_BUMP = """
local value = redis.call('INCR', KEYS[1])
if value == 1 then
  local now = redis.call('TIME')
  value = string.format('%.0f', tonumber(now[1]) * 1000000 + tonumber(now[2]))
  redis.call('SET', KEYS[1], value)
else
  value = string.format('%.0f', value)
end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], value, 'EX', ARGV[1])
end
return value
"""


class RedisStore:
    """Pages and versions in Redis, so every app server sees every bump on its next request."""

    name = "redis"

    def __init__(self, url: str, prefix: str = "sc:pc:", max_age: int = 3600, local_entries: int = 500) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self.prefix, self.max_age = prefix, max_age
        self._bump = self.client.register_script(_BUMP)
        # A copy of recently served pages in this process: a hit then costs one round trip (the versions), not
        # two plus the page's bytes. The copy is checked against the shared versions like any entry.
        self.local = MemoryStore(local_entries, max_age)

    def get(self, key: str, shared: bool = False) -> bytes | None:
        """This process's copy of the page (or, with shared, the one in Redis), or None."""
        if not shared:
            found = self.local.get(key)
            if found is not None:
                return found
        found = self.client.get(self.prefix + "p:" + key)
        if found is not None:
            self.local.set(key, found)
        return found

    def set(self, key: str, value: bytes) -> None:
        """Store a page for at most max_age seconds."""
        self.client.set(self.prefix + "p:" + key, value, ex=self.max_age)
        self.local.set(key, value)

    def versions(self, keys: list[str]) -> list[int]:
        """The current version of each key (0 when never bumped), in one round trip."""
        if not keys:
            return []
        return [int(v or 0) for v in self.client.mget([self.prefix + "v:" + k for k in keys])]

    def bump(self, keys: Iterable[str]) -> None:
        """Move the generation on by one and set each key to it, in one round trip."""
        self._bump(keys=[self.prefix + "v:" + key for key in (GEN, *(set(keys) - {GEN}))], args=[2 * self.max_age])

    def clear(self) -> None:
        """Forget every page and version under this prefix (tests)."""
        self.local.clear()
        names = list(self.client.scan_iter(match=self.prefix + "*", count=1000))
        if names:
            self.client.delete(*names)


def make_store(config: dict):
    """The store the settings ask for, or None when the page cache is off.

    PAGE_CACHE: "auto" (Redis when CACHE_REDIS_URL or a Redis rate-limit store is configured; else this
    process's memory for the embedded default, SQLite outside production, served by one process; else off, since
    several workers or servers would each keep versions of their own), "redis", "memory" or "off". The memory
    store sees only this process's writes: a `flask` command run beside the server is not seen until restart."""
    mode = (config.get("PAGE_CACHE") or "off").strip().lower()
    url = config.get("CACHE_REDIS_URL") or ""
    limits_uri = config.get("RATELIMIT_STORAGE_URI") or ""
    if not url and limits_uri.startswith(("redis://", "rediss://")):
        url = limits_uri
    max_age = int(config.get("PAGE_CACHE_MAX_AGE", 3600))
    if mode == "auto":
        embedded = str(config.get("SQLALCHEMY_DATABASE_URI") or "").startswith("sqlite")
        mode = "redis" if url else ("memory" if embedded and config.get("ENV_NAME") != "production" else "off")
    if mode == "redis":
        if not url:
            raise RuntimeError("PAGE_CACHE=redis needs CACHE_REDIS_URL.")
        return RedisStore(url, config.get("CACHE_KEY_PREFIX", "sc:pc:"), max_age)
    if mode == "memory":
        return MemoryStore(int(config.get("PAGE_CACHE_MAX_ENTRIES", 2000)), max_age)
    if mode in {"off", "0", "no", "false", ""}:
        return None
    raise RuntimeError("PAGE_CACHE must be auto, redis, memory or off.")
