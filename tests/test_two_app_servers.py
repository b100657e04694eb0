"""Two app servers on one database and one Redis (issue 17 goal 7): a change made through one shows through the
other on the next request (the page cache's version keys are shared), and rate limits are counted together."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from socialchallenge import create_app
from socialchallenge.extensions import limiter
from tests.builders import make_challenge, make_token, make_user
from tests.helpers import EN, RequestIsolatingClient, text

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_prefix():
    """A Redis for the test (skipped when none answers) and a key prefix of its own, emptied afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"sc-test-{uuid.uuid4().hex[:8]}:"
    yield prefix
    names = list(client.scan_iter(match=prefix + "*"))
    if names:
        client.delete(*names)


@pytest.fixture
def two_servers(app, redis_prefix):
    """Two apps built apart, as two servers are, sharing the run's database and one Redis."""

    def server():
        built = create_app("testing", {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "STORAGE_LOCAL_PATH": app.config["STORAGE_LOCAL_PATH"],
            "PAGE_CACHE": "redis", "CACHE_REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": redis_prefix + "pc:",
            "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix + "limits",
            "RATELIMIT_COMMENTS": "3 per minute",
        })
        built.test_client_class = RequestIsolatingClient
        return built

    # Flask-Limiter keeps the first key prefix it was given for the life of its (shared) object: start afresh.
    limiter._key_prefix = None
    first, second = server(), server()
    yield first, second
    limiter._key_prefix = None
    for built in (first, second):
        with built.app_context():
            from socialchallenge.extensions import db

            db.engine.dispose()


@pytest.mark.committed  # each server reads and writes on connections of its own
def test_a_change_through_one_server_shows_through_the_other_on_the_next_request(two_servers):
    one, two = two_servers
    challenge = make_challenge(title="Shade at the bus stop")
    token = make_token(make_user())
    page = f"/challenges/{challenge.id}"
    assert two.test_client().get(page, headers=EN).headers["X-Cache"] == "miss"
    assert two.test_client().get(page, headers=EN).headers["X-Cache"] == "hit"
    assert one.test_client().get(page, headers=EN).headers["X-Cache"] == "hit"  # the store is shared

    posted = one.test_client().post(f"/api/v1/challenges/{challenge.id}/comments",
                                    json={"body": "The afternoon sun is the worst."},
                                    headers={"Authorization": f"Bearer {token}"})
    assert posted.status_code == 201
    seen = two.test_client().get(page, headers=EN)
    assert seen.headers["X-Cache"] == "miss" and "The afternoon sun is the worst." in text(seen)
    assert two.test_client().get(page, headers=EN).headers["X-Cache"] == "hit"
    # Server one still holds its own copy from before the comment: outdated, it takes the shared new one.
    again = one.test_client().get(page, headers=EN)
    assert again.headers["X-Cache"] == "hit" and "The afternoon sun is the worst." in text(again)


@pytest.mark.committed
def test_rate_limits_are_counted_across_both_servers(two_servers, redis_prefix):
    one, two = two_servers
    challenge = make_challenge()
    bearer = {"Authorization": f"Bearer {make_token(make_user())}"}
    url = f"/api/v1/challenges/{challenge.id}/comments"
    statuses = [server.test_client().post(url, json={"body": f"Comment {n}"}, headers=bearer).status_code
                for n, server in enumerate((one, two, one, two))]
    assert statuses == [201, 201, 201, 429]
    counted = redis.Redis.from_url(REDIS_URL).keys(f"*{redis_prefix}limits*")
    assert counted, "the count lives in Redis, where every server reads it"



def test_shared_versions_never_repeat_when_a_key_expires_or_redis_forgets_the_generation(redis_prefix):
    from socialchallenge.pagecache.store import GEN, RedisStore

    store = RedisStore(REDIS_URL, redis_prefix + "pc:", max_age=60)
    store.bump(["challenges:1", "lists"])
    first = store.versions([GEN, "challenges:1", "lists"])
    assert first[0] == first[1] == first[2] > 0
    assert store.client.ttl(redis_prefix + "pc:v:challenges:1") == 120 and store.client.ttl(
        redis_prefix + "pc:v:" + GEN) == -1  # the generation never expires
    store.client.delete(redis_prefix + "pc:v:challenges:1")  # as its expiry would
    store.bump(["challenges:1"])
    second = store.versions([GEN, "challenges:1", "lists"])
    assert second == [first[0] + 1, first[0] + 1, first[2]]
    store.client.delete(redis_prefix + "pc:v:" + GEN)  # Redis restarted empty
    store.bump(["lists"])
    third = store.versions([GEN, "challenges:1", "lists"])
    assert third[0] == third[2] > second[0] and third[1] == second[1]
