"""Rate limits on sign-in, sign-up and token creation answer 429."""

import logging

import pytest

from tests.builders import make_user
from tests.helpers import csrf_from


def test_sign_in_rate_limit_answers_429(client):
    user = make_user()
    token = csrf_from(client.get("/auth/sign-in").get_data(as_text=True))
    statuses = [
        client.post("/auth/sign-in", data={"csrf_token": token, "email": user.email, "password": "wrong-password"},
                    headers={"Accept-Language": "en"}).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    response = client.post("/auth/sign-in", data={"csrf_token": token, "email": user.email, "password": "x"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_sign_up_rate_limit_answers_429(client):
    token = csrf_from(client.get("/auth/sign-up").get_data(as_text=True))
    statuses = [
        client.post("/auth/sign-up", data={"csrf_token": token, "name": "", "email": "x", "password": "y"}).status_code
        for _ in range(6)
    ]
    assert statuses == [422] * 5 + [429]


def test_token_rate_limit_answers_429_in_the_error_shape(api):
    statuses = [api.post("/api/v1/tokens", {"email": "a@example.org", "password": "wrong"}).status_code
                for _ in range(11)]
    assert statuses == [401] * 10 + [429]
    body = api.post("/api/v1/tokens", {"email": "a@example.org", "password": "wrong"}).get_json()
    assert body["error"]["code"] == "rate_limited"


def test_viewing_the_sign_in_page_is_not_limited(client):
    assert all(client.get("/auth/sign-in").status_code == 200 for _ in range(15))


def test_password_change_tries_are_limited(api):
    # Each try checks the current password: a stolen token must not allow guessing it without end.
    from tests.builders import make_token

    token = make_token(make_user())
    statuses = [api.put("/api/v1/me/password", {"current_password": f"guess {n}", "new_password": "x" * 12},
                        token=token).status_code for n in range(11)]
    assert statuses == [422] * 10 + [429]


def test_adding_organisation_members_is_limited(api):
    # The answer says whether an email has an account, so asking is limited like signing in.
    from tests.builders import make_organisation, make_token

    admin = make_user()
    org = make_organisation(admins=[admin])
    token = make_token(admin)
    statuses = [api.post(f"/api/v1/organisations/{org.id}/members", {"email": f"nobody{n}@example.org"},
                         token=token).status_code for n in range(11)]
    assert statuses == [422] * 10 + [429]


# --- issue 12 item 5: a rate-limit storage outage (Redis down) fails open to limits kept in memory ---

@pytest.fixture
def redis_down(app):
    """The app as production runs it, its rate-limit storage a Redis nobody answers at (a closed port)."""
    from socialchallenge import create_app
    from socialchallenge.extensions import limiter
    from tests.helpers import RequestIsolatingClient

    down = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                  "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"})
    down.test_client_class = RequestIsolatingClient
    yield down
    # The limiter is one object for every app: the next test's app starts with its own storage alive.
    limiter._storage_dead = False


def test_sign_in_sign_up_tokens_comments_and_pledges_work_while_redis_is_down(redis_down):
    from tests.builders import make_campaign, make_challenge

    client = redis_down.test_client()
    user, challenge, campaign = make_user(), make_challenge(), make_campaign()
    token = csrf_from(client.get("/auth/sign-in").get_data(as_text=True))
    assert client.post("/auth/sign-in", data={"csrf_token": token, "email": user.email,
                                              "password": "wrong-password"}).status_code == 422
    assert client.post("/api/v1/users", json={"email": "new@example.org", "password": "a long passphrase",
                                              "name": "New"}).status_code == 201
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 201
    bearer = {"Authorization": f"Bearer {response.get_json()['token']}"}
    assert client.post(f"/api/v1/challenges/{challenge.id}/comments", json={"body": "Me too."},
                       headers=bearer).status_code == 201
    assert client.post(f"/api/v1/solutions/{campaign.solution_id}/pledges", json={"amount": 10_000},
                       headers=bearer).status_code == 201
    assert client.get("/").status_code == 200 and client.get("/api/v1/challenges").status_code == 200


def test_limits_still_apply_through_the_in_memory_fallback(redis_down):
    client = redis_down.test_client()
    user = make_user()
    token = csrf_from(client.get("/auth/sign-in").get_data(as_text=True))
    statuses = [client.post("/auth/sign-in", data={"csrf_token": token, "email": user.email,
                                                   "password": "wrong-password"}).status_code for _ in range(11)]
    assert statuses == [422] * 10 + [429]


def test_the_fallback_is_logged_loudly(redis_down, caplog):
    with caplog.at_level(logging.INFO):
        redis_down.test_client().post("/api/v1/tokens", json={"email": "a@example.org", "password": "wrong"})
    loud = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name == "socialchallenge.limits"]
    assert len(loud) == 1 and "redis://127.0.0.1:1/0" in loud[0].getMessage()
    assert "in memory" in loud[0].getMessage()


# --- issue 12 item 16: behind a reverse proxy, limits key on the forwarded client when told to ---

def _sign_in_statuses(client, user, forwarded_for: str, times: int) -> list[int]:
    headers = {"X-Forwarded-For": forwarded_for}
    token = csrf_from(client.get("/auth/sign-in", headers=headers).get_data(as_text=True))
    return [client.post("/auth/sign-in", data={"csrf_token": token, "email": user.email, "password": "wrong"},
                        headers=headers).status_code for _ in range(times)]


def proxied_app(app, hops: int):
    from socialchallenge import create_app
    from tests.helpers import RequestIsolatingClient

    behind = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                    "PROXY_FIX_X_FOR": hops})
    behind.test_client_class = RequestIsolatingClient
    return behind


def test_behind_the_proxy_two_visitors_do_not_lock_each_other_out(app):
    # Every request reaches the app from the proxy's address (the test client's 127.0.0.1).
    behind = proxied_app(app, hops=1)
    user = make_user()
    attacker, visitor = behind.test_client(), behind.test_client()
    assert _sign_in_statuses(attacker, user, "203.0.113.7", 11) == [422] * 10 + [429]
    assert _sign_in_statuses(visitor, user, "198.51.100.20", 1) == [422]


def test_without_the_setting_the_forwarded_header_is_ignored(app):
    # Anyone can send X-Forwarded-For; trusting it unasked would let an attacker pick a fresh address per try.
    behind = proxied_app(app, hops=0)
    user = make_user()
    attacker = behind.test_client()
    statuses = [_sign_in_statuses(attacker, user, f"203.0.113.{n}", 1)[0] for n in range(11)]
    assert statuses == [422] * 10 + [429]
