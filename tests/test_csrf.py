"""CSRF: every form refuses a post without the token (tests run with CSRF on)."""

import pytest

from tests.builders import PASSWORD, make_user
from tests.helpers import csrf_from


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/auth/sign-up", {"name": "A", "email": "a@example.org", "password": PASSWORD}),
        ("/auth/sign-in", {"email": "a@example.org", "password": PASSWORD}),
        ("/auth/forgot-password", {"email": "a@example.org"}),
    ],
)
def test_form_post_without_csrf_token_is_refused(client, path, data):
    response = client.post(path, data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)


def test_sign_out_without_csrf_token_keeps_you_signed_in(client, auth):
    user = make_user(name="Grace Hopper")
    auth.login(user)
    assert client.post("/auth/sign-out").status_code == 400
    assert "Grace Hopper" in client.get("/").get_data(as_text=True)


def test_a_token_from_another_session_is_refused(app, client):
    other = app.test_client()
    token = csrf_from(other.get("/auth/sign-in").get_data(as_text=True))
    client.get("/auth/sign-in")
    response = client.post("/auth/sign-in", data={"csrf_token": token, "email": "a@example.org", "password": "x" * 10})
    assert response.status_code == 400
