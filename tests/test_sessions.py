"""Sessions end on the server: a session cookie copied before sign-out, a password change or a suspension stops
working, whichever browser replays it (issue 12 item 4)."""

from socialchallenge.extensions import db
from socialchallenge.models import User
from socialchallenge.secretariat import moderation
from tests.builders import PASSWORD, make_user
from tests.helpers import AuthActions, submit

EN = {"Accept-Language": "en"}


def _replay(app, cookie: str):
    """A second browser that sends only the copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def _signed_out(client) -> bool:
    response = client.get("/settings")
    return response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


def test_a_session_cookie_copied_before_sign_out_is_signed_out_afterwards(app, client, auth):
    user = make_user()
    auth.login(user)
    copied = client.get_cookie("session").value
    assert not _signed_out(_replay(app, copied))  # the copy works while the session lasts
    response = submit(client, "/auth/sign-out", page="/", headers=EN)
    assert response.status_code == 302
    assert _signed_out(_replay(app, copied))
    assert "You are signed out on every device." in client.get("/").get_data(as_text=True)
    assert _signed_out(client)
    auth.login(user)  # signing in again works, with a new session
    assert not _signed_out(client)


def test_signing_out_in_one_browser_signs_out_every_browser(app, client, auth):
    user = make_user()
    other = app.test_client()
    AuthActions(other).login(user)
    auth.login(user)
    auth.sign_out()
    assert _signed_out(other)


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, client, auth):
    user = make_user()
    other = app.test_client()
    AuthActions(other).login(user)
    copied = other.get_cookie("session").value
    auth.login(user)
    response = submit(client, "/settings/password", {"current_password": PASSWORD, "new_password": "a brand new one"},
                      page="/settings")
    assert response.status_code == 302
    assert _signed_out(_replay(app, copied)) and _signed_out(other)
    assert not _signed_out(client)


def test_a_suspension_ends_a_copied_session_and_lifting_it_does_not_revive_it(app, client, auth):
    staff, member = make_user(role="secretariat"), make_user()
    auth.login(member)
    copied = client.get_cookie("session").value
    with app.test_request_context():
        moderation.set_suspended(db.session, staff, db.session.get(User, member.id), True, "Spam")
        db.session.commit()
        moderation.set_suspended(db.session, staff, db.session.get(User, member.id), False, "Sorry")
        db.session.commit()
    assert _signed_out(_replay(app, copied)) and _signed_out(client)


def test_settings_offer_signing_out_everywhere(app, client, auth):
    user = make_user()
    other = app.test_client()
    AuthActions(other).login(user)
    auth.login(user)
    page = client.get("/settings", headers=EN).get_data(as_text=True)
    assert "Sign out everywhere" in page
    assert submit(client, "/auth/sign-out", page="/settings").status_code == 302
    assert _signed_out(other) and _signed_out(client)
