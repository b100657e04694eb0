"""Rate limits on sign-in, sign-up and token creation answer 429."""

from tests.builders import make_user
from tests.conftest import csrf_from


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
