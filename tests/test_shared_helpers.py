"""The shared helpers seen from outside: one pager on every list page (absurd page numbers clamped) and one
answer for a suspended member, whichever door they knock on."""

import pytest

from tests.builders import PASSWORD, make_challenge, make_user
from tests.helpers import submit

EN = {"Accept-Language": "en"}
ABSURD = "99999999999999999999"


@pytest.mark.parametrize("path", ["/challenges", "/search", "/learnings", "/resources"])
def test_an_absurd_page_number_is_clamped_not_a_server_error(client, path):
    make_challenge(title="Flooded underpass")
    response = client.get(f"{path}?page={ABSURD}", headers=EN)
    assert response.status_code == 200
    assert "Something went wrong" not in response.get_data(as_text=True)


def test_absurd_page_numbers_are_clamped_on_member_and_console_pages(client, auth):
    auth.login(make_user(role="secretariat"))
    for path in ["/notifications", "/secretariat/audit", "/secretariat/curation", "/secretariat/members"]:
        assert client.get(f"{path}?page={ABSURD}", headers=EN).status_code == 200, path


def test_every_list_page_uses_the_one_pager(client):
    for n in range(25):
        make_challenge(title=f"Challenge number {n:02d}")
    page = client.get("/challenges?sort=newest", headers=EN).get_data(as_text=True)
    assert "Page 1 of 2" in page and 'rel="next"' in page and "sort=newest" in page


def test_a_suspended_member_is_told_so_the_same_way_on_the_web_and_in_the_api(client, api):
    user = make_user(suspended=True)
    web = submit(client, "/auth/sign-in", {"email": user.email, "password": PASSWORD}, headers=EN)
    assert web.status_code == 422
    assert "This account is suspended. Contact the secretariat." in web.get_data(as_text=True)
    answer = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD}, headers=EN)
    assert answer.status_code == 403
    assert answer.get_json()["error"] == {"code": "account_suspended",
                                          "message": "This account is suspended. Contact the secretariat."}


def test_a_wrong_password_does_not_reveal_a_suspension(client):
    user = make_user(suspended=True)
    answer = client.post("/api/v1/tokens", json={"email": user.email, "password": "wrong password!"}, headers=EN)
    assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "invalid_credentials"


def test_one_password_rule_at_sign_up_in_settings_and_on_reset(app):
    from socialchallenge.accounts import service
    from socialchallenge.community import settings
    from socialchallenge.errors import ValidationFailed
    from socialchallenge.extensions import db

    user, too_long = make_user(), "x" * 257
    with app.test_request_context(headers=EN):
        assert service.check_signup(db.session, "new@example.org", too_long, "New")["password"] == \
            "Use at most 256 characters."
        with pytest.raises(ValidationFailed) as error:
            settings.change_password(db.session, user, PASSWORD, too_long)
        assert error.value.fields == {"new_password": "Use at most 256 characters."}
        _user, token = service.start_password_reset(db.session, user.email)
        with pytest.raises(ValidationFailed) as error:
            service.finish_password_reset(db.session, token, too_long)
        assert error.value.fields == {"password": "Use at most 256 characters."}
        with pytest.raises(ValidationFailed) as error:
            service.finish_password_reset(db.session, token, "short")
        assert error.value.fields == {"password": "Use at least 10 characters."}


def test_the_comment_threads_use_the_one_pager_and_clamp_absurd_pages(client):
    from socialchallenge.extensions import db
    from socialchallenge.models.community import Comment

    challenge, author = make_challenge(), make_user()
    db.session.add_all([Comment(challenge_id=challenge.id, author_id=author.id, body=f"Comment {n}",
                                body_html=f"<p>Comment {n}</p>") for n in range(25)])
    db.session.commit()
    page = client.get(f"/challenges/{challenge.id}?comments_page={ABSURD}", headers=EN).get_data(as_text=True)
    assert "Page 2 of 2" in page and "Earlier comments" in page and "comments_page=1#comments" in page
