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
