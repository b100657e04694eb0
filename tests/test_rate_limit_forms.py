"""A form refused by a rate limit (429) comes back with what was typed (never the password) and says when to try
again; nothing is acted on. Done once for every web form, in the 429 handler (limits.form_again)."""

from __future__ import annotations

import re

import pytest

from socialchallenge.extensions import db
from socialchallenge.models import Comment, User
from tests.builders import PASSWORD, make_challenge, make_user
from tests.helpers import csrf_from

EN = {"Accept-Language": "en"}
SECRET = "my-secret-password-42"


def value_of(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no {name} field"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else None


def test_a_refused_sign_up_keeps_name_and_email_but_not_the_password(app, client):
    app.config["RATELIMIT_SIGN_UP"] = "2 per minute"
    token = csrf_from(client.get("/auth/sign-up").get_data(as_text=True))
    for _ in range(2):
        client.post("/auth/sign-up", data={"csrf_token": token, "name": "", "email": "x", "password": "y"})
    response = client.post("/auth/sign-up", headers=EN, data={
        "csrf_token": token, "name": "김하늘 Haneul", "email": "haneul@example.org", "password": SECRET})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert value_of(html, "name") == "김하늘 Haneul"
    assert value_of(html, "email") == "haneul@example.org"
    assert SECRET not in html and not value_of(html, "password")
    assert "Too many attempts. Please wait" in html
    assert re.search(r"wait (\d+ seconds?|1 minute) and try again", html), html[html.find("Too many"):][:200]
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert db.session.scalar(db.select(User).where(User.email == "haneul@example.org")) is None


def test_a_refused_sign_in_keeps_the_email_in_korean_too(app, client):
    app.config["RATELIMIT_SIGN_IN"] = "1 per minute"
    user = make_user()
    token = csrf_from(client.get("/auth/sign-in").get_data(as_text=True))
    client.post("/auth/sign-in", data={"csrf_token": token, "email": user.email, "password": "wrong-password"})
    response = client.post("/auth/sign-in", headers={"Accept-Language": "ko"},
                           data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert value_of(html, "email") == user.email
    assert PASSWORD not in html
    assert re.search(r"\d+(초|분) 뒤에 다시 시도하세요", html) and "입력한 내용은 그대로" in html
    assert "Signed in as" not in html and "로그아웃" not in html  # the right password did not sign in


def test_a_refused_comment_keeps_its_text_and_is_not_posted(app, client, auth):
    app.config["RATELIMIT_COMMENTS"] = "1 per minute"
    challenge = make_challenge()
    auth.login(make_user())
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    path = f"/challenges/{challenge.id}/comments"
    assert client.post(path, data={"csrf_token": csrf_from(page), "body": "First!"}).status_code == 302
    response = client.post(path, headers=EN, data={"csrf_token": csrf_from(page),
                                                   "body": "A second thought about the shade"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "A second thought about the shade" in html and "<textarea" in html
    assert "Too many attempts" in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 1


@pytest.mark.parametrize("path", ["/api/v1/tokens"])
def test_the_api_still_answers_429_in_its_error_shape(app, client, path):
    app.config["RATELIMIT_TOKENS"] = "1 per minute"
    for _ in range(2):
        response = client.post(path, json={"email": "a@example.org", "password": "wrong"})
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
