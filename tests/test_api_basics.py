"""API basics: users, tokens, bearer auth, the error shape and paging."""

import pytest

from socialchallenge.api.helpers import ApiError, paging
from tests.builders import PASSWORD, make_user


def test_create_user_answers_201_with_id_and_name(api):
    response = api.post("/api/v1/users", {"email": "new@example.org", "password": PASSWORD, "name": "New"})
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "name"} and body["name"] == "New"


def test_create_user_lists_every_invalid_field(api):
    response = api.post("/api/v1/users", {"email": "nope", "password": "short", "name": ""})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"email", "password", "name"}


def test_unknown_fields_are_refused(api):
    response = api.post("/api/v1/users", {"email": "a@example.org", "password": PASSWORD, "name": "A", "role": "admin"})
    assert response.status_code == 422
    assert "role" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("body", ["not json", "[1, 2]", "null"])
def test_malformed_body_answers_400(client, body):
    response = client.post("/api/v1/users", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed"


def test_token_for_good_credentials(api):
    user = make_user()
    response = api.post("/api/v1/tokens", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 201
    token = response.get_json()["token"]
    me = api.get("/api/v1/me", token=token)
    assert me.status_code == 200 and me.get_json()["id"] == user.id


def test_token_for_bad_credentials_answers_401(api):
    user = make_user()
    response = api.post("/api/v1/tokens", {"email": user.email, "password": "wrong password"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_credentials"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz"])
def test_api_answers_401_without_a_valid_token(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_suspended_users_token_stops_working(api):
    from socialchallenge.extensions import db

    user = make_user()
    token = api.token_for(user)
    user.suspended = True
    db.session.commit()
    assert api.get("/api/v1/me", token=token).status_code == 401


def test_unknown_api_path_answers_404_in_the_error_shape(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_answers_405_in_the_error_shape(client):
    response = client.get("/api/v1/tokens")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", (1, 20)), ("?page=3&per_page=100", (3, 100)), ("?per_page=1", (1, 1))],
)
def test_paging_reads_page_and_per_page(app, query, expected):
    with app.test_request_context("/api/v1/x" + query):
        assert paging() == expected


@pytest.mark.parametrize("query", ["?per_page=101", "?page=0", "?page=abc", "?per_page=-1"])
def test_paging_refuses_out_of_range_values(app, query):
    with app.test_request_context("/api/v1/x" + query), pytest.raises(ApiError) as caught:
        paging()
    assert caught.value.status == 400


def test_ids_beyond_the_database_integer_range_are_not_found(client, api):
    # Larger than a 32-bit INTEGER: no such row, never a database error (PostgreSQL refuses the comparison).
    huge = 2**31
    assert api.get(f"/api/v1/challenges/{huge}").status_code == 404
    assert api.get(f"/api/v1/organisations/{huge * 1000}").status_code == 404
    assert client.get(f"/challenges/{huge}").status_code == 404
    assert client.get(f"/solutions/{huge}").status_code == 404
    assert api.get(f"/api/v1/challenges/{huge - 1}").status_code == 404  # the largest id still reaches the view
