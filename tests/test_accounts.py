"""Accounts: sign up, sign in, sign out, sessions and safe redirects."""

import html
import re
import urllib.parse

import pytest
from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import User
from tests.builders import PASSWORD, make_user
from tests.helpers import submit


def test_sign_up_creates_an_account_and_signs_in(client):
    response = submit(client, "/auth/sign-up", {"name": "김하늘", "email": "Haneul@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "김하늘" in page
    user = db.session.scalar(select(User).where(User.email == "haneul@example.org"))
    assert user is not None and user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "email": "a@example.org", "password": PASSWORD}, "name", "Enter your name."),
        ({"name": "A", "email": "not-an-email", "password": PASSWORD}, "email", "Enter a valid email address."),
        ({"name": "A", "email": "a@example.org", "password": "short"}, "password", "Use at least 10 characters."),
        ({"name": "x" * 81, "email": "a@example.org", "password": PASSWORD}, "name", "Field cannot be longer than 80"),
    ],
)
def test_sign_up_validation_errors_are_shown_on_the_form(client, data, field, message):
    response = submit(client, "/auth/sign-up", data, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(User)) is None


def test_sign_up_with_an_email_already_used_is_refused(client):
    make_user(email="taken@example.org")
    response = submit(client, "/auth/sign-up", {"name": "B", "email": "TAKEN@example.org", "password": PASSWORD},
                      headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "An account with this email already exists." in response.get_data(as_text=True)


def test_sign_up_errors_in_korean(client):
    response = submit(client, "/auth/sign-up", {"name": "", "email": "x", "password": "1"},
                      headers={"Accept-Language": "ko"})
    html = response.get_data(as_text=True)
    assert "이름을 입력하세요." in html


def test_sign_in_with_a_wrong_password_says_so(client):
    user = make_user()
    response = submit(client, "/auth/sign-in", {"email": user.email, "password": "wrong password!"},
                      headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "Email or password is wrong." in response.get_data(as_text=True)


def test_sign_in_shows_the_name_and_sign_out_ends_the_session(client, auth):
    user = make_user(name="Ada Lovelace")
    auth.login(user)
    assert "Ada Lovelace" in client.get("/").get_data(as_text=True)
    assert auth.sign_out().status_code == 302
    assert "Ada Lovelace" not in client.get("/").get_data(as_text=True)


def test_session_is_renewed_at_sign_in(client, auth):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login(user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")


def test_suspended_member_cannot_sign_in(client):
    user = make_user(suspended=True)
    response = submit(client, "/auth/sign-in", {"email": user.email, "password": PASSWORD},
                      headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "suspended" in response.get_data(as_text=True)


def test_sign_in_follows_a_local_next(client):
    user = make_user()
    response = submit(client, "/auth/sign-in?next=/somewhere/here?x=1", {"email": user.email, "password": PASSWORD},
                      page="/auth/sign-in")
    assert response.status_code == 302
    assert response.headers["Location"] == "/somewhere/here?x=1"


def test_the_headers_sign_in_link_comes_back_to_the_search_with_its_words(client):
    """A visitor reading search results follows the header's "Sign in" and, once signed in, is on the same results
    (it came back to /search without the query before)."""
    user = make_user()
    results = client.get("/search?q=%EC%A0%95%EB%A5%98%EC%9E%A5&stage=idea").get_data(as_text=True)
    link = html.unescape(re.search(r'<a href="(/auth/sign-in[^"]*)"', results).group(1))
    response = submit(client, link, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert urllib.parse.unquote(response.headers["Location"]) == "/search?q=정류장&stage=idea"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example", "//evil.example", "/\\evil.example", "https:/evil.example", "javascript:alert(1)",
     "\t//evil.example", "http://localhost.evil.example/"],
)
def test_sign_in_refuses_a_next_to_another_site(client, target):
    user = make_user()
    response = client.get("/auth/sign-in")
    response = submit(client, "/auth/sign-in?" + _query(next=target), {"email": user.email, "password": PASSWORD},
                      page="/auth/sign-in")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def _query(**params):
    from urllib.parse import urlencode

    return urlencode(params)


def test_sign_up_refuses_a_next_to_another_site(client):
    response = submit(client, "/auth/sign-up?next=//evil.example",
                      {"name": "C", "email": "c@example.org", "password": PASSWORD}, page="/auth/sign-up")
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("path", ["/auth/sign-out"])
def test_pages_that_need_sign_in_redirect_to_it(client, path):
    response = submit(client, path, page="/auth/sign-in")
    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]
