"""Poison input (issue 12, items 1, 9, 10 and 17 on the input side): what no field can hold is refused at the door
with a clear answer naming the field, never stored and never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from socialchallenge.extensions import db
from socialchallenge.models import Challenge, Organisation, User
from socialchallenge.pipeline.stages import CHALLENGE_FIELDS, SOLUTION_FIELDS
from tests.builders import PASSWORD, api_value, make_challenge, make_organisation, make_token, make_user
from tests.helpers import submit

EN = {"Accept-Language": "en"}
LINE_BREAKS = ["Poison idea\nBcc: victim@example.org", "Poison\r idea", "Poison\u2028idea", "Poison\u2029idea",
               "Poison\x85idea", "Poison\x0bidea", "Poison\x1cidea", "Poison\tidea"]
XML_FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe"]
INVISIBLE_ONLY = ["\u200b" * 6, "\u3164" * 6, "\u115f\u1160\u115f\u1160\u115f", "\u200c\u200d\u2060\ufeff\u200b"]


def call(client, method: str, path: str, body: dict, token: str | None = None):
    """A JSON API call in English, with a bearer token."""
    headers = EN | ({"Authorization": f"Bearer {token}"} if token else {})
    return client.open(path, method=method, json=body, headers=headers)


def challenge_body(**overrides):
    return {name: api_value(spec) for name, spec in CHALLENGE_FIELDS.items()} | overrides


def idea_body(**overrides):
    return {"title": "Shade sails for the stop", "summary": "Sails on poles give shade."} | overrides


# --- item 1: titles and names are one line of text ---

@pytest.mark.parametrize("title", LINE_BREAKS)
def test_a_challenge_title_with_a_line_break_is_refused_naming_the_field(client, title):
    response = call(client, "POST", "/api/v1/challenges", challenge_body(title=title), make_token(make_user()))
    assert response.status_code == 422
    assert "control characters" in response.get_json()["error"]["fields"]["title"]
    assert db.session.scalar(select(func.count()).select_from(Challenge)) == 0


def test_a_solution_title_with_a_line_break_is_refused_in_the_api_and_on_the_form(client, auth):
    challenge, user = make_challenge(), make_user()
    response = call(client, "POST", f"/api/v1/challenges/{challenge.id}/solutions",
                    idea_body(title="Poison idea\nBcc: victim@example.org"), make_token(user))
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["title"]
    auth.login(user)
    page = submit(client, f"/challenges/{challenge.id}/solutions/new",
                  idea_body(title="Poison idea\u2028Bcc: victim@example.org"), headers=EN)
    assert page.status_code == 422
    assert "Use one line of text without control characters" in page.get_data(as_text=True)


@pytest.mark.parametrize("name", ["Mallory\u2028Bcc: victim@example.org", "Mallory\nBcc: x@example.org"])
def test_a_display_name_with_a_line_break_is_refused_at_sign_up_and_in_settings(client, name):
    response = call(client, "POST", "/api/v1/users", {"email": "m@example.org", "password": PASSWORD, "name": name})
    assert response.status_code == 422 and list(response.get_json()["error"]["fields"]) == ["name"]
    page = submit(client, "/auth/sign-up", {"name": name, "email": "m@example.org", "password": PASSWORD},
                  headers=EN)
    assert page.status_code == 422
    assert "Use one line of text without control characters" in page.get_data(as_text=True)
    user = make_user(name="Mallory")
    response = call(client, "PATCH", "/api/v1/me", {"name": name}, make_token(user))
    assert response.status_code == 422 and list(response.get_json()["error"]["fields"]) == ["name"]
    assert db.session.get(User, user.id).name == "Mallory"


# --- item 10: what XML 1.0 forbids never gets in ---

@pytest.mark.parametrize("bad", XML_FORBIDDEN)
def test_text_fields_refuse_the_characters_xml_forbids(client, bad):
    token = make_token(make_user())
    response = call(client, "POST", "/api/v1/challenges", challenge_body(problem=f"The stop {bad} has no roof."), token)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["problem"]


# --- item 9: never a 500 ---

@pytest.mark.parametrize("path", ["/challenges?q=a%00b", "/search?q=%00", "/learnings?area=x%00",
                                  "/challenges?page=1%00", "/organisations/?x%00=1"])
def test_a_nul_in_a_query_string_is_a_clear_400_on_the_site(client, path):
    response = client.get(path, headers=EN)
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/challenges?q=a%00b", "/api/v1/search?q=%00", "/api/v1/challenges?tag=%00"])
def test_a_nul_in_a_query_string_is_a_400_in_the_api_error_shape(client, path):
    response = client.get(path, headers=EN)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "malformed" and "NUL character" in error["message"] and error["fields"]


def test_a_nul_in_a_form_field_is_a_clear_400_and_nothing_is_saved(client, auth):
    auth.login(make_user())
    form = {"title": "No shade at the bus stop", "problem": "The stop has no roof.\x00", "affected": "Everyone",
            "area": "Mangwon-dong", "tags": "mobility", "sdgs": ["11"]}
    response = submit(client, "/challenges/new", form, headers=EN)
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Challenge)) == 0
    response = client.post("/auth/sign-in", data={"email": "a\x00@example.org", "password": "x"}, headers=EN)
    assert response.status_code == 400


def test_json_nested_5000_deep_is_a_400_in_the_api_error_shape(client):
    token = make_token(make_user())
    for body in ("[" * 5000 + "]" * 5000, '{"title": ' + "[" * 100 + "]" * 100 + "}"):
        response = client.post("/api/v1/challenges", data=body, content_type="application/json",
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert error["code"] == "malformed" and "nested" in error["message"]


@pytest.mark.parametrize("body", ['{"title": "\\ud800 Shade at the stop"}', '{"\\udfff": 1}',
                                  '{"tags": ["ok", "\\udbff"]}'])
def test_a_lone_surrogate_in_json_is_a_400_in_the_api_error_shape(client, body):
    token = make_token(make_user())
    response = client.post("/api/v1/challenges", data=body, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed"
    assert "surrogate" in response.get_json()["error"]["message"]


def test_a_huge_page_number_in_the_api_is_a_clear_400(client):
    response = client.get("/api/v1/challenges?page=99999999999999999999")
    assert response.status_code == 400 and response.get_json()["error"]["fields"]["page"]


# --- item 17: invisible text fills nothing; look-alike organisations are duplicates ---

@pytest.mark.parametrize("invisible", INVISIBLE_ONLY)
def test_invisible_text_does_not_fill_a_required_field(client, invisible):
    token = make_token(make_user())
    response = call(client, "POST", "/api/v1/challenges", challenge_body(title=invisible, problem=invisible), token)
    assert response.status_code == 422
    assert {"title", "problem"} <= set(response.get_json()["error"]["fields"])


def test_invisible_text_does_not_fill_a_required_field_on_the_form(client, auth):
    auth.login(make_user())
    page = submit(client, "/auth/sign-up", {"name": "\u3164\u200b", "email": "h@example.org", "password": PASSWORD},
                  headers=EN)
    assert page.status_code == 422 and "Enter your name." in page.get_data(as_text=True)


def test_an_invisible_stage_field_does_not_count_as_filled(app):
    from socialchallenge.models import Stage
    from socialchallenge.pipeline.stages import missing_for
    from tests.builders import make_solution

    solution = make_solution(stage=Stage.idea)
    solution.summary = "\u200b\u3164"
    assert "summary" in missing_for(solution, Stage.idea)
    assert SOLUTION_FIELDS["summary"].required


@pytest.mark.parametrize("look_alike", ["Ｍａｎｇｗｏｎ Ｙｏｕｔｈ", "mangwon youth\u200b", "\u3164Mangwon  Youth",
                                        "MANGWON\u2060 YOUTH"])
def test_a_look_alike_organisation_name_is_refused_as_a_duplicate(client, look_alike):
    make_organisation(name="Mangwon Youth")
    response = call(client, "POST", "/api/v1/organisations", {"name": look_alike, "kind": "community_group"},
                    make_token(make_user()))
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["name"] == "An organisation with this name already exists."
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_lifting_a_suspension_does_not_revive_api_tokens_issued_before_it(client, app):
    from socialchallenge.secretariat import moderation

    staff, member = make_user(role="secretariat"), make_user()
    token = make_token(member)
    assert call(client, "GET", "/api/v1/me", None, token).status_code == 200
    for suspended, reason in ((True, "Spam"), (False, "Apologised")):
        moderation.set_suspended(db.session, staff, db.session.get(User, member.id), suspended, reason)
        db.session.commit()
    response = call(client, "GET", "/api/v1/me", None, token)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"
    fresh = client.post("/api/v1/tokens", json={"email": member.email, "password": PASSWORD}).get_json()["token"]
    assert call(client, "GET", "/api/v1/me", None, fresh).status_code == 200
