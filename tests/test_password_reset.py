"""Password reset by an emailed link: expiring, single use, ending old sessions."""

import re
from datetime import timedelta

from sqlalchemy import select

from socialchallenge.extensions import db
from socialchallenge.models import OutboxMail, PasswordReset
from socialchallenge.security import verify_password
from tests.builders import make_user
from tests.helpers import submit

NEW_PASSWORD = "a brand new passphrase"


def request_link(client, email: str) -> str:
    """Ask for a reset and return the path of the link in the queued mail."""
    response = submit(client, "/auth/forgot-password", {"email": email})
    assert response.status_code == 302
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == email))
    assert mail is not None, "no reset mail queued"
    return re.search(r"https?://[^/\s]+(/auth/reset-password/\S+)", mail.body).group(1)


def test_reset_link_sets_a_new_password(client, auth):
    user = make_user()
    link = request_link(client, user.email)
    response = submit(client, link, {"password": NEW_PASSWORD})
    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert auth.sign_in(user.email, NEW_PASSWORD).status_code == 302


def test_reset_link_works_only_once(client):
    user = make_user()
    link = request_link(client, user.email)
    assert submit(client, link, {"password": NEW_PASSWORD}).status_code == 302
    second = client.get(link, headers={"Accept-Language": "en"})
    assert second.status_code == 410
    assert "expired or was already used" in second.get_data(as_text=True)


def test_reset_link_expires(client):
    user = make_user()
    link = request_link(client, user.email)
    reset = db.session.scalar(select(PasswordReset))
    reset.expires_at = reset.created_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get(link).status_code == 410
    csrf_page = client.get("/auth/forgot-password").get_data(as_text=True)
    from tests.helpers import csrf_from

    response = client.post(link, data={"csrf_token": csrf_from(csrf_page), "password": NEW_PASSWORD})
    assert response.status_code == 410
    db.session.refresh(user)
    assert not verify_password(user.password_hash, NEW_PASSWORD)


def test_reset_ends_other_sessions(app, client, auth):
    user = make_user(name="Signed In Elsewhere")
    other = app.test_client()
    from tests.helpers import AuthActions

    AuthActions(other).login(user)
    assert "Signed In Elsewhere" in other.get("/").get_data(as_text=True)
    link = request_link(client, user.email)
    submit(client, link, {"password": NEW_PASSWORD})
    assert "Signed In Elsewhere" not in other.get("/").get_data(as_text=True)


def test_unknown_email_gets_the_same_answer_and_no_mail(client):
    response = submit(client, "/auth/forgot-password", {"email": "nobody@example.org"},
                      headers={"Accept-Language": "en"}, follow_redirects=True)
    assert "If an account uses that address" in response.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMail)) is None


def test_too_short_new_password_is_refused(client):
    user = make_user()
    link = request_link(client, user.email)
    response = submit(client, link, {"password": "short"}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    assert client.get(link).status_code == 200  # the link still works after a rejected attempt


def test_reset_ends_every_api_token(client, api):
    from tests.builders import make_token

    user = make_user()
    token = make_token(user)
    assert api.get("/api/v1/me", token=token).status_code == 200
    link = request_link(client, user.email)
    assert submit(client, link, {"password": NEW_PASSWORD}).status_code == 302
    assert api.get("/api/v1/me", token=token).status_code == 401
